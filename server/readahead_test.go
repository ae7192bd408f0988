package server_test

import (
	"slices"
	"testing"

	"github.com/journeygraph/journeygraph/server/apitest"
)

// A read-ahead page carries only the properties its own selection asked for.
// Any other selection of the same field with the same arguments on the same
// account in the same request (reached through Contact.account,
// Touchpoint.account, ...) must still get its own fields: the page is kept
// for its selection, not put in the request's shared loaders (which is what
// failed here before).
// Expected values from seedRoundTrips by hand: rt-03's touchpoints are
// gen:03-00.. (source "gen", externalId "03-jj", type j%6 of demo,
// sales_email, ...), its contacts rt-03-c1 (c1@rt-03.example.com), rt-03-c2.
func TestReadAheadPageIsNotSharedWithOtherSelections(t *testing.T) {
	api := apitest.New(t, nil)
	seedCatalog(t, api)
	seedRoundTrips(t, api, 4)

	tests := []struct {
		name, query, want string
	}{
		{
			name: "journey again through contact.account",
			query: `{ account(id: "rt-03") {
  journey(first: 2) { edges { node { id } } }
  contacts(first: 1) { edges { node { account { journey(first: 2) { edges { node { id source externalId } } } } } } } } }`,
			want: `{"account": {
  "journey": {"edges": [{"node": {"id": "gen:03-00"}}, {"node": {"id": "gen:03-01"}}]},
  "contacts": {"edges": [{"node": {"account": {"journey": {"edges": [
    {"node": {"id": "gen:03-00", "source": "gen", "externalId": "03-00"}},
    {"node": {"id": "gen:03-01", "source": "gen", "externalId": "03-01"}}]}}}}]}}}`,
		},
		{
			name: "journey again through touchpoint.account, from accounts",
			query: `{ accounts(first: 1, filter: {nameContains: "Account 03"}) { edges { node {
  journey(first: 1) { edges { node { id account { journey(first: 1) { edges { node { externalId } } } } } } } } } } }`,
			want: `{"accounts": {"edges": [{"node": {"journey": {"edges": [{"node": {"id": "gen:03-00",
  "account": {"journey": {"edges": [{"node": {"externalId": "03-00"}}]}}}}]}}}]}}`,
		},
		{
			name: "type's channel on a touchpoint read ahead for another selection",
			query: `{ account(id: "rt-03") {
  journey(first: 2) { edges { node { type { name } } } }
  contacts(first: 1) { edges { node { account { journey(first: 2) { edges { node { type { channel { key } } } } } } } } } } }`,
			want: `{"account": {
  "journey": {"edges": [{"node": {"type": {"name": "Demo"}}}, {"node": {"type": {"name": "Sales email"}}}]},
  "contacts": {"edges": [{"node": {"account": {"journey": {"edges": [
    {"node": {"type": {"channel": {"key": "online_meeting"}}}},
    {"node": {"type": {"channel": {"key": "email"}}}}]}}}}]}}}`,
		},
		{
			name: "contacts again through touchpoint.contact.account",
			query: `{ account(id: "rt-03") {
  contacts(first: 1) { edges { node { id } } }
  journey(first: 1) { edges { node { contact { account { contacts(first: 1) { edges { node { id email } } } } } } } } } }`,
			want: `{"account": {
  "contacts": {"edges": [{"node": {"id": "rt-03-c1"}}]},
  "journey": {"edges": [{"node": {"contact": {"account": {"contacts": {"edges": [
    {"node": {"id": "rt-03-c1", "email": "c1@rt-03.example.com"}}]}}}}}]}}}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := api.Do(t, tc.query, nil)
			if len(res.Errors) > 0 {
				t.Fatalf("errors: %+v\ndata: %s", res.Errors, res.Data)
			}
			apitest.ExpectJSON(t, res.Data, tc.want)
		})
	}
}

// Two root fields reading the same account's journey with the same arguments
// but different node fields each get their own. When the pages went into a
// shared loader, the first root resolver to return decided which page both
// got, so the request runs a few times.
func TestReadAheadRootAliasesKeepTheirOwnFields(t *testing.T) {
	api := apitest.New(t, nil)
	seedCatalog(t, api)
	seedRoundTrips(t, api, 4)
	const q = `{
  a: account(id: "rt-03") { journey(first: 1) { edges { node { id } } } }
  b: account(id: "rt-03") { journey(first: 1) { edges { node { id externalId } } } } }`
	const want = `{"a": {"journey": {"edges": [{"node": {"id": "gen:03-00"}}]}},
  "b": {"journey": {"edges": [{"node": {"id": "gen:03-00", "externalId": "03-00"}}]}}}`
	for i := 0; i < 10; i++ {
		apitest.ExpectJSON(t, api.Data(t, q, nil), want)
	}
}

// The read-ahead reimplements journey and contact pagination in
// account_selection.cypher (one subquery per direction, re-sorted in Go); the
// existing pagination tests select totalCount, which turns read-ahead off, so
// they do not reach it. Same pages, by hand from seedFixture (acc-1's journey
// crm:2, crm:1|map:1 at the same instant, map:2, erp:1|prod:1 at the same
// instant; contacts c-1, c-2, c-3), without totalCount, each one query.
func TestReadAheadPaginationMatchesTheFixture(t *testing.T) {
	counter := newQueryCounter()
	api := apitest.New(t, counter.observe)
	seedFixture(t, api)
	const q = `query($order: SortDirection, $first: Int, $after: String, $cfirst: Int, $cafter: String) { account(id: "acc-1") {
  journey(order: $order, first: $first, after: $after) { edges { node { id } } pageInfo { hasNextPage hasPreviousPage endCursor } }
  contacts(first: $cfirst, after: $cafter) { edges { node { id } } pageInfo { hasNextPage hasPreviousPage endCursor } } } }`
	type conn struct {
		Edges    []struct{ Node struct{ ID string } }
		PageInfo struct {
			HasNextPage, HasPreviousPage bool
			EndCursor                    *string
		}
	}
	asc := []string{"crm:2", "crm:1", "map:1", "map:2", "erp:1", "prod:1"}
	desc := []string{"prod:1", "erp:1", "map:2", "map:1", "crm:1", "crm:2"}
	contacts := []string{"c-1", "c-2", "c-3"}
	for _, order := range []string{"ASC", "DESC"} {
		want := asc
		if order == "DESC" {
			want = desc
		}
		for size := 1; size <= 4; size++ {
			var journeyIDs, contactIDs []string
			var after, cafter any
			for page := 0; page < 7; page++ {
				var got struct {
					Account struct{ Journey, Contacts conn }
				}
				counter.reset()
				api.MustDo(t, q, map[string]any{"order": order, "first": size, "after": after, "cfirst": size, "cafter": cafter}, &got)
				if names := counter.names(); len(names) != 1 {
					t.Errorf("%s by %d page %d ran %v, want the read-ahead query alone", order, size, page, names)
				}
				j, c := got.Account.Journey, got.Account.Contacts
				for _, e := range j.Edges {
					journeyIDs = append(journeyIDs, e.Node.ID)
				}
				for _, e := range c.Edges {
					contactIDs = append(contactIDs, e.Node.ID)
				}
				if j.PageInfo.HasPreviousPage != (page > 0) || j.PageInfo.HasNextPage != (len(journeyIDs) < 6) {
					t.Errorf("%s by %d page %d: journey pageInfo %+v", order, size, page, j.PageInfo)
				}
				if !j.PageInfo.HasNextPage {
					break
				}
				after = *j.PageInfo.EndCursor
				if c.PageInfo.HasNextPage {
					cafter = *c.PageInfo.EndCursor
				}
			}
			if !slices.Equal(journeyIDs, want) {
				t.Errorf("%s by %d: journey pages %v, want %v", order, size, journeyIDs, want)
			}
			if !slices.Equal(contactIDs[:min(len(contactIDs), 3)], contacts) {
				t.Errorf("by %d: contact pages %v, want to start with %v", size, contactIDs, contacts)
			}
		}
	}
}
