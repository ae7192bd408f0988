package server_test

import (
	"encoding/base64"
	"slices"
	"testing"

	"github.com/journeygraph/journeygraph/server/apitest"
)

type pageInfoJSON struct {
	HasNextPage, HasPreviousPage bool
	StartCursor, EndCursor       *string
}

type idConn struct {
	Edges []struct {
		Cursor string
		Node   struct{ ID string }
	}
	PageInfo   pageInfoJSON
	TotalCount int
}

func (c idConn) ids() []string {
	out := []string{}
	for _, e := range c.Edges {
		out = append(out, e.Node.ID)
	}
	return out
}

const accountsQuery = `query($filter: AccountFilter, $orderBy: AccountOrder, $first: Int, $after: String) {
  accounts(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    totalCount
  }
}`

func TestAccountsFilters(t *testing.T) {
	api := apitest.New(t, nil)
	seedFixture(t, api)
	tests := []struct {
		name   string
		filter map[string]any
		want   []string // in name order
	}{
		{"no filter", nil, []string{"acc-1", "acc-2", "acc-5", "acc-3", "acc-4"}},
		{"one segment", map[string]any{"segment": []string{"ENTERPRISE"}}, []string{"acc-1", "acc-4"}},
		{"two segments", map[string]any{"segment": []string{"ENTERPRISE", "MID_MARKET"}}, []string{"acc-1", "acc-2", "acc-5", "acc-4"}},
		{"empty segment list matches nothing", map[string]any{"segment": []string{}}, []string{}},
		{"industry", map[string]any{"industry": []string{"Software"}}, []string{"acc-5", "acc-3"}},
		{"region and tier", map[string]any{"region": []string{"NA"}, "tier": []string{"Tier 2"}}, []string{"acc-2", "acc-5"}},
		{"current stage", map[string]any{"currentStage": []string{"opportunity"}}, []string{"acc-2", "acc-4"}},
		{"current stages", map[string]any{"currentStage": []string{"opportunity", "customer"}}, []string{"acc-1", "acc-2", "acc-4"}},
		{"stage nobody is in", map[string]any{"currentStage": []string{"lead"}}, []string{}},
		{"name contains, ignoring case", map[string]any{"nameContains": "O"}, []string{"acc-1", "acc-2", "acc-5"}},
		{"every criterion must match", map[string]any{"segment": []string{"MID_MARKET"}, "nameContains": "lob"}, []string{"acc-2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got struct{ Accounts idConn }
			api.MustDo(t, accountsQuery, map[string]any{"filter": tt.filter}, &got)
			if ids := got.Accounts.ids(); !slices.Equal(ids, tt.want) {
				t.Errorf("ids = %v, want %v", ids, tt.want)
			}
			if got.Accounts.TotalCount != len(tt.want) {
				t.Errorf("totalCount = %d, want %d", got.Accounts.TotalCount, len(tt.want))
			}
			if got.Accounts.PageInfo.HasNextPage || got.Accounts.PageInfo.HasPreviousPage {
				t.Errorf("pageInfo = %+v on a single page", got.Accounts.PageInfo)
			}
		})
	}
}

