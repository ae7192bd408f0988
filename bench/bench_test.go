// Package bench measures the analytics queries on a seeded database, each
// through the API (an in-process HTTP round trip: transport, parsing,
// validation, resolvers, JSON) and through the equivalent direct store and
// analytics calls, in the same run so the two compare as a ratio. Run it with
// `make bench` (BENCH_ACCOUNTS=650 ≈ 100k touchpoints, 6500 ≈ 1M); see
// BENCHMARKS.md for the figures.
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
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/server"
	"github.com/journeygraph/journeygraph/store"
)

// analyticsQuery is one benchmarked query: its GraphQL text and the direct
// calls its resolver makes.
type analyticsQuery struct {
	name    string
	graphql string
	vars    map[string]any
	direct  func(ctx context.Context, st *store.Store) error
}

var queries = []analyticsQuery{
	{
		name: "observedJourneys",
		direct: func(ctx context.Context, st *store.Store) error {
			_, err := st.ObservedJourneys(ctx, accountScope())
			return err
		},
	},
}

func accountScope() journey.AnalysisScope {
	s := journey.AnalysisScope{}
	_ = s.Normalize("scope")
	return s
}

// benchStore opens the database make bench seeded; benchmarks need it and fail
// loudly without it.
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

func BenchmarkAnalytics(b *testing.B) {
	st := benchStore(b)
	opts := server.Options{
		RequestTimeout:  5 * time.Minute,
		ComplexityLimit: 100000,
		MaxBodyBytes:    1 << 20,
		ParserTokens:    15000,
		QueryCacheSize:  100,
		APQCacheSize:    100,
	}
	api := httptest.NewServer(server.NewHandler(st, opts, slog.New(slog.NewTextHandler(io.Discard, nil))))
	b.Cleanup(api.Close)
	ctx := context.Background()
	for _, q := range queries {
		b.Run(q.name+"/store", func(b *testing.B) {
			for b.Loop() {
				if err := q.direct(ctx, st); err != nil {
					b.Fatal(err)
				}
			}
		})
		if q.graphql == "" {
			continue
		}
		b.Run(q.name+"/api", func(b *testing.B) {
			body, _ := json.Marshal(map[string]any{"query": q.graphql, "variables": q.vars})
			for b.Loop() {
				postGraphQL(b, api.URL, body)
			}
		})
	}
}

// postGraphQL sends one request and fails on any GraphQL error, so a broken
// query is never timed as a fast one.
func postGraphQL(b *testing.B, url string, body []byte) {
	resp, err := http.Post(url+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK || len(out.Errors) > 0 {
		b.Fatalf("status %d, decode error %v, errors %s", resp.StatusCode, err, out.Errors)
	}
}
