// Blueprint gap query benchmarks against an existing, seeded database (see
// BENCHMARKS.md), not the test Neo4j that `make test` wipes:
//
//	JOURNEYGRAPH_BENCH_NEO4J_URI=bolt://127.0.0.1:22687 JOURNEYGRAPH_BENCH_NEO4J_PASSWORD=journeygraph \
//	  go test ./bench -run '^$' -bench Blueprint -benchtime 10x
//
// Each benchmark posts one GraphQL query to the real API handler, in process,
// and reports the median and 90th percentile latency besides Go's mean. The
// helpers here are prefixed bp and self-contained, apart from the package's
// shared harness.

package bench

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/server"
	"github.com/journeygraph/journeygraph/store"
)

const (
	bpEnvURI      = "JOURNEYGRAPH_BENCH_NEO4J_URI"
	bpEnvPassword = "JOURNEYGRAPH_BENCH_NEO4J_PASSWORD"
)

func bpHandler(b *testing.B) http.Handler {
	b.Helper()
	uri := os.Getenv(bpEnvURI)
	if uri == "" {
		b.Fatalf("%s is not set: benchmarks need a seeded database (see BENCHMARKS.md)", bpEnvURI)
	}
	st, err := store.Open(store.Config{URI: uri, Username: "neo4j", Password: os.Getenv(bpEnvPassword), Database: "neo4j",
		MaxRetryTime: 30 * time.Second}, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close(context.Background()) })
	if err := st.Ping(context.Background()); err != nil {
		b.Fatal(err)
	}
	// The configuration's default limits (config.Settings), without API
	// keys: the benchmark measures the queries, not authentication.
	return server.NewHandler(st, server.Options{AuthDisabled: true, RequestTimeout: time.Minute, ComplexityLimit: 20000,
		MaxDepth: 12, MaxAliases: 30, MaxDirectives: 20, MaxBodyBytes: 1 << 20, ParserTokens: 15000,
		QueryCacheSize: 100, APQCacheSize: 100}, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// bpRun times query: one warm-up, then b.N posts.
func bpRun(b *testing.B, query string) {
	h := bpHandler(b)
	body, _ := json.Marshal(map[string]any{"query": query})
	post := func() {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		var res struct {
			Errors []any `json:"errors"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || len(res.Errors) > 0 || rec.Code != http.StatusOK {
			b.Fatalf("status %d: %.500s", rec.Code, rec.Body.String())
		}
	}
	post() // warm the plan cache and the page cache once
	took := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		post()
		took = append(took, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(took[(len(took)*9)/10].Microseconds())/1000, "p90-ms")
}

func BenchmarkBlueprintCoverageGaps(b *testing.B) {
	bpRun(b, `{ coverageGaps { uncapturedTypes { type { key } } stagesWithoutTechnology { key } overlaps { type { key } vendors { key } }
  retirementCandidates { key } silos { technology { key } strandedTouchpointTypes { key } } friction { field { key } }
  silentTechnologies { technology { key } silentTouchpointTypes { key } } unmappedSources { source type { key } touchpoints } } }`)
}

func BenchmarkBlueprintCoverageGapsWindow(b *testing.B) {
	bpRun(b, `{ coverageGaps(window: {from: "2025-01-01T00:00:00Z", to: "2025-07-01T00:00:00Z"}) {
  silentTechnologies { technology { key } silentTouchpointTypes { key } } unmappedSources { source type { key } touchpoints } } }`)
}

func BenchmarkBlueprintCoverageMatrix(b *testing.B) {
	bpRun(b, `{ coverageMatrix { cells { stage { key } category technology { key } count } } }`)
}

func BenchmarkBlueprintWhatIf(b *testing.B) {
	bpRun(b, `{ whatIf(retire: ["gong", "docusign_esignature"], add: [{key: "g2", name: "G2 Reviews", category: REVIEW_PLATFORM,
  vendor: "g2", vendorName: "G2", captures: ["online_review", "posted_question"], stages: ["advocate"],
  integratesWith: [{technology: "segment", fields: ["email"]}]}]) {
  before { silos uncapturedTouchpointTypes } after { silos uncapturedTouchpointTypes } newlyCaptured { key }
  gaps { silentTechnologies { technology { key } } unmappedSources { source touchpoints } } } }`)
}

func BenchmarkBlueprintVendorCoverage(b *testing.B) {
	bpRun(b, `{ vendorCoverage { vendor { key } touchpointTypes { key } exclusiveTouchpointTypes { key } stages { key } } }`)
}

func BenchmarkBlueprintPerceptionGaps(b *testing.B) {
	bpRun(b, `{ perceptionGaps { importance { type { key } gap } performance { type { key } gap } weakMomentsOfTruth { type { key } } } }`)
}

func BenchmarkBlueprintJourneyMap(b *testing.B) {
	bpRun(b, `{ journeyMap { stages { stage { key } touchpoints { type { key } owner { department { key } } technologies { key vendor { key } }
  dataFields { field { key } } observedTouchpoints } } } }`)
}

func BenchmarkBlueprintJourneyMapDiagramMermaid(b *testing.B) {
	bpRun(b, `{ journeyMapDiagram(format: MERMAID) }`)
}

func BenchmarkBlueprintJourneyMapDiagramDOT(b *testing.B) {
	bpRun(b, `{ journeyMapDiagram(format: DOT) }`)
}

func BenchmarkBlueprintConformance(b *testing.B) {
	bpRun(b, `{ conformance { darkTouchpoints { stage { key } type { key } accountsAffected }
  shadowTouchpoints { stage { key } type { key } touchpoints accountsAffected }
  disallowedTransitions { from { key } to { key } accountsAffected } } }`)
}

func BenchmarkBlueprintConformanceWindow(b *testing.B) {
	bpRun(b, `{ conformance(window: {from: "2025-01-01T00:00:00Z", to: "2025-04-01T00:00:00Z"}) {
  darkTouchpoints { stage { key } } shadowTouchpoints { stage { key } touchpoints } disallowedTransitions { accountsAffected } } }`)
}
