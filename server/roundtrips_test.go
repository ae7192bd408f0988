package server_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

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
	holdCatalogCopy(t, api)

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
	// One query whatever the page size: the page reads its accounts'
	// contacts, current stages, journeys and the touchpoints' types along
	// (issue 13's read-ahead). No totalCount is selected, so no count query
	// runs.
	want := []string{"account_trees_page"}
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

// Account.pathTo on a page of accounts is one query for the whole page (after
// the page itself and the stage catalog), not one or two per account, and
// each account's figures are its own.
func TestPathToOnAPageIsOneQuery(t *testing.T) {
	counter := newQueryCounter()
	api := apitest.New(t, counter.observe)
	seedCatalog(t, api)
	const n = 30
	base := ts("2026-02-01T00:00:00Z")
	var accounts, tps, transitions []map[string]any
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("pt-%02d", i)
		accounts = append(accounts, map[string]any{"id": id, "name": fmt.Sprintf("Path %02d", i), "createdAt": base, "updatedAt": base})
		// Touchpoints on the hour, base+0h … base+11h.
		for j := 0; j < 12; j++ {
			tps = append(tps, map[string]any{"id": fmt.Sprintf("pt:%02d-%02d", i, j), "source": "pt",
				"externalId": fmt.Sprintf("%02d-%02d", i, j), "type": "demo", "occurredAt": base.Add(time.Duration(j) * time.Hour), "accountId": id})
		}
		transitions = append(transitions, map[string]any{"id": id + "|lead", "accountId": id, "toStage": "lead", "at": base})
		if i%5 == 4 {
			continue // never a customer
		}
		// Customer first at base + k hours (exactly on a touchpoint for even
		// i, half an hour after it for odd i), and again later (a re-entry,
		// which must not move the path).
		k := i % 12
		reached := base.Add(time.Duration(k) * time.Hour)
		if i%2 == 1 {
			reached = reached.Add(30 * time.Minute)
		}
		transitions = append(transitions,
			map[string]any{"id": id + "|customer", "accountId": id, "toStage": "customer", "fromStage": "lead", "at": reached},
			map[string]any{"id": id + "|customer2", "accountId": id, "toStage": "customer", "fromStage": "opportunity", "at": base.Add(20 * time.Hour)})
	}
	seedAccounts(t, api, accounts)
	seedTouchpoints(t, api, tps)
	seedTransitions(t, api, transitions)

	const q = `{ accounts(first: 100) { edges { node { id pathTo(stage: " customer ") { reachedAt stepCount elapsedSeconds stage { key } } } } } }`
	var got struct {
		Accounts struct {
			Edges []struct {
				Node struct {
					ID     string
					PathTo *struct {
						ReachedAt      string
						StepCount      int
						ElapsedSeconds *float64
						Stage          struct{ Key string }
					}
				}
			}
		}
	}
	counter.reset()
	api.MustDo(t, q, nil, &got)
	want := []string{"accounts_page", "paths_to_stage", "stages"}
	if names := counter.names(); !slices.Equal(names, want) {
		t.Errorf("ran %v, want %v", names, want)
	}
	if len(got.Accounts.Edges) != n {
		t.Fatalf("%d accounts, want %d", len(got.Accounts.Edges), n)
	}
	for i, e := range got.Accounts.Edges {
		id := fmt.Sprintf("pt-%02d", i)
		p := e.Node.PathTo
		if e.Node.ID != id {
			t.Fatalf("edge %d is %s, want %s", i, e.Node.ID, id)
		}
		if i%5 == 4 {
			if p != nil {
				t.Errorf("%s never became a customer, pathTo = %+v", id, *p)
			}
			continue
		}
		k := i % 12
		wantAt, wantElapsed := fmt.Sprintf("2026-02-01T%02d:00:00Z", k), float64(k*3600)
		if i%2 == 1 {
			wantAt, wantElapsed = fmt.Sprintf("2026-02-01T%02d:30:00Z", k), float64(k*3600+1800)
		}
		// The touchpoints at base+0h … base+kh are at or before the entry.
		if p == nil || p.ReachedAt != wantAt || p.StepCount != k+1 || p.ElapsedSeconds == nil || *p.ElapsedSeconds != wantElapsed || p.Stage.Key != "customer" {
			t.Errorf("%s pathTo = %+v, want reachedAt %s, %d steps, %v s", id, p, wantAt, k+1, wantElapsed)
		}
	}
}

