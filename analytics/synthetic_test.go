package analytics_test

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/analytics"
	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
)

// synthetic generates n seed accounts as account-level observed journeys,
// type keys shared the way store.ObservedJourneys shares them.
func synthetic(t testing.TB, n int) []journey.ObservedJourney {
	t.Helper()
	p := seed.DefaultParams()
	p.Accounts = n
	intern := map[string]string{}
	key := func(k string) string {
		if s, ok := intern[k]; ok {
			return s
		}
		intern[k] = k
		return k
	}
	var out []journey.ObservedJourney
	err := seed.Generate(p, func(a seed.AccountJourney) error {
		j := journey.ObservedJourney{ID: a.Account.ID, AccountID: a.Account.ID, ARR: a.Account.ARR,
			Steps: make([]journey.JourneyStep, len(a.Touchpoints)), StageEntries: make([]journey.StageEntry, len(a.StageChanges))}
		for i, tp := range a.Touchpoints {
			j.Steps[i] = journey.JourneyStep{TypeKey: key(tp.TypeKey), At: tp.OccurredAt.UTC()}
		}
		for i, c := range a.StageChanges {
			j.StageEntries[i] = journey.StageEntry{StageKey: key(c.StageKey), At: c.At.UTC()}
		}
		out = append(out, j)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func departments() map[string]string {
	out := map[string]string{}
	for _, t := range seed.TouchpointTypes {
		out[t.Key] = t.DepartmentKey
	}
	return out
}

func stageKeys() []string {
	out := make([]string, len(seed.Stages))
	for i, s := range seed.Stages {
		out[i] = s.Key
	}
	return out
}

// path is the naive reading of a journey's path: type keys up to the
// outcome, collapsed if asked.
func naivePath(j journey.ObservedJourney, o journey.Outcome, window time.Duration, collapse bool) (keys []string, reached bool) {
	at, before, ok := o.ReachedIn(&j)
	if ok && window > 0 && before > 0 && at.Sub(j.Steps[0].At) > window {
		ok = false
	}
	if !ok {
		before = len(j.Steps)
	}
	for _, s := range j.Steps[:before] {
		if collapse && len(keys) > 0 && keys[len(keys)-1] == s.TypeKey {
			continue
		}
		keys = append(keys, s.TypeKey)
	}
	return keys, ok
}

func TestPathVariantPropertiesOnSyntheticJourneys(t *testing.T) {
	js := synthetic(t, 300)
	for _, o := range []journey.Outcome{{StageKey: "customer"}, {StageKey: "churned"}, {TypeKey: "contract_signature"}} {
		for _, collapse := range []bool{true, false} {
			for _, window := range []time.Duration{0, 90 * 24 * time.Hour} {
				opts := analytics.PathVariantOptions{Outcome: o, Top: 1 << 30, CollapseRepeats: collapse, MaxLength: 6, Window: window}
				got := analytics.PathVariantsOf(js, opts)
				// The naive count: journeys by their joined (cut) path.
				want := map[string]int{}
				paths := make([][]string, len(js))
				reached, without := 0, 0
				for i, j := range js {
					keys, ok := naivePath(j, o, window, collapse)
					paths[i] = keys
					if !ok {
						continue
					}
					reached++
					if len(keys) == 0 {
						without++
						continue
					}
					v := strings.Join(keys[:min(len(keys), 6)], " ")
					if len(keys) > 6 {
						v += " …"
					}
					want[v]++
				}
				name := o.StageKey + o.TypeKey
				if got.JourneysReachingOutcome != reached || got.JourneysReachingOutcomeWithoutTouchpoints != without || got.DistinctVariants != len(want) || len(got.Variants) != len(want) {
					t.Fatalf("%s collapse=%v window=%v: reached %d/%d without %d/%d distinct %d/%d",
						name, collapse, window, got.JourneysReachingOutcome, reached, got.JourneysReachingOutcomeWithoutTouchpoints, without, got.DistinctVariants, len(want))
				}
				if window == 0 && reached == without {
					t.Fatalf("%s: no journey reached the outcome with a path; the property says nothing", name)
				}
				sum, shares := 0, 0.0
				for i, v := range got.Variants {
					k := strings.Join(v.TypeKeys, " ")
					if v.Truncated {
						k += " …"
					}
					if want[k] != v.Count {
						t.Errorf("%s: variant %q count %d, naive %d", name, k, v.Count, want[k])
					}
					if i > 0 && v.Count > got.Variants[i-1].Count {
						t.Errorf("%s: variants not ordered by count at %d", name, i)
					}
					sum += v.Count
					shares += v.Share
					if i < 5 { // began-this-way, naively
						began, conv := 0, 0
						for pi, p := range paths {
							if len(p) >= len(v.TypeKeys) && slices.Equal(p[:len(v.TypeKeys)], v.TypeKeys) {
								began++
								if _, ok := naivePath(js[pi], o, window, collapse); ok {
									conv++
								}
							}
						}
						if began != v.JourneysStartingThisWay || !near(v.ConversionRate, float64(conv)/float64(began)) {
							t.Errorf("%s: %q began %d (naive %d), rate %v (naive %d/%d)", name, k, v.JourneysStartingThisWay, began, v.ConversionRate, conv, began)
						}
					}
				}
				// Variant counts sum to the outcomes in scope that have a path.
				wantShares := 0.0
				if reached > 0 {
					wantShares = float64(reached-without) / float64(reached)
				}
				if sum != reached-without || !near(shares, wantShares) {
					t.Errorf("%s: counts sum to %d, shares to %v; want %d of %d", name, sum, shares, reached-without, reached)
				}
			}
		}
	}
}

func TestPathsAroundPropertiesOnSyntheticJourneys(t *testing.T) {
	js := synthetic(t, 300)
	for _, anchor := range []string{"demo", "proposal", "webinar_attendance"} {
		got := analytics.PathsAroundOf(js, analytics.PathsAroundOptions{Anchor: anchor, StepsBefore: 3, StepsAfter: 3, CollapseRepeats: true})
		nodes, in, out := map[int]int{}, map[int]int{}, map[int]int{}
		pos := map[string]int{}
		for _, n := range got.Nodes {
			nodes[n.Position] += n.Count
			pos[n.ID] = n.Position
		}
		for _, l := range got.Links {
			if pos[l.Target] != pos[l.Source]+1 {
				t.Fatalf("%s: link %s -> %s skips a position", anchor, l.Source, l.Target)
			}
			out[pos[l.Source]] += l.Count
			in[pos[l.Target]] += l.Count
		}
		if got.JourneysWithAnchor == 0 || nodes[0] != got.JourneysWithAnchor {
			t.Errorf("%s: anchor node %d, journeys %d", anchor, nodes[0], got.JourneysWithAnchor)
		}
		// Every step before the anchor flows on into the next position;
		// every step after it flows in from the previous one.
		for p := -3; p <= 3; p++ {
			if p < 0 && nodes[p] != out[p] || p > 0 && nodes[p] != in[p] || nodes[p] > nodes[0] {
				t.Errorf("%s: position %d has %d journeys, %d flow in, %d out", anchor, p, nodes[p], in[p], out[p])
			}
		}
	}
}

func TestLinkagePropertiesOnSyntheticJourneys(t *testing.T) {
	js := synthetic(t, 300)
	customer := journey.Outcome{StageKey: "customer"}
	got := analytics.LinkagesOf(js, analytics.LinkageOptions{Outcome: &customer, MinCount: 1, Top: 1 << 30})
	naive := map[[2]string]int{}
	transitions := 0
	for _, j := range js {
		for k := 1; k < len(j.Steps); k++ {
			naive[[2]string{j.Steps[k-1].TypeKey, j.Steps[k].TypeKey}]++
			transitions++
		}
	}
	if got.Transitions != transitions || got.DistinctLinks != len(naive) || len(got.Links) != len(naive) {
		t.Fatalf("transitions %d/%d links %d/%d", got.Transitions, transitions, len(got.Links), len(naive))
	}
	shares := map[string]float64{}
	for _, l := range got.Links {
		if naive[[2]string{l.FromTypeKey, l.ToTypeKey}] != l.Count {
			t.Errorf("%s>%s: %d, naive %d", l.FromTypeKey, l.ToTypeKey, l.Count, naive[[2]string{l.FromTypeKey, l.ToTypeKey}])
		}
		shares[l.FromTypeKey] += l.Share
		// Converted journeys with and without the link add up.
		w := *l.JourneysWithLink
		var with, without float64
		if l.ConversionRateWith != nil {
			with = *l.ConversionRateWith * float64(w)
		}
		if l.ConversionRateWithout != nil {
			without = *l.ConversionRateWithout * float64(len(js)-w)
		}
		if !near(with+without, float64(*got.JourneysReachingOutcome)) {
			t.Errorf("%s>%s: %v + %v converted, want %d", l.FromTypeKey, l.ToTypeKey, with, without, *got.JourneysReachingOutcome)
		}
	}
	for from, s := range shares {
		if !near(s, 1) {
			t.Errorf("shares out of %s sum to %v", from, s)
		}
	}

	// Neighbours agree with the links into and out of the type.
	for _, typ := range []string{"demo", "website_visit", "invoice"} {
		nb := analytics.TouchpointNeighboursOf(js, typ, 1<<30)
		var into, outOf int
		for _, l := range got.Links {
			if l.ToTypeKey == typ {
				into += l.Count
			}
			if l.FromTypeKey == typ {
				outOf += l.Count
			}
		}
		sum := func(ns []analytics.TouchpointNeighbour) (n int) {
			for _, x := range ns {
				n += x.Count
			}
			return n
		}
		if nb.Occurrences == 0 || sum(nb.Predecessors) != into || into != nb.Occurrences-nb.FirstStepCount || sum(nb.Successors) != outOf || outOf != nb.Occurrences-nb.LastStepCount {
			t.Errorf("%s: %+v; links in %d out %d", typ, nb, into, outOf)
		}
	}

	// Handoffs are the links between departments.
	depts := departments()
	h := analytics.DepartmentHandoffsOf(js, analytics.HandoffOptions{Departments: depts})
	cross := 0
	for _, l := range got.Links {
		if depts[l.FromTypeKey] != depts[l.ToTypeKey] {
			cross += l.Count
		}
	}
	sum, drops := 0, 0
	for _, p := range h.Pairs {
		sum += p.Count
		drops += p.DropOffJourneys
		if p.DropOffJourneys > p.JourneysWithHandoff || p.JourneysWithHandoff > p.Count {
			t.Errorf("%s>%s: %+v", p.FromDepartmentKey, p.ToDepartmentKey, p)
		}
	}
	if cross == 0 || h.Handoffs != cross || sum != cross || drops > len(js) {
		t.Errorf("handoffs %d, pairs sum %d, cross-department links %d, drop-offs %d", h.Handoffs, sum, cross, drops)
	}
}

func TestFunnelPropertiesOnSyntheticJourneys(t *testing.T) {
	js := synthetic(t, 300)
	for _, window := range []time.Duration{0, 60 * 24 * time.Hour} {
		for _, stages := range [][]string{stageKeys(), {"lead", "mql", "opportunity", "customer"}} {
			f := analytics.FunnelOf(js, analytics.FunnelOptions{Stages: stages, Window: window})
			back := 0
			for i, s := range f.Stages {
				back += s.BackwardMovesFrom
				if s.Entries < s.Entered || s.Entered > f.AccountsEnteringAnyStage {
					t.Errorf("%s: entries %d entered %d", s.StageKey, s.Entries, s.Entered)
				}
				if i == len(f.Stages)-1 {
					continue
				}
				if *s.ConvertedToNext+*s.SkippedAhead+*s.DropOff != s.Entered {
					t.Errorf("%s: %d + %d + %d != %d", s.StageKey, *s.ConvertedToNext, *s.SkippedAhead, *s.DropOff, s.Entered)
				}
				// Counts never increase down the funnel except by accounts
				// that skipped the stage before, counted explicitly.
				if next := f.Stages[i+1]; next.Entered > s.Entered+s.Skipped || *s.ConvertedToNext > next.Entered {
					t.Errorf("%s -> %s: %d entered after %d (+%d skipped), %d converted", s.StageKey, next.StageKey, next.Entered, s.Entered, s.Skipped, *s.ConvertedToNext)
				}
			}
			if back != f.BackwardMoves || f.Stages[0].Entered == 0 {
				t.Errorf("backward moves %d, per stage %d; lead entered %d", f.BackwardMoves, back, f.Stages[0].Entered)
			}
		}
	}
}

// ~1M steps: about 6,400 seed accounts.
var (
	benchOnce     sync.Once
	benchJourneys []journey.ObservedJourney
)

// stepCount is the number of steps of journeys.
func stepCount(journeys []journey.ObservedJourney) int {
	n := 0
	for _, j := range journeys {
		n += len(j.Steps)
	}
	return n
}

func benchData(b *testing.B) []journey.ObservedJourney {
	benchOnce.Do(func() {
		benchJourneys = synthetic(b, 6400)
		b.Logf("%d journeys, %d steps", len(benchJourneys), stepCount(benchJourneys))
	})
	b.ReportAllocs()
	b.ResetTimer()
	return benchJourneys
}

func BenchmarkPathVariants(b *testing.B) {
	js := benchData(b)
	for i := 0; i < b.N; i++ {
		analytics.PathVariantsOf(js, analytics.PathVariantOptions{Outcome: journey.Outcome{StageKey: "customer"}, Top: 10, CollapseRepeats: true, MaxLength: 8})
	}
}

func BenchmarkPathsAround(b *testing.B) {
	js := benchData(b)
	for i := 0; i < b.N; i++ {
		analytics.PathsAroundOf(js, analytics.PathsAroundOptions{Anchor: "demo", StepsBefore: 2, StepsAfter: 2, CollapseRepeats: true})
	}
}

func BenchmarkLinkages(b *testing.B) {
	js := benchData(b)
	customer := journey.Outcome{StageKey: "customer"}
	for i := 0; i < b.N; i++ {
		analytics.LinkagesOf(js, analytics.LinkageOptions{Outcome: &customer, MinCount: 1, Top: 50})
	}
}

func BenchmarkDepartmentHandoffs(b *testing.B) {
	js := benchData(b)
	depts := departments()
	for i := 0; i < b.N; i++ {
		analytics.DepartmentHandoffsOf(js, analytics.HandoffOptions{Departments: depts})
	}
}

func BenchmarkTouchpointNeighbours(b *testing.B) {
	js := benchData(b)
	for i := 0; i < b.N; i++ {
		analytics.TouchpointNeighboursOf(js, "demo", 10)
	}
}

func BenchmarkFunnel(b *testing.B) {
	js := benchData(b)
	stages := stageKeys()
	for i := 0; i < b.N; i++ {
		analytics.FunnelOf(js, analytics.FunnelOptions{Stages: stages})
	}
}
