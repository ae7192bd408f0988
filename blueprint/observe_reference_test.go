package blueprint

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// observeReference is Observe as it was before it searched the window and
// numbered the keys (one map lookup by stage and type per step over every
// step): the reference the faster one must equal.
func observeReference(journeys []journey.ObservedJourney, moves []journey.TransitionObservation, w *journey.ObservationWindow) journey.ConformanceObservations {
	from, to := w.Bounds()
	type cell struct{ stage, typ string }
	type tally struct{ touchpoints, accounts, lastJourney int }
	cells := map[cell]*tally{} // one lookup per step: this runs for every touchpoint
	inStage := map[string]int{}
	for ji, j := range journeys {
		for _, e := range stagesDuring(j.StageEntries, from, to) {
			inStage[e]++
		}
		period := -1 // index of the entry in force at the current step
		for _, s := range j.Steps {
			for period+1 < len(j.StageEntries) && !j.StageEntries[period+1].At.After(s.At) {
				period++
			}
			if period < 0 || s.At.Before(from) || !s.At.Before(to) {
				continue
			}
			c := cell{j.StageEntries[period].StageKey, s.TypeKey}
			n := cells[c]
			if n == nil {
				n = &tally{}
				cells[c] = n
			}
			n.touchpoints++
			if n.lastJourney != ji+1 { // journeys are accounts: count each once
				n.lastJourney = ji + 1
				n.accounts++
			}
		}
	}
	out := journey.ConformanceObservations{ByStage: make([]journey.StageObservation, 0, len(cells)), AccountsInStage: inStage, Transitions: moves}
	for c, n := range cells {
		out.ByStage = append(out.ByStage, journey.StageObservation{StageKey: c.stage, TypeKey: c.typ, Touchpoints: n.touchpoints, Accounts: n.accounts})
	}
	slices.SortFunc(out.ByStage, func(a, b journey.StageObservation) int {
		return cmp.Or(cmp.Compare(a.StageKey, b.StageKey), cmp.Compare(a.TypeKey, b.TypeKey))
	})
	return out
}

// randomJourneys builds n journeys of about stepsEach steps in (At, id)
// order over typeCount type keys and stageCount stages, with stage entries
// among the steps (some at a step's very instant, some at the same instant
// as each other) and some journeys without any; times fall on a coarse grid
// so that ties are common: steps 0 to 2 units apart, entries 0 to 18.
func randomJourneys(r *rand.Rand, n, stepsEach, typeCount, stageCount int, unit time.Duration) []journey.ObservedJourney {
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	typeKeys, stageKeys := make([]string, typeCount), make([]string, stageCount) // shared, as the journey cache shares them
	for i := range typeKeys {
		typeKeys[i] = fmt.Sprintf("type-%02d", i)
	}
	for i := range stageKeys {
		stageKeys[i] = fmt.Sprintf("stage-%d", i)
	}
	js := make([]journey.ObservedJourney, n)
	for i := range js {
		steps := make([]journey.JourneyStep, r.IntN(2*stepsEach+1))
		at := base.Add(time.Duration(r.IntN(200)) * unit)
		for k := range steps {
			at = at.Add(time.Duration(r.IntN(3)) * unit)
			steps[k] = journey.JourneyStep{TypeKey: typeKeys[r.IntN(typeCount)], At: at}
		}
		var entries []journey.StageEntry
		if r.IntN(8) > 0 {
			e := base.Add(time.Duration(r.IntN(250)) * unit)
			for range 1 + r.IntN(6) {
				entries = append(entries, journey.StageEntry{StageKey: stageKeys[r.IntN(stageCount)], At: e})
				e = e.Add(time.Duration(r.IntN(4)) * 6 * unit)
			}
		}
		js[i] = journey.ObservedJourney{ID: fmt.Sprintf("j%d", i), AccountID: fmt.Sprintf("j%d", i), Steps: steps, StageEntries: entries}
	}
	return js
}

// Observe equals the reference on random journeys, for windows that start
// and end on step and entry instants, between them, outside the data and
// open on either side.
func TestObserveEqualsTheReference(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 3))
	moves := []journey.TransitionObservation{{FromKey: "stage-1", ToKey: "stage-2", Transitions: 3, Accounts: 2}}
	for round := range 40 {
		js := randomJourneys(r, 1+r.IntN(30), 1+r.IntN(20), 1+r.IntN(8), 1+r.IntN(5), time.Hour)
		instants := []time.Time{time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
		for _, j := range js {
			for _, s := range j.Steps {
				instants = append(instants, s.At, s.At.Add(time.Minute))
			}
			for _, e := range j.StageEntries {
				instants = append(instants, e.At)
			}
		}
		pick := func() *time.Time {
			if r.IntN(5) == 0 {
				return nil
			}
			return &instants[r.IntN(len(instants))]
		}
		windows := []*journey.ObservationWindow{nil}
		for range 10 {
			windows = append(windows, &journey.ObservationWindow{From: pick(), To: pick()})
		}
		for _, w := range windows {
			want := observeReference(js, moves, w)
			if got := Observe(js, moves, w); !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d, window %v:\n got  %+v\n want %+v", round, describeWindow(w), got, want)
			}
		}
	}
}

func describeWindow(w *journey.ObservationWindow) string {
	if w == nil {
		return "all time"
	}
	from, to := w.Bounds()
	return fmt.Sprintf("[%v, %v)", from, to)
}

// BenchmarkObserveTenMillion compares Observe with the reference on the
// shape of the 10M-touchpoint data set (65,000 accounts of ~150 steps, 0 to 6
// stage entries each, over about two years), all time and over a 3-month
// window as the API benchmark asks for. BENCH_ROUNDS rounds alternate the
// two, so their ratio is measured under the same load; the load average is
// printed.
func BenchmarkObserveTenMillion(b *testing.B) {
	r := rand.New(rand.NewPCG(16, 10))
	js := randomJourneys(r, 65_000, 150, 40, 14, 4*24*time.Hour) // a step every 4 days on average
	steps := 0
	for _, j := range js {
		steps += len(j.Steps)
	}
	from, to := time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rounds := 1
	if v := os.Getenv("BENCH_ROUNDS"); v != "" {
		fmt.Sscan(v, &rounds)
	}
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("ObserveTenMillion: %d journeys, %d steps; load average %s\n", len(js), steps, strings.TrimSpace(string(load)))
	impls := []struct {
		name    string
		observe func([]journey.ObservedJourney, []journey.TransitionObservation, *journey.ObservationWindow) journey.ConformanceObservations
	}{{"reference", observeReference}, {"observe", Observe}}
	for range rounds {
		for _, w := range []struct {
			name string
			w    *journey.ObservationWindow
		}{{"allTime", nil}, {"window", &journey.ObservationWindow{From: &from, To: &to}}} {
			for _, impl := range impls {
				b.Run(w.name+"/"+impl.name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						impl.observe(js, nil, w.w)
					}
				})
			}
		}
	}
}
