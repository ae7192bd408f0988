package bench

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/journeys"
)

// cacheQuery is the request the journey cache benchmarks time: a cheap
// analysis of every journey (funnel), so the figures are the cache's costs.
const cacheQuery = `{ funnel { accountsInScope stages { stageKey entered } } }`

// BenchmarkJourneyCache measures what the journey cache (package journeys)
// costs through the API:
//
//   - cold: a new process's first analytics query — the full load, then the
//     query — with the memory the loaded cache holds (cache-MiB: the live
//     heap it added, after a GC; rss-MiB: the process's resident set after
//     the load);
//   - warm: the same query answered from the loaded cache;
//   - afterWrite: the first query after one batch of 100 touchpoints into
//     one account was committed — the refresh (reading the version, the
//     change and that account's journey), then the query. It writes, so it
//     runs only with JOURNEYGRAPH_BENCH_WRITES=1: never against a database
//     others read.
func BenchmarkJourneyCache(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	body := requestBody(b, cacheQuery, nil)
	b.Run("cold", func(b *testing.B) {
		var cacheMiB, rssMiB float64
		var size journeys.Size
		for b.Loop() {
			b.StopTimer()
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			cache := journeys.New(st)
			url, stop := startAPIServer(st, cache)
			b.StartTimer()
			postGraphQL(b, url, body)
			b.StopTimer()
			stop()
			runtime.GC()
			runtime.ReadMemStats(&after)
			cacheMiB = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / (1 << 20)
			rssMiB = residentMiB(b)
			size = cache.Size()
			runtime.KeepAlive(cache)
			b.StartTimer()
		}
		b.ReportMetric(cacheMiB, "cache-MiB")
		b.ReportMetric(rssMiB, "rss-MiB")
		b.ReportMetric(float64(size.Steps), "steps")
		b.ReportMetric(float64(size.Accounts), "accounts")
	})
	cache := journeys.New(st)
	url := apiServer(b, st, cache)
	postGraphQL(b, url, body) // loads it
	b.Run("warm", func(b *testing.B) {
		for b.Loop() {
			postGraphQL(b, url, body)
		}
	})
	if os.Getenv("JOURNEYGRAPH_BENCH_WRITES") != "1" {
		return
	}
	_, account := sampleAccounts(b, st)
	batch := 0
	b.Run("afterWrite", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			batch++
			in := make([]journey.TouchpointInput, 100)
			start := time.Now().Add(-time.Minute).UTC()
			for i := range in {
				in[i] = journey.TouchpointInput{Source: "bench", ExternalID: fmt.Sprintf("cache-%d-%d-%d", start.UnixNano(), batch, i),
					TypeKey: "website_visit", OccurredAt: start.Add(time.Duration(i) * time.Millisecond), AccountID: &account}
			}
			if _, err := st.RecordTouchpoints(ctx, in); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			postGraphQL(b, url, body)
		}
	})
}

// residentMiB is this process's resident set size now.
func residentMiB(b *testing.B) float64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb / 1024
		}
	}
	return 0
}
