package main

import (
	"fmt"
	"io"
	"time"

	"github.com/journeygraph/journeygraph/bench/stats"
)

// The targets of issue 12: every view ready within 1.5 s, the first view's
// compressed transfer within 1.5 MB.
const (
	targetReadyMS = 1500
	targetBytes   = 1.5e6
)

// measure loads every view once unmeasured (so Neo4j's query plans and page
// cache are as warm as a running service's), then runs rounds of one load per
// view, in a new tab with the cache off ("cold", what a first visit
// transfers), and in a tab per view that has loaded it before ("warm", a
// revisit). Rounds interleave the views, so a burst of load elsewhere on the
// machine spreads over all of them. It prints each load to log and the
// medians as a Markdown table to out.
func measure(b *browser, targets []target, runs int, timeout time.Duration, out, log io.Writer) error {
	fmt.Fprintf(log, "warm-up: one load of each view\n")
	warm := map[string]*tab{}
	defer func() {
		for _, t := range warm {
			t.cancel()
		}
	}()
	for _, v := range targets {
		t, err := b.newTab(false)
		if err != nil {
			return err
		}
		warm[v.name] = t
		if _, err := t.open(v, timeout); err != nil {
			return err
		}
	}
	cold := map[string][]load{}
	revisit := map[string][]load{}
	for round := 1; round <= runs; round++ {
		for _, v := range targets {
			t, err := b.newTab(true)
			if err != nil {
				return err
			}
			l, err := t.open(v, timeout)
			t.cancel()
			if err != nil {
				return err
			}
			cold[v.name] = append(cold[v.name], l)
			fmt.Fprintf(log, "round %d %-11s cold %s\n", round, v.name, l)
			if l, err = warm[v.name].open(v, timeout); err != nil {
				return err
			}
			revisit[v.name] = append(revisit[v.name], l)
			fmt.Fprintf(log, "round %d %-11s warm %s\n", round, v.name, l)
		}
	}
	fmt.Fprintf(out, "\nMedians of %d loads per view (ms from navigation to data-ready; cold: new tab, cache off; warm: revisit).\n\n", runs)
	fmt.Fprintln(out, "| View | Ready, cold | min–max | /graphql (server wait) | App files before first /graphql | Rest (rendering) | Ready, warm | Transferred, cold | Transferred, warm | Target 1.5 s |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|---|---|---|---|")
	var slowest float64
	heaviest := 0.0
	for _, v := range targets {
		c, w := cold[v.name], revisit[v.name]
		ready := stats.Median(c, func(l load) float64 { return l.readyMS })
		api := stats.Median(c, func(l load) float64 { return l.apiMS })
		first := stats.Median(c, func(l load) float64 { return l.firstAPIMS })
		rest := stats.Median(c, func(l load) float64 { return l.readyMS - l.firstAPIMS - l.apiMS })
		lo, hi := extremes(c, func(l load) float64 { return l.readyMS })
		verdict := "met"
		if ready > targetReadyMS {
			verdict = "**missed**"
		}
		bytesCold := stats.Median(c, func(l load) float64 { return l.bytes })
		fmt.Fprintf(out, "| %s | %.0f | %.0f–%.0f | %.0f (%.0f) in %d | %.0f | %.0f | %.0f | %s in %d | %s in %d | %s |\n",
			v.name, ready, lo, hi, api, stats.Median(c, func(l load) float64 { return l.waitMS }), c[0].requests,
			first, rest, stats.Median(w, func(l load) float64 { return l.readyMS }),
			kb(bytesCold), c[0].files, kb(stats.Median(w, func(l load) float64 { return l.bytes })), w[0].files, verdict)
		slowest = max(slowest, ready)
		heaviest = max(heaviest, bytesCold)
	}
	fmt.Fprintf(out, "\nSlowest view: %.0f ms (target ≤ %d ms: %s). Heaviest first view: %s (target ≤ 1.5 MB: %s).\n",
		slowest, targetReadyMS, metOr(slowest <= targetReadyMS), kb(heaviest), metOr(heaviest <= targetBytes))
	return nil
}

func (l load) String() string {
	return fmt.Sprintf("ready %6.0f ms  first /graphql at %5.0f ms  /graphql %5.0f ms (wait %5.0f) in %d  %s in %d requests",
		l.readyMS, l.firstAPIMS, l.apiMS, l.waitMS, l.requests, kb(l.bytes), l.files)
}

func extremes(loads []load, f func(load) float64) (lo, hi float64) {
	for i, l := range loads {
		x := f(l)
		if i == 0 || x < lo {
			lo = x
		}
		if i == 0 || x > hi {
			hi = x
		}
	}
	return lo, hi
}

func kb(bytes float64) string {
	return fmt.Sprintf("%.1f KB", bytes/1000)
}

func metOr(ok bool) string {
	if ok {
		return "met"
	}
	return "**missed**"
}
