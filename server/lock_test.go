package server_test

import (
	"context"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/journeygraph/journeygraph/store"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// lockAccount makes writes to account id slow for real: it holds the
// account's write lock in an open transaction of the test's own, until
// release (or the end of the test). upsertsRunning counts the API's
// upsert_accounts transactions Neo4j shows (SHOW TRANSACTIONS).
func lockAccount(t *testing.T, db *storetest.DB, id string) (release func() error, upsertsRunning func() int64) {
	t.Helper()
	ctx := context.Background()
	driver, err := neo4j.NewDriverWithContext(db.Config.URI, neo4j.BasicAuth(db.Config.Username, db.Config.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = driver.Close(ctx) })
	session := driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: db.Config.Database})
	t.Cleanup(func() { _ = session.Close(ctx) })
	lock, err := session.BeginTransaction(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = lock.Rollback(ctx) })
	if _, err := lock.Run(ctx, `MATCH (a:Account {id: $id}) SET a.heldByTest = true`, map[string]any{"id": id}); err != nil {
		t.Fatal(err)
	}
	upsertText, _ := store.QueryText("upsert_accounts")
	return func() error { return lock.Rollback(ctx) }, func() int64 {
		return db.Count(`SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery = $q RETURN count(*) AS n`, map[string]any{"q": upsertText})
	}
}
