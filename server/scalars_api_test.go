package server_test

import (
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/server/apitest"
)

// TestBadScalarValuesAreBadUserInput: a DateTime or JSON value of the wrong
// shape is the client's mistake: BAD_USER_INPUT with a message naming the
// expected form, nothing written, nothing logged as an internal error.
func TestBadScalarValuesAreBadUserInput(t *testing.T) {
	api := apitest.New(t, nil)
	api.MustDo(t, `mutation { upsertAccount(input: {id: "acme", name: "Acme"}) { created } }`, nil, nil)
	const mutation = `mutation($in: RecordTouchpointInput!) { recordTouchpoint(input: $in) { created } }`
	base := func(k string, v any) map[string]any {
		in := map[string]any{"source": "crm", "externalId": "x1", "type": "demo", "occurredAt": "2026-01-01T00:00:00Z", "accountId": "acme"}
		in[k] = v
		return map[string]any{"in": in}
	}
	for _, tt := range []struct {
		name    string
		query   string
		vars    map[string]any
		message string
		field   string
	}{
		{"DateTime not a date", mutation, base("occurredAt", "nope"), `"nope" is not an RFC 3339 date-time such as 2026-03-01T14:30:00Z`, "input.occurredAt"},
		{"DateTime without an offset", mutation, base("occurredAt", "2026-01-01 10:00:00"), `"2026-01-01 10:00:00" is not an RFC 3339 date-time such as 2026-03-01T14:30:00Z`, "input.occurredAt"},
		{"DateTime empty", mutation, base("occurredAt", ""), `"" is not an RFC 3339 date-time such as 2026-03-01T14:30:00Z`, "input.occurredAt"},
		{"DateTime as a number", mutation, base("occurredAt", 1767225600), `a DateTime must be a string such as 2026-03-01T14:30:00Z, got a number`, "input.occurredAt"},
		{"DateTime inline", `mutation { recordTouchpoint(input: {source: "crm", externalId: "x1", type: "demo", occurredAt: "tomorrow", accountId: "acme"}) { created } }`, nil,
			`"tomorrow" is not an RFC 3339 date-time such as 2026-03-01T14:30:00Z`, "input.occurredAt"},
		{"JSON string", mutation, base("attributes", "x"), `a JSON value here must be an object, got a string`, "input.attributes"},
		{"JSON list", mutation, base("attributes", []any{1, 2}), `a JSON value here must be an object, got a list`, "input.attributes"},
		{"in a batch", `mutation($in: [RecordTouchpointInput!]!) { recordTouchpoints(inputs: $in) { createdCount } }`,
			map[string]any{"in": []any{base("occurredAt", "2026-01-01T00:00:00Z")["in"], base("occurredAt", "2026-13-01T00:00:00Z")["in"]}},
			`"2026-13-01T00:00:00Z" is not an RFC 3339 date-time such as 2026-03-01T14:30:00Z`, "inputs[1].occurredAt"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := api.Do(t, tt.query, tt.vars)
			if len(res.Errors) != 1 || res.Errors[0].Code() != "BAD_USER_INPUT" || res.Errors[0].Message != tt.message ||
				res.Errors[0].Extensions["field"] != tt.field {
				t.Fatalf("errors = %+v, want one BAD_USER_INPUT %q on %s", res.Errors, tt.message, tt.field)
			}
		})
	}
	if n := api.Count(`MATCH (t:Touchpoint) RETURN count(t) AS n`, nil); n != 0 {
		t.Errorf("%d touchpoints written from bad input", n)
	}
	if logs := api.Logs.String(); strings.Contains(logs, "internal error") {
		t.Errorf("bad input logged as an internal error:\n%s", logs)
	}
}
