package loaders

import (
	"context"
	"sync"
)

// Sibling groups make the batching of a page's nested fields deterministic.
//
// dataloadgen batches the keys that arrive within batchWait. gqlgen starts the
// nested resolvers of a page's 50 accounts concurrently, but on a loaded
// machine they do not always all reach their loader within a couple of
// milliseconds, and a late one would start a second batch and a second query.
// So a resolver that builds a page of accounts (or contacts) records the
// page's ids as a group, and a per-account loader's batch, when it contains
// any member of a group, fetches the whole group at once; a later batch
// asking for a member already fetched, or being fetched, waits for that
// result instead of querying again. A page's nested field thus costs one
// query however its resolvers are scheduled, and keys outside any group are
// batched by time as before.

type groups struct {
	mu sync.Mutex
	of map[string][]string // id -> the ids of the page it was listed in
}

// add records ids as one group.
func (g *groups) add(ids []string) {
	group := append([]string(nil), ids...)
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.of == nil {
		g.of = map[string][]string{}
	}
	for _, id := range group {
		g.of[id] = group
	}
}

// expand returns id's group, or just id.
func (g *groups) expand(id string) []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	if group, ok := g.of[id]; ok {
		return group
	}
	return []string{id}
}

// fetchCall is one store fetch shared by every key it covers.
type fetchCall[V any] struct {
	done   chan struct{}
	values map[string]V
	err    error
}

// grouped wraps a batch fetch (results in key order) so that it fetches whole
// groups, once per request.
func grouped[V any](g *groups, fetch func(context.Context, []string) ([]V, []error)) func(context.Context, []string) ([]V, []error) {
	var mu sync.Mutex
	calls := map[string]*fetchCall[V]{}
	return func(ctx context.Context, ids []string) ([]V, []error) {
		call := &fetchCall[V]{done: make(chan struct{})}
		var mine []string
		mu.Lock()
		for _, id := range ids {
			if _, ok := calls[id]; ok {
				continue
			}
			for _, k := range g.expand(id) {
				if _, ok := calls[k]; !ok {
					calls[k] = call
					mine = append(mine, k)
				}
			}
		}
		waits := make([]*fetchCall[V], len(ids))
		for i, id := range ids {
			waits[i] = calls[id]
		}
		mu.Unlock()

		if len(mine) > 0 {
			values, errs := fetch(ctx, mine)
			call.values = make(map[string]V, len(mine))
			switch {
			case len(errs) == 1 && errs[0] != nil:
				call.err = errs[0]
			case len(values) == len(mine):
				for i, k := range mine {
					call.values[k] = values[i]
				}
			}
			close(call.done)
		}

		out := make([]V, len(ids))
		var errs []error
		for i, c := range waits {
			<-c.done
			if c.err != nil {
				if errs == nil {
					errs = make([]error, len(ids))
				}
				errs[i] = c.err
				continue
			}
			out[i] = c.values[ids[i]]
		}
		return out, errs
	}
}
