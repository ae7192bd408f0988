package server_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/server/apitest"
)

// TestRequestTimeoutCancelsTheNeo4jQuery makes a write slow for real — the
// test holds the account's write lock in an open transaction of its own —
// and checks that the request fails with TIMEOUT at its deadline and that
// Neo4j no longer runs its transaction afterwards (SHOW TRANSACTIONS), while
// the test's lock is still held: the context cancelled it, not the lock.
func TestRequestTimeoutCancelsTheNeo4jQuery(t *testing.T) {
	opts := apitest.DefaultOptions()
	opts.RequestTimeout = 1500 * time.Millisecond
	api := apitest.NewWithOptions(t, nil, opts)
	api.MustDo(t, `mutation { upsertAccount(input: {id: "slow", name: "Before"}) { created } }`, nil, nil)

	release, running := lockAccount(t, api.DB, "slow")

	type result struct {
		res  apitest.Result
		err  error
		took time.Duration
	}
	done := make(chan result, 1)
	go func() {
		start := time.Now()
		res, err := api.Try(`mutation { upsertAccount(input: {id: "slow", name: "After"}) { created } }`, nil)
		done <- result{res, err, time.Since(start)}
	}()

	// While the request waits for the lock, Neo4j shows its transaction.
	seen := false
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && !seen; time.Sleep(50 * time.Millisecond) {
		seen = running() == 1
	}
	if !seen {
		t.Fatal("the API's upsert_accounts transaction never showed in SHOW TRANSACTIONS")
	}
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	if len(r.res.Errors) != 1 || r.res.Errors[0].Code() != "TIMEOUT" || r.res.Status != http.StatusOK {
		t.Fatalf("errors %+v, want one TIMEOUT", r.res.Errors)
	}
	if r.took < opts.RequestTimeout || r.took > opts.RequestTimeout+5*time.Second {
		t.Errorf("request took %s with a %s deadline", r.took, opts.RequestTimeout)
	}

	// The lock is still held: only cancellation can have ended the transaction.
	gone := false
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && !gone; time.Sleep(100 * time.Millisecond) {
		gone = running() == 0
	}
	if !gone {
		t.Fatal("the timed-out request's transaction still runs in Neo4j")
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	if n := api.Count(`MATCH (a:Account {id: 'slow', name: 'Before'}) RETURN count(a) AS n`, nil); n != 1 {
		t.Errorf("the timed-out write changed the account")
	}
}
