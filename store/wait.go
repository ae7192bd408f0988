package store

import (
	"context"
	"errors"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// errWaitLimit is the cancellation cause of a store call that spent its
// MaxRetryTime waiting for Neo4j. It is not a driver error, so the driver
// never retries it.
var errWaitLimit = errors.New("waited MaxRetryTime for neo4j to accept a transaction")

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
type waitLimit struct {
	ctx      context.Context // cancelled with errWaitLimit when the limit is spent
	cancel   context.CancelCauseFunc
	deadline time.Time
	timer    *time.Timer
	// throughQueries: the limit keeps running while attempts run queries.
	throughQueries bool
}

func startWaitLimit(parent context.Context, limit time.Duration, throughQueries bool) *waitLimit {
	ctx, cancel := context.WithCancelCause(parent)
	w := &waitLimit{ctx: ctx, cancel: cancel, deadline: time.Now().Add(limit), throughQueries: throughQueries}
	w.timer = time.AfterFunc(limit, func() { cancel(errWaitLimit) })
	return w
}

// spent reports whether the call was given up for having waited too long.
func (w *waitLimit) spent() bool { return errors.Is(context.Cause(w.ctx), errWaitLimit) }

func (w *waitLimit) stop() {
	w.timer.Stop()
	w.cancel(nil)
}

// attempt wraps one attempt of a transaction function. The driver calls it
// once the transaction has begun (ExecuteRead and ExecuteWrite wait for the
// server to accept BEGIN), so the limit can pause while it runs and resume
// when it fails and the driver would retry. No attempt starts once the limit
// is spent.
func (w *waitLimit) attempt(work func(context.Context, neo4j.ManagedTransaction) error) neo4j.ManagedTransactionWork {
	return func(tx neo4j.ManagedTransaction) (any, error) {
		if !time.Now().Before(w.deadline) {
			w.cancel(errWaitLimit)
			return nil, errWaitLimit
		}
		if w.throughQueries {
			return nil, work(w.ctx, tx)
		}
		w.timer.Stop()
		err := work(w.ctx, tx)
		if err != nil {
			// After a success the driver commits: a commit can be slow for
			// a large write and is not waiting, so the limit stays paused.
			w.resume()
		}
		return nil, err
	}
}

func (w *waitLimit) resume() {
	left := time.Until(w.deadline)
	if left <= 0 {
		w.cancel(errWaitLimit)
		return
	}
	w.timer.Reset(left)
}
