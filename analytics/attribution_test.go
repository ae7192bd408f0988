package analytics

import (
	"math"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// The hand-built journey set shared by the attribution and next-best tests.
// Three touchpoint types (A = website_visit, MARKETING, channel website;
// B = sales_email, SALES, channel email; C = demo, SALES, channel
// online_meeting), day d = 2026-01-01 + d days, conversion = entering
// stage customer:
//
//	J1 acc-1 ARR 100  A(d0) B(d7) C(d14)        lead d0, opportunity d7, customer d14
//	J2 acc-2 ARR 300  A(d0) C(d7)               lead d0, customer d7
//	J3 acc-3 ARR 80   B(d0) A(d7) B(d14)        lead d0 (never converts)
//	J4 acc-4 no ARR   B(d0) C(d7) A(d21)        lead d0, opportunity d7, customer d14
//	J5 acc-5 ARR 10   (no touchpoints)          customer d3
//
// Credited paths (steps at or before the customer entry): J1 A B C, J2 A C,
// J4 B C (A at d21 comes after); J5 converts with nothing to credit. So
// Conversions = 3, UnattributedConversions = 1, Value = 100+300+0 = 400
// with one conversion (J4) without value.
const (
	typeA = "website_visit"
	typeB = "sales_email"
	typeC = "demo"
)

var day0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func day(d float64) time.Time { return day0.Add(time.Duration(d * 24 * float64(time.Hour))) }

func arr(v float64) *float64 { return &v }

func steps(pairs ...any) []journey.JourneyStep {
	var out []journey.JourneyStep
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, journey.JourneyStep{TypeKey: pairs[i].(string), At: day(float64(pairs[i+1].(int)))})
	}
	return out
}

func entries(pairs ...any) []journey.StageEntry {
	var out []journey.StageEntry
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, journey.StageEntry{StageKey: pairs[i].(string), At: day(float64(pairs[i+1].(int)))})
	}
	return out
}

func handJourneys() []journey.ObservedJourney {
	return []journey.ObservedJourney{
		{ID: "acc-1", AccountID: "acc-1", ARR: arr(100), Steps: steps(typeA, 0, typeB, 7, typeC, 14),
			StageEntries: entries("lead", 0, "opportunity", 7, "customer", 14)},
		{ID: "acc-2", AccountID: "acc-2", ARR: arr(300), Steps: steps(typeA, 0, typeC, 7),
			StageEntries: entries("lead", 0, "customer", 7)},
		{ID: "acc-3", AccountID: "acc-3", ARR: arr(80), Steps: steps(typeB, 0, typeA, 7, typeB, 14),
			StageEntries: entries("lead", 0)},
		{ID: "acc-4", AccountID: "acc-4", Steps: steps(typeB, 0, typeC, 7, typeA, 21),
			StageEntries: entries("lead", 0, "opportunity", 7, "customer", 14)},
		{ID: "acc-5", AccountID: "acc-5", ARR: arr(10), StageEntries: entries("customer", 3)},
	}
}

func handCatalog() []journey.TouchpointType {
	return []journey.TouchpointType{
		{Key: typeA, Category: journey.Category("MARKETING"), ChannelKey: "website", DepartmentKey: "marketing"},
		{Key: typeB, Category: journey.Category("SALES"), ChannelKey: "email", DepartmentKey: "sales"},
		{Key: typeC, Category: journey.Category("SALES"), ChannelKey: "online_meeting", DepartmentKey: "sales"},
	}
}

const eps = 1e-12

func near(a, b float64) bool { return math.Abs(a-b) <= eps*math.Max(1, math.Abs(b)) }

// Ties in credit are ordered by key: demo (C) < sales_email (B) <
// website_visit (A).

