// Package storetest is the one helper every test uses to reach the test Neo4j
// that `make test` starts. Each test gets an empty, migrated database of its
// own: a cross-process file lock serialises the tests that touch Neo4j (Neo4j
// Community has one user database, and `go test ./...` runs packages in
// parallel), and the data is wiped before the test runs.
//
// A missing Neo4j is a test failure, never a skip.
package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	neo4jdb "github.com/neo4j/neo4j-go-driver/v5/neo4j/db"

	"github.com/journeygraph/journeygraph/store"
)

// Environment set by scripts/test.sh.
const (
	EnvURI      = "JOURNEYGRAPH_TEST_NEO4J_URI"
	EnvPassword = "JOURNEYGRAPH_TEST_NEO4J_PASSWORD"
	EnvCtl      = "JOURNEYGRAPH_TEST_NEO4J_CTL"
)

// Config returns how to reach the test Neo4j, failing the test when it is not
// configured.
func Config(t testing.TB) store.Config {
	t.Helper()
	uri := os.Getenv(EnvURI)
	if uri == "" {
		t.Fatalf("%s is not set: run the tests with `make test`, which starts a test Neo4j", EnvURI)
	}
	return store.Config{
		URI:          uri,
		Username:     "neo4j",
		Password:     os.Getenv(EnvPassword),
		Database:     "neo4j",
		MaxRetryTime: 3 * time.Second,
	}
}

// DB is an isolated test database: a Store for the code under test and a raw
// driver for the test's own setup and independent assertions.
type DB struct {
	Store  *store.Store
	Config store.Config
	driver neo4j.DriverWithContext
	t      testing.TB
}

// setupTimeout bounds New's wipe and migration.
const setupTimeout = 5 * time.Minute

// New locks the test Neo4j for t, empties it, applies migrations and returns
// it. observer (may be nil) sees every query the Store runs.
func New(t testing.TB, observer store.Observer) *DB {
	t.Helper()
	cfg := Config(t)
	lock(t, cfg.URI)

	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.Username, cfg.Password, ""))
	if err != nil {
		t.Fatalf("test driver: %v", err)
	}
	t.Cleanup(func() { _ = driver.Close(context.Background()) })
	// Setup, not a measurement: the first migration of a fresh server creates
	// every constraint and waits for its index, which took over a minute on
	// two cores shared with other test runs.
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	if err := driver.VerifyConnectivity(ctx); err != nil {
		t.Fatalf("test Neo4j at %s is not reachable (is `make test` running it?): %v", cfg.URI, err)
	}
	db := &DB{Config: cfg, driver: driver, t: t}
	db.wipe(ctx)

	st, err := store.Open(cfg, observer)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = st.Close(context.Background()) })
	if err := st.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	db.Store = st
	return db
}

// wipe deletes every node and relationship; schema (constraints, indexes) stays.
func (db *DB) wipe(ctx context.Context) {
	db.t.Helper()
	session := db.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: db.Config.Database})
	defer session.Close(ctx)
	res, err := session.Run(ctx, "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS", nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		db.t.Fatalf("wipe test database: %v", err)
	}
}

// Query runs Cypher directly (bypassing the code under test) and returns the
// rows as maps, for setup and for assertions worked out independently.
func (db *DB) Query(cypher string, params map[string]any) []map[string]any {
	db.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := neo4j.ExecuteQuery(ctx, db.driver, cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(db.Config.Database))
	if err != nil {
		db.t.Fatalf("query %q: %v", cypher, err)
	}
	rows := make([]map[string]any, len(res.Records))
	for i, r := range res.Records {
		rows[i] = r.AsMap()
	}
	return rows
}

// PlanOperators returns the operator names of the plan Neo4j would use for
// cypher (EXPLAIN: nothing runs), depth first, nested operators included (see
// walkPlan).
func (db *DB) PlanOperators(cypher string, params map[string]any) []string {
	db.t.Helper()
	var ops []string
	walkPlan(db.explain(cypher, params), func(p *neo4jdb.Plan) { ops = append(ops, p.Operator) })
	return ops
}

// explain returns the plan Neo4j would use for cypher (nothing runs).
func (db *DB) explain(cypher string, params map[string]any) neo4j.Plan {
	db.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := neo4j.ExecuteQuery(ctx, db.driver, "EXPLAIN "+cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(db.Config.Database))
	if err != nil {
		db.t.Fatalf("explain %q: %v", cypher, err)
	}
	return res.Summary.Plan()
}

