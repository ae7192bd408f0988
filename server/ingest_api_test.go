package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/server/apitest"
)

// ingestAPI is an API with the catalog loaded, an account acme (acme.com) and
// its contact ada.
func ingestAPI(t *testing.T) *apitest.API {
	t.Helper()
	api := apitest.New(t, nil)
	if err := api.Store.LoadCatalog(context.Background(), seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	api.MustDo(t, `mutation { upsertAccount(input: {id: "acme", name: "Acme", domain: "acme.com"}) { created } }`, nil, nil)
	api.MustDo(t, `mutation { upsertContact(input: {id: "ada", email: "Ada@Acme.com", role: CHAMPION}) { created } }`, nil, nil)
	return api
}

const recordOne = `mutation($in: RecordTouchpointInput!) {
  recordTouchpoint(input: $in) { created touchpoint { id source externalId category occurredAt value sentiment attributes } }
}`

func TestUpsertContactAttachesByDomainThroughTheAPI(t *testing.T) {
	api := ingestAPI(t)
	var out struct {
		UpsertContact struct {
			Created bool
			Contact struct{ Email, Role string }
		}
	}
	api.MustDo(t, `mutation { upsertContact(input: {id: "ada", email: "ada@acme.com"}) { created contact { email role } } }`, nil, &out)
	// The replay is not a creation; email is lower-cased; role kept from the first upsert.
	if out.UpsertContact.Created || out.UpsertContact.Contact.Email != "ada@acme.com" || out.UpsertContact.Contact.Role != "CHAMPION" {
		t.Errorf("contact = %+v", out.UpsertContact)
	}
	if n := api.Count(`MATCH (:Contact {id: 'ada'})-[:WORKS_AT]->(:Account {id: 'acme'}) RETURN count(*) AS n`, nil); n != 1 {
		t.Errorf("ada is not attached to acme by her email domain")
	}
}

func TestRecordTouchpointByEmailOnly(t *testing.T) {
	api := ingestAPI(t)
	in := map[string]any{"source": "HubSpot", "externalId": "evt-1", "type": "webinar_attendance",
		"occurredAt": "2026-05-04T10:00:00+02:00", "contactEmail": "ADA@acme.com", "sentiment": 0.5,
		"attributes": map[string]any{"webinar": "Q2 launch", "minutes": 42}}
	var out struct {
		RecordTouchpoint struct {
			Created    bool
			Touchpoint struct {
				ID, Source, ExternalID, Category, OccurredAt string
				Sentiment                                    float64
				Attributes                                   map[string]any
			}
		}
	}
	api.MustDo(t, recordOne, map[string]any{"in": in}, &out)
	tp := out.RecordTouchpoint.Touchpoint
	// Source keys are lower-cased; times come back in UTC.
	if !out.RecordTouchpoint.Created || tp.ID != "hubspot:evt-1" || tp.Category != "MARKETING" ||
		tp.OccurredAt != "2026-05-04T08:00:00Z" || tp.Sentiment != 0.5 || tp.Attributes["webinar"] != "Q2 launch" {
		t.Errorf("recorded = %+v", out.RecordTouchpoint)
	}
	rows := api.Query(`MATCH (t:Touchpoint {id: 'hubspot:evt-1'})-[:BY_CONTACT]->(c), (t)-[:FOR_ACCOUNT]->(a) RETURN c.id AS c, a.id AS a`, nil)
	if len(rows) != 1 || rows[0]["c"] != "ada" || rows[0]["a"] != "acme" {
		t.Errorf("email-only touchpoint resolved to %v, want ada at acme", rows)
	}
}

func TestRecordTouchpointErrorsCarryFieldAndReason(t *testing.T) {
	api := ingestAPI(t)
	future := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	base := func(over map[string]any) map[string]any {
		in := map[string]any{"source": "crm", "externalId": "x1", "type": "demo", "occurredAt": "2026-01-01T00:00:00Z", "accountId": "acme"}
		for k, v := range over {
			in[k] = v
		}
		return in
	}
	for _, tt := range []struct {
		name          string
		in            map[string]any
		reason, field string
	}{
		{"unknown type", base(map[string]any{"type": "carrier_pigeon"}), "UNKNOWN_TOUCHPOINT_TYPE", "input.type"},
		{"unknown account", base(map[string]any{"accountId": "initech"}), "UNKNOWN_ACCOUNT", "input.accountId"},
		{"future timestamp", base(map[string]any{"occurredAt": future}), "FUTURE_TIMESTAMP", "input.occurredAt"},
		{"malformed email", base(map[string]any{"contactEmail": "ada-at-acme"}), "", "input.contactEmail"},
		{"email longer than SMTP allows", base(map[string]any{"contactEmail": strings.Repeat("a", 9000) + "@acme.com"}), "", "input.contactEmail"},
		{"type key too long", base(map[string]any{"type": strings.Repeat("t", 5000)}), "", "input.type"},
		{"bad source", base(map[string]any{"source": "Sales Force!"}), "", "input.source"},
		{"sentiment out of range", base(map[string]any{"sentiment": 3}), "", "input.sentiment"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := api.Do(t, recordOne, map[string]any{"in": tt.in})
			if len(res.Errors) != 1 {
				t.Fatalf("errors = %+v", res.Errors)
			}
			e := res.Errors[0]
			reason, _ := e.Extensions["reason"].(string)
			if e.Code() != "BAD_USER_INPUT" || e.Extensions["field"] != tt.field || reason != tt.reason {
				t.Errorf("got %s/%v/%q (%s), want BAD_USER_INPUT/%s/%q", e.Code(), e.Extensions["field"], reason, e.Message, tt.field, tt.reason)
			}
		})
	}
	if n := api.Count(`MATCH (t:Touchpoint) RETURN count(t) AS n`, nil); n != 0 {
		t.Errorf("rejected inputs wrote %d touchpoints", n)
	}
}

