package analytics

import (
	"reflect"
	"testing"
)

// Next best touchpoints on the hand-built set (see attribution_test.go),
// target stage customer. The reference prefixes, cut at the customer entry
// (reached = the journey entered customer):
//
//	J1 A B C (reached)   J2 A C (reached)   J3 B A B (not)   J4 B C (reached)   J5 — (reached, no steps)
func TestNextBestTouchpointsHandBuilt(t *testing.T) {
	history := func(j int) []string {
		var out []string
		for _, s := range handJourneys()[j].Steps {
			out = append(out, s.TypeKey)
		}
		return out
	}
	a, c := typeA, typeC
	tests := []struct {
		name string
		opt  NextTouchpointOptions
		want NextTouchpointForecast
	}{
		{
			// acc-4 (B C A) is left out; its context is A. After A: J1 → B
			// (reached), J2 → C (reached), J3 → B (not). B: 2 of 3 steps,
			// 1 reached; C: 1 of 3, 1 reached. C first (reach 1 > 1/2).
			name: "last touchpoint",
			opt:  NextTouchpointOptions{AccountID: "acc-4", History: history(3), TargetStage: "customer"},
			want: NextTouchpointForecast{AccountID: "acc-4", TargetStageKey: "customer", Context: ContextLastTouchpoint,
				ContextTypeKey: &a, ContextObservations: 3, ReferenceJourneys: 4, Candidates: []NextTouchpointCandidate{
					{TypeKey: typeC, Probability: 1.0 / 3, ReachProbability: 1, Observations: 1, Reached: 1},
					{TypeKey: typeB, Probability: 2.0 / 3, ReachProbability: 0.5, Observations: 2, Reached: 1},
				}},
		},
		{
			// acc-5 has no touchpoints: the first steps of J1..J4: A twice
			// (both reached), B twice (J4 reached, J3 not).
			name: "journey start",
			opt:  NextTouchpointOptions{AccountID: "acc-5", TargetStage: "customer"},
			want: NextTouchpointForecast{AccountID: "acc-5", TargetStageKey: "customer", Context: ContextJourneyStart,
				ContextObservations: 4, ReferenceJourneys: 4, Candidates: []NextTouchpointCandidate{
					{TypeKey: typeA, Probability: 0.5, ReachProbability: 1, Observations: 2, Reached: 2},
					{TypeKey: typeB, Probability: 0.5, ReachProbability: 0.5, Observations: 2, Reached: 1},
				}},
		},
		{
			// acc-1 (A B C) ends on C, which no prefix of J2..J5 continues
			// (J4's C → A comes after its conversion): back off to all steps
			// of J2 (A r, C r), J3 (B A B, not), J4 (B r, C r): A 2 seen 1
			// reached, B 3 seen 1 reached, C 2 seen 2 reached; 7 in all.
			// Cut to the first 2.
			name: "back-off",
			opt:  NextTouchpointOptions{AccountID: "acc-1", History: history(0), TargetStage: "customer", First: 2},
			want: NextTouchpointForecast{AccountID: "acc-1", TargetStageKey: "customer", Context: ContextAllSteps,
				ContextTypeKey: &c, ContextObservations: 7, ReferenceJourneys: 4, Candidates: []NextTouchpointCandidate{
					{TypeKey: typeC, Probability: 2.0 / 7, ReachProbability: 1, Observations: 2, Reached: 2},
					{TypeKey: typeA, Probability: 2.0 / 7, ReachProbability: 0.5, Observations: 2, Reached: 1},
				}},
		},
		{
			// Target opportunity: J1 cut at d7 (A B, reached), J2 never
			// (A C), J4 cut at d7 (B C, reached), J5 none. acc-3 (B A B)
			// context B: J1 B → end of prefix, J4 B → C (reached). Only C.
			name: "other target",
			opt:  NextTouchpointOptions{AccountID: "acc-3", History: history(2), TargetStage: "opportunity"},
			want: NextTouchpointForecast{AccountID: "acc-3", TargetStageKey: "opportunity", Context: ContextLastTouchpoint,
				ContextTypeKey: ptr(typeB), ContextObservations: 1, ReferenceJourneys: 4, Candidates: []NextTouchpointCandidate{
					{TypeKey: typeC, Probability: 1, ReachProbability: 1, Observations: 1, Reached: 1},
				}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NextBestTouchpoints(handJourneys(), tt.opt)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
