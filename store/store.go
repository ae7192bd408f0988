// Package store is the only package that speaks Cypher. Each query shape
// lives in its own file, cypher/<name>.cypher, embedded in the binary and run
// by name; every query is parameterised. Reads go through read routing and writes through write
// routing with the driver's shared bookmark manager, so the same code works
// against a single server (bolt://) and a cluster (neo4j://) with causal
// consistency.
package store

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/journeygraph/journeygraph/journey"
)

//go:embed cypher/*.cypher cypher/parts/*.cypher
var cypherFiles embed.FS

// queries maps a file name without extension to its Cypher text.
var queries = mustLoadQueries()

func mustLoadQueries() map[string]string {
	out := map[string]string{}
	err := fs.WalkDir(cypherFiles, "cypher", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := cypherFiles.ReadFile(path)
		if err != nil {
			return err
		}
		name := strings.TrimSuffix(strings.TrimPrefix(path, "cypher/"), ".cypher")
		out[name] = string(b)
		return nil
	})
	if err != nil {
		panic(err)
	}
	// Parts are not queries: they are written into the queries that include them.
	parts := map[string]string{}
	for name, text := range out {
		if part, ok := strings.CutPrefix(name, "parts/"); ok {
			parts[part] = text
			delete(out, name)
		}
	}
	for name, text := range out {
		out[name] = includeParts(name, text, parts)
	}
	return out
}

// includePrefix starts a line that stands for the part it names
// (cypher/parts/<name>.cypher), for text several query shapes share.
const includePrefix = "// #include "

func includeParts(query, text string, parts map[string]string) string {
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		if name, ok := strings.CutPrefix(strings.TrimSpace(line), includePrefix); ok {
			part, found := parts[name]
			if !found {
				panic("store: query " + query + " includes unknown part " + name)
			}
			lines[i] = strings.TrimSuffix(part, "\n")
		}
	}
	return strings.Join(lines, "\n")
}

func cypher(name string) string {
	q, ok := queries[name]
	if !ok {
		panic("store: no embedded query " + name)
	}
	return q
}

// Observer is told about every query the store runs: its name (the .cypher
// file), how long it took and its error. Metrics and tests hook in here.
type Observer func(ctx context.Context, query string, took time.Duration, err error)

// Config says how to reach Neo4j.
type Config struct {
	URI      string // bolt://host:7687 for one server, neo4j://host:7687 for a cluster
	Username string
	Password string
	Database string // always explicit: saves a home-database round trip and is cluster-safe
	// MaxRetryTime bounds how long one store call waits for Neo4j: to
	// connect, to have its transaction accepted and to retry transient
	// failures. Running queries are bounded by the caller's context instead,
	// except after a call found Neo4j unavailable and until one succeeds.
	// Zero means DefaultMaxRetryTime.
	MaxRetryTime time.Duration
}

// DefaultMaxRetryTime is Config.MaxRetryTime when it is not set.
const DefaultMaxRetryTime = 5 * time.Second

// Store runs JourneyGraph's queries against one Neo4j database.
type Store struct {
	driver   neo4j.DriverWithContext
	database string
	observe  Observer
	logger   *slog.Logger
	maxWait  time.Duration // see waitLimit
	// recovering is set when a call finds Neo4j unavailable and cleared when
	// one succeeds; while it is set, MaxRetryTime bounds whole calls.
	recovering atomic.Bool
	// catalog is the touchpoint catalog last read, with its version token
	// (see TouchpointTypes); nil before the first read of a versioned catalog.
	catalog atomic.Pointer[catalogCopy]
}

// Open creates the process's one driver. It does not contact the server; call
// Ping for that.
func Open(cfg Config, observer Observer) (*Store, error) {
	maxWait := cfg.MaxRetryTime
	if maxWait <= 0 {
		maxWait = DefaultMaxRetryTime
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.Username, cfg.Password, ""),
		func(c *config.Config) {
			// waitLimit is the bound; the driver's timeouts are kept within it
			// so that none of them outlasts it on its own.
			c.MaxTransactionRetryTime = maxWait
			c.ConnectionAcquisitionTimeout = maxWait
			// A dial that does not complete soon will not: leave time for
			// another attempt within the limit.
			c.SocketConnectTimeout = min(maxWait, 2*time.Second)
			c.UserAgent = "journeygraph/1"
		})
	if err != nil {
		return nil, fmt.Errorf("neo4j driver for %s: %w", cfg.URI, err)
	}
	st := New(driver, cfg.Database, observer)
	st.maxWait = maxWait
	return st, nil
}

