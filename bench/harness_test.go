package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/resolvers"
	"github.com/journeygraph/journeygraph/server"
	"github.com/journeygraph/journeygraph/store"
)

// The reusable pieces of the analytics benchmarks: a query table entry, the
// store and API the benchmarks run against, and runQueries. A new family of
// queries (e.g. the blueprint gap analysis) adds its own file with its own
// Benchmark function and table and calls runQueries with it.

// benchQuery is one benchmarked query: its GraphQL text and variables, and
// the direct calls its resolvers make (store reads, catalog reads, the
// analytics function), so /api minus /store is the API's own cost.
type benchQuery struct {
	name    string
	graphql string // empty: no API form, only /store is measured
	vars    map[string]any
	direct  func(ctx context.Context, st *store.Store) error // nil: only /api is measured
}

// benchStore opens the database make bench seeded; benchmarks need it and
// fail loudly without it.
func benchStore(b *testing.B) *store.Store {
	b.Helper()
	uri := os.Getenv("JOURNEYGRAPH_BENCH_NEO4J_URI")
	if uri == "" {
		b.Fatal("JOURNEYGRAPH_BENCH_NEO4J_URI is not set: run the benchmarks with `make bench`")
	}
	password := os.Getenv("JOURNEYGRAPH_BENCH_NEO4J_PASSWORD")
	st, err := store.Open(store.Config{URI: uri, Username: "neo4j", Password: password, Database: "neo4j", MaxRetryTime: 5 * time.Second}, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close(context.Background()) })
	if err := st.Ping(context.Background()); err != nil {
		b.Fatal(err)
	}
	return st
}

// apiServer serves the real handler over in-process HTTP and returns its
// base URL. Authentication is disabled (every caller is ADMIN, the local
// development mode): checking an API key is a map lookup per request, and
// leaving it out keeps key material out of the benchmark; everything else —
// transport, parsing, validation, complexity limits, resolvers, loaders,
// JSON — is what production runs. The limits are raised so that no
// benchmarked query is refused.
//
// journeys, when not nil, is the process's journey cache (the server's
// default); nil reads the journeys per request, as /store does.
func apiServer(b *testing.B, st *store.Store, journeys resolvers.JourneySource) string {
	b.Helper()
	url, stop := startAPIServer(st, journeys)
	b.Cleanup(stop)
	return url
}

// startAPIServer is apiServer for a server the caller stops.
func startAPIServer(st *store.Store, journeys resolvers.JourneySource) (url string, stop func()) {
	opts := server.Options{
		Journeys:        journeys,
		AuthDisabled:    true,
		RequestTimeout:  5 * time.Minute,
		ComplexityLimit: 100000,
		MaxDepth:        20,
		MaxAliases:      50,
		MaxDirectives:   50,
		MaxBodyBytes:    1 << 20,
		ParserTokens:    15000,
		QueryCacheSize:  100,
		APQCacheSize:    100,
	}
	// The development mode serves its listen address's Host only.
	api := httptest.NewUnstartedServer(nil)
	opts.ListenAddr = api.Listener.Addr().String()
	api.Config.Handler = server.NewHandler(st, opts, slog.New(slog.NewTextHandler(io.Discard, nil)))
	api.Start()
	return api.URL, api.Close
}

// runQueries measures each query two or three times in the same run:
// name/store (the direct calls), name/api (one GraphQL request over HTTP,
// the response read and checked) and, when cachedURL is not empty,
// name/cached (the same request to a server with the journey cache, loaded
// by an untimed request first). The api sub-benchmarks also report the
// response size (resp-bytes), which is most of what separates api from
// store.
//
// It does so BENCH_ROUNDS times (default 1), each round running every
// query's store and api sub-benchmarks back to back, so that the two are
// measured under the same load even when the machine is shared: `go test
// -count` would instead repeat one sub-benchmark N times before the next.
// scripts/bench.sh uses 6 rounds of -count 1.
func runQueries(b *testing.B, st *store.Store, apiURL, cachedURL string, queries []benchQuery) {
	ctx := context.Background()
	rounds := 1
	if v := os.Getenv("BENCH_ROUNDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			b.Fatalf("BENCH_ROUNDS=%q: want a positive whole number", v)
		}
		rounds = n
	}
	for range rounds {
		for _, q := range queries {
			if q.direct != nil { // nil: an API-only query
				b.Run(q.name+"/store", func(b *testing.B) {
					for b.Loop() {
						if err := q.direct(ctx, st); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
			if q.graphql == "" {
				continue
			}
			b.Run(q.name+"/api", func(b *testing.B) { benchRequest(b, apiURL, q, false) })
			if cachedURL != "" {
				b.Run(q.name+"/cached", func(b *testing.B) { benchRequest(b, cachedURL, q, true) })
			}
		}
	}
}

// benchRequest times q's GraphQL request to the server at url, after one
// untimed request when warm.
func benchRequest(b *testing.B, url string, q benchQuery, warm bool) {
	body := requestBody(b, q.graphql, q.vars)
	if warm {
		postGraphQL(b, url, body)
	}
	size := 0
	for b.Loop() {
		size = postGraphQL(b, url, body)
	}
	b.ReportMetric(float64(size), "resp-bytes")
}

func requestBody(b *testing.B, query string, vars map[string]any) []byte {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// postGraphQL sends one request and fails on any GraphQL error, so a broken
// query is never timed as a fast one; it returns the response's size.
func postGraphQL(b *testing.B, url string, body []byte) int {
	resp, err := http.Post(url+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		b.Fatal(err)
	}
	var out struct {
		Data   json.RawMessage   `json:"data"`
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(raw, &out); err != nil || resp.StatusCode != http.StatusOK || len(out.Errors) > 0 || len(out.Data) == 0 {
		b.Fatalf("status %d, decode error %v, errors %s", resp.StatusCode, err, out.Errors)
	}
	return len(raw)
}