// wantCredits checks a model's rows: exactly these types, in this order,
// with these credits, and shares = credit / total.
func wantCredits(t *testing.T, m ModelAttribution, total float64, want ...any) {
	t.Helper()
	if len(m.Credits) != len(want)/2 {
		t.Fatalf("%s: %d rows %+v, want %d", m.Model, len(m.Credits), m.Credits, len(want)/2)
	}
	for i := 0; i < len(want); i += 2 {
		got := m.Credits[i/2]
		key, credit := want[i].(string), want[i+1].(float64)
		if got.TypeKey != key || !near(got.Credit, credit) || !near(got.Share, credit/total) {
			t.Errorf("%s row %d = %+v, want %s credit %v share %v", m.Model, i/2, got, key, credit, credit/total)
		}
	}
}

func TestAttributeHandBuiltConversions(t *testing.T) {
	rep := Attribute(handJourneys(), handCatalog(), AttributionOptions{Conversion: journey.Outcome{StageKey: "customer"}})
	if rep.Journeys != 5 || rep.Conversions != 3 || rep.UnattributedConversions != 1 ||
		rep.ConversionsWithoutValue != 1 || rep.Value != 400 || rep.TotalCredit != 3 || rep.Weight != WeightConversions {
		t.Fatalf("totals = %+v", rep)
	}
	if len(rep.Models) != len(AttributionModels) {
		t.Fatalf("%d models, want all %d", len(rep.Models), len(AttributionModels))
	}
	m := map[AttributionModel]ModelAttribution{}
	for i, ma := range rep.Models {
		if ma.Model != AttributionModels[i] {
			t.Errorf("model %d = %s, want %s", i, ma.Model, AttributionModels[i])
		}
		m[ma.Model] = ma
	}
	// FIRST_TOUCH: J1 and J2 start with A, J4 with B.
	wantCredits(t, m[FirstTouch], 3, typeA, 2.0, typeB, 1.0, typeC, 0.0)
	// LAST_TOUCH: every credited path ends with C.
	wantCredits(t, m[LastTouch], 3, typeC, 3.0, typeB, 0.0, typeA, 0.0)
	// LINEAR: J1 1/3 each; J2 A 1/2, C 1/2; J4 B 1/2, C 1/2.
	// A = 1/3+1/2 = 5/6, B = 5/6, C = 1/3+1/2+1/2 = 4/3 (sum 3); A/B tie → key.
	wantCredits(t, m[Linear], 3, typeC, 4.0/3, typeB, 5.0/6, typeA, 5.0/6)
	// TIME_DECAY, half-life 7 days, Δt to the conversion:
	//   J1 (conv d14): A 14d → 1/4, B 7d → 1/2, C 0 → 1; /(7/4) → 1/7, 2/7, 4/7.
	//   J2 (conv d7):  A 7d → 1/2, C 0 → 1; /(3/2) → 1/3, 2/3.
	//   J4 (conv d14): B 14d → 1/4, C 7d → 1/2; /(3/4) → 1/3, 2/3.
	// A = 1/7+1/3 = 10/21, B = 2/7+1/3 = 13/21, C = 4/7+2/3+2/3 = 40/21.
	wantCredits(t, m[TimeDecay], 3, typeC, 40.0/21, typeB, 13.0/21, typeA, 10.0/21)
	// POSITION_BASED: J1 .4/.2/.4; J2 and J4 two touches, .5/.5.
	// A = .4+.5 = .9, B = .2+.5 = .7, C = .4+.5+.5 = 1.4.
	wantCredits(t, m[PositionBased], 3, typeC, 1.4, typeA, 0.9, typeB, 0.7)
	// W_SHAPED (lead, opportunity):
	//   J1: A first+lead (lead d0) = 60, B opportunity (d7) = 30, C the only
	//       other = 10; /100 → .6, .3, .1.
	//   J2: A first+lead = 60, no opportunity, C other = 10; /70 → 6/7, 1/7.
	//   J4: B first+lead = 60, C opportunity = 30, no others; /90 → 2/3, 1/3.
	// A = .6+6/7 = 51/35, B = .3+2/3 = 29/30, C = .1+1/7+1/3 = 121/210.
	wantCredits(t, m[WShaped], 3, typeA, 51.0/35, typeB, 29.0/30, typeC, 121.0/210)
	// MARKOV. Walks (J5 has no path; J4 stops at its conversion):
	//   J1 S→A→B→C→CONV, J2 S→A→C→CONV, J3 S→B→A→B→NULL, J4 S→B→C→CONV.
	// Transitions: S→A 2/4, S→B 2/4; A→B 2/3 (J1, J3), A→C 1/3;
	// B→C 2/4 (J1, J4), B→A 1/4, B→NULL 1/4; C→CONV 3/3.
	// p_C = 1; p_A = 2/3·p_B + 1/3; p_B = 1/2 + 1/4·p_A
	//   → p_A = 2/3 + p_A/6 → p_A = 4/5, p_B = 7/10; P = (4/5 + 7/10)/2 = 3/4.
	// Without A: p_B = 1/2, P_A = 1/4, effect 1 − (1/4)/(3/4) = 2/3.
	// Without B: p_A = 1/3, P_B = 1/6, effect 1 − (1/6)/(3/4) = 7/9.
	// Without C: nothing converts, P_C = 0, effect 1.
	// Σ effects = 22/9; credits 3·(6/9)/(22/9) = 9/11, 3·(7/9)/(22/9) = 21/22,
	// 3·(9/9)/(22/9) = 27/22 (sum 66/22 = 3).
	wantCredits(t, m[Markov], 3, typeC, 27.0/22, typeB, 21.0/22, typeA, 9.0/11)
	mk := m[Markov].Markov
	if mk == nil || !near(mk.ConversionProbability, 0.75) || mk.Journeys != 4 || len(mk.RemovalEffects) != 3 {
		t.Fatalf("markov = %+v", mk)
	}
	wantEffects := []MarkovRemovalEffect{{typeC, 1, 0}, {typeB, 7.0 / 9, 1.0 / 6}, {typeA, 2.0 / 3, 1.0 / 4}}
	for i, w := range wantEffects {
		got := mk.RemovalEffects[i]
		if got.TypeKey != w.TypeKey || !near(got.RemovalEffect, w.RemovalEffect) || !near(got.ConversionProbabilityWithout, w.ConversionProbabilityWithout) {
			t.Errorf("removal effect %d = %+v, want %+v", i, got, w)
		}
	}
	for _, model := range AttributionModels {
		if model != Markov && m[model].Markov != nil {
			t.Errorf("%s has Markov details", model)
		}
	}
	// Rollups under LINEAR: MARKETING = A = 5/6, SALES = B+C = 13/6;
	// channels online_meeting (C) 4/3, email (B) 5/6, website (A) 5/6.
	lin := m[Linear]
	if len(lin.Categories) != 2 || lin.Categories[0].Category != "SALES" || !near(lin.Categories[0].Credit, 13.0/6) ||
		!near(lin.Categories[0].Share, 13.0/18) || lin.Categories[1].Category != "MARKETING" || !near(lin.Categories[1].Credit, 5.0/6) {
		t.Errorf("categories = %+v", lin.Categories)
	}
	if len(lin.Channels) != 3 || lin.Channels[0].ChannelKey != "online_meeting" || !near(lin.Channels[0].Credit, 4.0/3) ||
		lin.Channels[1].ChannelKey != "email" || !near(lin.Channels[1].Credit, 5.0/6) ||
		lin.Channels[2].ChannelKey != "website" || !near(lin.Channels[2].Credit, 5.0/6) || !near(lin.Channels[2].Share, 5.0/18) {
		t.Errorf("channels = %+v", lin.Channels)
	}
}