// Every ordering, walked with page sizes 1, 2 and 3: the pages concatenate to
// the full order with no overlap or gap, whatever the page boundaries cut
// through (ties on ARR and createdAt, the switch from ARR values to nulls).
func TestAccountsOrderAndPagination(t *testing.T) {
	api := apitest.New(t, nil)
	seedFixture(t, api)
	tests := []struct {
		field, direction string
		want             []string
	}{
		{"NAME", "ASC", []string{"acc-1", "acc-2", "acc-5", "acc-3", "acc-4"}},
		{"NAME", "DESC", []string{"acc-4", "acc-3", "acc-5", "acc-2", "acc-1"}},
		// 48000 twice (acc-2, acc-4), then 120000, then the two without ARR, by id.
		{"ARR", "ASC", []string{"acc-2", "acc-4", "acc-1", "acc-3", "acc-5"}},
		// Still nulls last; ties broken by id descending.
		{"ARR", "DESC", []string{"acc-1", "acc-4", "acc-2", "acc-5", "acc-3"}},
		// acc-3 and acc-5 were created at the same instant.
		{"CREATED_AT", "ASC", []string{"acc-1", "acc-3", "acc-5", "acc-2", "acc-4"}},
		{"CREATED_AT", "DESC", []string{"acc-4", "acc-2", "acc-5", "acc-3", "acc-1"}},
	}
	for _, tt := range tests {
		for _, size := range []int{1, 2, 3} {
			t.Run(tt.field+" "+tt.direction+" by "+string(rune('0'+size)), func(t *testing.T) {
				var all []string
				var after any
				for page := 0; ; page++ {
					if page > 5 {
						t.Fatal("pagination does not end")
					}
					var got struct{ Accounts idConn }
					api.MustDo(t, accountsQuery, map[string]any{
						"orderBy": map[string]any{"field": tt.field, "direction": tt.direction},
						"first":   size, "after": after,
					}, &got)
					c := got.Accounts
					wantLen := min(size, len(tt.want)-len(all))
					if len(c.Edges) != wantLen {
						t.Fatalf("page %d has %d edges, want %d", page, len(c.Edges), wantLen)
					}
					if c.TotalCount != 5 {
						t.Errorf("page %d: totalCount = %d, want 5", page, c.TotalCount)
					}
					if c.PageInfo.HasPreviousPage != (page > 0) {
						t.Errorf("page %d: hasPreviousPage = %v", page, c.PageInfo.HasPreviousPage)
					}
					if *c.PageInfo.StartCursor != c.Edges[0].Cursor || *c.PageInfo.EndCursor != c.Edges[len(c.Edges)-1].Cursor {
						t.Errorf("page %d: start/end cursors %v are not the edges' cursors", page, c.PageInfo)
					}
					all = append(all, c.ids()...)
					if wantNext := len(all) < len(tt.want); c.PageInfo.HasNextPage != wantNext {
						t.Errorf("page %d: hasNextPage = %v, want %v", page, c.PageInfo.HasNextPage, wantNext)
					}
					if !c.PageInfo.HasNextPage {
						break
					}
					after = *c.PageInfo.EndCursor
				}
				if !slices.Equal(all, tt.want) {
					t.Errorf("pages = %v, want %v", all, tt.want)
				}
			})
		}
	}
}

func TestAccountsPageWithFilterAndEmptyPage(t *testing.T) {
	api := apitest.New(t, nil)
	seedFixture(t, api)
	var p1 struct{ Accounts idConn }
	vars := map[string]any{"filter": map[string]any{"region": []string{"NA"}}, "first": 2}
	api.MustDo(t, accountsQuery, vars, &p1)
	if ids := p1.Accounts.ids(); !slices.Equal(ids, []string{"acc-2", "acc-5"}) || p1.Accounts.TotalCount != 3 || !p1.Accounts.PageInfo.HasNextPage {
		t.Fatalf("page 1 = %v total %d %+v", ids, p1.Accounts.TotalCount, p1.Accounts.PageInfo)
	}
	vars["after"] = *p1.Accounts.PageInfo.EndCursor
	var p2 struct{ Accounts idConn }
	api.MustDo(t, accountsQuery, vars, &p2)
	if ids := p2.Accounts.ids(); !slices.Equal(ids, []string{"acc-3"}) || p2.Accounts.TotalCount != 3 || p2.Accounts.PageInfo.HasNextPage || !p2.Accounts.PageInfo.HasPreviousPage {
		t.Fatalf("page 2 = %v total %d %+v", ids, p2.Accounts.TotalCount, p2.Accounts.PageInfo)
	}
	// An empty page has no cursors.
	var none struct{ Accounts idConn }
	api.MustDo(t, accountsQuery, map[string]any{"filter": map[string]any{"nameContains": "zzz"}}, &none)
	if c := none.Accounts; len(c.Edges) != 0 || c.TotalCount != 0 || c.PageInfo != (pageInfoJSON{}) {
		t.Errorf("empty page = %+v", c)
	}
}

