package store

import (
	"context"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// ObservedJourneys returns the journeys of an analysis scope (normalized by
// the caller), ordered by journey id. Type keys are shared strings, so a
// million steps cost about 40 bytes each.
func (s *Store) ObservedJourneys(ctx context.Context, scope journey.AnalysisScope) ([]journey.ObservedJourney, error) {
	name := "observed_account_journeys"
	if scope.Level == journey.LevelContact {
		name = "observed_contact_journeys"
	}
	res, err := s.read(ctx, name, scopeParams(scope))
	if err != nil {
		return nil, err
	}
	intern := map[string]string{}
	key := func(v any) string {
		k, _ := v.(string)
		if shared, ok := intern[k]; ok {
			return shared
		}
		intern[k] = k
		return k
	}
	out := make([]journey.ObservedJourney, 0, len(res.Records))
	for _, rec := range res.Records {
		get := func(col string) any { v, _ := rec.Get(col); return v }
		types, _ := get("types").([]any)
		ats, _ := get("ats").([]any)
		stages, _ := get("stages").([]any)
		stageAts, _ := get("stageAts").([]any)
		j := journey.ObservedJourney{
			ID:           str(get("journeyId")),
			AccountID:    str(get("accountId")),
			ARR:          optFloat(get("arr")),
			Steps:        make([]journey.JourneyStep, len(types)),
			StageEntries: make([]journey.StageEntry, len(stages)),
		}
		for i := range types {
			j.Steps[i] = journey.JourneyStep{TypeKey: key(types[i]), At: millis(ats[i])}
		}
		for i := range stages {
			j.StageEntries[i] = journey.StageEntry{StageKey: key(stages[i]), At: millis(stageAts[i])}
		}
		out = append(out, j)
	}
	return out, nil
}

// scopeParams passes a scope: open time bounds become the far past or future,
// so the index seeks stay bounded ranges; exclusions are always lists.
func scopeParams(sc journey.AnalysisScope) map[string]any {
	bound := func(t *time.Time, open time.Time) time.Time {
		if t == nil {
			return open
		}
		return t.UTC()
	}
	excludeTypes, excludeCategories := listParam(sc.ExcludeTypes), listParam(sc.ExcludeCategories)
	if excludeTypes == nil {
		excludeTypes = []string{}
	}
	if excludeCategories == nil {
		excludeCategories = []string{}
	}
	return map[string]any{
		"segments":          listParam(sc.Segments),
		"industries":        listParam(sc.Industries),
		"regions":           listParam(sc.Regions),
		"minTime":           minTime,
		"from":              bound(sc.From, minTime),
		"to":                bound(sc.To, maxTime),
		"cohortFrom":        optParam(sc.CohortFrom),
		"cohortTo":          optParam(sc.CohortTo),
		"excludeTypes":      excludeTypes,
		"excludeCategories": excludeCategories,
	}
}

func millis(v any) time.Time {
	ms, _ := v.(int64)
	return time.UnixMilli(ms).UTC()
}
