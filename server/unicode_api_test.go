package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Ids, keys and emails refuse control, format and other invisible characters
// with BAD_USER_INPUT on the field, so no look-alike of an id can be created;
// free text keeps them.
func TestIdsKeysAndEmailsRefuseInvisibleCharacters(t *testing.T) {
	api := ingestAPI(t)
	api.MustDo(t, `mutation { upsertAccount(input: {id: "sec-acc-1", name: "Sec"}) { created } }`, nil, nil)
	tp := func(over map[string]any) map[string]any {
		in := map[string]any{"source": "crm", "externalId": "u1", "type": "demo", "occurredAt": "2026-01-01T00:00:00Z", "accountId": "acme"}
		for k, v := range over {
			in[k] = v
		}
		return in
	}
	const (
		upsertAccount    = `mutation($in: UpsertAccountInput!) { upsertAccount(input: $in) { created } }`
		upsertContact    = `mutation($in: UpsertContactInput!) { upsertContact(input: $in) { created } }`
		recordStage      = `mutation($in: RecordStageChangeInput!) { recordStageChange(input: $in) { created } }`
		upsertTechnology = `mutation($in: TechnologyInput!) { upsertTechnology(input: $in) { key } }`
	)
	for _, tt := range []struct {
		name, query string
		in          map[string]any
		field       string
	}{
		{"zero width space in an account id", upsertAccount, map[string]any{"id": "sec-acc-1\u200b", "name": "Sec"}, "input.id"},
		{"newline in an account id", upsertAccount, map[string]any{"id": "sec\nacc", "name": "Sec"}, "input.id"},
		{"escape in an account id", upsertAccount, map[string]any{"id": "sec\x1b[31macc", "name": "Sec"}, "input.id"},
		{"no-break space in an account id", upsertAccount, map[string]any{"id": "sec\u00a0acc", "name": "Sec"}, "input.id"},
		{"byte order mark in a contact id", upsertContact, map[string]any{"id": "\ufeffada2", "email": "ada2@acme.com"}, "input.id"},
		{"zero width joiner in an email", upsertContact, map[string]any{"id": "ada2", "email": "ada\u200d@acme.com"}, "input.email"},
		{"control character in an account reference", upsertContact, map[string]any{"id": "ada2", "email": "ada2@acme.com", "accountId": "acme\u0007"}, "input.accountId"},
		{"right-to-left override in an external id", recordOne, tp(map[string]any{"externalId": "u\u202e1"}), "input.externalId"},
		{"soft hyphen in a source", recordOne, tp(map[string]any{"source": "crm\u00ad"}), "input.source"},
		{"Hangul filler in a touchpoint type", recordOne, tp(map[string]any{"type": "demo\u3164"}), "input.type"},
		{"line separator in a contact id reference", recordOne, tp(map[string]any{"contactId": "ad\u2028a"}), "input.contactId"},
		{"word joiner in a contact email reference", recordOne, tp(map[string]any{"contactEmail": "ada@acme.com\u2060"}), "input.contactEmail"},
		{"variation selector in a stage key", recordStage, map[string]any{"accountId": "acme", "stage": "lead\ufe0f", "at": "2026-01-01T00:00:00Z"}, "input.stage"},
		{"tab in a stage change's account", recordStage, map[string]any{"accountId": "ac\tme", "stage": "lead", "at": "2026-01-01T00:00:00Z"}, "input.accountId"},
		{"zero width space in a technology key", upsertTechnology, map[string]any{"key": "crm\u200b", "name": "CRM", "category": "CRM", "vendor": "acme"}, "input.key"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := api.Do(t, tt.query, map[string]any{"in": tt.in})
			if len(res.Errors) != 1 || res.Errors[0].Code() != "BAD_USER_INPUT" || res.Errors[0].Extensions["field"] != tt.field {
				t.Errorf("errors = %+v, want one BAD_USER_INPUT on %s", res.Errors, tt.field)
			}
		})
	}
	if n := api.Count(`MATCH (n) WHERE n:Account OR n:Contact OR n:Touchpoint OR n:StageTransition RETURN count(n)`, nil); n != 3 {
		t.Errorf("%d accounts, contacts, touchpoints and stage changes, want 3 (acme, ada, sec-acc-1)", n)
	}
	if n := api.Count(`MATCH (t:Technology) WHERE t.key = $key RETURN count(t)`, map[string]any{"key": "crm\u200b"}); n != 0 {
		t.Errorf("the technology crm+U+200B was created")
	}

	// Free text is kept verbatim, invisible characters included; a plain
	// space and visible non-ASCII letters are fine in ids.
	name := "Sec\u200b Corp\u202e\n"
	var out struct {
		UpsertAccount struct {
			Account struct{ ID, Name string }
		}
	}
	api.MustDo(t, `mutation($in: UpsertAccountInput!) { upsertAccount(input: $in) { account { id name } } }`,
		map[string]any{"in": map[string]any{"id": "Société 1", "name": name}}, &out)
	if out.UpsertAccount.Account.ID != "Société 1" || out.UpsertAccount.Account.Name != strings.TrimSpace(name) {
		t.Errorf("account = %+v", out.UpsertAccount.Account)
	}
}

