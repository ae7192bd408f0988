package server_test

import (
	"slices"
	"testing"

	"github.com/journeygraph/journeygraph/server/apitest"
)

const accountJourneyQuery = `query($id: ID!, $filter: JourneyFilter, $order: SortDirection, $first: Int, $after: String) {
  account(id: $id) {
    journey(filter: $filter, order: $order, first: $first, after: $after) {
      edges { cursor node { id } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      totalCount
    }
  }
}`

// acc-1's journey ascending; see seedFixture.
var acc1Journey = []string{"crm:2", "crm:1", "map:1", "map:2", "erp:1", "prod:1"}

func TestAccountJourneyFiltersAndOrder(t *testing.T) {
	api := apitest.New(t, nil)
	seedFixture(t, api)
	tests := []struct {
		name   string
		filter map[string]any
		order  any
		want   []string
	}{
		{"everything, oldest first", nil, nil, acc1Journey},
		{"everything, newest first", nil, "DESC", []string{"prod:1", "erp:1", "map:2", "map:1", "crm:1", "crm:2"}},
		{"one category", map[string]any{"categories": []string{"MARKETING"}}, nil, []string{"map:1", "map:2"}},
		{"categories, newest first", map[string]any{"categories": []string{"SALES", "FINANCE"}}, "DESC", []string{"erp:1", "crm:1", "crm:2"}},
		{"types", map[string]any{"types": []string{"demo", "invoice"}}, nil, []string{"crm:1", "erp:1"}},
		{"category and type", map[string]any{"categories": []string{"SALES"}, "types": []string{"demo", "invoice"}}, nil, []string{"crm:1"}},
		{"unknown type", map[string]any{"types": []string{"nope"}}, nil, []string{}},
		{"from is inclusive", map[string]any{"from": "2026-01-10T10:00:00Z"}, nil, []string{"crm:1", "map:1", "map:2", "erp:1", "prod:1"}},
		{"to is exclusive", map[string]any{"to": "2026-01-10T10:00:00Z"}, nil, []string{"crm:2"}},
		{"range", map[string]any{"from": "2026-01-10T10:00:00Z", "to": "2026-02-01T00:00:00Z"}, nil, []string{"crm:1", "map:1", "map:2"}},
		{"range in another offset", map[string]any{"from": "2026-01-10T11:00:00+01:00", "to": "2026-01-31T19:00:00-05:00"}, nil, []string{"crm:1", "map:1", "map:2"}},
		{"range and category", map[string]any{"from": "2026-01-06T00:00:00Z", "categories": []string{"SALES", "PRODUCT"}}, "DESC", []string{"prod:1", "crm:1"}},
		{"empty range", map[string]any{"from": "2026-02-01T00:00:00Z", "to": "2026-02-01T00:00:00Z"}, nil, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got struct{ Account struct{ Journey idConn } }
			api.MustDo(t, accountJourneyQuery, map[string]any{"id": "acc-1", "filter": tt.filter, "order": tt.order}, &got)
			j := got.Account.Journey
			if ids := j.ids(); !slices.Equal(ids, tt.want) {
				t.Errorf("journey = %v, want %v", ids, tt.want)
			}
			if j.TotalCount != len(tt.want) || j.PageInfo.HasNextPage || j.PageInfo.HasPreviousPage {
				t.Errorf("totalCount %d, pageInfo %+v; want %d on one page", j.TotalCount, j.PageInfo, len(tt.want))
			}
		})
	}
}

