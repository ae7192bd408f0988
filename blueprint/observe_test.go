package blueprint

import (
	"reflect"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

func day(d int) time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d) }

// observeFixture: three accounts, days after 2026-01-01.
//
//	a: lead d1, opp d10, won d20      steps: x d0 (before any stage), web d1 (at the lead entry: lead),
//	                                         web d5 (lead), call d10 (at the opp entry: opp), call d12 (opp), demo d25 (won)
//	b: lead d3, won d3 (same instant: the later entry, won, is in force), opp d30
//	                                  steps: web d3 (won), call d31 (opp)
//	c: no stage                       steps: web d2 (no stage)
func observeFixture() []journey.ObservedJourney {
	step := func(k string, d int) journey.JourneyStep { return journey.JourneyStep{TypeKey: k, At: day(d)} }
	entry := func(k string, d int) journey.StageEntry { return journey.StageEntry{StageKey: k, At: day(d)} }
	return []journey.ObservedJourney{
		{ID: "a", AccountID: "a",
			Steps:        []journey.JourneyStep{step("x", 0), step("web", 1), step("web", 5), step("call", 10), step("call", 12), step("demo", 25)},
			StageEntries: []journey.StageEntry{entry("lead", 1), entry("opp", 10), entry("won", 20)}},
		{ID: "b", AccountID: "b",
			Steps:        []journey.JourneyStep{step("web", 3), step("call", 31)},
			StageEntries: []journey.StageEntry{entry("lead", 3), entry("won", 3), entry("opp", 30)}},
		{ID: "c", AccountID: "c", Steps: []journey.JourneyStep{step("web", 2)}},
	}
}

func TestObserveAttributesStepsToTheStagePeriodTheyFallIn(t *testing.T) {
	moves := []journey.TransitionObservation{{FromKey: "lead", ToKey: "won", Transitions: 1, Accounts: 1}}
	obs := func(stage, typ string, n, accounts int) journey.StageObservation {
		return journey.StageObservation{StageKey: stage, TypeKey: typ, Touchpoints: n, Accounts: accounts}
	}
	win := func(from, to int) *journey.ObservationWindow {
		f, t := day(from), day(to)
		return &journey.ObservationWindow{From: &f, To: &t}
	}
	for _, c := range []struct {
		name string
		w    *journey.ObservationWindow
		want journey.ConformanceObservations
	}{
		// All time: lead/web a d1 d5; opp/call a d10 d12 + b d31 (2
		// accounts); won/demo a d25; won/web b d3. x and c's web have no
		// stage. a and b each entered lead, opp and won.
		{"all time", nil, journey.ConformanceObservations{
			ByStage:         []journey.StageObservation{obs("lead", "web", 2, 1), obs("opp", "call", 3, 2), obs("won", "demo", 1, 1), obs("won", "web", 1, 1)},
			AccountsInStage: map[string]int{"lead": 2, "opp": 2, "won": 2}, Transitions: moves}},
		// [d11, d26): a is in opp when the window opens (entered d10, before
		// it): call d12 is opp, demo d25 won. In stage during the window: a
		// in opp (in force at d11) and won (entered d20); b in won (in force
		// since d3, until d30).
		{"window opening mid-period", win(11, 26), journey.ConformanceObservations{
			ByStage:         []journey.StageObservation{obs("opp", "call", 1, 1), obs("won", "demo", 1, 1)},
			AccountsInStage: map[string]int{"opp": 1, "won": 2}, Transitions: moves}},
		// [d10, d25): from inclusive (call d10 and a's opp entry count), to
		// exclusive (demo d25 does not). a left lead at d10, the very instant
		// the window opens: not in lead during it; a in opp and won, b in won.
		{"window bounds", win(10, 25), journey.ConformanceObservations{
			ByStage:         []journey.StageObservation{obs("opp", "call", 2, 1)},
			AccountsInStage: map[string]int{"opp": 1, "won": 2}, Transitions: moves}},
		// [d31, d40): b is in opp (since d30) and a in won (since d20), both
		// entered before the window: they count although nothing was entered
		// in it. call d31 is b's, in opp.
		{"window with no entries", win(31, 40), journey.ConformanceObservations{
			ByStage:         []journey.StageObservation{obs("opp", "call", 1, 1)},
			AccountsInStage: map[string]int{"opp": 1, "won": 1}, Transitions: moves}},
	} {
		if got := Observe(observeFixture(), moves, c.w); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n got  %+v\n want %+v", c.name, got, c.want)
		}
	}
}
