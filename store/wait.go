package store

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// errWaitLimit is the cancellation cause of a store call that spent its
// MaxRetryTime waiting for Neo4j. It is not a driver error, so the driver
// never retries it.
var errWaitLimit = errors.New("waited MaxRetryTime for neo4j to accept a transaction")

// A request may spend MaxRetryTime waiting for Neo4j, over all its store
// calls together: a mutation of several fields runs them one after another,
// and each would otherwise wait the whole time again. WithWaitBudget gives a
// request its budget; calls outside any request get MaxRetryTime each.

type waitBudgetKey struct{}

// waitBudget is the waiting time a request has left, shared by its calls,
// which may run in parallel (loader batches, sibling fields): it is charged
// by the clock, for the time at least one of them waits, so calls waiting
// side by side spend it once.
type waitBudget struct {
	mu      sync.Mutex
	left    time.Duration // as of since, or now when nobody waits
	waiting int           // calls waiting now
	since   time.Time     // when the current waiting began (waiting > 0)
}

// WithWaitBudget returns ctx carrying a budget of MaxRetryTime for all the
// store calls made with it (one request's). A nil store gives none.
func (s *Store) WithWaitBudget(ctx context.Context) context.Context {
	if s == nil {
		return ctx
	}
	return context.WithValue(ctx, waitBudgetKey{}, &waitBudget{left: s.maxWait})
}

// available is what a call may wait: at most limit, at most what is left.
func (b *waitBudget) available(limit time.Duration, now time.Time) time.Duration {
	if b == nil {
		return limit
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	left := b.left
	if b.waiting > 0 {
		left -= now.Sub(b.since)
	}
	return min(limit, left)
}

// startWaiting and stopWaiting bracket a call's waiting phase.
func (b *waitBudget) startWaiting(now time.Time) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.waiting == 0 {
		b.since = now
	}
	b.waiting++
}

func (b *waitBudget) stopWaiting(now time.Time) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.waiting--
	if b.waiting == 0 {
		b.left -= now.Sub(b.since)
	}
}

// waitLimit bounds the time one store call spends waiting for Neo4j: getting
// a connection (dial, Bolt handshake, authentication), having BEGIN accepted
// (a starting server holds it until the database is available), and the
// driver's pauses between retries. The driver's own knobs cannot give that
// bound: it checks MaxTransactionRetryTime only before each back-off pause
// (about 2s, then 4s, 8s, ...) and each attempt then gets a fresh
// ConnectionAcquisitionTimeout, so a call could take two to three times
// MaxRetryTime.
//
// While Neo4j is known to serve, the limit pauses while a transaction
// function runs its queries: a slow query is not an unavailable server, and
// the request deadline (JOURNEYGRAPH_REQUEST_TIMEOUT) bounds it. While Neo4j
// is recovering (see Store.recovering) it does not pause: a server that has
// just accepted connections again can take far longer than MaxRetryTime to
// answer its first queries, and for the client that is still waiting for an
// unavailable server.
//
// After a transaction function succeeds the driver commits; a commit can be
// slow for a large write and is not waiting, so the limit stays paused. If
// the commit fails and the driver retries, the time from the end of the work
// to the next attempt (commit, back-off, BEGIN) counts as waiting when that
// attempt starts: no attempt starts once the limit is spent, but the pause
// before it is bounded only by the driver's own retry time.
type waitLimit struct {
	ctx    context.Context // cancelled with errWaitLimit when the limit is spent
	cancel context.CancelCauseFunc
	budget *waitBudget // nil outside a request
	// throughQueries: the limit keeps running while attempts run queries.
	throughQueries bool

	// exhausted: the request had spent its budget before this call began,
	// so the call fails without asking Neo4j (which may well be serving).
	exhausted bool

	mu     sync.Mutex
	left   time.Duration // waiting time left; counts down while waiting
	since  time.Time     // start of the current waiting phase; zero while working
	worked time.Time     // end of a successful work phase (then the driver commits)
	timer  *time.Timer
}

func startWaitLimit(parent context.Context, limit time.Duration, throughQueries bool) *waitLimit {
	ctx, cancel := context.WithCancelCause(parent)
	budget, _ := parent.Value(waitBudgetKey{}).(*waitBudget)
	now := time.Now()
	allowed := max(0, budget.available(limit, now))
	w := &waitLimit{ctx: ctx, cancel: cancel, budget: budget, throughQueries: throughQueries,
		exhausted: allowed == 0, left: allowed, since: now}
	budget.startWaiting(now)
	w.timer = time.AfterFunc(allowed, func() { cancel(errWaitLimit) })
	return w
}

// spent reports whether the call was given up for having waited too long.
func (w *waitLimit) spent() bool { return errors.Is(context.Cause(w.ctx), errWaitLimit) }

// stop ends the call; its waiting phase, if any, ends with it.
func (w *waitLimit) stop() {
	w.mu.Lock()
	w.timer.Stop()
	if !w.since.IsZero() {
		w.budget.stopWaiting(time.Now())
		w.since = time.Time{}
	}
	w.mu.Unlock()
	w.cancel(nil)
}

// countWaiting moves the time waited since the current phase began out of
// left. Called with mu held.
func (w *waitLimit) countWaiting(now time.Time) {
	if !w.since.IsZero() {
		w.left -= now.Sub(w.since)
		w.since = now
	}
}

// attempt wraps one attempt of a transaction function. The driver calls it
// once the transaction has begun (ExecuteRead and ExecuteWrite wait for the
// server to accept BEGIN), so the limit can pause while it runs and resume
// when it fails and the driver would retry. No attempt starts once the limit
// is spent.
func (w *waitLimit) attempt(work func(context.Context, neo4j.ManagedTransaction) error) neo4j.ManagedTransactionWork {
	return func(tx neo4j.ManagedTransaction) (any, error) {
		if !w.beginWork() {
			w.cancel(errWaitLimit)
			return nil, errWaitLimit
		}
		err := work(w.ctx, tx)
		w.endWork(err)
		return nil, err
	}
}

// beginWork counts the waiting before this attempt and, unless the limit
// runs through queries, pauses it. It reports false when the limit is spent.
func (w *waitLimit) beginWork() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := time.Now()
	if !w.worked.IsZero() { // a retry after a failed commit
		w.left -= now.Sub(w.worked)
		w.worked = time.Time{}
	}
	w.countWaiting(now)
	if w.left <= 0 {
		return false
	}
	if !w.throughQueries {
		w.timer.Stop()
		w.since = time.Time{}
		w.budget.stopWaiting(now)
	}
	return true
}

// endWork resumes the limit after a failed attempt (the driver may retry),
// or notes the end of a successful one (the driver commits).
func (w *waitLimit) endWork(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.throughQueries {
		return
	}
	now := time.Now()
	if err == nil {
		w.worked = now
		return
	}
	if w.left <= 0 {
		w.cancel(errWaitLimit)
		return
	}
	w.since = now
	w.budget.startWaiting(now)
	w.timer.Reset(w.left)
}
