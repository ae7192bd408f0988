// Package loaders batches the reads of one GraphQL request: every nested field
// that needs an entity by key asks its loader, and the loader turns the whole
// batch into one `UNWIND $ids` query. Loaders live for one request only, so
// nothing is cached across users; mutations prime them with what they wrote.
package loaders

import (
	"context"
	"net/http"
	"sync"
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
	AccountByID    *dataloadgen.Loader[string, *journey.Account]
	ContactByID    *dataloadgen.Loader[string, *journey.Contact]
	TouchpointByID *dataloadgen.Loader[string, *journey.Touchpoint]

	// CurrentStageByAccount is nil for an account before its first transition.
	CurrentStageByAccount *dataloadgen.Loader[string, *journey.Stage]
	// StageHistoryByAccount is an account's transitions, oldest first.
	StageHistoryByAccount *dataloadgen.Loader[string, []journey.StageTransition]

	// Lists whose page depends on field arguments: one loader per distinct
	// argument set, created on first use (see ContactsByAccount, JourneyByAccount).
	store *store.Store
	mu    sync.Mutex
	pages map[pageKey]any

	catalog catalog

	// readAhead holds parts a root resolver read ahead for one selection of
	// a nested field (see KeepReadAhead); guarded by mu.
	readAhead map[readAheadKey]any

	accountPages, contactPages groups
}

// New returns fresh loaders reading from s.
func New(s *store.Store) *Loaders {
	l := &Loaders{
		AccountByID:    dataloadgen.NewLoader(byID(s.AccountsByID, func(a journey.Account) string { return a.ID }), dataloadgen.WithWait(batchWait)),
		ContactByID:    dataloadgen.NewLoader(byID(s.ContactsByID, func(c journey.Contact) string { return c.ID }), dataloadgen.WithWait(batchWait)),
		TouchpointByID: dataloadgen.NewLoader(byID(s.TouchpointsByID, func(t journey.Touchpoint) string { return t.ID }), dataloadgen.WithWait(batchWait)),
		store:          s,
		pages:          map[pageKey]any{},
		catalog:        catalog{store: s},
	}
	l.CurrentStageByAccount = dataloadgen.NewLoader(grouped(&l.accountPages, currentStages(s)), dataloadgen.WithWait(batchWait))
	l.StageHistoryByAccount = dataloadgen.NewLoader(grouped(&l.accountPages, stageHistories(s)), dataloadgen.WithWait(batchWait))
	return l
}

// AccountPage records the ids of a page of accounts being returned, so the
// per-account loaders fetch the page's nested fields in one query each (see
// groups.go).
func (l *Loaders) AccountPage(ids []string) { l.accountPages.add(ids) }

// ContactPage is AccountPage for a page of contacts.
func (l *Loaders) ContactPage(ids []string) { l.contactPages.add(ids) }

type readAheadKey struct {
	selection any
	accountID string
}

// KeepReadAhead keeps part, read ahead for one selection of a field below
// account accountID, for that selection alone. Such a part may carry only
// the properties its selection asks for, so it must not be shared with other
// selections the way a loader's values are.
func (l *Loaders) KeepReadAhead(selection any, accountID string, part any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.readAhead == nil {
		l.readAhead = map[readAheadKey]any{}
	}
	l.readAhead[readAheadKey{selection, accountID}] = part
}

// ReadAhead returns what KeepReadAhead kept for selection and accountID, or nil.
func (l *Loaders) ReadAhead(selection any, accountID string) any {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.readAhead[readAheadKey{selection, accountID}]
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

// byID adapts a store batch lookup to dataloadgen's contract: results in key
// order, nil for unknown keys.
func byID[V any](fetch func(context.Context, []string) ([]V, error), id func(V) string) func(context.Context, []string) ([]*V, []error) {
	return func(ctx context.Context, ids []string) ([]*V, []error) {
		found, err := fetch(ctx, ids)
		if err != nil {
			return nil, []error{err}
		}
		return inKeyOrder(ids, found, id), nil
	}
}

func currentStages(s *store.Store) func(context.Context, []string) ([]*journey.Stage, []error) {
	return func(ctx context.Context, ids []string) ([]*journey.Stage, []error) {
		found, err := s.CurrentStagesByAccount(ctx, ids)
		if err != nil {
			return nil, []error{err}
		}
		out := make([]*journey.Stage, len(ids))
		for i, id := range ids {
			if st, ok := found[id]; ok {
				out[i] = &st
			}
		}
		return out, nil
	}
}

func stageHistories(s *store.Store) func(context.Context, []string) ([][]journey.StageTransition, []error) {
	return func(ctx context.Context, ids []string) ([][]journey.StageTransition, []error) {
		found, err := s.StageHistoriesByAccount(ctx, ids)
		if err != nil {
			return nil, []error{err}
		}
		out := make([][]journey.StageTransition, len(ids))
		for i, id := range ids {
			out[i] = found[id]
			if out[i] == nil {
				out[i] = []journey.StageTransition{}
			}
		}
		return out, nil
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
