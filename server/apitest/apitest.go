// Package apitest runs GraphQL requests against the real API handler, in
// process, over an isolated test Neo4j (see storetest). Resolver tests use it
// so every request goes through the same transports, loaders and error
// presenter as production.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journeys"
	"github.com/journeygraph/journeygraph/server"
	"github.com/journeygraph/journeygraph/store"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// API is a test API over its own empty database.
type API struct {
	*storetest.DB
	Handler http.Handler
	Logs    *SafeBuffer // everything the API logged
	opts    server.Options
	logger  *slog.Logger
}

// DevHost is the listen address of DefaultOptions and the Host of every
// request HTTPContext sends without its own Host header: the development
// mode serves loopback Host values on the listen port only.
const DevHost = "127.0.0.1:8080"

// DefaultOptions are the handler options tests use unless they override them.
func DefaultOptions() server.Options {
	return server.Options{
		// Development mode: resolver tests are about data, not keys; the
		// access-control tests set Keys and turn it off.
		AuthDisabled:    true,
		Introspection:   true,
		GraphiQL:        true,
		ListenAddr:      DevHost,
		RequestTimeout:  30 * time.Second,
		ComplexityLimit: 20000,
		MaxDepth:        12,
		MaxAliases:      30,
		MaxDirectives:   20,
		SlowThreshold:   time.Second,
		MaxBodyBytes:    4 << 20,
		ParserTokens:    15000,
		QueryCacheSize:  100,
		APQCacheSize:    100,
		CORSOrigins:     []string{"https://app.example.com"},
	}
}

// New returns an API with default options; observer (may be nil) sees every
// store query.
func New(t testing.TB, observer store.Observer) *API {
	return NewWithOptions(t, observer, DefaultOptions())
}

// NewWithOptions returns an API with the given handler options.
func NewWithOptions(t testing.TB, observer store.Observer, opts server.Options) *API {
	t.Helper()
	logs := &SafeBuffer{}
	logger := slog.New(server.ContextHandler{Handler: slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})})
	if opts.Metrics == nil {
		opts.Metrics = server.NewMetrics(logger, opts.SlowThreshold)
	}
	metrics := opts.Metrics
	db := storetest.New(t, func(ctx context.Context, query string, took time.Duration, err error) {
		metrics.ObserveQuery(ctx, query, took, err)
		if observer != nil {
			observer(ctx, query, took, err)
		}
	})
	opts = withJourneyCache(opts, db.Store)
	h := server.NewHandler(db.Store, opts, logger)
	return &API{DB: db, Handler: h, Logs: logs, opts: opts, logger: logger}
}

// Serve serves the API's handler over real HTTP on a free loopback port
// (its listen address, which the development mode checks Host against)
// until the test ends.
func (a *API) Serve(t testing.TB) *httptest.Server {
	srv := httptest.NewUnstartedServer(nil)
	opts := a.opts
	opts.ListenAddr = srv.Listener.Addr().String()
	srv.Config.Handler = server.NewHandler(a.Store, opts, a.logger)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// WithOptions returns an API over the same database (one per test: it is
// locked) with a handler of other options and logs of its own.
func (a *API) WithOptions(opts server.Options) *API {
	return a.withHandler(withJourneyCache(opts, a.Store))
}

// WithoutJourneyCache returns an API over the same database with a's
// options but no journey cache: every analytics query reads its journeys
// from Neo4j, as the server does with JOURNEYGRAPH_JOURNEY_CACHE=false.
func (a *API) WithoutJourneyCache() *API {
	opts := a.opts
	opts.Journeys = nil
	return a.withHandler(opts)
}

// ForEachJourneySource runs test as two subtests over a's database: with
// a's handler (the journey cache) and without the cache, so the analytics
// tests that use it cover both ways of reading journeys for the price of
// their queries, not of another fixture.
func (a *API) ForEachJourneySource(t *testing.T, test func(t *testing.T, api *API)) {
	t.Helper()
	t.Run("journey cache", func(t *testing.T) { test(t, a) })
	t.Run("no journey cache", func(t *testing.T) { test(t, a.WithoutJourneyCache()) })
}

// withHandler returns an API over the same database with a handler of opts
// as given and logs of its own.
func (a *API) withHandler(opts server.Options) *API {
	logs := &SafeBuffer{}
	logger := slog.New(server.ContextHandler{Handler: slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})})
	return &API{DB: a.DB, Handler: server.NewHandler(a.Store, opts, logger), Logs: logs, opts: opts, logger: logger}
}

// withJourneyCache gives opts a journey cache of its own unless it has one,
// as the server runs by default: the API tests go through it.
func withJourneyCache(opts server.Options, st *store.Store) server.Options {
	if opts.Journeys == nil {
		opts.Journeys = journeys.New(st)
	}
	return opts
}

