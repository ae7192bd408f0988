package analytics_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/analytics"
	"github.com/journeygraph/journeygraph/analytics/pathfixture"
	"github.com/journeygraph/journeygraph/journey"
)

// The fixture (analytics/pathfixture), times in days, W website_visit,
// E email_open, B webinar_attendance, D demo, P proposal, C contract_signature,
// I invoice:
//
//	a1: W@0 E@1 W@2 D@5 P@8 C@10 I@12 | lead@0 mql@2 opportunity@5 customer@10
//	a2: W@0 B@3 D@4 C@9               | lead@0 mql@3 sql@4 opportunity@4.5 customer@9
//	a3: B@0 D@2 P@6 D@8               | lead@0 mql@2 sql@6 mql@7
//	a4: W@0 W@1 D@3 C@40              | lead@0 customer@40
//	a5: W@0 B@2 D@5                   | lead@0
//	a6: I@1                           | customer@0
//	a7: W@0 D@1 C@2 I@3               | lead@0 opportunity@1 customer@2   (all +100 days)
//	a8: W@0 D@1 C@2 P@3               | lead@0 mql@1 opportunity@2        (all +100 days)

const day = 86400.0

// near compares floats that went through a division or an interpolation.
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }

func pv(keys string, truncated bool, count int, share float64, began int, conv, median, p90 float64) analytics.PathVariant {
	return analytics.PathVariant{TypeKeys: strings.Fields(keys), Truncated: truncated, Count: count, Share: share,
		JourneysStartingThisWay: began, ConversionRate: conv, MedianSecondsToOutcome: median, P90SecondsToOutcome: p90}
}