const recordMany = `mutation($in: [RecordTouchpointInput!]!) {
  recordTouchpoints(inputs: $in) { createdCount existingCount touchpoints { id } }
}`

func TestRecordTouchpointsBatch(t *testing.T) {
	api := ingestAPI(t)
	item := func(i int, typ string) map[string]any {
		return map[string]any{"source": "crm", "externalId": fmt.Sprintf("b%d", i), "type": typ,
			"occurredAt": time.Date(2026, 1, 1, 0, i, 0, 0, time.UTC).Format(time.RFC3339), "accountId": "acme"}
	}

	t.Run("every bad item is its own error; nothing is written", func(t *testing.T) {
		res := api.Do(t, recordMany, map[string]any{"in": []any{item(0, "demo"), item(1, "nope"), item(2, "demo"), item(3, "nada")}})
		var fields []string
		for _, e := range res.Errors {
			fields = append(fields, fmt.Sprint(e.Extensions["field"], "/", e.Extensions["reason"]))
		}
		if got := strings.Join(fields, " "); got != "inputs[1].type/UNKNOWN_TOUCHPOINT_TYPE inputs[3].type/UNKNOWN_TOUCHPOINT_TYPE" {
			t.Errorf("errors = %s", got)
		}
		if n := api.Count(`MATCH (t:Touchpoint) RETURN count(t) AS n`, nil); n != 0 {
			t.Errorf("wrote %d touchpoints", n)
		}
	})
	// Items refused before the graph is asked (a future timestamp) do not hide
	// the others' unknown types and accounts, nor a conflicting duplicate.
	errorsOf := func(res apitest.Result) string {
		var fields []string
		for _, e := range res.Errors {
			fields = append(fields, fmt.Sprint(e.Extensions["field"], "/", e.Extensions["reason"]))
		}
		return strings.Join(fields, " ")
	}
	t.Run("every bad item is reported whatever the mix", func(t *testing.T) {
		future := item(1, "demo")
		future["occurredAt"] = "2099-01-01T00:00:00Z"
		res := api.Do(t, recordMany, map[string]any{"in": []any{item(0, "nope"), future}})
		if got, want := errorsOf(res), "inputs[0].type/UNKNOWN_TOUCHPOINT_TYPE inputs[1].occurredAt/FUTURE_TIMESTAMP"; got != want {
			t.Errorf("errors = %s\nwant     %s", got, want)
		}

		full := make([]any, journey.MaxTouchpointBatch)
		for i := range full {
			full[i] = item(i, "demo")
		}
		full[7] = item(7, "nope")
		full[500].(map[string]any)["occurredAt"] = "2099-01-01T00:00:00Z"
		full[998].(map[string]any)["accountId"] = "initech"
		full[999] = item(3, "proposal") // b3 again, with another type
		res = api.Do(t, recordMany, map[string]any{"in": full})
		want := "inputs[7].type/UNKNOWN_TOUCHPOINT_TYPE inputs[500].occurredAt/FUTURE_TIMESTAMP " +
			"inputs[998].accountId/UNKNOWN_ACCOUNT inputs[999].externalId/CONFLICTING_DUPLICATE_ID"
		if got := errorsOf(res); got != want {
			t.Errorf("errors = %s\nwant     %s", got, want)
		}
		if n := api.Count(`MATCH (t:Touchpoint) RETURN count(t) AS n`, nil); n != 0 {
			t.Errorf("wrote %d touchpoints", n)
		}

		// The twin of a refused item, with other content, conflicts too,
		// though the refused one never reaches the graph's checks; an
		// identical twin is refused for its own timestamp.
		twin := item(1, "proposal")
		res = api.Do(t, recordMany, map[string]any{"in": []any{future, twin, future}})
		want = "inputs[0].occurredAt/FUTURE_TIMESTAMP inputs[1].externalId/CONFLICTING_DUPLICATE_ID inputs[2].occurredAt/FUTURE_TIMESTAMP"
		if got := errorsOf(res); got != want {
			t.Errorf("errors = %s\nwant     %s", got, want)
		}
	})
	t.Run("created then replayed", func(t *testing.T) {
		batch := []any{item(0, "demo"), item(1, "proposal"), item(2, "invoice")}
		var out struct {
			RecordTouchpoints struct{ CreatedCount, ExistingCount int }
		}
		api.MustDo(t, recordMany, map[string]any{"in": batch}, &out)
		if out.RecordTouchpoints.CreatedCount != 3 || out.RecordTouchpoints.ExistingCount != 0 {
			t.Errorf("first = %+v", out.RecordTouchpoints)
		}
		api.MustDo(t, recordMany, map[string]any{"in": append(batch, item(3, "renewal"))}, &out)
		if out.RecordTouchpoints.CreatedCount != 1 || out.RecordTouchpoints.ExistingCount != 3 {
			t.Errorf("replay + 1 new = %+v", out.RecordTouchpoints)
		}
	})
	t.Run("more than 1000 is refused", func(t *testing.T) {
		big := make([]any, 1001)
		for i := range big {
			big[i] = item(i%60, "demo")
		}
		res := api.Do(t, recordMany, map[string]any{"in": big})
		if len(res.Errors) != 1 || res.Errors[0].Extensions["reason"] != "BATCH_TOO_LARGE" || res.Errors[0].Extensions["field"] != "inputs" {
			t.Errorf("errors = %+v", res.Errors)
		}
	})
}

