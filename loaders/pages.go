package loaders

import (
	"context"
	"encoding/json"

	"github.com/vikstrous/dataloadgen"

	"github.com/journeygraph/journeygraph/journey"
)

// Nested lists with arguments (Account.contacts(first, after),
// Account.journey(filter, order, first, after), Contact.journey(...)) are
// batched per distinct argument set: all accounts of a page asking for the
// same arguments share one loader, so they cost one query (plus one count
// query when totalCount is selected), however many accounts the page has.

type pageKey struct {
	kind string // "contactsByAccount", "journeyByAccount", "journeyByContact", "pathToStage"
	args string // the arguments, canonically encoded
}

// ContactsByAccount returns the loader of contact pages for q's arguments
// (q.Filter is ignored: the account is the filter).
func (l *Loaders) ContactsByAccount(q journey.ContactQuery) *dataloadgen.Loader[string, *journey.Page[journey.Contact]] {
	q.Filter = journey.ContactFilter{}
	return pageLoader(l, &l.accountPages, "contactsByAccount", q, func(ctx context.Context, ids []string) (map[string]*journey.Page[journey.Contact], error) {
		return l.store.ContactsByAccount(ctx, ids, q)
	})
}

// JourneyByAccount returns the loader of account journey pages for q's arguments.
func (l *Loaders) JourneyByAccount(q journey.JourneyQuery) *dataloadgen.Loader[string, *journey.Page[journey.Touchpoint]] {
	return pageLoader(l, &l.accountPages, "journeyByAccount", q, func(ctx context.Context, ids []string) (map[string]*journey.Page[journey.Touchpoint], error) {
		return l.store.JourneysByAccount(ctx, ids, q)
	})
}

// JourneyByContact returns the loader of contact journey pages for q's arguments.
func (l *Loaders) JourneyByContact(q journey.JourneyQuery) *dataloadgen.Loader[string, *journey.Page[journey.Touchpoint]] {
	return pageLoader(l, &l.contactPages, "journeyByContact", q, func(ctx context.Context, ids []string) (map[string]*journey.Page[journey.Touchpoint], error) {
		return l.store.JourneysByContact(ctx, ids, q)
	})
}

// PathToStage returns the loader of accounts' paths to stage (nil for an
// account that never entered it): a page of accounts asking for the same
// stage costs one query.
func (l *Loaders) PathToStage(stage string) *dataloadgen.Loader[string, *journey.AccountPath] {
	return keyedLoader(l, pageKey{kind: "pathToStage", args: stage}, grouped(&l.accountPages, func(ctx context.Context, ids []string) ([]*journey.AccountPath, []error) {
		found, err := l.store.PathsToStage(ctx, ids, stage)
		if err != nil {
			return nil, []error{err}
		}
		out := make([]*journey.AccountPath, len(ids))
		for i, id := range ids {
			if p, ok := found[id]; ok {
				out[i] = &p
			}
		}
		return out, nil
	}))
}

// pageLoader returns the request's loader of pages for (kind, args). An id
// without a page gets an empty one.
func pageLoader[V any](l *Loaders, g *groups, kind string, args any, fetch func(context.Context, []string) (map[string]*journey.Page[V], error)) *dataloadgen.Loader[string, *journey.Page[V]] {
	b, err := json.Marshal(args)
	if err != nil {
		panic("loaders: page arguments cannot be encoded: " + err.Error()) // plain structs: impossible
	}
	return keyedLoader(l, pageKey{kind: kind, args: string(b)}, grouped(g, func(ctx context.Context, ids []string) ([]*journey.Page[V], []error) {
		found, err := fetch(ctx, ids)
		if err != nil {
			return nil, []error{err}
		}
		out := make([]*journey.Page[V], len(ids))
		for i, id := range ids {
			out[i] = found[id]
			if out[i] == nil {
				out[i] = &journey.Page[V]{Items: []V{}}
			}
		}
		return out, nil
	}))
}

// keyedLoader returns the request's loader for key, creating it with fetch on
// first use.
func keyedLoader[V any](l *Loaders, key pageKey, fetch func(context.Context, []string) ([]V, []error)) *dataloadgen.Loader[string, V] {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ld, ok := l.pages[key]; ok {
		return ld.(*dataloadgen.Loader[string, V])
	}
	ld := dataloadgen.NewLoader(fetch, dataloadgen.WithWait(batchWait))
	l.pages[key] = ld
	return ld
}