func checkVariants(t *testing.T, got, want analytics.PathVariants) {
	t.Helper()
	ok := got.JourneysInScope == want.JourneysInScope && got.JourneysReachingOutcome == want.JourneysReachingOutcome &&
		got.JourneysReachingOutcomeWithoutTouchpoints == want.JourneysReachingOutcomeWithoutTouchpoints &&
		got.DistinctVariants == want.DistinctVariants && len(got.Variants) == len(want.Variants)
	for i := 0; ok && i < len(want.Variants); i++ {
		g, w := got.Variants[i], want.Variants[i]
		ok = strings.Join(g.TypeKeys, " ") == strings.Join(w.TypeKeys, " ") && g.Truncated == w.Truncated &&
			g.Count == w.Count && near(g.Share, w.Share) && g.JourneysStartingThisWay == w.JourneysStartingThisWay &&
			near(g.ConversionRate, w.ConversionRate) && near(g.MedianSecondsToOutcome, w.MedianSecondsToOutcome) &&
			near(g.P90SecondsToOutcome, w.P90SecondsToOutcome)
	}
	if !ok {
		g, _ := json.MarshalIndent(got, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("got %s\nwant %s", g, w)
	}
}

func TestPathVariantsOnTheHandBuiltSet(t *testing.T) {
	js := pathfixture.Journeys()
	customer := journey.Outcome{StageKey: "customer"}
	tests := []struct {
		name string
		opts analytics.PathVariantOptions
		want analytics.PathVariants
	}{
		// Customer reached by a1@10, a2@9, a4@40, a7@2 and a6 (no touchpoint
		// before its entry at 0): 5 of 8, 1 without touchpoints. Paths up to
		// the entry, collapsed, first 3 steps:
		//   a1 W E W D P C -> "W E W…"   10 d
		//   a2 W B D C     -> "W B D…"    9 d
		//   a4 W W D C     -> "W D C"    40 d
		//   a7 W D C       -> "W D C"     2 d
		// "W D C": 2 of 5 = 0.4; median (2+40)/2 = 21 d; p90 2 + 0.9·38 = 36.2 d.
		// Journeys starting that way (others' paths are all their steps):
		// a4, a7, a8 (W D C P) -> 2 of 3 reached.
		// Ties at count 1 by keys: email_open < webinar_attendance.
		// "W E W": only a1 starts so (1/1); "W B D": a2 and a5 (W B D) -> 1/2.
		{"collapsed, first 3 steps", analytics.PathVariantOptions{Outcome: customer, Top: 10, CollapseRepeats: true, MaxLength: 3},
			analytics.PathVariants{JourneysInScope: 8, JourneysReachingOutcome: 5, JourneysReachingOutcomeWithoutTouchpoints: 1, DistinctVariants: 3,
				Variants: []analytics.PathVariant{
					pv("website_visit demo contract_signature", false, 2, 0.4, 3, 2.0/3, 21*day, 36.2*day),
					pv("website_visit email_open website_visit", true, 1, 0.2, 1, 1, 10*day, 10*day),
					pv("website_visit webinar_attendance demo", true, 1, 0.2, 2, 0.5, 9*day, 9*day),
				}}},
		// Uncollapsed, up to 10 steps: four distinct paths of one journey
		// each; by second key demo (a7) < email_open (a1) < webinar (a2) <
		// website_visit (a4); top 2. "W D C" now starts a7 and a8 only
		// (a4 is W W D C): 1 of 2.
		{"raw, top 2", analytics.PathVariantOptions{Outcome: customer, Top: 2, MaxLength: 10},
			analytics.PathVariants{JourneysInScope: 8, JourneysReachingOutcome: 5, JourneysReachingOutcomeWithoutTouchpoints: 1, DistinctVariants: 4,
				Variants: []analytics.PathVariant{
					pv("website_visit demo contract_signature", false, 1, 0.2, 2, 0.5, 2*day, 2*day),
					pv("website_visit email_open website_visit demo proposal contract_signature", false, 1, 0.2, 1, 1, 10*day, 10*day),
				}}},
		// A 30-day window drops a4 (40 d): 4 reach. "W D C" is a7 alone; a4's
		// whole journey W W D C still starts that way (collapsed): a4, a7,
		// a8 -> 1 of 3.
		{"30-day window", analytics.PathVariantOptions{Outcome: customer, Top: 1, CollapseRepeats: true, MaxLength: 3, Window: 30 * 24 * time.Hour},
			analytics.PathVariants{JourneysInScope: 8, JourneysReachingOutcome: 4, JourneysReachingOutcomeWithoutTouchpoints: 1, DistinctVariants: 3,
				Variants: []analytics.PathVariant{
					pv("website_visit demo contract_signature", false, 1, 0.25, 3, 1.0/3, 2*day, 2*day),
				}}},
		// Outcome contract_signature: the steps before the first C.
		//   a1 W E W D P -> "W E W…" 10 d;  a2 W B D (exactly 3) 9 d;
		//   a4 W W D -> "W D" 40 d;  a7 W D 2 d;  a8 W D 2 d.
		// "W D": 3 of 5 = 0.6, median 2 d, p90 at position 1.8 = 2 + 0.8·38 = 32.4 d;
		// starting W D: a4, a7, a8 (all reached) -> 1.
		// "W B D": a2 and a5 start so -> 1/2. "W E W…": a1 -> 1.
		{"touchpoint outcome", analytics.PathVariantOptions{Outcome: journey.Outcome{TypeKey: "contract_signature"}, Top: 10, CollapseRepeats: true, MaxLength: 3},
			analytics.PathVariants{JourneysInScope: 8, JourneysReachingOutcome: 5, DistinctVariants: 3,
				Variants: []analytics.PathVariant{
					pv("website_visit demo", false, 3, 0.6, 3, 1, 2*day, 32.4*day),
					pv("website_visit email_open website_visit", true, 1, 0.2, 1, 1, 10*day, 10*day),
					pv("website_visit webinar_attendance demo", false, 1, 0.2, 2, 0.5, 9*day, 9*day),
				}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkVariants(t, analytics.PathVariantsOf(js, tt.opts), tt.want)
		})
	}
}

func TestPathsAroundTheFirstDemo(t *testing.T) {
	// Collapsed journeys and the position of their FIRST demo:
	//   a1 W E W [D] P C I   a2 W B [D] C   a3 B [D] P D   a4 W [D] C
	//   a5 W B [D]           a7 W [D] C I   a8 W [D] C P   (a6 has none)
	// a3's second demo is ignored: with the last one, a3 would add -2:B
	// -1:D... instead of +2:demo.
	got := analytics.PathsAroundOf(pathfixture.Journeys(), analytics.PathsAroundOptions{
		Anchor: "demo", StepsBefore: 2, StepsAfter: 2, CollapseRepeats: true, Labels: map[string]string{"demo": "Demo"},
	})
	want := analytics.PathsAround{JourneysInScope: 8, JourneysWithAnchor: 7,
		Nodes: []analytics.PathNode{
			{ID: "-2:website_visit", Position: -2, TypeKey: "website_visit", Label: "website_visit", Count: 2}, // a2, a5
			{ID: "-2:email_open", Position: -2, TypeKey: "email_open", Label: "email_open", Count: 1},          // a1
			{ID: "-1:website_visit", Position: -1, TypeKey: "website_visit", Label: "website_visit", Count: 4}, // a1 a4 a7 a8
			{ID: "-1:webinar_attendance", Position: -1, TypeKey: "webinar_attendance", Label: "webinar_attendance", Count: 3},
			{ID: "0:demo", Position: 0, TypeKey: "demo", Label: "Demo", Count: 7},
			{ID: "1:contract_signature", Position: 1, TypeKey: "contract_signature", Label: "contract_signature", Count: 4}, // a2 a4 a7 a8
			{ID: "1:proposal", Position: 1, TypeKey: "proposal", Label: "proposal", Count: 2},                               // a1 a3
			{ID: "2:contract_signature", Position: 2, TypeKey: "contract_signature", Label: "contract_signature", Count: 1}, // a1
			{ID: "2:demo", Position: 2, TypeKey: "demo", Label: "Demo", Count: 1},                                           // a3
			{ID: "2:invoice", Position: 2, TypeKey: "invoice", Label: "invoice", Count: 1},                                  // a7
			{ID: "2:proposal", Position: 2, TypeKey: "proposal", Label: "proposal", Count: 1},                               // a8
		},
		Links: []analytics.PathLink{
			{Source: "-2:website_visit", Target: "-1:webinar_attendance", Count: 2},
			{Source: "-2:email_open", Target: "-1:website_visit", Count: 1},
			{Source: "-1:website_visit", Target: "0:demo", Count: 4},
			{Source: "-1:webinar_attendance", Target: "0:demo", Count: 3},
			{Source: "0:demo", Target: "1:contract_signature", Count: 4},
			{Source: "0:demo", Target: "1:proposal", Count: 2},
			{Source: "1:contract_signature", Target: "2:invoice", Count: 1},
			{Source: "1:contract_signature", Target: "2:proposal", Count: 1},
			{Source: "1:proposal", Target: "2:contract_signature", Count: 1},
			{Source: "1:proposal", Target: "2:demo", Count: 1},
		}}
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Errorf("got  %s\nwant %s", g, w)
	}
}
