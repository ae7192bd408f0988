package store

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// ObservedJourneys returns the journeys of an analysis scope (normalized by
// the caller), ordered by journey id, from the maintained JourneyPaths:
// the cohort, the time window (to the millisecond) and the exclusions are
// applied here. Type keys are shared strings, so a million steps cost about
// 32 bytes each.
func (s *Store) ObservedJourneys(ctx context.Context, scope journey.AnalysisScope) ([]journey.ObservedJourney, error) {
	excluded := map[string]bool{}
	for _, k := range scope.ExcludeTypes {
		excluded[k] = true
	}
	if len(scope.ExcludeCategories) > 0 {
		types, err := s.TouchpointTypes(ctx, nil, nil)
		if err != nil {
			return nil, err
		}
		for _, t := range types {
			if slices.Contains(scope.ExcludeCategories, t.Category) {
				excluded[t.Key] = true
			}
		}
	}
	name := "observed_account_journeys"
	if scope.Level == journey.LevelContact {
		name = "observed_contact_journeys"
	}
	res, err := s.read(ctx, name, scopeParams(scope))
	if err != nil {
		return nil, err
	}
	fromMs, toMs := int64(math.MinInt64), int64(math.MaxInt64)
	if scope.From != nil {
		fromMs = scope.From.UnixMilli()
	}
	if scope.To != nil {
		toMs = scope.To.UnixMilli()
	}
	// Keys are shared strings (cloned once, so no journey's typeSequence
	// stays pinned), and steps are decoded straight from the compact path
	// properties: about one allocation per journey instead of two per step.
	intern := map[string]string{}
	key := func(k string) string {
		if shared, ok := intern[k]; ok {
			return shared
		}
		k = strings.Clone(k)
		intern[k] = k
		return k
	}
	out := make([]journey.ObservedJourney, 0, len(res.Records))
	for _, rec := range res.Records {
		get := func(col string) any { v, _ := rec.Get(col); return v }
		types, _ := get("types").(string)
		times, _ := get("times").([]byte)
		steps, _ := get("steps").(int64)
		rd := pathReader{types: types, times: times}
		if !inCohort(rd, scope) {
			continue
		}
		stages, _ := get("stages").([]any)
		stageAts, _ := get("stageAts").([]any)
		j := journey.ObservedJourney{
			ID:           str(get("journeyId")),
			AccountID:    str(get("accountId")),
			ARR:          optFloat(get("arr")),
			Steps:        make([]journey.JourneyStep, 0, steps),
			StageEntries: make([]journey.StageEntry, len(stages)),
		}
		for {
			k, ms, ok := rd.next()
			if !ok {
				break
			}
			if ms < fromMs || ms >= toMs {
				continue
			}
			if k = key(k); !excluded[k] {
				j.Steps = append(j.Steps, journey.JourneyStep{TypeKey: k, At: time.UnixMilli(ms).UTC()})
			}
		}
		if rd.err != nil {
			return nil, &journey.Error{Code: journey.CodeInternal, Message: "internal error", Err: fmt.Errorf("journey %s: %w", j.ID, rd.err)}
		}
		for i := range stages {
			k, _ := stages[i].(string)
			j.StageEntries[i] = journey.StageEntry{StageKey: key(k), At: millis(stageAts[i])}
		}
		out = append(out, j)
	}
	return out, nil
}

// inCohort reports whether a journey (its path not yet read) started in the
// scope's cohort; with no cohort bounds every journey is in, one without
// touchpoints only then.
func inCohort(path pathReader, scope journey.AnalysisScope) bool {
	if scope.CohortFrom == nil && scope.CohortTo == nil {
		return true
	}
	_, first, ok := path.next()
	if !ok {
		return false
	}
	return (scope.CohortFrom == nil || first >= scope.CohortFrom.UnixMilli()) &&
		(scope.CohortTo == nil || first < scope.CohortTo.UnixMilli())
}

// scopeParams passes a scope's account criteria and the stage entries
// window; open bounds become the far past or future, so the index seeks stay
// bounded ranges.
func scopeParams(sc journey.AnalysisScope) map[string]any {
	bound := func(t *time.Time, open time.Time) time.Time {
		if t == nil {
			return open
		}
		return t.UTC()
	}
	return map[string]any{
		"segments":   listParam(sc.Segments),
		"industries": listParam(sc.Industries),
		"regions":    listParam(sc.Regions),
		"from":       bound(sc.From, minTime),
		"to":         bound(sc.To, maxTime),
	}
}

func millis(v any) time.Time {
	ms, _ := v.(int64)
	return time.UnixMilli(ms).UTC()
}
