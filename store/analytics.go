package store

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// ObservedJourneys returns the journeys of an analysis scope (normalized by
// the caller), ordered by journey id, from the maintained JourneyPaths:
// the cohort, the time window (to the millisecond) and the exclusions are
// applied here. Type keys are shared strings, so a million steps cost about
// 40 bytes each.
//
// The paths and the stage entries are read by two queries running at the
// same time (each Neo4j query runs on one core; together they use two, which
// cuts the wait by about a third at a million touchpoints). They are two read
// transactions, so a write committing between them can show a journey's new
// touchpoints without its new stage entries or the reverse, as a read a
// moment later would anyway.
func (s *Store) ObservedJourneys(ctx context.Context, scope journey.AnalysisScope) ([]journey.ObservedJourney, error) {
	filter, err := s.newStepFilter(ctx, scope)
	if err != nil {
		return nil, err
	}
	name := "observed_account_journeys"
	if scope.Level == journey.LevelContact {
		name = "observed_contact_journeys"
	}
	params := scopeParams(scope)
	ctx, cancel := context.WithCancel(ctx)
	stagesDone := make(chan struct{})
	var stages map[string][]journey.StageEntry
	var stagesErr error
	go func() {
		defer close(stagesDone)
		stages, stagesErr = s.observedStageEntries(ctx, params)
	}()
	defer func() { <-stagesDone }() // never leave it running...
	defer cancel()                  // ...but stop it first when returning early
	rows, err := s.readRows(ctx, name, params)
	if err != nil {
		return nil, err
	}
	// Keys are shared strings (cloned once, so no journey's typeSequence
	// stays pinned), and steps are decoded straight from the compact path
	// properties: about one allocation per journey instead of two per step.
	keys := keyInterner{}
	out := make([]journey.ObservedJourney, 0, len(rows))
	for _, row := range rows {
		// [journeyId, accountId, arr, typeSequence, timeDeltas, steps]
		r, _ := row.([]any)
		if len(r) != 6 {
			return nil, fmt.Errorf("observed journeys: row %v has %d columns, want 6", row, len(r))
		}
		types, _ := r[3].(string)
		times, _ := r[4].([]byte)
		steps, _ := r[5].(int64)
		rd := pathReader{types: types, times: times}
		if !inCohort(rd, scope) {
			continue
		}
		j := journey.ObservedJourney{
			ID:        str(r[0]),
			AccountID: str(r[1]),
			ARR:       optFloat(r[2]),
			Steps:     make([]journey.JourneyStep, 0, steps),
		}
		for {
			k, ms, ok := rd.next()
			if !ok {
				break
			}
			if filter.keeps(k, ms) {
				j.Steps = append(j.Steps, journey.JourneyStep{TypeKey: keys.key(k), At: time.UnixMilli(ms).UTC()})
			}
		}
		if rd.err != nil {
			return nil, &journey.Error{Code: journey.CodeInternal, Message: "internal error", Err: fmt.Errorf("journey %s: %w", j.ID, rd.err)}
		}
		out = append(out, j)
	}
	<-stagesDone
	if stagesErr != nil {
		return nil, stagesErr
	}
	// A contact journey gets its own copy of its account's entries, so no
	// two journeys share a slice.
	shared := scope.Level == journey.LevelContact
	for i := range out {
		entries := stages[out[i].AccountID]
		if shared {
			entries = slices.Clone(entries)
		}
		if entries == nil {
			entries = []journey.StageEntry{}
		}
		out[i].StageEntries = entries
	}
	return out, nil
}

// stepFilter is a scope's time window, to the millisecond (journey paths
// hold epoch milliseconds), and its exclusions: what keeps a journey's step.
type stepFilter struct {
	excluded     map[string]bool
	fromMs, toMs int64
}

// newStepFilter resolves the scope's excluded categories to type keys.
func (s *Store) newStepFilter(ctx context.Context, scope journey.AnalysisScope) (stepFilter, error) {
	f := stepFilter{fromMs: math.MinInt64, toMs: math.MaxInt64}
	var err error
	if f.excluded, err = s.ExcludedTypes(ctx, scope); err != nil {
		return f, err
	}
	if scope.From != nil {
		f.fromMs = scope.From.UnixMilli()
	}
	if scope.To != nil {
		f.toMs = scope.To.UnixMilli()
	}
	return f, nil
}

// ExcludedTypes returns the type keys a scope excludes: its ExcludeTypes and
// the types of its ExcludeCategories.
func (s *Store) ExcludedTypes(ctx context.Context, scope journey.AnalysisScope) (map[string]bool, error) {
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
	return excluded, nil
}

// keeps reports whether a step of this type at this epoch millisecond is in scope.
func (f stepFilter) keeps(typeKey string, ms int64) bool {
	return ms >= f.fromMs && ms < f.toMs && !f.excluded[typeKey]
}

// observedStageEntries reads the stage entries of the accounts in scope in
// the window, per account id, in (at, stage) order; accounts without any
// are left out.
func (s *Store) observedStageEntries(ctx context.Context, params map[string]any) (map[string][]journey.StageEntry, error) {
	rows, err := s.readRows(ctx, "observed_stage_entries", params)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]journey.StageEntry, len(rows))
	keys := map[string]string{} // stage keys, shared
	for _, row := range rows {
		// [accountId, stages, stageAts]
		r, _ := row.([]any)
		if len(r) != 3 {
			return nil, fmt.Errorf("observed stage entries: row %v has %d columns, want 3", row, len(r))
		}
		stages, _ := r[1].([]any)
		ats, _ := r[2].([]any)
		if len(ats) != len(stages) {
			return nil, fmt.Errorf("observed stage entries of %v: %d stages, %d times", r[0], len(stages), len(ats))
		}
		entries := make([]journey.StageEntry, len(stages))
		for i := range stages {
			k, _ := stages[i].(string)
			if shared, ok := keys[k]; ok {
				k = shared
			} else {
				keys[k] = k
			}
			entries[i] = journey.StageEntry{StageKey: k, At: millis(ats[i])}
		}
		out[str(r[0])] = entries
	}
	return out, nil
}

// rowsPerRecord is how many rows a bulk read packs into one record. The
// driver spends about 35 allocations on every record, so 6,500 rows as
// records cost more than the rows themselves; but it grows a connection's
// read buffer 4 KiB at a time, copying it each time, so one record of 10 MB
// would copy gigabytes on every fresh connection. 100 rows of paths are
// about 250 KB. A variable so tests can split tiny results over records.
var rowsPerRecord = 100

// readRows runs a bulk read whose records each hold a list of rows (column
// "rows", $rowsPerRecord each, set by scopeParams) and returns the rows in
// order.
func (s *Store) readRows(ctx context.Context, name string, params map[string]any) ([]any, error) {
	res, err := s.read(ctx, name, params)
	if err != nil {
		return nil, err
	}
	var rows []any
	for _, rec := range res.Records {
		v, _ := rec.Get("rows")
		batch, _ := v.([]any)
		rows = append(rows, batch...)
	}
	return rows, nil
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
		// Set here, not in readRows: the two reads share this map.
		"rowsPerRecord": rowsPerRecord,
	}
}

func millis(v any) time.Time {
	ms, _ := v.(int64)
	return time.UnixMilli(ms).UTC()
}