// Invalid UTF-8 and unpaired surrogate escapes are refused wherever they are in
// the request, before JSON decoding or the GraphQL lexer would replace them
// with U+FFFD; a surrogate pair is one character and is fine.
func TestInvalidUnicodeInTheRequestIsRefused(t *testing.T) {
	api := ingestAPI(t)
	const upsert = `mutation($in: UpsertAccountInput!) { upsertAccount(input: $in) { account { name } } }`
	body := func(name string) string {
		return `{"query": "` + upsert + `", "variables": {"in": {"id": "u8", "name": "` + name + `"}}}`
	}
	for _, tt := range []struct{ name, body, field string }{
		{"invalid UTF-8 byte", body("Acme \xff"), "variables.in.name"},
		{"truncated UTF-8 sequence", body("Acme \xe2\x82"), "variables.in.name"},
		{"lone leading surrogate escape", body(`Acme \ud800`), "variables.in.name"},
		{"lone trailing surrogate escape", body(`Acme \udc00 x`), "variables.in.name"},
		{"leading surrogate before another escape", body(`Acme \ud83d\u0041`), "variables.in.name"},
		{"in a member name", `{"query": "` + upsert + `", "variables": {"in": {"id": "u8", "name": "A", "\ud800": 1}}}`, "variables.in"},
		{"in an array element", `{"query": "{ accounts(first: 1) { totalCount } }", "extensions": {"x": ["ok", "\udfff"]}}`, "extensions.x[1]"},
		{"in a GraphQL string literal", `{"query": "mutation { upsertAccount(input: {id: \"u8\", name: \"A\\ud800\"}) { created } }"}`, "query"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := api.HTTP(http.MethodPost, "/graphql", "application/json", tt.body)
			var res struct {
				Errors []struct {
					Extensions map[string]any
				}
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			if rec.Code != http.StatusBadRequest || len(res.Errors) != 1 || res.Errors[0].Extensions["code"] != "BAD_USER_INPUT" ||
				res.Errors[0].Extensions["field"] != tt.field {
				t.Errorf("status %d, body %s; want 400, BAD_USER_INPUT on %s", rec.Code, rec.Body, tt.field)
			}
		})
	}
	if n := api.Count(`MATCH (a:Account {id: 'u8'}) RETURN count(a)`, nil); n != 0 {
		t.Errorf("an account was written from a refused request")
	}

	// GET answers like POST: BAD_USER_INPUT on the field inside the parameter.
	const read = `query($id: ID!) { account(id: $id) { name } }`
	for _, tt := range []struct{ name, params, field string }{
		{"variables", "variables=" + url.QueryEscape(`{"id": "a\ud800"}`), "variables.id"},
		{"extensions", "extensions=" + url.QueryEscape(`{"x": {"y": "\udfff"}}`) + "&variables=" + url.QueryEscape(`{"id": "a"}`), "extensions.x.y"},
		{"invalid UTF-8", "variables=" + url.QueryEscape("{\"id\": \"a\xff\"}"), "variables.id"},
	} {
		t.Run("GET "+tt.name, func(t *testing.T) {
			rec := api.HTTP(http.MethodGet, "/graphql?query="+url.QueryEscape(read)+"&"+tt.params, "", "")
			var res struct {
				Errors []struct{ Extensions map[string]any }
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			if rec.Code != http.StatusBadRequest || len(res.Errors) != 1 || res.Errors[0].Extensions["code"] != "BAD_USER_INPUT" ||
				res.Errors[0].Extensions["field"] != tt.field {
				t.Errorf("status %d, body %s; want 400, BAD_USER_INPUT on %s", rec.Code, rec.Body, tt.field)
			}
		})
	}

	// An escaped surrogate pair (U+1F680), in the variables and in the
	// document, and an escaped backslash before "u" are no problem.
	for _, b := range []string{
		body(`Rocket \ud83d\ude80`),
		`{"query": "mutation { upsertAccount(input: {id: \"u8\", name: \"Rocket \\ud83d\\ude80\"}) { account { name } } }"}`,
	} {
		rec := api.HTTP(http.MethodPost, "/graphql", "application/json", b)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Rocket 🚀") {
			t.Errorf("status %d, body %s; want the name Rocket 🚀", rec.Code, rec.Body)
		}
	}
	rec := api.HTTP(http.MethodPost, "/graphql", "application/json", body(`C:\\ud800`))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `C:\\ud800`) {
		t.Errorf("an escaped backslash before u: status %d, body %s", rec.Code, rec.Body)
	}
}
