package journeys

import (
	"math"
	"slices"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/store"
)

// journeys applies a scope to the snapshot as store.ObservedJourneys applies
// it in Cypher and Go: the accounts' segment, industry and region, the
// cohort (the first step of the whole path), the window (steps to the
// millisecond, stage entries at full precision) and the excluded types.
// Steps and stage entries in scope are shared with the snapshot when they
// are one run of it (always without exclusions), capped at their length.
func (s *snapshot) journeys(scope journey.AnalysisScope, excluded map[string]bool) []journey.ObservedJourney {
	w := newWindow(scope, excluded)
	if scope.Level == journey.LevelContact {
		out := make([]journey.ObservedJourney, 0, len(s.contacts))
		for _, c := range s.contacts {
			if c.AccountID == nil {
				continue
			}
			at, ok := s.accountAt[*c.AccountID]
			if !ok {
				continue
			}
			a := &s.accounts[at]
			if !inAccounts(a, scope) || !inCohort(c.Steps, scope) {
				continue
			}
			out = append(out, journey.ObservedJourney{ID: c.ID, AccountID: a.ID, ARR: a.ARR,
				Steps: w.steps(c.Steps), StageEntries: w.stages(a)})
		}
		return out
	}
	out := make([]journey.ObservedJourney, 0, len(s.accounts))
	for i := range s.accounts {
		a := &s.accounts[i]
		if !inAccounts(a, scope) || !inCohort(a.Steps, scope) {
			continue
		}
		out = append(out, journey.ObservedJourney{ID: a.ID, AccountID: a.ID, ARR: a.ARR,
			Steps: w.steps(a.Steps), StageEntries: w.stages(a)})
	}
	return out
}

// inAccounts is observed_account_journeys.cypher's account filter: a list
// given (even empty) keeps the accounts whose value is in it, never one
// without a value.
func inAccounts(a *store.CachedAccount, scope journey.AnalysisScope) bool {
	return matches(a.Segment, scope.Segments) && matches(a.Industry, scope.Industries) && matches(a.Region, scope.Regions)
}

func matches[T ~string](v *string, list []T) bool {
	return list == nil || (v != nil && slices.Contains(list, T(*v)))
}

// inCohort is store's inCohort on a decoded path.
func inCohort(steps []journey.JourneyStep, scope journey.AnalysisScope) bool {
	if scope.CohortFrom == nil && scope.CohortTo == nil {
		return true
	}
	if len(steps) == 0 {
		return false
	}
	first := steps[0].At.UnixMilli()
	return (scope.CohortFrom == nil || first >= scope.CohortFrom.UnixMilli()) &&
		(scope.CohortTo == nil || first < scope.CohortTo.UnixMilli())
}

// window is a scope's time bounds and excluded types.
type window struct {
	from, to     *time.Time
	fromMs, toMs int64
	excluded     map[string]bool
}

func newWindow(scope journey.AnalysisScope, excluded map[string]bool) window {
	w := window{from: scope.From, to: scope.To, fromMs: math.MinInt64, toMs: math.MaxInt64, excluded: excluded}
	if w.from != nil {
		w.fromMs = w.from.UnixMilli()
	}
	if w.to != nil {
		w.toMs = w.to.UnixMilli()
	}
	return w
}

// steps returns the steps in the window and not excluded.
func (w window) steps(all []journey.JourneyStep) []journey.JourneyStep {
	if w.from == nil && w.to == nil && len(w.excluded) == 0 {
		return all[:len(all):len(all)]
	}
	return kept(all, func(st journey.JourneyStep) bool {
		ms := st.At.UnixMilli()
		return ms >= w.fromMs && ms < w.toMs && !w.excluded[st.TypeKey]
	})
}

// stages returns the account's stage entries in the window.
func (w window) stages(a *store.CachedAccount) []journey.StageEntry {
	all := a.StageEntries
	if w.from == nil && w.to == nil {
		return all[:len(all):len(all)]
	}
	i := 0
	return kept(all, func(journey.StageEntry) bool {
		at := a.StageTimes[i]
		i++
		return (w.from == nil || !at.Before(*w.from)) && (w.to == nil || at.Before(*w.to))
	})
}

// kept returns the elements of all that keep accepts, in order (keep is
// called once per element, in order): a capped sub-slice of all when they are
// one run, else a copy; never nil when all is not.
func kept[T any](all []T, keep func(T) bool) []T {
	lo, hi := 0, 0
	for i, x := range all {
		if !keep(x) {
			continue
		}
		if hi == lo { // the first kept
			lo, hi = i, i+1
			continue
		}
		if hi == i {
			hi++
			continue
		}
		// A gap: copy the run so far and the rest that is kept.
		out := make([]T, 0, hi-lo+len(all)-i)
		out = append(append(out, all[lo:hi]...), x)
		for _, y := range all[i+1:] {
			if keep(y) {
				out = append(out, y)
			}
		}
		return out
	}
	return all[lo:hi:hi]
}
