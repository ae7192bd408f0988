package analytics_test

import (
	"testing"

	"github.com/journeygraph/journeygraph/analytics"
	"github.com/journeygraph/journeygraph/analytics/pathfixture"
	"github.com/journeygraph/journeygraph/journey"
)

func ptr[T any](v T) *T { return &v }

// same compares via JSON with floats rounded to 6 decimals, so expected
// values read like the derivations.
func same(t *testing.T, got, want any) {
	t.Helper()
	g, err := pathfixture.Rounded(got)
	if err != nil {
		t.Fatal(err)
	}
	w, err := pathfixture.Rounded(want)
	if err != nil {
		t.Fatal(err)
	}
	if g != w {
		t.Errorf("got  %s\nwant %s", g, w)
	}
}

func link(from, to string, count int, sh, median, p90 float64) analytics.TouchpointLink {
	return analytics.TouchpointLink{FromTypeKey: from, ToTypeKey: to, Count: count, Share: sh, MedianGapSeconds: median, P90GapSeconds: p90}
}

func withConversion(l analytics.TouchpointLink, journeys int, with, without, lift *float64) analytics.TouchpointLink {
	l.JourneysWithLink, l.ConversionRateWith, l.ConversionRateWithout, l.Lift = &journeys, with, without, lift
	return l
}

func TestLinkagesOnTheHandBuiltSet(t *testing.T) {
	js := pathfixture.Journeys()
	// Consecutive steps (23 transitions):
	//   a1 W>E E>W W>D D>P P>C C>I   a2 W>B B>D D>C   a3 B>D D>P P>D
	//   a4 W>W W>D D>C   a5 W>B B>D   a7 W>D D>C C>I   a8 W>D D>C C>P
	// Out of W: 8 (W>E 1, W>D 4, W>B 2, W>W 1); out of D: 6; out of B: 3.
	// Gaps (days): D>C a2 5, a4 37, a7 1, a8 1 -> median 3, p90 (pos 2.7) 5+0.7·32 = 27.4;
	// W>D a1 3, a4 2, a7 1, a8 1 -> median 1.5, p90 2+0.7·1 = 2.7;
	// B>D a2 1, a3 2, a5 3 -> median 2, p90 (pos 1.8) 2.8.
	// Ties by keys: D>C (demo) before W>D (website_visit).
	plain := analytics.LinkagesOf(js, analytics.LinkageOptions{MinCount: 2, Top: 4})
	same(t, plain, analytics.TouchpointLinkages{JourneysInScope: 8, Transitions: 23, DistinctLinks: 12, Links: []analytics.TouchpointLink{
		link("demo", "contract_signature", 4, 4.0/6, 3*day, 27.4*day),
		link("website_visit", "demo", 4, 0.5, 1.5*day, 2.7*day),
		link("webinar_attendance", "demo", 3, 1, 2*day, 2.8*day),
		// count 2: C>I (a1 C@10>I@12, a7 C@2>I@3: median 1.5, p90 1.9) before D>P, W>B
		link("contract_signature", "invoice", 2, 2.0/3, 1.5*day, 1.9*day),
	}})

	// Customer: a1, a2, a4, a6, a7 converted (5 of 8). Links on their paths
	// to it (not after: a1's and a7's C>I come after the entry):
	//   a1 W>E E>W W>D D>P P>C   a2 W>B B>D D>C   a4 W>W W>D D>C   a7 W>D D>C   a6 none
	//   non-converted, all links: a3 B>D D>P P>D   a5 W>B B>D   a8 W>D D>C C>P
	// D>C: with a2 a4 a7 a8 (3 converted) 3/4; without a1 a3 a5 a6 (a1, a6) 2/4 -> lift 1.5
	// W>D: with a1 a4 a7 a8 -> 3/4; without a2 a3 a5 a6 -> 2/4 -> 1.5
	// B>D: with a2 a3 a5 -> 1/3; without 5, 4 converted -> 0.8 -> lift 5/12
	// C>I: in no path to the outcome -> with nil; without 5/8; lift nil.
	customer := analytics.LinkagesOf(js, analytics.LinkageOptions{Outcome: &journey.Outcome{StageKey: "customer"}, MinCount: 2, Top: 4})
	five := 5
	same(t, customer, analytics.TouchpointLinkages{JourneysInScope: 8, Transitions: 23, DistinctLinks: 12, JourneysReachingOutcome: &five,
		Links: []analytics.TouchpointLink{
			withConversion(plain.Links[0], 4, ptr(0.75), ptr(0.5), ptr(1.5)),
			withConversion(plain.Links[1], 4, ptr(0.75), ptr(0.5), ptr(1.5)),
			withConversion(plain.Links[2], 3, ptr(1.0/3), ptr(0.8), ptr(5.0/12)),
			withConversion(plain.Links[3], 0, nil, ptr(5.0/8), nil),
		}})

	// Zero denominators, on a3, a4, a8 only: W>D is in a4 (converted) and a8
	// (not) -> 1/2; without it only a3, not converted -> 0, so lift is nil.
	// On a4 and a7, every journey has W>D: no rate without, no lift.
	sub := []journey.ObservedJourney{js[2], js[3], js[7]}
	got := analytics.LinkagesOf(sub, analytics.LinkageOptions{Outcome: &journey.Outcome{StageKey: "customer"}, MinCount: 1, Top: 100})
	if l := find(got.Links, "website_visit", "demo"); l == nil || *l.JourneysWithLink != 2 || *l.ConversionRateWith != 0.5 || *l.ConversionRateWithout != 0 || l.Lift != nil {
		t.Errorf("a3 a4 a8: W>D = %+v", l)
	}
	got = analytics.LinkagesOf([]journey.ObservedJourney{js[3], js[6]}, analytics.LinkageOptions{Outcome: &journey.Outcome{StageKey: "customer"}, MinCount: 1, Top: 100})
	if l := find(got.Links, "website_visit", "demo"); l == nil || *l.JourneysWithLink != 2 || *l.ConversionRateWith != 1 || l.ConversionRateWithout != nil || l.Lift != nil {
		t.Errorf("a4 a7: W>D = %+v", l)
	}
}

