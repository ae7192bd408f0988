// Command summary reads `go test -bench` output of the analytics benchmarks
// (sub-benchmarks named <query>/store, <query>/api and, optionally, <query>/cached) and prints, per query,
// the median latency of each, their ratio and the median response size, as
// a Markdown table. scripts/bench.sh pipes every run through it.
//
//	go test -run '^$' -bench . -count 6 ./bench/ | go run ./bench/summary
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/journeygraph/journeygraph/bench/stats"
)

func main() {
	if err := summarize(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "summary:", err)
		os.Exit(1)
	}
}

// sample is one benchmark result line.
type sample struct {
	nsPerOp, bytesPerOp, allocsPerOp, respBytes float64
}

// query collects one query's samples by variant ("store", "api").
type query struct {
	name     string
	variants map[string][]sample
}

func summarize(in io.Reader, out io.Writer) error {
	var order []string
	byName := map[string]*query{}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		name, variant, s, ok := parseLine(sc.Text())
		if !ok {
			continue
		}
		q := byName[name]
		if q == nil {
			q = &query{name: name, variants: map[string][]sample{}}
			byName[name] = q
			order = append(order, name)
		}
		q.variants[variant] = append(q.variants[variant], s)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if len(order) == 0 {
		return fmt.Errorf("no benchmark results with /store or /api sub-benchmarks in the input")
	}
	cached := false // a column for the API with the journey cache, when measured
	for _, q := range byName {
		cached = cached || len(q.variants["cached"]) > 0
	}
	if cached {
		fmt.Fprintln(out, "| Query | Runs | Median store | Median API | API / store | Median API, cached | Response | Allocs store | Allocs API | Allocs cached |")
		fmt.Fprintln(out, "|---|---|---|---|---|---|---|---|---|---|")
	} else {
		fmt.Fprintln(out, "| Query | Runs | Median store | Median API | API / store | Response | Allocs store | Allocs API |")
		fmt.Fprintln(out, "|---|---|---|---|---|---|---|---|")
	}
	for _, name := range order {
		q := byName[name]
		if cached {
			st, api, c := q.variants["store"], q.variants["api"], q.variants["cached"]
			ns := func(s sample) float64 { return s.nsPerOp }
			allocs := func(s sample) float64 { return s.allocsPerOp }
			stNs, apiNs := stats.Median(st, ns), stats.Median(api, ns)
			ratio := "–"
			if stNs > 0 && apiNs > 0 {
				ratio = fmt.Sprintf("%.2f", apiNs/stNs)
			}
			resp := "–"
			if r := stats.Median(append(api, c...), func(s sample) float64 { return s.respBytes }); r > 0 {
				resp = fmt.Sprintf("%.1f KB", r/1000)
			}
			fmt.Fprintf(out, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |\n", name, max(len(st), len(api), len(c)),
				duration(stNs), duration(apiNs), ratio, duration(stats.Median(c, ns)), resp,
				count(stats.Median(st, allocs)), count(stats.Median(api, allocs)), count(stats.Median(c, allocs)))
			continue
		}
		st, api := q.variants["store"], q.variants["api"]
		stNs, apiNs := stats.Median(st, func(s sample) float64 { return s.nsPerOp }), stats.Median(api, func(s sample) float64 { return s.nsPerOp })
		ratio := "–"
		if stNs > 0 && apiNs > 0 {
			ratio = fmt.Sprintf("%.2f", apiNs/stNs)
		}
		resp := "–"
		if r := stats.Median(api, func(s sample) float64 { return s.respBytes }); r > 0 {
			resp = fmt.Sprintf("%.1f KB", r/1000)
		}
		fmt.Fprintf(out, "| %s | %d | %s | %s | %s | %s | %s | %s |\n", name, max(len(st), len(api)), duration(stNs), duration(apiNs), ratio, resp,
			count(stats.Median(st, func(s sample) float64 { return s.allocsPerOp })), count(stats.Median(api, func(s sample) float64 { return s.allocsPerOp })))
	}
	return nil
}

// parseLine reads "BenchmarkX/<query>/<variant>[#NN]-N  iters  v ns/op  v unit ...".
func parseLine(line string) (name, variant string, s sample, ok bool) {
	fields := strings.Fields(line)
	if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
		return "", "", s, false
	}
	full := fields[0]
	if i := strings.LastIndexByte(full, '-'); i > 0 {
		if _, err := strconv.Atoi(full[i+1:]); err == nil {
			full = full[:i] // the GOMAXPROCS suffix
		}
	}
	i := strings.LastIndexByte(full, '/')
	if i < 0 {
		return "", "", s, false
	}
	variant = full[i+1:]
	if j := strings.IndexByte(variant, '#'); j >= 0 {
		variant = variant[:j] // a repeated name (another round) gets #01, #02, ...
	}
	if variant != "store" && variant != "api" && variant != "cached" {
		return "", "", s, false
	}
	name = full[:i]
	if j := strings.IndexByte(name, '/'); j >= 0 {
		name = name[j+1:] // drop the Benchmark function's name
	}
	for k := 2; k+1 < len(fields); k += 2 {
		v, err := strconv.ParseFloat(fields[k], 64)
		if err != nil {
			return "", "", s, false
		}
		switch fields[k+1] {
		case "ns/op":
			s.nsPerOp, ok = v, true
		case "B/op":
			s.bytesPerOp = v
		case "allocs/op":
			s.allocsPerOp = v
		case "resp-bytes":
			s.respBytes = v
		}
	}
	return name, variant, s, ok
}

func duration(ns float64) string {
	if ns == 0 {
		return "–"
	}
	return time.Duration(ns).Round(time.Millisecond / 10).String()
}

func count(n float64) string {
	if n == 0 {
		return "–"
	}
	return strconv.FormatFloat(n, 'f', 0, 64)
}
