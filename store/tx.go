package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/journeygraph/journeygraph/journey"
)

// txRunner runs named queries inside one managed transaction.
type txRunner struct {
	ctx context.Context
	tx  neo4j.ManagedTransaction
	s   *Store
	// batchID is new for every attempt of the transaction function. Write
	// queries stamp it on the nodes they create and then recognise "created by
	// this attempt" by it, so a retry after an attempt that did commit (its
	// acknowledgement was lost) sees those nodes as existing, not new.
	batchID string
	// profileAccounts and profileContacts are the owners whose analytics
	// attributes this attempt changed (see markProfiles).
	profileAccounts, profileContacts []string
}

// markAccountProfile records that this transaction changed what the analytics
// read of account id besides its touchpoints and stage transitions (which the
// change feed records): it was created, or its segment, industry, region or
// ARR changed, or its journey path was built.
func (r *txRunner) markAccountProfile(id string) { r.profileAccounts = append(r.profileAccounts, id) }

// markContactProfile is markAccountProfile for a contact: created, moved to
// another account, or its journey path built.
func (r *txRunner) markContactProfile(id string) { r.profileContacts = append(r.profileContacts, id) }

// markProfiles ends a write transaction that marked owners: it gives them a
// new profile bump number (mark_profiles.cypher), which each API process's
// journey cache sees in the data version it reads per request. A replay that
// changes nothing marks nothing, so it bumps nothing.
func (r *txRunner) markProfiles() error {
	if len(r.profileAccounts) == 0 && len(r.profileContacts) == 0 {
		return nil
	}
	_, err := r.run("mark_profiles", map[string]any{
		"accountIds": sortedUnique(r.profileAccounts), "contactIds": sortedUnique(r.profileContacts),
		"keepBumps": ProfileBumpsKept})
	return err
}

func (r *txRunner) run(name string, params map[string]any) ([]*neo4j.Record, error) {
	recs, _, err := r.runSummarised(name, params)
	// Returned unwrapped: the driver decides from it whether to retry.
	return recs, err
}

// runSummarised is run for a query whose caller needs its summary (counters).
func (r *txRunner) runSummarised(name string, params map[string]any) ([]*neo4j.Record, neo4j.ResultSummary, error) {
	start := time.Now()
	res, err := r.tx.Run(r.ctx, cypher(name), params)
	var recs []*neo4j.Record
	var summary neo4j.ResultSummary
	if err == nil {
		recs, err = res.Collect(r.ctx)
	}
	if err == nil {
		summary, err = res.Consume(r.ctx)
	}
	r.s.observe(r.ctx, name, time.Since(start), err)
	return recs, summary, err
}

// writeTx runs work in one managed write transaction: all of it commits or
// none of it does, and transient failures (deadlocks, leader switches) are
// retried by the driver. work must be safe to run more than once. A
// *journey.Error or journey.Errors returned by work rolls back and is
// returned as is.
func (s *Store) writeTx(ctx context.Context, name string, work func(*txRunner) error) error {
	return s.runTx(ctx, name, neo4j.AccessModeWrite, work)
}

// readTx runs work in one managed read transaction, so several queries see
// one consistent snapshot and nothing can be written.
func (s *Store) readTx(ctx context.Context, name string, work func(*txRunner) error) error {
	return s.runTx(ctx, name, neo4j.AccessModeRead, work)
}

func (s *Store) runTx(ctx context.Context, name string, mode neo4j.AccessMode, work func(*txRunner) error) error {
	return s.execute(ctx, name, mode, func(ctx context.Context, tx neo4j.ManagedTransaction) error {
		r := &txRunner{ctx: ctx, tx: tx, s: s}
		if mode == neo4j.AccessModeWrite {
			r.batchID = newBatchID()
		}
		if err := work(r); err != nil {
			return err
		}
		return r.markProfiles()
	})
}

// execute runs attempt in one managed transaction, retried by the driver on
// transient failures, waiting for Neo4j no longer than s.maxWait (see
// waitLimit; while s.recovering, that bounds the whole call). attempt must be
// safe to run more than once. A *journey.Error or journey.Errors it returns
// is returned as is; other errors are classified.
func (s *Store) execute(ctx context.Context, name string, mode neo4j.AccessMode, attempt func(context.Context, neo4j.ManagedTransaction) error) error {
	limit := startWaitLimit(ctx, s.maxWait, s.recovering.Load())
	defer limit.stop()
	if limit.exhausted {
		// The request already waited its MaxRetryTime in earlier calls: fail
		// without asking Neo4j, and without taking Neo4j for down.
		return classify(ctx, true, name, errWaitLimit)
	}
	session := s.driver.NewSession(limit.ctx, neo4j.SessionConfig{
		DatabaseName: s.database,
		AccessMode:   mode,
		// One bookmark manager for every call: reads see the writes before them, also on a cluster.
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager(),
	})
	defer session.Close(context.WithoutCancel(ctx))
	var err error
	if mode == neo4j.AccessModeWrite {
		_, err = session.ExecuteWrite(limit.ctx, limit.attempt(attempt))
	} else {
		_, err = session.ExecuteRead(limit.ctx, limit.attempt(attempt))
	}
	var domainErr *journey.Error
	var domainErrs journey.Errors
	if err == nil || errors.As(err, &domainErr) || errors.As(err, &domainErrs) {
		s.recovering.Store(false) // Neo4j answered
		return err
	}
	err = classify(ctx, limit.spent(), name, err)
	if journey.ErrorCode(err) == journey.CodeUnavailable {
		s.recovering.Store(true)
	}
	return err
}

func newBatchID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// lockAccounts takes the write lock of each account, in id order so that
// concurrent batches cannot deadlock. Journeys of an account are re-chained
// only while its lock is held.
func (r *txRunner) lockAccounts(ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := r.run("lock_accounts", map[string]any{"ids": sortedUnique(ids)})
	return err
}

func (r *txRunner) lockContacts(ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := r.run("lock_contacts", map[string]any{"ids": sortedUnique(ids)})
	return err
}
