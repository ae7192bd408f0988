// Package loaders batches the reads of one GraphQL request: every nested field
// that needs an entity by key asks its loader, and the loader turns the whole
// batch into one `UNWIND $ids` query. Loaders live for one request only, so
// nothing is cached across users; mutations prime them with what they wrote.
package loaders

import (
	"context"
	"net/http"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/store"
)

// batchWait is how long a loader waits to collect keys before querying. Short:
// gqlgen resolves sibling fields concurrently, so a batch fills almost at once.
const batchWait = 2 * time.Millisecond

// Loaders holds one request's loaders.
type Loaders struct {
	AccountByID *dataloadgen.Loader[string, *journey.Account]
}

// New returns fresh loaders reading from s.
func New(s *store.Store) *Loaders {
	return &Loaders{
		AccountByID: dataloadgen.NewLoader(accountsByID(s), dataloadgen.WithWait(batchWait)),
	}
}

type ctxKey struct{}

// Middleware gives every request its own Loaders.
func Middleware(s *store.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(WithLoaders(r.Context(), New(s))))
	})
}

// WithLoaders returns ctx carrying l.
func WithLoaders(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// For returns the request's loaders. It panics when the middleware is missing:
// that is a wiring bug, not a runtime condition.
func For(ctx context.Context) *Loaders {
	l, ok := ctx.Value(ctxKey{}).(*Loaders)
	if !ok {
		panic("loaders: no loaders in context; is loaders.Middleware installed?")
	}
	return l
}

// accountsByID adapts the store's batch query to dataloadgen's contract:
// results in key order, nil for unknown keys.
func accountsByID(s *store.Store) func(context.Context, []string) ([]*journey.Account, []error) {
	return func(ctx context.Context, ids []string) ([]*journey.Account, []error) {
		found, err := s.AccountsByID(ctx, ids)
		if err != nil {
			return nil, []error{err}
		}
		return inKeyOrder(ids, found, func(a journey.Account) string { return a.ID }), nil
	}
}

// inKeyOrder arranges found in the order of keys, with nil for missing keys.
func inKeyOrder[K comparable, V any](keys []K, found []V, key func(V) K) []*V {
	byKey := make(map[K]*V, len(found))
	for i := range found {
		byKey[key(found[i])] = &found[i]
	}
	out := make([]*V, len(keys))
	for i, k := range keys {
		out[i] = byKey[k]
	}
	return out
}
