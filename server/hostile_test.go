package server_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// Hostile strings through the real API: data is stored and returned
// verbatim, ids and keys that cannot be ids are refused with a clear error,
// and nothing is ever executed — the graph grows by exactly what the
// accepted requests add.
func TestHostileInputThroughTheAPI(t *testing.T) {
	api := ingestAPI(t)
	graphSize := func() (nodes, rels int64) {
		return api.Count(`MATCH (n) RETURN count(n) AS n`, nil), api.Count(`MATCH ()-[r]->() RETURN count(r) AS n`, nil)
	}
	nodes0, rels0 := graphSize()

	cypher := "x'}) MATCH (n) DETACH DELETE n WITH 1 AS x CALL db.clearQueryCaches() //"
	unicode := "Ünïcødé 🚀 \u202eevil\u202c 日本語 \U0001F9EA"
	megabyte := strings.Repeat("é", 1<<19) // 1 MiB of UTF-8
	deep := map[string]any{"leaf": "bottom"}
	for range 1000 { // 1000 levels, about 7 KiB of JSON: under the 16 KiB attribute cap
		deep = map[string]any{"a": deep}
	}

	t.Run("data is stored and returned verbatim", func(t *testing.T) {
		var acc struct {
			UpsertAccount struct{ Account struct{ Name string } }
		}
		api.MustDo(t, `mutation($n: String!) { upsertAccount(input: {id: "inj", name: $n}) { account { name } } }`, map[string]any{"n": cypher + unicode}, &acc)
		if acc.UpsertAccount.Account.Name != cypher+unicode {
			t.Errorf("name returned as %q", acc.UpsertAccount.Account.Name)
		}
		for i, tc := range []struct {
			externalID string
			attrs      map[string]any
		}{
			{"nul-in-data", map[string]any{"note": "before\x00after", "cypher": cypher}},
			{"deep-json", deep},
			// An id cannot hold the invisible U+202E and U+202C; free text can.
			{strings.NewReplacer("\u202e", "", "\u202c", "").Replace(unicode), map[string]any{unicode: unicode}},
		} {
			in := map[string]any{"source": "crm", "externalId": tc.externalID, "type": "demo", "accountId": "acme",
				"occurredAt": fmt.Sprintf("2026-01-0%dT00:00:00Z", i+1), "attributes": tc.attrs}
			var out struct {
				RecordTouchpoint struct {
					Touchpoint struct {
						ExternalID string
						Attributes json.RawMessage
					}
				}
			}
			api.MustDo(t, recordOne, map[string]any{"in": in}, &out)
			var got map[string]any
			_ = json.Unmarshal(out.RecordTouchpoint.Touchpoint.Attributes, &got)
			want, _ := json.Marshal(tc.attrs)
			var wantV map[string]any
			_ = json.Unmarshal(want, &wantV)
			if out.RecordTouchpoint.Touchpoint.ExternalID != tc.externalID || !reflect.DeepEqual(got, wantV) {
				t.Errorf("%.20q: returned %q with attributes %.200s", tc.externalID, out.RecordTouchpoint.Touchpoint.ExternalID, out.RecordTouchpoint.Touchpoint.Attributes)
			}
		}
	})

	t.Run("what cannot be an id or a bounded value is refused", func(t *testing.T) {
		tp := func(externalID string, attrs any) map[string]any {
			return map[string]any{"in": map[string]any{"source": "crm", "externalId": externalID, "type": "demo", "accountId": "acme",
				"occurredAt": "2026-02-01T00:00:00Z", "attributes": attrs}}
		}
		for _, tc := range []struct {
			name, query string
			vars        map[string]any
			field       string
		}{
			{"NUL in an id", recordOne, tp("a\x00b", nil), "input.externalId"},
			{"right-to-left override in an id", recordOne, tp(unicode, nil), "input.externalId"},
			{"1 MiB id", recordOne, tp(megabyte, nil), "input.externalId"},
			{"1 MiB attribute", recordOne, tp("big-attr", map[string]any{"x": megabyte}), "input.attributes"},
			{"1 MiB name", `mutation($n: String!) { upsertAccount(input: {id: "big", name: $n}) { created } }`, map[string]any{"n": megabyte}, "input.name"},
			{"NUL in an account id", `mutation($id: ID!) { upsertAccount(input: {id: $id, name: "N"}) { created } }`, map[string]any{"id": "a\x00"}, "input.id"},
			{"Cypher as a touchpoint type key", recordOne, map[string]any{"in": map[string]any{"source": "crm", "externalId": "k", "type": cypher,
				"accountId": "acme", "occurredAt": "2026-02-01T00:00:00Z"}}, "input.type"},
		} {
			res := api.Do(t, tc.query, tc.vars)
			if len(res.Errors) != 1 || res.Errors[0].Code() != "BAD_USER_INPUT" || res.Errors[0].Extensions["field"] != tc.field {
				t.Errorf("%s: %+v", tc.name, res.Errors)
			}
		}
	})

	// One account and the ProfileBump of its creation (see
	// store.DataVersion), three touchpoints (each FOR_ACCOUNT and OF_TYPE, two
	// NEXT_FOR_ACCOUNT links between the three), the account's JourneyPath,
	// and one Change per recording mutation (three); the change feed's
	// counter node exists already (the fixture's account upsert bumped its
	// profile counter): +9 nodes, +8 relationships.
	nodes, rels := graphSize()
	if nodes-nodes0 != 9 || rels-rels0 != 8 {
		t.Errorf("graph grew by %d nodes and %d relationships, want 9 and 8", nodes-nodes0, rels-rels0)
	}
}
