package blueprint

import (
	"fmt"
	"testing"

	"github.com/journeygraph/journeygraph/journey"
)

// chain builds t0 -> t1 -> … -> tn with tn the only system of record.
func chain(n int) *journey.Blueprint {
	bp := &journey.Blueprint{}
	for i := 0; i <= n; i++ {
		bp.Technologies = append(bp.Technologies, &journey.Technology{Key: fmt.Sprint("t", i), SystemOfRecord: i == n})
		if i > 0 {
			bp.Integrations = append(bp.Integrations, journey.Integration{FromKey: fmt.Sprint("t", i-1), ToKey: fmt.Sprint("t", i)})
		}
	}
	return bp
}

// Integration paths are followed for at most MaxIntegrationHops (6) hops, in
// the direction data flows: t0 is connected over 6 hops and a silo over 7.
func TestSilosFollowAtMostSixHops(t *testing.T) {
	if r := reachesRecord(chain(6)); !r["t0"] || !r["t5"] {
		t.Errorf("6 hops: %v, want t0 and t5 connected", r)
	}
	r := reachesRecord(chain(7))
	if r["t0"] || !r["t1"] || !r["t7"] {
		t.Errorf("7 hops: %v, want t0 cut off, t1 (6 hops) and t7 (the record) connected", r)
	}
	// Against the flow there is no path: the record does not make its sources connected.
	bp := chain(1)
	bp.Integrations[0] = journey.Integration{FromKey: "t1", ToKey: "t0"}
	if r := reachesRecord(bp); r["t0"] {
		t.Errorf("reverse flow counted: %v", r)
	}
}

// A what-if works on a copy: the snapshot it started from is unchanged.
func TestApplyLeavesTheBlueprintAlone(t *testing.T) {
	demo := &journey.TouchpointType{Key: "demo"}
	bp := &journey.Blueprint{
		Types:        []journey.TouchpointDesign{{Type: demo}},
		Vendors:      []journey.Vendor{{Key: "v", Name: "V"}},
		Technologies: []*journey.Technology{{Key: "crm", Name: "CRM", VendorKey: "v", CaptureKeys: []string{"demo"}}},
	}
	bp.Types[0].Technologies = bp.Technologies
	after, err := Apply(bp, []string{"crm"}, []*journey.WhatIfTechnologyInput{{Key: "x", Name: "X", Category: journey.TechCRM, Vendor: "v", Captures: []string{"demo"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(bp.Technologies) != 1 || bp.Technologies[0].Key != "crm" || len(bp.Types[0].Technologies) != 1 || bp.Types[0].Technologies[0].Key != "crm" {
		t.Errorf("original changed: %+v %+v", bp.Technologies, bp.Types[0].Technologies)
	}
	if len(after.Technologies) != 1 || after.Technologies[0].Key != "x" || after.Types[0].Technologies[0].Key != "x" {
		t.Errorf("after: %+v", after.Technologies)
	}
}

// Retirement candidates are the technologies other than systems of record
// whose loss would leave no type uncaptured, including those that capture
// nothing.
func TestRetirementCandidates(t *testing.T) {
	tech := func(key string, record bool, captures ...string) *journey.Technology {
		return &journey.Technology{Key: key, Name: key, SystemOfRecord: record, CaptureKeys: captures}
	}
	bp := &journey.Blueprint{Technologies: []*journey.Technology{
		tech("a", false, "x"),      // x is also b's: a candidate
		tech("b", false, "x", "y"), // only b captures y
		tech("c", false),           // captures nothing: a candidate
		tech("d", true),            // a system of record, even capturing nothing
		tech("e", false, "z"),      // z is also f's: a candidate
		tech("f", true, "z"),       // z is also e's, but f is a system of record
	}}
	for _, k := range []string{"x", "y", "z"} {
		bp.Types = append(bp.Types, journey.TouchpointDesign{Type: &journey.TouchpointType{Key: k}})
	}
	var got []string
	for _, c := range Gaps(bp, nil).RetirementCandidates {
		got = append(got, c.Key)
	}
	if fmt.Sprint(got) != "[a c e]" {
		t.Errorf("retirement candidates %v, want [a c e]", got)
	}
}

// Perception gaps leave out equal ratings, order by absolute difference then
// key, and list a tie at the limit whole (the schema's example: 5, 3, 2, 2,
// 2, 1 with first 3 gives 5, 3, 2, 2, 2).
func TestPerceptionGapsTiesAndZeroGaps(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	bp := &journey.Blueprint{}
	// key: internal, customer importance; gap
	for _, r := range []struct {
		key                string
		internal, customer float64
	}{
		{"p", 1, 1},   // 0: no gap
		{"q", 1, 3},   // -2
		{"r", 5, 3},   // 2
		{"s", 4, 3},   // 1
		{"t", 5, 0.5}, // 4.5
		{"u", 4.5, 2}, // 2.5
		{"v", 1, 4},   // -3
		{"w", 3, 1},   // 2
		{"x", 5, 5},   // 0: no gap
	} {
		bp.Types = append(bp.Types, journey.TouchpointDesign{Type: &journey.TouchpointType{Key: r.key},
			Importance: journey.Rating{Internal: f(r.internal), Customer: f(r.customer)}})
	}
	// By |gap|: t 4.5, v 3, u 2.5, then the tie q, r, w (2) by key, then s 1.
	for _, c := range []struct {
		first int
		want  string
	}{
		{1, "[t]"}, {3, "[t v u]"}, {4, "[t v u q r w]"}, {5, "[t v u q r w]"}, {6, "[t v u q r w]"},
		{7, "[t v u q r w s]"}, {100, "[t v u q r w s]"},
	} {
		var got []string
		for _, g := range PerceptionGaps(bp, c.first, 3).Importance {
			got = append(got, g.Type.Key)
		}
		if fmt.Sprint(got) != c.want {
			t.Errorf("first %d: %v, want %s", c.first, got, c.want)
		}
	}
}

// Weak moments of truth come weakest first; equal ratings keep stage order,
// then catalog order within a stage (the snapshot's order).
func TestWeakMomentsOfTruthOrder(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	why := "why"
	design := func(key string, customer float64) journey.TouchpointDesign {
		return journey.TouchpointDesign{Type: &journey.TouchpointType{Key: key}, Performance: journey.Rating{Internal: f(4), Customer: f(customer)}}
	}
	bp := &journey.Blueprint{Types: []journey.TouchpointDesign{design("a", 2.5), design("b", 2), design("c", 2.5), design("d", 2.5)}}
	expect := func(keys ...string) []journey.ExpectedTouchpoint {
		var out []journey.ExpectedTouchpoint
		for _, k := range keys {
			out = append(out, journey.ExpectedTouchpoint{Type: bp.Type(k).Type, MomentOfTruth: &why})
		}
		return out
	}
	bp.Stages = []journey.StageDesign{
		{Stage: &journey.Stage{Key: "s1", Order: 1}, ExpectedTouchpoints: expect("c", "d")},
		{Stage: &journey.Stage{Key: "s2", Order: 2}, ExpectedTouchpoints: expect("a", "b")},
	}
	var got []string
	for _, w := range PerceptionGaps(bp, 10, 3).WeakMomentsOfTruth {
		got = append(got, w.Stage.Key+"/"+w.Type.Key)
	}
	// b (2) first; then the 2.5s: s1's c and d, then s2's a.
	if fmt.Sprint(got) != "[s2/b s1/c s1/d s2/a]" {
		t.Errorf("weak moments of truth %v, want [s2/b s1/c s1/d s2/a]", got)
	}
}
