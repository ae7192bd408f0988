package analytics

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// Split over any number of goroutines, linkages and handoffs equal the one
// goroutine answer exactly (every count, every float, every order) and the
// naive reference: with more workers than journeys, none, one, and journeys
// with no or one step.
func TestLinkagesAndHandoffsAreTheSameOnAnyNumberOfGoroutines(t *testing.T) {
	departments := map[string]string{"ad": "marketing", "webinar": "marketing", "call": "sales", "demo": "sales", "trial": "product"}
	r := rand.New(rand.NewPCG(11, 12))
	sets := map[string][]journey.ObservedJourney{"none": nil, "empty": {}}
	for round := range 6 {
		js := randomJourneys(r)
		sets[fmt.Sprintf("random %d", round)] = js
		sets[fmt.Sprintf("first %d of random %d", round, round)] = js[:round]
	}
	sets["one"] = sets["random 0"][3:4]
	// Links with thousands of gaps each.
	large, largeDepartments := benchJourneys(500, 60, 2)
	sets["large links"] = large
	// More types than a chunk numbers its links for densely (some chunks
	// fewer, when split finely).
	manyTypes, manyTypesDepartments := benchJourneys(300, 12, 400)
	sets["many types"] = manyTypes
	// and more departments than that, each type its own.
	ownDepartments := map[string]string{}
	for key := range manyTypesDepartments {
		ownDepartments[key] = "department of " + key
	}
	linkages := []LinkageOptions{
		{Top: 100},
		{MinCount: 20, Top: 7},
		{Top: 100, Outcome: &journey.Outcome{TypeKey: "trial"}},
		{MinCount: 5, Top: 100, Outcome: &journey.Outcome{TypeKey: "demo"}, Window: 2 * time.Hour},
		{MinCount: 2, Top: 100, Outcome: &journey.Outcome{TypeKey: "type-07"}},
	}
	handoffs := []HandoffOptions{
		{Departments: departments},
		{Departments: departments, MinCount: 30},
		{Departments: departments, Outcome: &journey.Outcome{TypeKey: "trial"}, Window: 3 * time.Hour},
		{},
		{Departments: largeDepartments},
		{Departments: manyTypesDepartments, Outcome: &journey.Outcome{TypeKey: "type-07"}},
		{Departments: ownDepartments, MinCount: 2},
	}
	for name, js := range sets {
		for _, o := range linkages {
			one := linkagesOf(js, o, 1)
			sameExactly(t, fmt.Sprintf("%s: linkages %+v on one goroutine against the reference", name, o), one, referenceLinkages(js, o))
			for _, workers := range []int{2, 3, 4, 7, 301, 1000} {
				sameExactly(t, fmt.Sprintf("%s: linkages %+v on %d goroutines", name, o, workers), linkagesOf(js, o, workers), one)
			}
		}
		for _, o := range handoffs {
			one := departmentHandoffsOf(js, o, 1)
			sameExactly(t, fmt.Sprintf("%s: handoffs %+v on one goroutine against the reference", name, o), one, referenceHandoffs(js, o))
			for _, workers := range []int{2, 3, 4, 7, 301, 1000} {
				sameExactly(t, fmt.Sprintf("%s: handoffs %+v on %d goroutines", name, o, workers), departmentHandoffsOf(js, o, workers), one)
			}
		}
	}
}

func journeysOfLengths(lengths ...int) []journey.ObservedJourney {
	js := make([]journey.ObservedJourney, len(lengths))
	for i, n := range lengths {
		js[i].Steps = make([]journey.JourneyStep, n)
	}
	return js
}