func TestAttributeHandBuiltARR(t *testing.T) {
	rep := Attribute(handJourneys(), handCatalog(), AttributionOptions{
		Conversion: journey.Outcome{StageKey: "customer"}, Weight: WeightARR, Models: []AttributionModel{Linear, Markov, FirstTouch},
	})
	// J1 is worth 100, J2 300, J4 0 (no ARR): total 400.
	if rep.TotalCredit != 400 || rep.Conversions != 3 || rep.ConversionsWithoutValue != 1 || len(rep.Models) != 3 {
		t.Fatalf("totals = %+v", rep)
	}
	// LINEAR: A = 100/3 + 150 = 550/3, B = 100/3, C = 100/3 + 150 = 550/3.
	wantCredits(t, rep.Models[0], 400, typeC, 550.0/3, typeA, 550.0/3, typeB, 100.0/3)
	// MARKOV: the chain counts journeys, not value: 400 × (9, 7, 6)/22.
	wantCredits(t, rep.Models[1], 400, typeC, 400*9.0/22, typeB, 400*7.0/22, typeA, 400*6.0/22)
	// FIRST_TOUCH: A gets J1's and J2's 400, B J4's 0.
	wantCredits(t, rep.Models[2], 400, typeA, 400.0, typeC, 0.0, typeB, 0.0)
}