// Error is one GraphQL error as a client sees it.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code returns extensions.code.
func (e Error) Code() string { s, _ := e.Extensions["code"].(string); return s }

// Result is a GraphQL response with its HTTP status.
type Result struct {
	Status int
	Data   json.RawMessage
	Errors []Error
}

// Do posts a GraphQL operation as JSON and returns the response whatever its
// status, failing t only when the response is not GraphQL JSON. GraphQL errors
// are the caller's to assert.
func (a *API) Do(t testing.TB, query string, vars map[string]any) Result {
	t.Helper()
	return a.DoKey(t, "", query, vars)
}

// DoKey is Do with `Authorization: Bearer key` (none when key is empty).
func (a *API) DoKey(t testing.TB, key, query string, vars map[string]any) Result {
	t.Helper()
	res, err := a.TryKey(key, query, vars)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// Try is Do for other goroutines than the test's (which must not call
// t.Fatal): it returns the failure for the test goroutine to report.
func (a *API) Try(query string, vars map[string]any) (Result, error) {
	return a.TryKey("", query, vars)
}

// TryKey is Try with `Authorization: Bearer key` (none when key is empty).
func (a *API) TryKey(key, query string, vars map[string]any) (Result, error) {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return Result{}, err
	}
	var h http.Header
	if key != "" {
		h = http.Header{"Authorization": {"Bearer " + key}}
	}
	rec := a.HTTPContext(context.Background(), http.MethodPost, "/graphql", "application/json", string(body), h)
	res := Result{Status: rec.Code}
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
		return res, fmt.Errorf("response is not GraphQL JSON (status %d): %w\n%s", rec.Code, err, rec.Body)
	}
	res.Status = rec.Code
	return res, nil
}

// MustDo is Do that fails t on any GraphQL error and decodes data into out.
func (a *API) MustDo(t testing.TB, query string, vars map[string]any, out any) {
	t.Helper()
	res := a.Do(t, query, vars)
	if len(res.Errors) > 0 {
		t.Fatalf("unexpected GraphQL errors: %+v", res.Errors)
	}
	if out != nil {
		if err := json.Unmarshal(res.Data, out); err != nil {
			t.Fatalf("decode data %s: %v", res.Data, err)
		}
	}
}

// Data is MustDo returning the response's data as JSON.
func (a *API) Data(t testing.TB, query string, vars map[string]any) json.RawMessage {
	t.Helper()
	var data json.RawMessage
	a.MustDo(t, query, vars, &data)
	return data
}

// ExpectData runs query (failing t on any GraphQL error) and checks its data
// with ExpectJSON.
func (a *API) ExpectData(t testing.TB, query string, vars map[string]any, want string) {
	t.Helper()
	ExpectJSON(t, a.Data(t, query, vars), want)
}

// ExpectJSON fails t unless got and want are the same JSON value: object key
// order does not matter, and numbers are compared rounded to 6 decimals, so
// expectations can be written as hand derivations give them (0.333333).
func ExpectJSON(t testing.TB, got json.RawMessage, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("got no JSON: %v\n%s", err, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad expected JSON: %v\n%s", err, want)
	}
	g, w = roundNumbers(g), roundNumbers(w)
	if !reflect.DeepEqual(g, w) {
		gs, _ := json.Marshal(g)
		ws, _ := json.Marshal(w)
		t.Errorf("got  %s\nwant %s", gs, ws)
	}
}

func roundNumbers(v any) any {
	switch v := v.(type) {
	case float64:
		return json.Number(strconv.FormatFloat(v, 'f', 6, 64))
	case []any:
		for i := range v {
			v[i] = roundNumbers(v[i])
		}
	case map[string]any:
		for k, e := range v {
			v[k] = roundNumbers(e)
		}
	}
	return v
}

// HTTP sends a raw request to the handler and returns the recorded response.
func (a *API) HTTP(method, target, contentType, body string) *httptest.ResponseRecorder {
	return a.HTTPContext(context.Background(), method, target, contentType, body, nil)
}

// HTTPContext is HTTP with a context and extra headers.
func (a *API) HTTPContext(ctx context.Context, method, target, contentType, body string, header http.Header) *httptest.ResponseRecorder {
	req := httptest.NewRequestWithContext(ctx, method, target, strings.NewReader(body))
	req.Host = DevHost
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, vs := range header {
		if http.CanonicalHeaderKey(k) == "Host" {
			req.Host = vs[0] // as net/http serves it: r.Host, not a header
			continue
		}
		req.Header[k] = vs
	}
	rec := httptest.NewRecorder()
	a.Handler.ServeHTTP(rec, req)
	return rec
}

// SafeBuffer is a bytes.Buffer safe for concurrent writers (the logger).
type SafeBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *SafeBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *SafeBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var _ io.Writer = (*SafeBuffer)(nil)
