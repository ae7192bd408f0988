package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/store"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// TestMaxRetryTimeDoesNotCutARunningQuery: MaxRetryTime bounds waiting for
// an unavailable Neo4j, not queries a healthy Neo4j is running. A write that
// waits on a lock the test holds for twice the retry time must succeed once
// the lock is released.
func TestMaxRetryTimeDoesNotCutARunningQuery(t *testing.T) {
	db := storetest.New(t, nil)
	ctx := context.Background()
	if _, _, err := db.Store.UpsertAccount(ctx, journey.AccountInput{ID: "held", Name: "Before"}); err != nil {
		t.Fatal(err)
	}
	cfg := db.Config
	cfg.MaxRetryTime = time.Second
	st, err := store.Open(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)

	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.Username, cfg.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	session := driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: cfg.Database})
	defer session.Close(ctx)
	lock, err := session.BeginTransaction(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lock.Run(ctx, `MATCH (a:Account {id: 'held'}) SET a.heldByTest = true`, nil); err != nil {
		t.Fatal(err)
	}
	const held = 2 * time.Second
	released := make(chan error, 1)
	go func() {
		time.Sleep(held)
		released <- lock.Rollback(ctx)
	}()

	start := time.Now()
	_, created, err := st.UpsertAccount(ctx, journey.AccountInput{ID: "held", Name: "After"})
	took := time.Since(start)
	if err := <-released; err != nil {
		t.Fatalf("release the lock: %v", err)
	}
	if err != nil || created {
		t.Fatalf("upsert behind a %s lock with a %s retry time: created=%v err=%v", held, cfg.MaxRetryTime, created, err)
	}
	if took < held {
		t.Errorf("upsert returned after %s, before the lock was released (%s)", took, held)
	}
	if n := db.Count(`MATCH (a:Account {id: 'held', name: 'After'}) RETURN count(a) AS n`, nil); n != 1 {
		t.Errorf("%d accounts named After, want 1", n)
	}
}