func TestAttributeLookbackAndTypeOutcome(t *testing.T) {
	// Lookback 7 days before the customer entry: J1 keeps B(d7) C(d14), J2
	// keeps A(d0) C(d7), J4 keeps C(d7) only.
	rep := Attribute(handJourneys(), handCatalog(), AttributionOptions{
		Conversion: journey.Outcome{StageKey: "customer"}, Lookback: 7 * 24 * time.Hour, Models: []AttributionModel{FirstTouch, Linear},
	})
	wantCredits(t, rep.Models[0], 3, typeC, 1.0, typeB, 1.0, typeA, 1.0)
	// LINEAR: J1 B 1/2 C 1/2; J2 A 1/2 C 1/2; J4 C 1 → C 2, A 1/2, B 1/2.
	wantCredits(t, rep.Models[1], 3, typeC, 2.0, typeB, 0.5, typeA, 0.5)

	// Converting on the first demo (C): the steps before it are credited,
	// never the demo itself: J1 A B, J2 A, J4 B; J3 and J5 have no demo.
	rep = Attribute(handJourneys(), handCatalog(), AttributionOptions{
		Conversion: journey.Outcome{TypeKey: typeC}, Models: []AttributionModel{LastTouch, Markov},
	})
	if rep.Conversions != 3 || rep.UnattributedConversions != 0 {
		t.Fatalf("totals = %+v", rep)
	}
	// LAST_TOUCH: J1 B, J2 A, J4 B.
	wantCredits(t, rep.Models[0], 3, typeB, 2.0, typeA, 1.0)
	// MARKOV walks: J1 S→A→B→CONV, J2 S→A→CONV, J3 S→B→A→B→NULL, J4 S→B→CONV.
	// S→A 1/2, S→B 1/2; A→B 2/3, A→CONV 1/3; B→CONV 2/4, B→A 1/4, B→NULL 1/4.
	// p_A = 2/3·p_B + 1/3, p_B = 1/2 + p_A/4 → as before p_A = 4/5, p_B = 7/10,
	// P = 3/4. Without A: p_B = 1/2 → P 1/4, effect 2/3. Without B: p_A = 1/3
	// → P 1/6, effect 7/9. Credits 3·6/13 = 18/13 (A), 3·7/13 = 21/13 (B).
	wantCredits(t, rep.Models[1], 3, typeB, 21.0/13, typeA, 18.0/13)
}

