package analytics

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// randomJourneys makes small journeys over six type keys with coarse times
// (many equal gaps, some zero); half the keys are fresh copies, not the
// shared strings, so numbering cannot rely on interning.
func randomJourneys(r *rand.Rand) []journey.ObservedJourney {
	keys := []string{"ad", "call", "demo", "email", "trial", "webinar"}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	js := make([]journey.ObservedJourney, 300)
	for i := range js {
		steps := make([]journey.JourneyStep, r.IntN(13))
		at := base.Add(time.Duration(r.IntN(100)) * time.Hour)
		for k := range steps {
			at = at.Add(time.Duration(r.IntN(4)) * 30 * time.Minute)
			key := keys[r.IntN(len(keys))]
			if r.IntN(2) == 0 {
				key = strings.Clone(key)
			}
			steps[k] = journey.JourneyStep{TypeKey: key, At: at}
		}
		js[i] = journey.ObservedJourney{ID: fmt.Sprint(i), Steps: steps}
	}
	return js
}

// referenceReach is conversion.reach written again: the outcome counts only
// within window of the first step; the path is the steps before it, or all.
func referenceReach(o *journey.Outcome, window time.Duration, j *journey.ObservedJourney) (before int, ok bool) {
	at, before, ok := o.ReachedIn(j)
	if ok && window > 0 && before > 0 && at.Sub(j.Steps[0].At) > window {
		ok = false
	}
	if !ok {
		return len(j.Steps), false
	}
	return before, true
}

type pair struct{ from, to string }

func referenceOrder(counts map[pair]int) []pair {
	var ps []pair
	for p := range counts {
		ps = append(ps, p)
	}
	slices.SortFunc(ps, func(a, b pair) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to))
	})
	return ps
}

func referenceLinkages(js []journey.ObservedJourney, o LinkageOptions) TouchpointLinkages {
	res := TouchpointLinkages{JourneysInScope: len(js)}
	counts, out, with, convertedWith := map[pair]int{}, map[string]int{}, map[pair]int{}, map[pair]int{}
	gaps := map[pair][]float64{}
	converted := 0
	for _, j := range js {
		for k := 1; k < len(j.Steps); k++ {
			p := pair{j.Steps[k-1].TypeKey, j.Steps[k].TypeKey}
			counts[p]++
			out[p.from]++
			res.Transitions++
			gaps[p] = append(gaps[p], j.Steps[k].At.Sub(j.Steps[k-1].At).Seconds())
		}
		if o.Outcome == nil {
			continue
		}
		before, ok := referenceReach(o.Outcome, o.Window, &j)
		if ok {
			converted++
		}
		seen := map[pair]bool{}
		for k := 1; k < before; k++ {
			seen[pair{j.Steps[k-1].TypeKey, j.Steps[k].TypeKey}] = true
		}
		for p := range seen {
			with[p]++
			if ok {
				convertedWith[p]++
			}
		}
	}
	res.DistinctLinks = len(counts)
	if o.Outcome != nil {
		res.JourneysReachingOutcome = &converted
	}
	res.Links = []TouchpointLink{}
	for _, p := range referenceOrder(counts) {
		if counts[p] < o.MinCount || len(res.Links) == o.Top {
			continue
		}
		l := TouchpointLink{
			FromTypeKey: p.from, ToTypeKey: p.to, Count: counts[p],
			Share:            float64(counts[p]) / float64(out[p.from]),
			MedianGapSeconds: sortedQuantile(gaps[p], 0.5), P90GapSeconds: sortedQuantile(gaps[p], 0.9),
		}
		if o.Outcome != nil {
			w, cw := with[p], convertedWith[p]
			l.JourneysWithLink = &w
			if w > 0 {
				r := float64(cw) / float64(w)
				l.ConversionRateWith = &r
			}
			if len(js)-w > 0 {
				r := float64(converted-cw) / float64(len(js)-w)
				l.ConversionRateWithout = &r
			}
			if l.ConversionRateWith != nil && l.ConversionRateWithout != nil && *l.ConversionRateWithout > 0 {
				lift := *l.ConversionRateWith / *l.ConversionRateWithout
				l.Lift = &lift
			}
		}
		res.Links = append(res.Links, l)
	}
	return res
}

func referenceHandoffs(js []journey.ObservedJourney, o HandoffOptions) DepartmentHandoffs {
	res := DepartmentHandoffs{JourneysInScope: len(js)}
	counts, journeys, dropOffs := map[pair]int{}, map[pair]int{}, map[pair]int{}
	gaps := map[pair][]float64{}
	for _, j := range js {
		seen := map[pair]bool{}
		for k := 1; k < len(j.Steps); k++ {
			p := pair{o.Departments[j.Steps[k-1].TypeKey], o.Departments[j.Steps[k].TypeKey]}
			if p.from == "" || p.to == "" || p.from == p.to {
				continue
			}
			res.Handoffs++
			counts[p]++
			seen[p] = true
			gaps[p] = append(gaps[p], j.Steps[k].At.Sub(j.Steps[k-1].At).Seconds())
			if k == len(j.Steps)-1 {
				reached := false
				if o.Outcome != nil {
					_, reached = referenceReach(o.Outcome, o.Window, &j)
				}
				if !reached {
					dropOffs[p]++
				}
			}
		}
		for p := range seen {
			journeys[p]++
		}
	}
	res.Pairs = []DepartmentHandoff{}
	for _, p := range referenceOrder(counts) {
		if counts[p] < o.MinCount {
			continue
		}
		res.Pairs = append(res.Pairs, DepartmentHandoff{
			FromDepartmentKey: p.from, ToDepartmentKey: p.to, Count: counts[p], JourneysWithHandoff: journeys[p],
			MedianLatencySeconds: sortedQuantile(gaps[p], 0.5), P90LatencySeconds: sortedQuantile(gaps[p], 0.9),
			DropOffJourneys: dropOffs[p], DropOffRate: float64(dropOffs[p]) / float64(journeys[p]),
		})
	}
	return res
}

// sameExactly compares field by field (pointers by what they point to, floats
// exactly) and shows both as JSON when they differ.
func sameExactly(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		t.Errorf("%s:\ngot  %s\nwant %s", what, g, w)
	}
}

func TestLinkagesAndHandoffsEqualAReferenceOnRandomJourneys(t *testing.T) {
	departments := map[string]string{"ad": "marketing", "webinar": "marketing", "call": "sales", "demo": "sales", "trial": "product"}
	r := rand.New(rand.NewPCG(7, 8))
	for round := range 20 {
		js := randomJourneys(r)
		for _, o := range []LinkageOptions{
			{Top: 100},
			{MinCount: 20, Top: 7},
			{Top: 100, Outcome: &journey.Outcome{TypeKey: "trial"}},
			{MinCount: 5, Top: 100, Outcome: &journey.Outcome{TypeKey: "demo"}, Window: 2 * time.Hour},
		} {
			sameExactly(t, fmt.Sprintf("round %d, linkages %+v", round, o), LinkagesOf(js, o), referenceLinkages(js, o))
		}
		for _, o := range []HandoffOptions{
			{Departments: departments},
			{Departments: departments, MinCount: 30},
			{Departments: departments, Outcome: &journey.Outcome{TypeKey: "trial"}, Window: 3 * time.Hour},
		} {
			sameExactly(t, fmt.Sprintf("round %d, handoffs %+v", round, o), DepartmentHandoffsOf(js, o), referenceHandoffs(js, o))
		}
	}
}
