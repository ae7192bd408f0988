package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/journeygraph/journeygraph/graph/model"
	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/loaders"
)

// Argument translation and connection building shared by the list resolvers.

// Default page sizes, as the schema declares them; they apply when a client
// passes first: null explicitly.
const (
	defaultListFirst         = 20
	defaultAccountContacts   = 50
	defaultJourneyFirst      = 50
	fieldFirst, fieldAfter   = "first", "after"
	connectionTotalCountName = "totalCount"
)

// wantsTotal reports whether the client selected totalCount on the
// connection this resolver returns: only then is the count query run.
func wantsTotal(ctx context.Context) bool {
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name == connectionTotalCountName {
			return true
		}
	}
	return false
}

func accountQuery(ctx context.Context, filter *journey.AccountFilter, orderBy *model.AccountOrder, first *int, after *string) (journey.AccountQuery, error) {
	q := journey.AccountQuery{OrderField: journey.AccountOrderName, WithTotal: wantsTotal(ctx)}
	if orderBy != nil {
		q.OrderField = orderBy.Field
		q.Desc = orderBy.Direction != nil && *orderBy.Direction == model.SortDirectionDesc
	}
	if filter != nil {
		q.Filter = *filter
	}
	var err error
	if q.First, err = journey.PageSize(fieldFirst, first, defaultListFirst, journey.MaxListPage); err != nil {
		return q, err
	}
	q.After, err = journey.DecodeCursor(fieldAfter, after, q.OrderName())
	return q, err
}

func contactQuery(ctx context.Context, filter *journey.ContactFilter, first *int, def int, after *string) (journey.ContactQuery, error) {
	return contactQueryWith(wantsTotal(ctx), filter, first, def, after)
}

func contactQueryWith(withTotal bool, filter *journey.ContactFilter, first *int, def int, after *string) (journey.ContactQuery, error) {
	q := journey.ContactQuery{WithTotal: withTotal}
	if filter != nil {
		q.Filter = *filter
	}
	var err error
	if q.First, err = journey.PageSize(fieldFirst, first, def, journey.MaxListPage); err != nil {
		return q, err
	}
	q.After, err = journey.DecodeCursor(fieldAfter, after, journey.ContactOrder)
	return q, err
}

func journeyQuery(ctx context.Context, filter *journey.JourneyFilter, order *model.SortDirection, first *int, after *string) (journey.JourneyQuery, error) {
	return journeyQueryWith(wantsTotal(ctx), filter, order, first, after)
}

func journeyQueryWith(withTotal bool, filter *journey.JourneyFilter, order *model.SortDirection, first *int, after *string) (journey.JourneyQuery, error) {
	q := journey.JourneyQuery{Desc: order != nil && *order == model.SortDirectionDesc, WithTotal: withTotal}
	if filter != nil {
		q.Filter = *filter
	}
	var err error
	if q.First, err = journey.PageSize(fieldFirst, first, defaultJourneyFirst, journey.MaxJourneyPage); err != nil {
		return q, err
	}
	q.After, err = journey.DecodeCursor(fieldAfter, after, journey.JourneyOrderName(q.Desc))
	if err == nil && q.After != nil && q.After.T == nil {
		err = journey.Invalid(fieldAfter, "malformed cursor")
	}
	return q, err
}

// pageInfo: hasPreviousPage is whether an after cursor was given.
func pageInfo(hasNext, hasPrevious bool, cursors []string) *model.PageInfo {
	info := &model.PageInfo{HasNextPage: hasNext, HasPreviousPage: hasPrevious}
	if n := len(cursors); n > 0 {
		info.StartCursor, info.EndCursor = &cursors[0], &cursors[n-1]
	}
	return info
}

func total[T any](p *journey.Page[T]) int {
	if p.Total == nil {
		return 0 // not selected, so never sent
	}
	return *p.Total
}

// accountConnection builds a page of accounts and hands what was read ahead
// below them (sel) to the loaders.
func accountConnection(ctx context.Context, q journey.AccountQuery, sel readAhead, p *journey.Page[journey.AccountTree]) *model.AccountConnection {
	loaders.For(ctx).AccountPage(ids(p.Items, func(a journey.AccountTree) string { return a.ID }))
	edges, info := connectionOf(p, q.After != nil, func(a journey.AccountTree) journey.Cursor { return q.CursorOf(a.Account) },
		func(c string, a *journey.AccountTree) *model.AccountEdge {
			return &model.AccountEdge{Cursor: c, Node: prime(ctx, sel, a)}
		})
	return &model.AccountConnection{Edges: edges, PageInfo: info, TotalCount: total(p)}
}

func contactConnection(ctx context.Context, after *journey.Cursor, p *journey.Page[journey.Contact]) *model.ContactConnection {
	l := loaders.For(ctx)
	l.ContactPage(ids(p.Items, func(c journey.Contact) string { return c.ID }))
	edges, info := connectionOf(p, after != nil, journey.ContactCursor, func(cursor string, c *journey.Contact) *model.ContactEdge {
		if !p.Partial {
			l.ContactByID.Prime(c.ID, c)
		}
		return &model.ContactEdge{Cursor: cursor, Node: c}
	})
	return &model.ContactConnection{Edges: edges, PageInfo: info, TotalCount: total(p)}
}

func touchpointConnection(ctx context.Context, q journey.JourneyQuery, p *journey.Page[journey.Touchpoint]) *model.TouchpointConnection {
	prime := loaders.For(ctx).TouchpointByID.Prime
	edges, info := connectionOf(p, q.After != nil, q.CursorOf, func(c string, t *journey.Touchpoint) *model.TouchpointEdge {
		if !p.Partial {
			prime(t.ID, t)
		}
		return &model.TouchpointEdge{Cursor: c, Node: t}
	})
	return &model.TouchpointConnection{Edges: edges, PageInfo: info, TotalCount: total(p)}
}

// connectionOf builds a page's edges, in order, and its page info. Each node
// is a copy of its own: pages may come from a loader other fields share.
func connectionOf[T, E any](p *journey.Page[T], hasPrevious bool, cursorOf func(T) journey.Cursor, edge func(cursor string, node *T) E) ([]E, *model.PageInfo) {
	edges := make([]E, len(p.Items))
	cursors := make([]string, len(p.Items))
	for i, item := range p.Items {
		node := item
		cursors[i] = cursorOf(node).Encode()
		edges[i] = edge(cursors[i], &node)
	}
	return edges, pageInfo(p.HasNext, hasPrevious, cursors)
}

// pointers returns pointers to copies of items, for list fields.
func pointers[T any](items []T) []*T {
	out := make([]*T, len(items))
	for i := range items {
		v := items[i]
		out[i] = &v
	}
	return out
}

func ids[T any](items []T, id func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}
