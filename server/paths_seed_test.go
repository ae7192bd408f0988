package server_test

import (
	"context"
	"encoding/json"
	"io"
	"testing"

	"github.com/journeygraph/journeygraph/analytics"
	"github.com/journeygraph/journeygraph/analytics/pathfixture"
	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
)

// On a small seeded database the API answers what the analytics functions
// answer over the same generated journeys held in memory, and the answers
// keep their invariants: the store read, the scope and the wiring add
// nothing and lose nothing.
func TestPathQueriesOnSeedDataMatchTheGeneratedJourneys(t *testing.T) {
	api := pathsAPIEmpty(t)
	p := seed.DefaultParams()
	p.Accounts = 20
	if _, err := seed.Load(context.Background(), api.Store, p, io.Discard); err != nil {
		t.Fatal(err)
	}
	var js []journey.ObservedJourney
	if err := seed.Generate(p, func(a seed.AccountJourney) error {
		j := journey.ObservedJourney{ID: a.Account.ID, AccountID: a.Account.ID}
		for _, tp := range a.Touchpoints {
			j.Steps = append(j.Steps, journey.JourneyStep{TypeKey: tp.TypeKey, At: tp.OccurredAt.UTC()})
		}
		for _, c := range a.StageChanges {
			j.StageEntries = append(j.StageEntries, journey.StageEntry{StageKey: c.StageKey, At: c.At.UTC()})
		}
		js = append(js, j)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	compare := func(name, query, field string, want any) {
		t.Helper()
		res := api.Do(t, query, nil)
		if len(res.Errors) > 0 {
			t.Fatalf("%s: %+v", name, res.Errors)
		}
		var data map[string]json.RawMessage
		if err := json.Unmarshal(res.Data, &data); err != nil {
			t.Fatal(err)
		}
		if got, exp := roundJSON(t, data[field]), roundJSON(t, want); got != exp {
			t.Errorf("%s:\n api %s\nwant %s", name, got, exp)
		}
	}
	variants := analytics.PathVariantsOf(js, analytics.PathVariantOptions{Outcome: journey.Outcome{StageKey: "customer"}, Top: 100, CollapseRepeats: true, MaxLength: 8})
	sum := 0
	for _, v := range variants.Variants {
		sum += v.Count
	}
	if variants.JourneysReachingOutcome == 0 || sum != variants.JourneysReachingOutcome-variants.JourneysReachingOutcomeWithoutTouchpoints {
		t.Fatalf("variant counts sum to %d of %+v", sum, variants)
	}
	compare("pathVariants", `{ pathVariants(outcome: {stage: "customer"}, top: 100) { journeysInScope journeysReachingOutcome
	  journeysReachingOutcomeWithoutTouchpoints distinctVariants variants { typeKeys truncated count share journeysStartingThisWay
	  conversionRate medianSecondsToOutcome p90SecondsToOutcome } } }`, "pathVariants", map[string]any{
		"journeysInScope": variants.JourneysInScope, "journeysReachingOutcome": variants.JourneysReachingOutcome,
		"journeysReachingOutcomeWithoutTouchpoints": variants.JourneysReachingOutcomeWithoutTouchpoints,
		"distinctVariants":                          variants.DistinctVariants, "variants": variants.Variants,
	})
	customer := journey.Outcome{StageKey: "customer"}
	links := analytics.LinkagesOf(js, analytics.LinkageOptions{Outcome: &customer, MinCount: 1, Top: 30})
	compare("linkages", `{ linkages(outcome: {stage: "customer"}, top: 30) { journeysInScope transitions distinctLinks journeysReachingOutcome
	  links { fromTypeKey toTypeKey count share medianGapSeconds p90GapSeconds journeysWithLink conversionRateWith conversionRateWithout lift } } }`,
		"linkages", links)
	stages := make([]string, len(seed.Stages))
	for i, s := range seed.Stages {
		stages[i] = s.Key
	}
	funnel := analytics.FunnelOf(js, analytics.FunnelOptions{Stages: stages})
	compare("funnel", `{ funnel { accountsInScope accountsEnteringAnyStage backwardMoves accountsWithBackwardMoves
	  stages { stageKey nextStageKey entered entries convertedToNext conversionRate skippedAhead dropOff dropOffRate skipped
	  backwardMovesFrom medianSecondsInStage p90SecondsInStage } } }`, "funnel", funnel)
}

// roundJSON re-encodes JSON (or a Go value) with every number rounded to 6
// decimals, so expectations can be written as the derivations give them.
func roundJSON(t *testing.T, v any) string {
	t.Helper()
	s, err := pathfixture.Rounded(v)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