// totalCount costs a count query only when it is selected.
func TestAccountsCountsOnlyWhenSelected(t *testing.T) {
	counter := newQueryCounter()
	api := apitest.New(t, counter.observe)
	seedFixture(t, api)
	counter.reset()
	api.MustDo(t, `{ accounts(first: 2) { edges { node { id } } } }`, nil, nil)
	if got := counter.names(); !slices.Equal(got, []string{"accounts_page"}) {
		t.Errorf("without totalCount: queries %v", got)
	}
	counter.reset()
	var got struct{ Accounts struct{ TotalCount int } }
	api.MustDo(t, `{ accounts(first: 2) { ... on AccountConnection { totalCount } } }`, nil, &got)
	if names := counter.names(); !slices.Equal(names, []string{"accounts_count", "accounts_page"}) || got.Accounts.TotalCount != 5 {
		t.Errorf("with totalCount in a fragment: queries %v, totalCount %d", names, got.Accounts.TotalCount)
	}
}

func TestListArgumentsAreValidated(t *testing.T) {
	api := apitest.New(t, nil)
	seedFixture(t, api)
	var page struct{ Accounts idConn }
	api.MustDo(t, accountsQuery, map[string]any{"first": 1}, &page)
	nameCursor := *page.Accounts.PageInfo.EndCursor
	var journey struct {
		Account struct{ Journey idConn }
	}
	api.MustDo(t, `{ account(id: "acc-1") { journey(first: 1) { edges { cursor node { id } } pageInfo { endCursor } } } }`, nil, &journey)
	journeyCursor := journey.Account.Journey.Edges[0].Cursor
	b64 := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

	tests := []struct {
		name, query string
		vars        map[string]any
		field       string
	}{
		{"accounts first 0", accountsQuery, map[string]any{"first": 0}, "first"},
		{"accounts first 101", accountsQuery, map[string]any{"first": 101}, "first"},
		{"accounts first negative", accountsQuery, map[string]any{"first": -5}, "first"},
		{"accounts after not base64", accountsQuery, map[string]any{"after": "%%%"}, "after"},
		{"accounts after not JSON", accountsQuery, map[string]any{"after": b64("hello")}, "after"},
		{"accounts after without id", accountsQuery, map[string]any{"after": b64(`{"o":"NAME:ASC","s":"x"}`)}, "after"},
		{"accounts after of another order", accountsQuery, map[string]any{"after": nameCursor,
			"orderBy": map[string]any{"field": "ARR"}}, "after"},
		{"accounts after a journey cursor", accountsQuery, map[string]any{"after": journeyCursor}, "after"},
		{"contacts first 101", `query($f: Int) { contacts(first: $f) { totalCount } }`, map[string]any{"f": 101}, "first"},
		{"contacts after an account cursor", `query($a: String) { contacts(after: $a) { totalCount } }`, map[string]any{"a": nameCursor}, "after"},
		{"account contacts first 0", `{ account(id: "acc-1") { contacts(first: 0) { totalCount } } }`, nil, "first"},
		{"journey first 501", `{ account(id: "acc-1") { journey(first: 501) { totalCount } } }`, nil, "first"},
		{"journey first 0", `{ account(id: "acc-1") { journey(first: 0) { totalCount } } }`, nil, "first"},
		{"journey after an account cursor", `query($a: String) { account(id: "acc-1") { journey(after: $a) { totalCount } } }`, map[string]any{"a": nameCursor}, "after"},
		{"DESC journey after an ASC cursor", `query($a: String) { account(id: "acc-1") { journey(order: DESC, after: $a) { totalCount } } }`, map[string]any{"a": journeyCursor}, "after"},
		{"journey after without a time", `query($a: String) { contact(id: "c-1") { journey(after: $a) { totalCount } } }`,
			map[string]any{"a": b64(`{"o":"OCCURRED_AT:ASC","id":"crm:1"}`)}, "after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := api.Do(t, tt.query, tt.vars)
			if len(res.Errors) != 1 {
				t.Fatalf("errors = %+v, want exactly one", res.Errors)
			}
			e := res.Errors[0]
			if e.Code() != "BAD_USER_INPUT" {
				t.Errorf("code = %q, want BAD_USER_INPUT (%s)", e.Code(), e.Message)
			}
			if field, _ := e.Extensions["field"].(string); field != tt.field {
				t.Errorf("field = %q, want %q (%s)", field, tt.field, e.Message)
			}
		})
	}
	// The boundaries themselves are fine.
	api.MustDo(t, accountsQuery, map[string]any{"first": 100}, nil)
	api.MustDo(t, `{ account(id: "acc-1") { journey(first: 500) { totalCount } contacts(first: 100) { totalCount } } }`, nil, nil)
}