// Pages of every size in both directions concatenate to the whole journey;
// crm:1/map:1 and erp:1/prod:1 share an instant, so some page boundaries fall
// between touchpoints ordered only by id.
func TestAccountJourneyPagination(t *testing.T) {
	api := apitest.New(t, nil)
	seedFixture(t, api)
	desc := slices.Clone(acc1Journey)
	slices.Reverse(desc)
	for _, order := range []string{"ASC", "DESC"} {
		want := acc1Journey
		if order == "DESC" {
			want = desc
		}
		for size := 1; size <= 4; size++ {
			var all []string
			var after any
			for page := 0; page < 7; page++ {
				var got struct{ Account struct{ Journey idConn } }
				api.MustDo(t, accountJourneyQuery, map[string]any{"id": "acc-1", "order": order, "first": size, "after": after}, &got)
				j := got.Account.Journey
				all = append(all, j.ids()...)
				if j.TotalCount != 6 || j.PageInfo.HasPreviousPage != (page > 0) || j.PageInfo.HasNextPage != (len(all) < 6) {
					t.Errorf("%s by %d, page %d: totalCount %d, pageInfo %+v", order, size, page, j.TotalCount, j.PageInfo)
				}
				if !j.PageInfo.HasNextPage {
					break
				}
				after = *j.PageInfo.EndCursor
			}
			if !slices.Equal(all, want) {
				t.Errorf("%s by %d: pages = %v, want %v", order, size, all, want)
			}
		}
	}
	// The latest two, then the two before them, within a filter.
	var p1, p2 struct{ Account struct{ Journey idConn } }
	vars := map[string]any{"id": "acc-1", "order": "DESC", "first": 2, "filter": map[string]any{"to": "2026-02-01T00:00:00Z"}}
	api.MustDo(t, accountJourneyQuery, vars, &p1)
	vars["after"] = *p1.Account.Journey.PageInfo.EndCursor
	api.MustDo(t, accountJourneyQuery, vars, &p2)
	if a, b := p1.Account.Journey.ids(), p2.Account.Journey.ids(); !slices.Equal(a, []string{"map:2", "map:1"}) || !slices.Equal(b, []string{"crm:1", "crm:2"}) ||
		p2.Account.Journey.TotalCount != 4 || p2.Account.Journey.PageInfo.HasNextPage {
		t.Errorf("filtered DESC pages = %v, %v (total %d, %+v)", a, b, p2.Account.Journey.TotalCount, p2.Account.Journey.PageInfo)
	}
}

func TestContactJourney(t *testing.T) {
	api := apitest.New(t, nil)
	seedFixture(t, api)
	q := `query($id: ID!, $order: SortDirection, $first: Int, $filter: JourneyFilter) {
  contact(id: $id) { journey(order: $order, first: $first, filter: $filter) {
    edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount } }
}`
	tests := []struct {
		name      string
		vars      map[string]any
		want      []string
		total     int
		wantsNext bool
	}{
		{"c-1 oldest first", map[string]any{"id": "c-1"}, []string{"crm:1", "map:1", "prod:1"}, 3, false},
		{"c-1 latest", map[string]any{"id": "c-1", "order": "DESC", "first": 1}, []string{"prod:1"}, 3, true},
		{"c-1 marketing", map[string]any{"id": "c-1", "filter": map[string]any{"categories": []string{"MARKETING"}}}, []string{"map:1"}, 1, false},
		{"c-4 (another account)", map[string]any{"id": "c-4"}, []string{"crm:3"}, 1, false},
		{"c-5 has none", map[string]any{"id": "c-5"}, []string{}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got struct{ Contact struct{ Journey idConn } }
			api.MustDo(t, q, tt.vars, &got)
			j := got.Contact.Journey
			if ids := j.ids(); !slices.Equal(ids, tt.want) || j.TotalCount != tt.total || j.PageInfo.HasNextPage != tt.wantsNext {
				t.Errorf("journey = %v total %d next %v; want %v total %d next %v", ids, j.TotalCount, j.PageInfo.HasNextPage, tt.want, tt.total, tt.wantsNext)
			}
		})
	}
}

func TestTouchpointByID(t *testing.T) {
	api := apitest.New(t, nil)
	seedFixture(t, api)
	q := `query($id: ID!) { touchpoint(id: $id) {
  id source externalId category occurredAt value sentiment attributes recordedAt
  type { key name category } account { id name } contact { id email }
} }`
	tests := []struct{ id, want string }{
		{"erp:1", `{"touchpoint":{"id":"erp:1","source":"erp","externalId":"1","category":"FINANCE","occurredAt":"2026-02-01T00:00:00Z","value":1200.5,"sentiment":null,"attributes":{"currency":"EUR"},"recordedAt":"2026-03-01T00:00:00Z","type":{"key":"invoice","name":"Invoice","category":"FINANCE"},"account":{"id":"acc-1","name":"Acme Corp"},"contact":null}}`},
		{"map:2", `{"touchpoint":{"id":"map:2","source":"map","externalId":"2","category":"MARKETING","occurredAt":"2026-01-20T15:00:00Z","value":null,"sentiment":0.5,"attributes":null,"recordedAt":"2026-03-01T00:00:00Z","type":{"key":"webinar_attendance","name":"Webinar attendance","category":"MARKETING"},"account":{"id":"acc-1","name":"Acme Corp"},"contact":{"id":"c-3","email":"carol@acme.com"}}}`},
		{"nope:1", `{"touchpoint":null}`},
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