// New wraps an existing driver; database must not be empty. Calls wait for
// Neo4j at most DefaultMaxRetryTime.
func New(driver neo4j.DriverWithContext, database string, observer Observer) *Store {
	if observer == nil {
		observer = func(context.Context, string, time.Duration, error) {}
	}
	return &Store{driver: driver, database: database, observe: observer, logger: slog.Default(), maxWait: DefaultMaxRetryTime}
}

// SetLogger sets the logger of the store's progress lines (migrations);
// the process's structured logger, so they share its format. Until then
// they go to slog.Default().
func (s *Store) SetLogger(l *slog.Logger) { s.logger = l }

// Close releases the driver's connections.
func (s *Store) Close(ctx context.Context) error { return s.driver.Close(ctx) }

// Database is the database name every query targets.
func (s *Store) Database() string { return s.database }

// Ping checks that Neo4j is reachable and the database answers a read.
func (s *Store) Ping(ctx context.Context) error {
	_, err := s.read(ctx, "ping", nil)
	return err
}

// read runs one named query through read routing.
func (s *Store) read(ctx context.Context, name string, params map[string]any) (*neo4j.EagerResult, error) {
	return s.run(ctx, name, params, neo4j.AccessModeRead)
}

// write runs one named query, in its own managed (retried) transaction,
// through write routing. Every write query is idempotent, so a retry after an
// unknown outcome is safe.
func (s *Store) write(ctx context.Context, name string, params map[string]any) (*neo4j.EagerResult, error) {
	return s.run(ctx, name, params, neo4j.AccessModeWrite)
}

func (s *Store) run(ctx context.Context, name string, params map[string]any, mode neo4j.AccessMode) (*neo4j.EagerResult, error) {
	start := time.Now()
	res, err := s.eager(ctx, name, cypher(name), params, mode)
	s.observe(ctx, name, time.Since(start), err)
	return res, err
}

// eager runs one statement in its own managed transaction and collects its
// whole result, as neo4j.ExecuteQuery would, but through execute so that the
// wait for Neo4j is bounded.
func (s *Store) eager(ctx context.Context, name, statement string, params map[string]any, mode neo4j.AccessMode) (*neo4j.EagerResult, error) {
	var res *neo4j.EagerResult
	err := s.execute(ctx, name, mode, func(ctx context.Context, tx neo4j.ManagedTransaction) error {
		cursor, err := tx.Run(ctx, statement, params)
		if err != nil {
			return err
		}
		records, err := cursor.Collect(ctx)
		if err != nil {
			return err
		}
		keys, err := cursor.Keys()
		if err != nil {
			return err
		}
		summary, err := cursor.Consume(ctx)
		if err != nil {
			return err
		}
		res = &neo4j.EagerResult{Keys: keys, Records: records, Summary: summary}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// classify wraps a driver error once, as a *journey.Error whose code tells the
// client whether retrying can help. The driver's text stays in Err (logged,
// never returned to clients).
func classify(ctx context.Context, waitedTooLong bool, query string, err error) error {
	code := journey.CodeInternal
	msg := "internal error"
	c := driverCode(err)
	switch {
	case waitedTooLong:
		// The driver reports the cancellation, but the cause is Neo4j not
		// accepting a transaction within MaxRetryTime.
		c = journey.CodeUnavailable
	case ctx.Err() != nil:
		// The request's deadline passed (or its client left): the driver then
		// reports a broken connection or exhausted retries, but the cause is time.
		c = journey.CodeTimeout
	}
	switch c {
	case journey.CodeUnavailable:
		code, msg = c, "the graph database is unavailable; retry later"
	case journey.CodeTimeout:
		code, msg = c, "the request timed out"
	}
	return &journey.Error{Code: code, Message: msg, Err: fmt.Errorf("query %s: %w", query, err)}
}

func driverCode(err error) journey.Code {
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) {
		// Retries ran out: the last attempt's error says why.
		if n := len(limit.Errors); n > 0 {
			if c := driverCode(limit.Errors[n-1]); c != journey.CodeInternal {
				return c
			}
		}
		return journey.CodeUnavailable
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return journey.CodeTimeout
	}
	var connErr *neo4j.ConnectivityError
	if errors.As(err, &connErr) {
		return journey.CodeUnavailable
	}
	var neoErr *neo4j.Neo4jError
	if errors.As(err, &neoErr) {
		if strings.HasPrefix(neoErr.Code, "Neo.TransientError.") {
			return journey.CodeUnavailable
		}
		return journey.CodeInternal
	}
	if neo4j.IsRetryable(err) {
		return journey.CodeUnavailable
	}
	return journey.CodeInternal
}

// QueryText returns the Cypher of a named query, for plan checks and docs.
func QueryText(name string) (string, bool) {
	q, ok := queries[name]
	return q, ok
}
