package main

import (
	"fmt"
	"io"
	"slices"
	"time"
)

type key struct {
	workload string
	clients  int
	target   string
}

// result gathers one target's rounds of one workload at one client count.
type result struct {
	rps, p50, p99 []float64 // per round; latencies in ms
	queries       float64
	requests      int
	rssMax        int64
}

func (r *result) add(b blockResult) {
	r.rps = append(r.rps, float64(b.requests)/b.elapsed.Seconds())
	slices.Sort(b.latencies)
	r.p50 = append(r.p50, ms(percentile(b.latencies, 0.50)))
	r.p99 = append(r.p99, ms(percentile(b.latencies, 0.99)))
	if b.roundTrips >= 0 {
		r.queries += b.roundTrips * float64(b.requests)
	} else {
		r.queries = -1
	}
	r.requests += b.requests
	r.rssMax = max(r.rssMax, b.rssMax)
}

func (r *result) roundTrips() string {
	if r.queries < 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", r.queries/float64(r.requests))
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// printTable prints, per workload and client count, every target's median
// req/s, p50 and p99 and its Neo4j round trips per request, then the first
// JourneyGraph server's ratios to the others.
func printTable(w io.Writer, ws []workload, clients []int, targets []target, results map[key]*result) {
	fmt.Fprintln(w, "| workload | clients | target | req/s | p50 ms | p99 ms | Neo4j round trips / request |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, wl := range ws {
		for _, n := range clients {
			for _, t := range targets {
				r := results[key{wl.name, n, t.name}]
				if r == nil {
					continue
				}
				fmt.Fprintf(w, "| %s | %d | %s | %.1f | %.2f | %.2f | %s |\n", wl.name, n, t.name,
					median(r.rps), median(r.p50), median(r.p99), r.roundTrips())
			}
		}
	}
	var main target
	for _, t := range targets {
		if t.kind == kindAPI {
			main = t
			break
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Ratios of %s (medians of the rounds): req/s as %s ÷ other, p50 as %s ÷ other.\n\n", main.name, main.name, main.name)
	fmt.Fprintln(w, "| workload | clients | other | req/s ratio | p50 ratio |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, wl := range ws {
		for _, n := range clients {
			m := results[key{wl.name, n, main.name}]
			for _, t := range targets {
				o := results[key{wl.name, n, t.name}]
				if t.name == main.name || m == nil || o == nil {
					continue
				}
				fmt.Fprintf(w, "| %s | %d | %s | %.2fx | %.2fx |\n", wl.name, n, t.name,
					median(m.rps)/median(o.rps), median(m.p50)/median(o.p50))
			}
		}
	}
	fmt.Fprintln(w)
	for _, t := range targets {
		for _, n := range clients {
			if r := results[key{"W1", n, t.name}]; r != nil && r.rssMax > 0 {
				fmt.Fprintf(w, "%s: peak RSS under W1 at %d clients: %.1f MiB\n", t.name, n, float64(r.rssMax)/(1<<20))
			}
		}
	}
	fmt.Fprintln(w)
	for _, wl := range ws {
		fmt.Fprintf(w, "%s: %s\n", wl.name, wl.description)
	}
}
