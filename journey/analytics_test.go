package journey

import (
	"errors"
	"testing"
	"time"
)

func TestAnalysisScopeNormalize(t *testing.T) {
	day := func(d int) *time.Time { t := time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC); return &t }
	tests := []struct {
		name   string
		scope  AnalysisScope
		fields []string // fields of the expected errors, in order
	}{
		{"zero value", AnalysisScope{}, nil},
		{"bad level", AnalysisScope{Level: "TEAM"}, []string{"scope.level"}},
		{"bad lists", AnalysisScope{Segments: []Segment{"HUGE"}, ExcludeCategories: []Category{"PR"}, ExcludeTypes: []string{"ok", ""}},
			[]string{"scope.segment[0]", "scope.excludeCategories[0]", "scope.excludeTypes[1]"}},
		{"empty window", AnalysisScope{From: day(2), To: day(2)}, []string{"scope.to"}},
		{"reversed cohort", AnalysisScope{CohortFrom: day(3), CohortTo: day(1)}, []string{"scope.cohortTo"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.scope.Normalize("scope")
			var errs Errors
			errors.As(err, &errs)
			if len(errs) != len(tt.fields) {
				t.Fatalf("errors = %v, want fields %v", err, tt.fields)
			}
			for i, e := range errs {
				if e.Field != tt.fields[i] || e.Code != CodeInvalidInput {
					t.Errorf("error %d = %s %q, want BAD_USER_INPUT on %q", i, e.Code, e.Field, tt.fields[i])
				}
			}
			if err == nil && tt.scope.Level != LevelAccount {
				t.Errorf("level defaulted to %q, want ACCOUNT", tt.scope.Level)
			}
		})
	}
}

func TestOutcomeReachedIn(t *testing.T) {
	at := func(m int) time.Time { return time.Date(2026, 1, 1, 0, m, 0, 0, time.UTC) }
	j := &ObservedJourney{
		Steps:        []JourneyStep{{"webinar", at(1)}, {"demo", at(5)}, {"proposal", at(5)}, {"demo", at(9)}},
		StageEntries: []StageEntry{{"lead", at(2)}, {"opportunity", at(5)}},
	}
	tests := []struct {
		outcome Outcome
		at      time.Time
		before  int
		ok      bool
	}{
		{Outcome{TypeKey: "demo"}, at(5), 1, true},             // first demo is step 1
		{Outcome{StageKey: "lead"}, at(2), 1, true},            // webinar@1 only
		{Outcome{StageKey: "opportunity"}, at(5), 3, true},     // steps at 5 count as before
		{Outcome{StageKey: "customer"}, time.Time{}, 4, false}, // never reached
		{Outcome{TypeKey: "invoice"}, time.Time{}, 4, false},
	}
	for _, tt := range tests {
		at, before, ok := tt.outcome.ReachedIn(j)
		if !at.Equal(tt.at) || before != tt.before || ok != tt.ok {
			t.Errorf("%+v: got %v %d %v, want %v %d %v", tt.outcome, at, before, ok, tt.at, tt.before, tt.ok)
		}
	}
	for _, o := range []Outcome{{}, {StageKey: "a", TypeKey: "b"}} {
		if err := o.Normalize("outcome"); ErrorCode(err) != CodeInvalidInput {
			t.Errorf("Normalize(%+v) = %v, want BAD_USER_INPUT", o, err)
		}
	}
}
