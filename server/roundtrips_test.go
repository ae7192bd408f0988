package server_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/journeygraph/journeygraph/server/apitest"
)

// The acceptance test: a page of accounts with their contacts,
// current stage and last 10 touchpoints with types costs a constant number of
// Neo4j round trips, not one per account.
func TestNestedPageRoundTripsAreConstant(t *testing.T) {
	counter := newQueryCounter()
	api := apitest.New(t, counter.observe)
	seedCatalog(t, api)
	seedRoundTrips(t, api, 60)

	const q = `query($first: Int) { accounts(first: $first) { edges { node {
  id
  contacts { edges { node { id email } } }
  currentStage { key }
  journey(order: DESC, first: 10) { edges { node { id occurredAt type { key name } } } }
} } } }`
	type result struct {
		Accounts struct {
			Edges []struct {
				Node struct {
					ID       string
					Contacts struct {
						Edges []struct{ Node struct{ ID, Email string } }
					}
					CurrentStage *struct{ Key string }
					Journey      struct {
						Edges []struct {
							Node struct {
								ID, OccurredAt string
								Type           struct{ Key, Name string }
							}
						}
					}
				}
			}
		}
	}
	// One query per level, whatever the page size: the page itself, the
	// contacts of all its accounts, their current stages, their journeys,
	// and the touchpoint catalog for the types. No totalCount is selected, so
	// no count query runs.
	want := []string{"accounts_page", "contacts_by_account", "current_stage_by_account", "journey_by_account", "touchpoint_types"}
	types := []string{"demo", "sales_email", "invoice", "webinar_attendance", "website_visit", "product_login"}
	typeNames := map[string]string{"demo": "Demo", "sales_email": "Sales email", "invoice": "Invoice",
		"webinar_attendance": "Webinar attendance", "website_visit": "Website visit", "product_login": "Product login"}
	for _, first := range []int{10, 50} {
		t.Run(fmt.Sprint(first), func(t *testing.T) {
			counter.reset()
			var got result
			api.MustDo(t, q, map[string]any{"first": first}, &got)
			if names := counter.names(); !slices.Equal(names, want) {
				t.Errorf("first: %d ran %d queries %v, want %d: %v", first, len(names), names, len(want), want)
			}
			t.Logf("first: %d: %d queries %v", first, len(counter.names()), counter.names())
			edges := got.Accounts.Edges
			if len(edges) != first {
				t.Fatalf("%d accounts, want %d", len(edges), first)
			}
			// Accounts are ordered by name "Account 00", "Account 01", ...; check a few fully.
			for _, i := range []int{0, 7, first - 1} {
				a := edges[i].Node
				id := fmt.Sprintf("rt-%02d", i)
				if a.ID != id {
					t.Fatalf("edge %d is %s, want %s", i, a.ID, id)
				}
				if len(a.Contacts.Edges) != 2 || a.Contacts.Edges[0].Node.ID != id+"-c1" || a.Contacts.Edges[1].Node.Email != "c2@"+id+".example.com" {
					t.Errorf("%s contacts = %+v", id, a.Contacts.Edges)
				}
				if a.CurrentStage == nil || a.CurrentStage.Key != "opportunity" {
					t.Errorf("%s currentStage = %+v", id, a.CurrentStage)
				}
				if len(a.Journey.Edges) != 10 {
					t.Fatalf("%s journey has %d touchpoints, want the latest 10", id, len(a.Journey.Edges))
				}
				for k, e := range a.Journey.Edges {
					j := 11 - k // newest first: gen:II-11 down to gen:II-02
					typ := types[j%len(types)]
					wantAt := fmt.Sprintf("2026-01-01T%02d:%02d:00Z", j, i)
					if e.Node.ID != fmt.Sprintf("gen:%02d-%02d", i, j) || e.Node.OccurredAt != wantAt || e.Node.Type.Key != typ || e.Node.Type.Name != typeNames[typ] {
						t.Errorf("%s journey[%d] = %+v, want gen:%02d-%02d at %s of type %s", id, k, e.Node, i, j, wantAt, typ)
					}
				}
			}
		})
	}
}
