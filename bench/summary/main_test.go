package main

import (
	"strings"
	"testing"
)

func TestSummarizeMediansAndRatios(t *testing.T) {
	// pathVariants: store 100, 300, 200 ms -> median 200 ms; api 250, 210 ->
	// median (210+250)/2 = 230 ms; ratio 230/200 = 1.15; response sizes 7000
	// and 7200 -> 7.1 KB; allocs medians 1000 and (1100+1300)/2 = 1200.
	// observedJourneys has no api: dashes. Later rounds' names end in #01,
	// #02 (go test's suffix for a repeated name). Other lines are ignored.
	in := `goos: linux
BenchmarkAnalytics/observedJourneys/store-2   5   250000000 ns/op   100 B/op   500 allocs/op
BenchmarkAnalytics/pathVariants/store-2   5   100000000 ns/op   10 B/op   900 allocs/op
BenchmarkAnalytics/pathVariants/api-2   5   250000000 ns/op   7000 resp-bytes   10 B/op   1100 allocs/op
BenchmarkAnalytics/pathVariants/store#01-2   5   300000000 ns/op   10 B/op   1000 allocs/op
BenchmarkAnalytics/pathVariants/api#01-2   5   210000000 ns/op   7200 resp-bytes   10 B/op   1300 allocs/op
BenchmarkAnalytics/pathVariants/store#02-2   5   200000000 ns/op   10 B/op   1100 allocs/op
BenchmarkOther-2   5   1 ns/op
PASS
`
	var out strings.Builder
	if err := summarize(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	want := `| Query | Runs | Median store | Median API | API / store | Response | Allocs store | Allocs API |
|---|---|---|---|---|---|---|---|
| observedJourneys | 1 | 250ms | – | – | – | 500 | – |
| pathVariants | 3 | 200ms | 230ms | 1.15 | 7.1 KB | 1000 | 1200 |
`
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

// With a cached variant, its median (220 and 20 ms -> 120 ms; allocs 40
// and 60 -> 50) gets a column; a query without it gets dashes there.
func TestSummarizeCachedColumn(t *testing.T) {
	in := `BenchmarkAnalytics/funnel/store-2   1   300000000 ns/op   10 B/op   900 allocs/op
BenchmarkAnalytics/funnel/api-2   1   310000000 ns/op   4000 resp-bytes   10 B/op   1000 allocs/op
BenchmarkAnalytics/funnel/cached-2   1   220000000 ns/op   4000 resp-bytes   10 B/op   40 allocs/op
BenchmarkAnalytics/funnel/cached#01-2   1   20000000 ns/op   4000 resp-bytes   10 B/op   60 allocs/op
BenchmarkAnalytics/observedJourneys/store-2   1   250000000 ns/op   100 B/op   500 allocs/op
`
	var out strings.Builder
	if err := summarize(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	want := `| Query | Runs | Median store | Median API | API / store | Median API, cached | Response | Allocs store | Allocs API | Allocs cached |
|---|---|---|---|---|---|---|---|---|---|
| funnel | 2 | 300ms | 310ms | 1.03 | 120ms | 4.0 KB | 900 | 1000 | 50 |
| observedJourneys | 1 | 250ms | – | – | – | – | 500 | – | – |
`
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

func TestSummarizeRefusesInputWithoutResults(t *testing.T) {
	if err := summarize(strings.NewReader("PASS\n"), &strings.Builder{}); err == nil {
		t.Error("no error for input without results")
	}
}