func TestSpansCoverTheJourneysInOrderWithAboutEqualSteps(t *testing.T) {
	tests := []struct {
		name    string
		lengths []int
		n       int
		want    []span
	}{
		{"no journeys", nil, 4, []span{{0, 0}}},
		{"one worker", []int{3, 1, 2}, 1, []span{{0, 3}}},
		{"fewer journeys than workers", []int{5, 5}, 8, []span{{0, 1}, {1, 2}}},
		// 12 steps over 3: the first span closes at 4 or more, the second at 8.
		{"even", []int{2, 2, 2, 2, 2, 2}, 3, []span{{0, 2}, {2, 4}, {4, 6}}},
		// One long journey takes a span of its own; the rest share the other.
		{"one long journey first", []int{10, 1, 1, 1}, 2, []span{{0, 1}, {1, 4}}},
		// All the steps in the last journey: no share is reached before
		// it, and after it there is no journey left for another span.
		{"steps at the end", []int{0, 0, 0, 9}, 3, []span{{0, 4}}},
		// 3 of 9 steps close the first span at journey 1; 6 of 9 are
		// reached only with the last, which must not leave an empty span.
		{"steps late", []int{0, 3, 0, 6}, 3, []span{{0, 2}, {2, 4}}},
		{"no steps at all", []int{0, 0, 0}, 2, []span{{0, 1}, {1, 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := spansOf(journeysOfLengths(tt.lengths...), tt.n); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestWorkersAreAtMostGOMAXPROCSAndOneForSmallScopes(t *testing.T) {
	if got := workersFor(journeysOfLengths(minStepsPerWorker-1, 0)); got != 1 {
		t.Errorf("below %d steps: %d workers, want 1", minStepsPerWorker, got)
	}
	if got, want := workersFor(journeysOfLengths(3*minStepsPerWorker, 3*minStepsPerWorker)), min(runtime.GOMAXPROCS(0), 6); got != want {
		t.Errorf("%d steps: %d workers, want %d (at most GOMAXPROCS)", 6*minStepsPerWorker, got, want)
	}
}

func TestInParallelRaisesAWorkersPanicOnTheCaller(t *testing.T) {
	ran := make([]bool, 4)
	defer func() {
		p, ok := recover().(*workerPanic)
		if !ok || p.value != "worker 2 failed" {
			t.Errorf("recovered %v, want worker 2's panic", p)
		} else if s := fmt.Sprint(p); !strings.Contains(s, "worker 2 failed") || !strings.Contains(s, "TestInParallelRaisesAWorkersPanicOnTheCaller.func2") {
			t.Errorf("the panic reads %q, want its value and the worker's stack", s)
		}
		if !slices.Equal(ran, []bool{true, true, false, true}) {
			t.Errorf("ran %v: every other worker should have finished", ran)
		}
	}()
	inParallel(4, func(i int) {
		if i == 2 {
			panic("worker 2 failed")
		}
		ran[i] = true
	})
	t.Error("no panic")
}

// The gap is exactly time.Time.Sub: near and far apart (Sub saturates past
// 292 years), backwards, and with monotonic clock readings, which Sub uses
// when both times have one.
func TestGapIsSub(t *testing.T) {
	base := time.Date(2026, 3, 1, 12, 0, 0, 123456789, time.UTC)
	now := time.Now()
	pairs := [][2]time.Time{
		{base, base},
		{base, base.Add(1500 * time.Millisecond)},
		{base.Add(time.Second), base}, // backwards
		{base, base.Add(-time.Nanosecond)},
		{base, base.AddDate(250, 0, 0)},
		{base, base.AddDate(300, 0, 0)},  // beyond a Duration: saturates
		{base, base.AddDate(-300, 0, 0)}, // and backwards
		{time.Unix(0, 0), time.Unix(1<<33-1, 999_999_999)},
		{time.Unix(0, 999_999_999), time.Unix(1<<33, 0)},
		{base.In(time.FixedZone("x", 3600)), base.Add(time.Hour)},
		{now, now.Add(3 * time.Second)},             // both monotonic
		{now.Round(0), now.Add(3 * time.Second)},    // one monotonic
		{now, now.Add(3 * time.Second).Round(0)},    // the other
		{now.Add(time.Hour), now.Add(-time.Minute)}, // monotonic, backwards
	}
	for _, p := range pairs {
		if got, want := gap(p[0], p[1]), p[1].Sub(p[0]); got != want {
			t.Errorf("gap(%v, %v) = %v, want %v", p[0], p[1], got, want)
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 10_000 {
		a := time.Unix(r.Int64N(1<<40)-1<<39, r.Int64N(1e9))
		b := a.Add(time.Duration(r.Int64()))
		if r.IntN(2) == 0 {
			b = time.Unix(r.Int64N(1<<40)-1<<39, r.Int64N(1e9))
		}
		if got, want := gap(a, b), b.Sub(a); got != want {
			t.Fatalf("gap(%v, %v) = %v, want %v", a, b, got, want)
		}
	}
}

// Selecting on durations gives exactly the quantiles of their seconds, on
// short and long slices.
func TestDurationQuantilesAreThoseOfTheSeconds(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	qs := []float64{0, 0.1, 0.5, 0.9, 1}
	for round := range 2100 {
		n := 1 + r.IntN(200)
		if round >= 2000 {
			n = 4096 + r.IntN(3*4096)
		}
		ds := make([]time.Duration, n)
		for i := range ds {
			switch round % 4 {
			case 0: // whole seconds, many equal
				ds[i] = time.Duration(r.IntN(10)) * time.Second
			case 1: // nanoseconds that round to the same seconds
				ds[i] = time.Duration(r.Int64N(1<<62)) | 1
			case 2: // heavy-tailed: nanoseconds to years
				ds[i] = time.Duration(math.Exp(r.Float64()*40)) + time.Duration(r.IntN(3))
			default:
				ds[i] = time.Duration(r.Int64() - math.MaxInt64/2)
			}
			if round%50 == 49 && i < 3 { // the extremes
				ds[i] = []time.Duration{math.MinInt64, math.MaxInt64, 0}[i]
			}
		}
		secs := make([]float64, len(ds))
		for i, d := range ds {
			secs[i] = d.Seconds()
		}
		got := durationQuantilesBySelection(slices.Clone(ds), qs...)
		for i, q := range qs {
			if want := sortedQuantile(secs, q); got[i] != want {
				t.Fatalf("round %d, q=%v: got %v, want exactly %v", round, q, got[i], want)
			}
		}
	}
}
