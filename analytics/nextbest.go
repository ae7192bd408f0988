package analytics

import (
	"cmp"
	"slices"

	"github.com/journeygraph/journeygraph/journey"
)

// NextTouchpointContext says which observed transitions a forecast rests on.
type NextTouchpointContext string

const (
	// ContextLastTouchpoint: the steps that followed a touchpoint of the
	// account's last touchpoint type.
	ContextLastTouchpoint NextTouchpointContext = "LAST_TOUCHPOINT"
	// ContextJourneyStart: the first steps of journeys (the account has no
	// touchpoint in scope yet).
	ContextJourneyStart NextTouchpointContext = "JOURNEY_START"
	// ContextAllSteps: every step of every journey, when the account's
	// context was never seen (back-off to overall frequencies).
	ContextAllSteps NextTouchpointContext = "ALL_STEPS"
)

// NextTouchpointOptions configure NextBestTouchpoints.
type NextTouchpointOptions struct {
	// AccountID is the account asked about; its journeys (at contact level,
	// its contacts' journeys) are left out of the statistics.
	AccountID string
	// History is the account's touchpoint type keys so far, in time order.
	History []string
	// TargetStage is the stage key the account should reach.
	TargetStage string
	// First is how many candidates to return at most; 0 means all.
	First int
}

// NextTouchpointForecast answers NextBestTouchpoints.
type NextTouchpointForecast struct {
	AccountID      string
	TargetStageKey string
	Context        NextTouchpointContext
	// ContextTypeKey is the account's last touchpoint type; nil when it has
	// none.
	ContextTypeKey *string
	// ContextObservations counts the steps the probabilities rest on.
	ContextObservations int
	// ReferenceJourneys counts the journeys the statistics come from.
	ReferenceJourneys int
	Candidates        []NextTouchpointCandidate
}

// NextTouchpointCandidate is one touchpoint type that may come next.
type NextTouchpointCandidate struct {
	TypeKey string
	// Probability that the next step is of this type, given the context.
	Probability float64
	// ReachProbability is the share of those steps whose journey went on
	// to reach the target stage.
	ReachProbability float64
	// Observations counts those steps; Reached, those whose journey reached
	// the target stage.
	Observations int
	Reached      int
}

// NextBestTouchpoints forecasts which touchpoint types may come next on an
// account's journey and how often journeys taking each went on to reach the
// target stage. It is a first-order model with back-off:
//
//   - Each reference journey (every journey but the account's own) is cut
//     at its first entry into the target stage: its steps up to and
//     including the one at the entry time (Outcome.ReachedIn), all its steps
//     when it never entered. A journey that reached the target stage counts
//     every step of that prefix as reached.
//   - The context is the account's last touchpoint type, or the journey
//     start when it has none. The candidates are the types of the steps
//     that directly followed that context in the prefixes (for the start,
//     the first steps). When the context was never followed by anything,
//     every step of every prefix counts (ContextAllSteps).
//   - Probability is a candidate's share of those steps; ReachProbability
//     the share of its steps whose journey reached the target.
//
// Candidates are ordered by ReachProbability, then Probability (both
// descending), then key, and cut to opt.First.
func NextBestTouchpoints(journeys []journey.ObservedJourney, opt NextTouchpointOptions) NextTouchpointForecast {
	out := NextTouchpointForecast{AccountID: opt.AccountID, TargetStageKey: opt.TargetStage, Context: ContextJourneyStart}
	var context string
	if n := len(opt.History); n > 0 {
		context = opt.History[n-1]
		out.ContextTypeKey = &context
		out.Context = ContextLastTouchpoint
	}
	target := journey.Outcome{StageKey: opt.TargetStage}
	type tally struct{ seen, reached int }
	inContext := map[string]*tally{}
	overall := map[string]*tally{}
	count := func(m map[string]*tally, key string, reached bool) {
		t := m[key]
		if t == nil {
			t = &tally{}
			m[key] = t
		}
		t.seen++
		if reached {
			t.reached++
		}
	}
	for i := range journeys {
		j := &journeys[i]
		if j.AccountID == opt.AccountID {
			continue
		}
		out.ReferenceJourneys++
		_, n, reached := target.ReachedIn(j)
		for k, s := range j.Steps[:n] {
			count(overall, s.TypeKey, reached)
			if out.ContextTypeKey == nil && k == 0 || out.ContextTypeKey != nil && k > 0 && j.Steps[k-1].TypeKey == context {
				count(inContext, s.TypeKey, reached)
			}
		}
	}
	counts := inContext
	if len(counts) == 0 {
		counts, out.Context = overall, ContextAllSteps
	}
	for _, t := range counts {
		out.ContextObservations += t.seen
	}
	out.Candidates = make([]NextTouchpointCandidate, 0, len(counts))
	for key, t := range counts {
		out.Candidates = append(out.Candidates, NextTouchpointCandidate{
			TypeKey:          key,
			Probability:      float64(t.seen) / float64(out.ContextObservations),
			ReachProbability: float64(t.reached) / float64(t.seen),
			Observations:     t.seen,
			Reached:          t.reached,
		})
	}
	slices.SortFunc(out.Candidates, func(a, b NextTouchpointCandidate) int {
		return cmp.Or(cmp.Compare(b.ReachProbability, a.ReachProbability),
			cmp.Compare(b.Probability, a.Probability), cmp.Compare(a.TypeKey, b.TypeKey))
	})
	if opt.First > 0 && len(out.Candidates) > opt.First {
		out.Candidates = out.Candidates[:opt.First]
	}
	return out
}