// PlanDetails is PlanOperators with each operator's details (the index, label
// or expression it works on): "NodeIndexSeek: RANGE INDEX t:Touchpoint(…) …".
func (db *DB) PlanDetails(cypher string, params map[string]any) []string {
	db.t.Helper()
	var out []string
	walkPlan(db.explain(cypher, params), func(p *neo4jdb.Plan) {
		details, _ := p.Arguments["Details"].(string)
		out = append(out, p.Operator+": "+details)
	})
	return out
}

// walkPlan visits the plan (may be nil) and its children, depth first. It
// reads the driver's plan record itself: the driver's Plan.Children (v5.28)
// returns the last child in place of each child (a loop variable taken by
// address), so walking through it misses operators.
func walkPlan(p neo4j.Plan, visit func(*neo4jdb.Plan)) {
	if p == nil {
		return
	}
	field := reflect.ValueOf(p).Elem().Field(0) // plan{plan *db.Plan}
	raw, ok := reflect.NewAt(field.Type(), unsafe.Pointer(field.UnsafeAddr())).Elem().Interface().(*neo4jdb.Plan)
	if !ok || raw == nil {
		panic("storetest: the driver's plan is not a *db.Plan any more; update walkPlan")
	}
	var walk func(*neo4jdb.Plan)
	walk = func(p *neo4jdb.Plan) {
		visit(p)
		for i := range p.Children {
			walk(&p.Children[i])
		}
	}
	walk(raw)
}

// Count runs a query returning one integer column and returns it.
func (db *DB) Count(cypher string, params map[string]any) int64 {
	db.t.Helper()
	rows := db.Query(cypher, params)
	if len(rows) != 1 || len(rows[0]) != 1 {
		db.t.Fatalf("count query %q returned %v", cypher, rows)
	}
	for _, v := range rows[0] {
		n, ok := v.(int64)
		if !ok {
			db.t.Fatalf("count query %q returned %T", cypher, v)
		}
		return n
	}
	return 0
}

// StopServer stops the test Neo4j process (for failure tests). The lock held
// by New keeps other test packages from running meanwhile.
func (db *DB) StopServer() { db.ctl("stop") }

// StartServer starts the test Neo4j again, keeping its data, and waits until
// it accepts connections.
func (db *DB) StartServer() { db.ctl("start") }

// lock takes an exclusive, cross-process lock on the test Neo4j at uri until
// the test ends.
func lock(t testing.TB, uri string) {
	t.Helper()
	sum := sha256.Sum256([]byte(uri))
	path := filepath.Join(os.TempDir(), "journeygraph-testdb-"+hex.EncodeToString(sum[:6])+".lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatalf("open lock file: %v", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		t.Fatalf("lock %s: %v", path, err)
	}
	t.Cleanup(func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	})
}

// ImportCSV replaces the test database with the import files in dir
// (`scripts/neo4j.sh import`, see journeygraph bulkload): it stops the test
// Neo4j, imports and starts it again. The database then has no constraints
// or indexes until something migrates it. The old connections died with the
// server, so the test's queries and db.Store get new ones (db.Store without
// the observer New was given).
func (db *DB) ImportCSV(dir string) {
	db.t.Helper()
	db.StopServer()
	db.ctl("import", dir)
	db.StartServer()
	driver, err := neo4j.NewDriverWithContext(db.Config.URI, neo4j.BasicAuth(db.Config.Username, db.Config.Password, ""))
	if err != nil {
		db.t.Fatalf("test driver: %v", err)
	}
	db.t.Cleanup(func() { _ = driver.Close(context.Background()) })
	st, err := store.Open(db.Config, nil)
	if err != nil {
		db.t.Fatalf("open store: %v", err)
	}
	db.t.Cleanup(func() { _ = st.Close(context.Background()) })
	db.driver, db.Store = driver, st
}

func (db *DB) ctl(action string, args ...string) {
	db.t.Helper()
	script := os.Getenv(EnvCtl)
	if script == "" {
		db.t.Fatalf("%s is not set: run the tests with `make test`", EnvCtl)
	}
	cmd := exec.Command(script, append([]string{action}, args...)...)
	// Only the test database is replaced by an import.
	cmd.Env = append(os.Environ(), "NEO4J_FRESH=0", "NEO4J_IMPORT_OVERWRITE=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		db.t.Fatalf("%s %s: %v\n%s", script, action, err, out)
	}
}
