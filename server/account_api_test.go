package server_test

import (
	"encoding/json"
	"testing"

	"github.com/journeygraph/journeygraph/server/apitest"
)

const upsertAccount = `mutation($input: UpsertAccountInput!) {
  upsertAccount(input: $input) { created account { id name domain industry segment region tier arr createdAt updatedAt } }
}`

type accountJSON struct {
	ID, Name, CreatedAt, UpdatedAt string
	Domain, Industry, Segment      *string
	Region, Tier                   *string
	ARR                            *float64
}

func TestUpsertAccountThenReadIt(t *testing.T) {
	api := apitest.New(t, nil)
	input := map[string]any{"id": "crm-42", "name": "  Globex  ", "domain": "https://www.Globex.com/about",
		"industry": "Energy", "segment": "MID_MARKET", "region": "NA", "tier": "Tier 2", "arr": 48000.5}

	var first struct {
		UpsertAccount struct {
			Created bool
			Account accountJSON
		}
	}
	api.MustDo(t, upsertAccount, map[string]any{"input": input}, &first)
	got := first.UpsertAccount
	if !got.Created {
		t.Error("created = false on first upsert")
	}
	// Name trimmed; domain normalised to bare lower-case host.
	if got.Account.Name != "Globex" || *got.Account.Domain != "globex.com" || *got.Account.Segment != "MID_MARKET" || *got.Account.ARR != 48000.5 {
		t.Errorf("stored account = %+v", got.Account)
	}

	var again struct {
		UpsertAccount struct {
			Created bool
			Account accountJSON
		}
	}
	api.MustDo(t, upsertAccount, map[string]any{"input": input}, &again)
	if again.UpsertAccount.Created || again.UpsertAccount.Account.UpdatedAt != got.Account.UpdatedAt {
		t.Errorf("replay: created=%v updatedAt %s → %s", again.UpsertAccount.Created, got.Account.UpdatedAt, again.UpsertAccount.Account.UpdatedAt)
	}

	var read struct{ Account *accountJSON }
	api.MustDo(t, `query($id: ID!) { account(id: $id) { id name domain industry segment region tier arr createdAt updatedAt } }`,
		map[string]any{"id": "crm-42"}, &read)
	if read.Account == nil {
		t.Fatal("account(id: crm-42) = null")
	}
	if a, b := mustJSON(t, *read.Account), mustJSON(t, got.Account); a != b {
		t.Errorf("read back\n%s\nwant\n%s", a, b)
	}

	var missing struct{ Account *accountJSON }
	api.MustDo(t, `{ account(id: "nope") { id } }`, nil, &missing)
	if missing.Account != nil {
		t.Errorf("unknown id returned %+v", missing.Account)
	}
	if n := api.Count(`MATCH (a:Account) RETURN count(a) AS n`, nil); n != 1 {
		t.Errorf("accounts in graph = %d, want 1", n)
	}
}

func TestUpsertAccountRejectsBadInput(t *testing.T) {
	api := apitest.New(t, nil)
	tests := []struct {
		name      string
		input     map[string]any
		wantCode  string
		wantField string
	}{
		{"empty id", map[string]any{"id": " ", "name": "X"}, "BAD_USER_INPUT", "input.id"},
		{"empty name", map[string]any{"id": "a", "name": ""}, "BAD_USER_INPUT", "input.name"},
		{"bad domain", map[string]any{"id": "a", "name": "X", "domain": "not a domain"}, "BAD_USER_INPUT", "input.domain"},
		{"negative arr", map[string]any{"id": "a", "name": "X", "arr": -1}, "BAD_USER_INPUT", "input.arr"},
		{"id too long", map[string]any{"id": string(make([]byte, 201)), "name": "X"}, "BAD_USER_INPUT", "input.id"},
		{"NUL in name", map[string]any{"id": "a", "name": "A\x00B"}, "BAD_USER_INPUT", "input.name"},
		// Unknown enum values are rejected by GraphQL validation before any resolver runs.
		{"unknown segment", map[string]any{"id": "a", "name": "X", "segment": "GIANT"}, "GRAPHQL_VALIDATION_FAILED", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := api.Do(t, upsertAccount, map[string]any{"input": tt.input})
			if len(res.Errors) != 1 {
				t.Fatalf("errors = %+v, want exactly one", res.Errors)
			}
			e := res.Errors[0]
			if e.Code() != tt.wantCode {
				t.Errorf("code = %q, want %q (%s)", e.Code(), tt.wantCode, e.Message)
			}
			if field, _ := e.Extensions["field"].(string); field != tt.wantField {
				t.Errorf("field = %q, want %q", field, tt.wantField)
			}
		})
	}
	if n := api.Count(`MATCH (n) RETURN count(n) AS n`, nil); n != 0 {
		t.Errorf("rejected input wrote %d nodes", n)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