// The everyday reads (issue 13): W2, one account by id with its 20
// latest touchpoints and their types, is one Neo4j round trip; W1, a page of
// 50 accounts with contacts, current stage and 10 latest touchpoints with
// type name and category, is at most two, and the same for 10 accounts as
// for 50.
func TestEverydayReadsRoundTrips(t *testing.T) {
	counter := newQueryCounter()
	api := apitest.New(t, counter.observe)
	seedCatalog(t, api)
	seedRoundTrips(t, api, 60)
	types := []string{"demo", "sales_email", "invoice", "webinar_attendance", "website_visit", "product_login"}
	typeNames := map[string]string{"demo": "Demo", "sales_email": "Sales email", "invoice": "Invoice",
		"webinar_attendance": "Webinar attendance", "website_visit": "Website visit", "product_login": "Product login"}
	categories := map[string]string{"demo": "SALES", "sales_email": "SALES", "invoice": "FINANCE",
		"webinar_attendance": "MARKETING", "website_visit": "MARKETING", "product_login": "PRODUCT"}

	holdCatalogCopy(t, api)

	t.Run("W2 one account with its latest touchpoints", func(t *testing.T) {
		const q = `query($id: ID!) { account(id: $id) { id name
  journey(order: DESC, first: 20) { edges { node { id occurredAt type { key name } } } } } }`
		var got struct {
			Account struct {
				ID, Name string
				Journey  struct {
					Edges []struct {
						Node struct {
							ID, OccurredAt string
							Type           struct{ Key, Name string }
						}
					}
				}
			}
		}
		counter.reset()
		api.MustDo(t, q, map[string]any{"id": "rt-03"}, &got)
		if names := counter.names(); len(names) != 1 {
			t.Errorf("ran %d queries %v, want 1", len(names), names)
		}
		a := got.Account
		if a.ID != "rt-03" || a.Name != "Account 03" {
			t.Fatalf("account = %s %q", a.ID, a.Name)
		}
		// 12 touchpoints, at 03 minutes past hours 0..11, newest first.
		if len(a.Journey.Edges) != 12 {
			t.Fatalf("%d touchpoints, want all 12", len(a.Journey.Edges))
		}
		for k, e := range a.Journey.Edges {
			j := 11 - k
			typ := types[j%len(types)]
			if e.Node.ID != fmt.Sprintf("gen:03-%02d", j) || e.Node.OccurredAt != fmt.Sprintf("2026-01-01T%02d:03:00Z", j) ||
				e.Node.Type.Key != typ || e.Node.Type.Name != typeNames[typ] {
				t.Errorf("journey[%d] = %+v, want gen:03-%02d of type %s", k, e.Node, j, typ)
			}
		}
	})

	const w1 = `query($first: Int, $name: String) { accounts(first: $first, filter: {nameContains: $name}) { edges { node {
  id name
  contacts { edges { node { email title } } }
  currentStage { key name }
  journey(order: DESC, first: 10) { edges { node { occurredAt type { name category } } } }
} } } }`
	type w1Result struct {
		Accounts struct {
			Edges []struct {
				Node struct {
					ID, Name string
					Contacts struct {
						Edges []struct {
							Node struct {
								Email string
								Title *string
							}
						}
					}
					CurrentStage *struct{ Key, Name string }
					Journey      struct {
						Edges []struct {
							Node struct {
								OccurredAt string
								Type       struct{ Name, Category string }
							}
						}
					}
				}
			}
		}
	}
	counts := map[int]int{}
	for _, first := range []int{10, 50} {
		t.Run(fmt.Sprintf("W1 page of %d accounts", first), func(t *testing.T) {
			counter.reset()
			var got w1Result
			api.MustDo(t, w1, map[string]any{"first": first, "name": "account"}, &got)
			names := counter.names()
			counts[first] = len(names)
			if len(names) > 2 {
				t.Errorf("ran %d queries %v, want at most 2", len(names), names)
			}
			edges := got.Accounts.Edges
			if len(edges) != first {
				t.Fatalf("%d accounts, want %d", len(edges), first)
			}
			for _, i := range []int{0, 7, first - 1} {
				a := edges[i].Node
				id := fmt.Sprintf("rt-%02d", i)
				if a.ID != id || a.Name != fmt.Sprintf("Account %02d", i) {
					t.Fatalf("edge %d is %s %q, want %s", i, a.ID, a.Name, id)
				}
				c := a.Contacts.Edges
				if len(c) != 2 || c[0].Node.Email != "c1@"+id+".example.com" || c[1].Node.Email != "c2@"+id+".example.com" || c[0].Node.Title != nil {
					t.Errorf("%s contacts = %+v", id, c)
				}
				if a.CurrentStage == nil || a.CurrentStage.Key != "opportunity" || a.CurrentStage.Name != "Opportunity" {
					t.Errorf("%s currentStage = %+v", id, a.CurrentStage)
				}
				if len(a.Journey.Edges) != 10 {
					t.Fatalf("%s journey has %d touchpoints, want the latest 10", id, len(a.Journey.Edges))
				}
				for k, e := range a.Journey.Edges {
					j := 11 - k
					typ := types[j%len(types)]
					if e.Node.OccurredAt != fmt.Sprintf("2026-01-01T%02d:%02d:00Z", j, i) || e.Node.Type.Name != typeNames[typ] || e.Node.Type.Category != categories[typ] {
						t.Errorf("%s journey[%d] = %+v, want type %s at hour %d", id, k, e.Node, typ, j)
					}
				}
			}
		})
	}
	if counts[10] != counts[50] {
		t.Errorf("a page of 10 accounts ran %d queries, of 50 %d: want the same", counts[10], counts[50])
	}
}

// holdCatalogCopy gives the fixture's catalog (written in Cypher) a version
// token, as the product's catalog loads and edits do, and lets the API take
// its copy. The read-ahead answers touchpoint types from that copy, checked
// against the token within its own query; the first read after a catalog
// change reads the catalog too (store.TestAccountTreeTypesFollowEditsOfOtherReplicas).
// The round-trip goals count the steady state.
func holdCatalogCopy(t *testing.T, api *apitest.API) {
	t.Helper()
	api.Query(`MERGE (v:CatalogVersion {id: 'catalog'}) SET v.token = randomUUID()`, nil)
	var warm struct{ TouchpointTypes []struct{ Key string } }
	api.MustDo(t, `{ touchpointTypes { key } }`, nil, &warm)
}
