package analytics

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// allocated returns the bytes f allocates, the least of five calls: the
// buffers the analytics keep in a sync.Pool are reused or not at random
// (under -race the pool drops some on purpose), which alone moved a ratio of
// two measurements from 1.5x to 1.8x; the least call is the one that reused
// them, on both sides of a comparison.
func allocated(f func()) uint64 {
	least := uint64(math.MaxUint64)
	for range 5 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		least = min(least, after.TotalAlloc-before.TotalAlloc)
	}
	return least
}

// A scope touching two departments costs the same whatever the size of the
// department catalog: departments no journey in scope reaches take no
// tallies. (They once took d² per worker: 209 MB for this scope.)
func TestHandoffsCostDoesNotGrowWithUnusedDepartments(t *testing.T) {
	js := make([]journey.ObservedJourney, 100)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range js {
		js[i].Steps = []journey.JourneyStep{{TypeKey: "form", At: at}, {TypeKey: "call", At: at.Add(time.Minute)}}
	}
	small := map[string]string{"form": "marketing", "call": "sales"}
	catalog := map[string]string{"form": "marketing", "call": "sales"}
	for i := range 2000 {
		catalog[fmt.Sprint("type-", i)] = fmt.Sprint("department-", i)
	}
	// 100 handoffs marketing → sales, a minute each, all the journeys' last.
	want := DepartmentHandoffs{JourneysInScope: 100, Handoffs: 100, Pairs: []DepartmentHandoff{{
		FromDepartmentKey: "marketing", ToDepartmentKey: "sales", Count: 100, JourneysWithHandoff: 100,
		MedianLatencySeconds: 60, P90LatencySeconds: 60, DropOffJourneys: 100, DropOffRate: 1,
	}}}
	sameExactly(t, "with the small catalog", DepartmentHandoffsOf(js, HandoffOptions{Departments: small}), want)
	sameExactly(t, "with the large catalog", DepartmentHandoffsOf(js, HandoffOptions{Departments: catalog}), want)
	withSmall := allocated(func() { DepartmentHandoffsOf(js, HandoffOptions{Departments: small}) })
	withCatalog := allocated(func() { DepartmentHandoffsOf(js, HandoffOptions{Departments: catalog}) })
	t.Logf("bytes allocated: 2 departments %d, 2002 departments %d", withSmall, withCatalog)
	if withCatalog > 2*withSmall+64<<10 {
		t.Errorf("handoffs allocate %d bytes with 2000 unused departments in the catalog, %d without", withCatalog, withSmall)
	}
}

// With many touchpoint types in scope, linkages and handoffs cost in
// proportion to the steps and the links seen, not the types squared: 4,000
// journeys of ~10 steps over 2,000 or 4,000 types (and 8 departments) see
// about as many links (nearly every transition a link of its own) out of 4M
// or 16M type pairs: what grows with the types seen (their index) may
// double (a little more when a pooled buffer is not reused), a t² tally would
// quadruple. And 2,000 types cost less than one
// int32 tally per pair of them (16 MB). (Per-worker t² tallies cost
// 98 MB and 49 MB at 2,000 types.)
func TestCostWithManyTypesInScopeGrowsWithTheLinksSeen(t *testing.T) {
	costs := map[string][]uint64{}
	for _, types := range []int{2000, 4000} {
		js, departments := benchJourneys(4000, 10, types)
		linkages := LinkageOptions{Top: 50, Outcome: &journey.Outcome{TypeKey: "type-07"}}
		handoffs := HandoffOptions{Departments: departments}
		sameExactly(t, fmt.Sprint("linkages over ", types, " types"), LinkagesOf(js, linkages), referenceLinkages(js, linkages))
		sameExactly(t, fmt.Sprint("handoffs over ", types, " types"), DepartmentHandoffsOf(js, handoffs), referenceHandoffs(js, handoffs))
		costs["linkages"] = append(costs["linkages"], allocated(func() { LinkagesOf(js, linkages) }))
		costs["handoffs"] = append(costs["handoffs"], allocated(func() { DepartmentHandoffsOf(js, handoffs) }))
	}
	for name, c := range costs {
		t.Logf("%s: %d bytes allocated over 2000 types, %d over 4000", name, c[0], c[1])
		if c[0] > 4*2000*2000 {
			t.Errorf("%s allocate %d bytes over 2000 types, more than a tally per type pair", name, c[0])
		}
		if c[1] > 3*c[0] { // linear: up to 2x, plus a pooled buffer not reused; t²: 4x
			t.Errorf("%s allocate %d bytes over 4000 types, %d over 2000: the cost grows with the types squared", name, c[1], c[0])
		}
	}
}

func TestFirstOfKeepsTheFirstInOrder(t *testing.T) {
	ascending := func(a, b int) int { return a - b }
	for _, c := range []struct {
		xs   []int
		n    int
		want []int
	}{
		{[]int{9, 3, 11, 0, 7, 5, 1, 10, 4, 8, 2, 6}, 0, []int{}},
		{[]int{9, 3, 11, 0, 7, 5, 1, 10, 4, 8, 2, 6}, 1, []int{0}},
		{[]int{9, 3, 11, 0, 7, 5, 1, 10, 4, 8, 2, 6}, 2, []int{0, 1}},
		{[]int{11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, 2, []int{0, 1}},
		{[]int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 2, []int{0, 1}},
		{[]int{4, 4, 2, 9, 2, 7, 4, 1, 8, 8, 3, 5}, 2, []int{1, 2}},
		{[]int{9, 3, 11, 0, 7, 5, 1, 10, 4, 8, 2, 6}, 5, []int{0, 1, 2, 3, 4}},
		{[]int{3, 1, 2}, 7, []int{1, 2, 3}},
	} {
		got := firstOf(slices.Clone(c.xs), c.n, ascending)
		if !slices.Equal(got, c.want) {
			t.Errorf("firstOf(%v, %d) = %v, want %v", c.xs, c.n, got, c.want)
		}
	}
}
