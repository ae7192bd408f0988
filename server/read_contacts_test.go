package server_test

import (
	"slices"
	"testing"

	"github.com/journeygraph/journeygraph/server/apitest"
)

func TestContactsQuery(t *testing.T) {
	api := apitest.New(t, nil)
	seedFixture(t, api)
	q := `query($filter: ContactFilter, $first: Int, $after: String) {
  contacts(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount } }`
	tests := []struct {
		name   string
		filter map[string]any
		want   []string
	}{
		{"all, by id", nil, []string{"c-1", "c-2", "c-3", "c-4", "c-5"}},
		{"of an account", map[string]any{"accountId": "acc-1"}, []string{"c-1", "c-2", "c-3"}},
		{"by role", map[string]any{"role": []string{"CHAMPION"}}, []string{"c-1", "c-4"}},
		{"account and role", map[string]any{"accountId": "acc-1", "role": []string{"CHAMPION", "INFLUENCER"}}, []string{"c-1"}},
		{"unknown account", map[string]any{"accountId": "nope"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got struct{ Contacts idConn }
			api.MustDo(t, q, map[string]any{"filter": tt.filter}, &got)
			if ids := got.Contacts.ids(); !slices.Equal(ids, tt.want) || got.Contacts.TotalCount != len(tt.want) {
				t.Errorf("contacts = %v total %d, want %v", ids, got.Contacts.TotalCount, tt.want)
			}
		})
	}
	t.Run("pages of 2", func(t *testing.T) {
		var all []string
		var after any
		for page := 0; page < 3; page++ {
			var got struct{ Contacts idConn }
			api.MustDo(t, q, map[string]any{"first": 2, "after": after}, &got)
			c := got.Contacts
			all = append(all, c.ids()...)
			if c.TotalCount != 5 || c.PageInfo.HasNextPage != (page < 2) || c.PageInfo.HasPreviousPage != (page > 0) {
				t.Errorf("page %d: total %d %+v", page, c.TotalCount, c.PageInfo)
			}
			if c.PageInfo.EndCursor != nil {
				after = *c.PageInfo.EndCursor
			}
		}
		if !slices.Equal(all, []string{"c-1", "c-2", "c-3", "c-4", "c-5"}) {
			t.Errorf("pages = %v", all)
		}
	})
}

func TestContactByIDAndItsAccount(t *testing.T) {
	api := apitest.New(t, nil)
	seedFixture(t, api)
	q := `query($id: ID!) { contact(id: $id) { id email firstName lastName title role createdAt account { id name } } }`
	tests := []struct{ id, want string }{
		{"c-1", `{"contact":{"id":"c-1","email":"alice@acme.com","firstName":"Alice","lastName":null,"title":null,"role":"CHAMPION","createdAt":"2025-06-01T00:00:00Z","account":{"id":"acc-1","name":"Acme Corp"}}}`},
		{"c-5", `{"contact":{"id":"c-5","email":"erin@nowhere.io","firstName":"Erin","lastName":null,"title":null,"role":"INFLUENCER","createdAt":"2025-06-01T00:00:00Z","account":null}}`},
		{"nope", `{"contact":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			res := api.Do(t, q, map[string]any{"id": tt.id})
			if len(res.Errors) > 0 {
				t.Fatalf("errors: %+v", res.Errors)
			}
			apitest.ExpectJSON(t, res.Data, tt.want)
		})
	}
}

func TestAccountContacts(t *testing.T) {
	api := apitest.New(t, nil)
	seedFixture(t, api)
	q := `query($id: ID!, $first: Int, $after: String) { account(id: $id) {
  contacts(first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount } } }`
	var p1, p2, none struct{ Account struct{ Contacts idConn } }
	api.MustDo(t, q, map[string]any{"id": "acc-1", "first": 2}, &p1)
	c := p1.Account.Contacts
	if !slices.Equal(c.ids(), []string{"c-1", "c-2"}) || c.TotalCount != 3 || !c.PageInfo.HasNextPage || c.PageInfo.HasPreviousPage {
		t.Errorf("page 1 = %v total %d %+v", c.ids(), c.TotalCount, c.PageInfo)
	}
	api.MustDo(t, q, map[string]any{"id": "acc-1", "first": 2, "after": *c.PageInfo.EndCursor}, &p2)
	c = p2.Account.Contacts
	if !slices.Equal(c.ids(), []string{"c-3"}) || c.TotalCount != 3 || c.PageInfo.HasNextPage || !c.PageInfo.HasPreviousPage {
		t.Errorf("page 2 = %v total %d %+v", c.ids(), c.TotalCount, c.PageInfo)
	}
	api.MustDo(t, q, map[string]any{"id": "acc-3"}, &none)
	if c := none.Account.Contacts; len(c.Edges) != 0 || c.TotalCount != 0 || c.PageInfo != (pageInfoJSON{}) {
		t.Errorf("acc-3 contacts = %+v", c)
	}
}