func TestHostileStringsAreStoredVerbatim(t *testing.T) {
	api := ingestAPI(t)
	// Free text keeps everything, U+202E RIGHT-TO-LEFT OVERRIDE included; an
	// id refuses that invisible character, so it gets the rest.
	hostile := "x'}) MATCH (n) DETACH DELETE n //\u202e 🚀 \"; DROP"
	hostileID := strings.ReplaceAll(hostile, "\u202e", "")
	in := map[string]any{"source": "crm", "externalId": hostileID, "type": "demo", "occurredAt": "2026-01-01T00:00:00Z",
		"accountId": "acme", "attributes": map[string]any{"note": hostile, "nested": map[string]any{"deep": []any{hostile}}}}
	var out struct {
		RecordTouchpoint struct {
			Touchpoint struct {
				ExternalID string
				Attributes json.RawMessage
			}
		}
	}
	api.MustDo(t, recordOne, map[string]any{"in": in}, &out)
	if out.RecordTouchpoint.Touchpoint.ExternalID != hostileID || !strings.Contains(string(out.RecordTouchpoint.Touchpoint.Attributes), "DETACH DELETE") {
		t.Errorf("returned %+v", out.RecordTouchpoint.Touchpoint)
	}
	if n := api.Count(`MATCH (a:Account) RETURN count(a) AS n`, nil); n != 1 {
		t.Errorf("accounts = %d: the string was executed?", n)
	}
}

func TestRecordStageChangeThroughTheAPI(t *testing.T) {
	api := ingestAPI(t)
	q := `mutation($in: RecordStageChangeInput!) { recordStageChange(input: $in) { created account { id } transition { id at } } }`
	var out struct {
		RecordStageChange struct {
			Created    bool
			Account    struct{ ID string }
			Transition struct{ ID, At string }
		}
	}
	api.MustDo(t, q, map[string]any{"in": map[string]any{"accountId": "acme", "stage": "mql", "at": "2026-02-01T12:00:00Z"}}, &out)
	got := out.RecordStageChange
	if !got.Created || got.Account.ID != "acme" || got.Transition.ID != "acme|mql|2026-02-01T12:00:00Z" || got.Transition.At != "2026-02-01T12:00:00Z" {
		t.Errorf("stage change = %+v", got)
	}
	res := api.Do(t, q, map[string]any{"in": map[string]any{"accountId": "acme", "stage": "nirvana", "at": "2026-02-01T12:00:00Z"}})
	if len(res.Errors) != 1 || res.Errors[0].Extensions["reason"] != "UNKNOWN_STAGE" || res.Errors[0].Extensions["field"] != "input.stage" {
		t.Errorf("errors = %+v", res.Errors)
	}
}