// W_SHAPED's degenerate cases, one journey each, types t0..t4 named by
// position; conversion = customer at d4 (t4's time).
func TestWShapedRoles(t *testing.T) {
	five := steps("t0", 0, "t1", 1, "t2", 2, "t3", 3, "t4", 4)
	tests := []struct {
		name     string
		stages   []journey.StageEntry
		lookback time.Duration
		want     []any
	}{
		// lead at d1 → t1, opportunity at d3 → t3: 30/30/30 and t2, t4 share 10.
		{"full", entries("lead", 1, "opportunity", 3, "customer", 4), 0,
			[]any{"t0", .3, "t1", .3, "t3", .3, "t2", .05, "t4", .05}},
		// lead and opportunity both at d2 → t2 holds two roles: 30, 60, and
		// t1, t3, t4 share 10: /100.
		{"lead and opportunity coincide", entries("lead", 2, "opportunity", 2, "customer", 4), 0,
			[]any{"t2", .6, "t0", .3, "t1", .1 / 3, "t3", .1 / 3, "t4", .1 / 3}},
		// No opportunity; lead entered after the conversion does not count:
		// only the first role, 30, and four others share 10: /40.
		{"roles missing", entries("customer", 4, "lead", 6), 0,
			[]any{"t0", .75, "t1", .0625, "t2", .0625, "t3", .0625, "t4", .0625}},
		// Lookback 2 days keeps t2 t3 t4; lead at d1 is before the first
		// credited touch (missing); opportunity d3 → t3. t2 first 30, t3 30,
		// t4 the only other 10: /70.
		{"lead before the lookback", entries("lead", 1, "opportunity", 3, "customer", 4), 2 * 24 * time.Hour,
			[]any{"t2", 3.0 / 7, "t3", 3.0 / 7, "t4", 1.0 / 7}},
		// Lead at d0 → t0 (first and lead, 60), opportunity at d4 → t4, the
		// converting touch (30), t1..t3 share 10: /100.
		{"opportunity on the converting touch", entries("lead", 0, "opportunity", 4, "customer", 4), 0,
			[]any{"t0", .6, "t4", .3, "t1", .1 / 3, "t2", .1 / 3, "t3", .1 / 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := []journey.ObservedJourney{{ID: "x", AccountID: "x", Steps: five, StageEntries: tt.stages}}
			rep := Attribute(j, nil, AttributionOptions{Conversion: journey.Outcome{StageKey: "customer"},
				Models: []AttributionModel{WShaped}, Lookback: tt.lookback})
			wantCredits(t, rep.Models[0], 1, tt.want...)
		})
	}
}

func TestPositionBasedAndTimeDecayShapes(t *testing.T) {
	w := make([]float64, 5)
	positionBased(w)
	// 40 first, 40 last, 20 over three middles.
	for i, want := range []float64{.4, .2 / 3, .2 / 3, .2 / 3, .4} {
		if !near(w[i], want) {
			t.Errorf("position-based 5: w[%d] = %v, want %v", i, w[i], want)
		}
	}
	// Ten years before the latest touch with a one-day half-life would
	// underflow 2^(−Δt/h) for every touch if taken from the conversion;
	// relative to the latest touch it is 2^−3650 ≈ 0 and 1.
	old := []journey.JourneyStep{{TypeKey: "a", At: day(0)}, {TypeKey: "b", At: day(3650)}}
	w = w[:2]
	timeDecay(w, old, 24*time.Hour)
	if w[0] != 0 || w[1] != 1 {
		t.Errorf("time decay = %v, want [0 1]", w)
	}
}

func TestAttributeNothingConverts(t *testing.T) {
	j := handJourneys()[2:3] // J3 only
	rep := Attribute(j, handCatalog(), AttributionOptions{Conversion: journey.Outcome{StageKey: "customer"}})
	if rep.Conversions != 0 || rep.TotalCredit != 0 {
		t.Fatalf("totals = %+v", rep)
	}
	for _, m := range rep.Models {
		if len(m.Credits) != 0 || len(m.Categories) != 0 || len(m.Channels) != 0 {
			t.Errorf("%s: rows %+v", m.Model, m.Credits)
		}
	}
	// The chain has J3's walk; nothing converts, so P = 0 and every effect 0.
	mk := rep.Models[len(rep.Models)-1].Markov
	if mk.ConversionProbability != 0 || mk.Journeys != 1 || len(mk.RemovalEffects) != 2 ||
		mk.RemovalEffects[0].RemovalEffect != 0 || mk.RemovalEffects[1].RemovalEffect != 0 {
		t.Errorf("markov = %+v", mk)
	}
}
