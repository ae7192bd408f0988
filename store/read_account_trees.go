package store

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/journeygraph/journeygraph/journey"
)

// AccountTrees returns the accounts with the given ids (unknown ids are
// absent, order is not kept) with the parts sel selects, in one query.
//
// Without parts it runs the accounts' own query, not the read-ahead one with
// nothing selected: that one costs Neo4j seconds to plan when it has just
// started, and while Neo4j recovers every call is bounded by MaxRetryTime, so
// a plan that cannot be made within it would fail every request asking for
// accounts alone until something else had it planned.
func (s *Store) AccountTrees(ctx context.Context, ids []string, sel journey.AccountSelection) ([]journey.AccountTree, error) {
	query, params := "accounts_by_id", map[string]any{}
	if !sel.Empty() {
		query, params = "account_trees_by_id", selectionParams(sel)
	}
	params["ids"] = ids
	res, err := s.read(ctx, query, params)
	if err != nil {
		return nil, err
	}
	out := make([]journey.AccountTree, len(res.Records))
	for i, rec := range res.Records {
		out[i] = accountTreeOf(rec, sel)
	}
	if err := s.attachTouchpointTypes(ctx, res.Records, sel, out); err != nil {
		return nil, err
	}
	return out, nil
}

// AccountTreePage is Accounts with the parts sel selects of each account of
// the page, read by the page's own query (without parts, by the accounts'
// own query, as in AccountTrees).
func (s *Store) AccountTreePage(ctx context.Context, q journey.AccountQuery, sel journey.AccountSelection) (journey.Page[journey.AccountTree], error) {
	query, params := "accounts_page", accountPageParams(q)
	if !sel.Empty() {
		query = "account_trees_page"
		for k, v := range selectionParams(sel) {
			params[k] = v
		}
	}
	res, err := s.read(ctx, query, params)
	if err != nil {
		return journey.Page[journey.AccountTree]{}, err
	}
	page := journey.Page[journey.AccountTree]{Items: make([]journey.AccountTree, 0, len(res.Records))}
	for _, rec := range res.Records {
		page.Items = append(page.Items, accountTreeOf(rec, sel))
	}
	if err := s.attachTouchpointTypes(ctx, res.Records, sel, page.Items); err != nil {
		return journey.Page[journey.AccountTree]{}, err
	}
	if len(page.Items) > q.First {
		page.Items, page.HasNext = page.Items[:q.First], true
	}
	if q.WithTotal {
		n, err := s.AccountCount(ctx, q.Filter)
		if err != nil {
			return journey.Page[journey.AccountTree]{}, err
		}
		page.Total = &n
	}
	return page, nil
}

// selectionParams are the parameters of account_selection.cypher: a part
// not selected gets LIMIT 0.
func selectionParams(sel journey.AccountSelection) map[string]any {
	p := map[string]any{
		"contactLimit": 0, "contactAfter": nil, "contactFields": []string{},
		"stageLimit":      0,
		"journeyAscLimit": 0, "journeyDescLimit": 0, "journeyAfterId": nil, "journeyAfterAt": nil,
		"journeyFrom": minTime, "journeyTo": maxTime, "journeyCategories": nil, "journeyTypes": nil,
		"touchpointFields": []string{}, "withTypes": sel.TouchpointTypes,
	}
	if c := sel.Contacts; c != nil {
		p["contactLimit"] = c.First + 1
		p["contactFields"] = sel.ContactFields
		if c.After != nil {
			p["contactAfter"] = c.After.ID
		}
	}
	if sel.CurrentStage {
		p["stageLimit"] = 1
	}
	if j := sel.Journey; j != nil {
		limit := "journeyAscLimit"
		if j.Desc {
			limit = "journeyDescLimit"
		}
		p[limit] = j.First + 1
		p["touchpointFields"] = sel.TouchpointFields
		filter := journeyFilterParams(nil, j.Filter)
		p["journeyFrom"], p["journeyTo"] = filter["from"], filter["to"]
		p["journeyCategories"], p["journeyTypes"] = filter["categories"], filter["types"]
		if c := j.After; c != nil && c.T != nil {
			p["journeyAfterId"], p["journeyAfterAt"] = c.ID, *c.T
		}
	}
	return p
}

// accountTreeOf reads one row of account_trees_page or account_trees_by_id
// (or of accounts_page or accounts_by_id, for an empty selection).
func accountTreeOf(rec *neo4j.Record, sel journey.AccountSelection) journey.AccountTree {
	account, _ := rec.Get("account")
	tree := journey.AccountTree{Account: accountFromMap(mapOf(account))}
	if c := sel.Contacts; c != nil {
		rows, _ := rec.Get("contacts")
		page := pageOfRows(listOf(rows), c.First, func(row any) journey.Contact {
			return contactFromMap(zip(sel.ContactFields, listOf(row)))
		})
		page.Partial = true
		tree.Contacts = &page
	}
	if sel.CurrentStage {
		stages, _ := rec.Get("stage")
		if list := listOf(stages); len(list) > 0 {
			st := stageFromMap(mapOf(list[0]))
			tree.CurrentStage = &st
		}
	}
	if j := sel.Journey; j != nil {
		rows, _ := rec.Get("journey")
		list := listOf(rows)
		// Converted whole, then ordered and cut here: see account_selection.cypher.
		page := pageOfRows(list, len(list), func(v any) journey.Touchpoint {
			return touchpointFromMap(zip(sel.TouchpointFields, listOf(v)))
		})
		slices.SortFunc(page.Items, func(a, b journey.Touchpoint) int {
			c := cmp.Or(a.OccurredAt.Compare(b.OccurredAt), strings.Compare(a.ID, b.ID))
			if j.Desc {
				return -c
			}
			return c
		})
		if len(page.Items) > j.First {
			page.Items, page.HasNext = page.Items[:j.First], true
		}
		page.Partial = true
		tree.Journey = &page
	}
	return tree
}

// attachTouchpointTypes sets each read-ahead touchpoint's PrefetchedType
// from the store's copy of the catalog when sel asks for types. The query
// returned the catalog's version token as it saw it (catalogToken): when the
// copy held has that token it is the catalog of the query's snapshot and
// costs nothing; otherwise (a catalog edit since, or no copy yet) the catalog
// is read again, which is then at least as new as the query's snapshot.
func (s *Store) attachTouchpointTypes(ctx context.Context, records []*neo4j.Record, sel journey.AccountSelection, trees []journey.AccountTree) error {
	if !sel.TouchpointTypes || sel.Journey == nil || len(records) == 0 {
		return nil
	}
	seen, _ := records[0].Get("catalogToken")
	var types []journey.TouchpointType
	if held := s.catalog.Load(); held != nil && len(listOf(seen)) == 1 && listOf(seen)[0] == held.token {
		types = held.types
	} else {
		var err error
		if types, err = s.touchpointCatalog(ctx); err != nil {
			return err
		}
	}
	byKey := make(map[string]*journey.TouchpointType, len(types))
	for i := range types {
		byKey[types[i].Key] = &types[i]
	}
	for i := range trees {
		if trees[i].Journey == nil {
			continue
		}
		for j := range trees[i].Journey.Items {
			t := &trees[i].Journey.Items[j]
			t.PrefetchedType = byKey[t.TypeKey]
		}
	}
	return nil
}

// zip pairs property names with a row of their values.
func zip(keys []string, values []any) map[string]any {
	m := make(map[string]any, len(keys))
	for i, k := range keys {
		if i < len(values) {
			m[k] = values[i]
		}
	}
	return m
}