func find(ls []analytics.TouchpointLink, from, to string) *analytics.TouchpointLink {
	for i := range ls {
		if ls[i].FromTypeKey == from && ls[i].ToTypeKey == to {
			return &ls[i]
		}
	}
	return nil
}

func TestDepartmentHandoffsOnTheHandBuiltSet(t *testing.T) {
	js := pathfixture.Journeys()
	// Handoffs (marketing W E B, sales D P C, finance I):
	//   marketing>sales: a1 W@2>D@5 (3 d), a2 B@3>D@4 (1), a3 B@0>D@2 (2), a4 W@1>D@3 (2),
	//                    a5 B@2>D@5 (3), a7 W@0>D@1 (1), a8 W@0>D@1 (1)
	//     -> 7 in 7 journeys; sorted 1 1 1 2 2 3 3: median 2 d, p90 (pos 5.4) 3 d.
	//     Last link of the journey: only a5's -> 1 drop-off of 7.
	//   sales>finance: a1 C@10>I@12 (2 d), a7 C@2>I@3 (1 d) -> median 1.5, p90 1.9;
	//     the last link of both -> 2 drop-offs of 2.
	got := analytics.DepartmentHandoffsOf(js, analytics.HandoffOptions{Departments: pathfixture.Departments})
	ms := analytics.DepartmentHandoff{FromDepartmentKey: "marketing", ToDepartmentKey: "sales", Count: 7, JourneysWithHandoff: 7,
		MedianLatencySeconds: 2 * day, P90LatencySeconds: 3 * day, DropOffJourneys: 1, DropOffRate: 1.0 / 7}
	sf := analytics.DepartmentHandoff{FromDepartmentKey: "sales", ToDepartmentKey: "finance", Count: 2, JourneysWithHandoff: 2,
		MedianLatencySeconds: 1.5 * day, P90LatencySeconds: 1.9 * day, DropOffJourneys: 2, DropOffRate: 1}
	same(t, got, analytics.DepartmentHandoffs{JourneysInScope: 8, Handoffs: 9, Pairs: []analytics.DepartmentHandoff{ms, sf}})

	// With the outcome customer, a1 and a7 reached it: no drop-offs after
	// sales>finance; a5 did not: still 1 after marketing>sales. MinCount 3
	// leaves sales>finance out.
	got = analytics.DepartmentHandoffsOf(js, analytics.HandoffOptions{Departments: pathfixture.Departments, Outcome: &journey.Outcome{StageKey: "customer"}})
	sf.DropOffJourneys, sf.DropOffRate = 0, 0
	same(t, got, analytics.DepartmentHandoffs{JourneysInScope: 8, Handoffs: 9, Pairs: []analytics.DepartmentHandoff{ms, sf}})
	got = analytics.DepartmentHandoffsOf(js, analytics.HandoffOptions{Departments: pathfixture.Departments, MinCount: 3})
	same(t, got, analytics.DepartmentHandoffs{JourneysInScope: 8, Handoffs: 9, Pairs: []analytics.DepartmentHandoff{ms}})
}

func TestTouchpointNeighboursOfDemo(t *testing.T) {
	// Demos: a1 a2 a4 a5 a7 a8 one each, a3 two -> 8 in 7 journeys; none
	// first; last in a3 (its second) and a5 -> 2.
	// Before: W (a1 a4 a7 a8) 4, B (a2 a3 a5) 3, P (a3) 1, of 8 incoming.
	//   gaps W>D 3 2 1 1 -> 1.5 d; B>D 1 2 3 -> 2 d; P>D a3 6>8 -> 2 d.
	// After: C (a2 a4 a7 a8) 4, P (a1, a3's first) 2, of 8−2 = 6 outgoing.
	//   gaps D>C 5 37 1 1 -> 3 d; D>P a1 5>8, a3 2>6 -> 3.5 d.
	got := analytics.TouchpointNeighboursOf(pathfixture.Journeys(), "demo", 2)
	same(t, got, analytics.TouchpointNeighbours{TypeKey: "demo", Occurrences: 8, JourneysWithType: 7, FirstStepCount: 0, LastStepCount: 2,
		Predecessors: []analytics.TouchpointNeighbour{
			{TypeKey: "website_visit", Count: 4, Share: 0.5, MedianGapSeconds: 1.5 * day},
			{TypeKey: "webinar_attendance", Count: 3, Share: 0.375, MedianGapSeconds: 2 * day},
		},
		Successors: []analytics.TouchpointNeighbour{
			{TypeKey: "contract_signature", Count: 4, Share: 4.0 / 6, MedianGapSeconds: 3 * day},
			{TypeKey: "proposal", Count: 2, Share: 2.0 / 6, MedianGapSeconds: 3.5 * day},
		}})
}
