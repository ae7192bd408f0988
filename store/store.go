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
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/journeygraph/journeygraph/journey"
)

//go:embed cypher/*.cypher
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
	return out
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
	// MaxRetryTime bounds how long managed transactions retry transient
	// failures; it is also how long a request waits while Neo4j is down.
	MaxRetryTime time.Duration
}

// Store runs JourneyGraph's queries against one Neo4j database.
type Store struct {
	driver   neo4j.DriverWithContext
	database string
	observe  Observer
}

// Open creates the process's one driver. It does not contact the server; call
// Ping for that.
func Open(cfg Config, observer Observer) (*Store, error) {
	retry := cfg.MaxRetryTime
	if retry <= 0 {
		retry = 5 * time.Second
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.Username, cfg.Password, ""),
		func(c *config.Config) {
			c.MaxTransactionRetryTime = retry
			// Fail fast when the server is gone instead of queueing requests.
			c.SocketConnectTimeout = 2 * time.Second
			c.ConnectionAcquisitionTimeout = retry
			c.UserAgent = "journeygraph/1"
		})
	if err != nil {
		return nil, fmt.Errorf("neo4j driver for %s: %w", cfg.URI, err)
	}
	return New(driver, cfg.Database, observer), nil
}

// New wraps an existing driver; database must not be empty.
func New(driver neo4j.DriverWithContext, database string, observer Observer) *Store {
	if observer == nil {
		observer = func(context.Context, string, time.Duration, error) {}
	}
	return &Store{driver: driver, database: database, observe: observer}
}

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
	return s.run(ctx, name, params, neo4j.ExecuteQueryWithReadersRouting())
}

// write runs one named query, in its own managed (retried) transaction,
// through write routing. Every write query is idempotent, so a retry after an
// unknown outcome is safe.
func (s *Store) write(ctx context.Context, name string, params map[string]any) (*neo4j.EagerResult, error) {
	return s.run(ctx, name, params, neo4j.ExecuteQueryWithWritersRouting())
}

func (s *Store) run(ctx context.Context, name string, params map[string]any, routing neo4j.ExecuteQueryConfigurationOption) (*neo4j.EagerResult, error) {
	start := time.Now()
	res, err := neo4j.ExecuteQuery(ctx, s.driver, cypher(name), params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.database), routing)
	s.observe(ctx, name, time.Since(start), err)
	if err != nil {
		return nil, classify(ctx, name, err)
	}
	return res, nil
}

// classify wraps a driver error once, as a *journey.Error whose code tells the
// client whether retrying can help. The driver's text stays in Err (logged,
// never returned to clients).
func classify(ctx context.Context, query string, err error) error {
	code := journey.CodeInternal
	msg := "internal error"
	c := driverCode(err)
	if ctx.Err() != nil {
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
