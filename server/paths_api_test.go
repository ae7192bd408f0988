package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/journeygraph/journeygraph/analytics/pathfixture"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/server/apitest"
)

// The path, linkage and funnel queries over the hand-built journey set of
// analytics/pathfixture, written through the store's ingestion functions (so
// the maintained journey paths are what a real database holds). Every
// expected number is derived in analytics/*_test.go over the same set; the
// scope cases (exclusions, cohort, segment, contact level) are derived here.

const day = 86400.0

// pathsAPIEmpty is an API over the seed catalog and nothing else.
func pathsAPIEmpty(t *testing.T) *apitest.API {
	t.Helper()
	api := apitest.New(t, nil)
	if err := api.Store.LoadCatalog(context.Background(), seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	return api
}

func pathsAPI(t *testing.T) *apitest.API {
	t.Helper()
	api := pathsAPIEmpty(t)
	ctx := context.Background()
	if err := pathfixture.Write(ctx, api.Store); err != nil {
		t.Fatal(err)
	}
	return api
}

const pathVariantsQuery = `query($outcome: OutcomeInput!, $scope: AnalysisScope, $top: Int, $collapse: Boolean, $max: Int, $window: Int) {
  pathVariants(outcome: $outcome, scope: $scope, top: $top, collapseRepeats: $collapse, maxLength: $max, conversionWindowDays: $window) {
    journeysInScope journeysReachingOutcome journeysReachingOutcomeWithoutTouchpoints distinctVariants
    variants { typeKeys truncated count share journeysStartingThisWay conversionRate medianSecondsToOutcome p90SecondsToOutcome }
  }
}`

func variant(keys string, truncated bool, count int, share float64, began int, conv, median, p90 float64) string {
	ks, _ := json.Marshal(splitFields(keys))
	return fmt.Sprintf(`{"typeKeys":%s,"truncated":%v,"count":%d,"share":%v,"journeysStartingThisWay":%d,"conversionRate":%v,"medianSecondsToOutcome":%v,"p90SecondsToOutcome":%v}`,
		ks, truncated, count, share, began, conv, median, p90)
}

func splitFields(s string) []string {
	var out []string
	var cur []rune
	for _, r := range s + " " {
		if r == ' ' {
			if len(cur) > 0 {
				out = append(out, string(cur))
			}
			cur = cur[:0]
			continue
		}
		cur = append(cur, r)
	}
	return out
}

func variants(inScope, reaching, without, distinct int, vs ...string) string {
	list := "["
	for i, v := range vs {
		if i > 0 {
			list += ","
		}
		list += v
	}
	return fmt.Sprintf(`{"pathVariants":{"journeysInScope":%d,"journeysReachingOutcome":%d,"journeysReachingOutcomeWithoutTouchpoints":%d,"distinctVariants":%d,"variants":%s]}}`,
		inScope, reaching, without, distinct, list)
}

func TestPathVariantsThroughTheAPI(t *testing.T) {
	api := pathsAPI(t)
	api.ForEachJourneySource(t, func(t *testing.T, api *apitest.API) {
		customer := map[string]any{"stage": "customer"}
		const wdc, wew, wbd = "website_visit demo contract_signature", "website_visit email_open website_visit", "website_visit webinar_attendance demo"
		tests := []struct {
			name string
			vars map[string]any
			want string
		}{
			// As TestPathVariantsOnTheHandBuiltSet.
			{"collapsed, first 3 steps", map[string]any{"outcome": customer, "max": 3}, variants(8, 5, 1, 3,
				variant(wdc, false, 2, 0.4, 3, 2.0/3, 21*day, 36.2*day),
				variant(wew, true, 1, 0.2, 1, 1, 10*day, 10*day),
				variant(wbd, true, 1, 0.2, 2, 0.5, 9*day, 9*day))},
			{"30-day window", map[string]any{"outcome": customer, "max": 3, "top": 1, "window": 30}, variants(8, 4, 1, 3,
				variant(wdc, false, 1, 0.25, 3, 1.0/3, 2*day, 2*day))},
			{"touchpoint outcome", map[string]any{"outcome": map[string]any{"touchpointType": "contract_signature"}, "max": 3}, variants(8, 5, 0, 3,
				variant("website_visit demo", false, 3, 0.6, 3, 1, 2*day, 32.4*day),
				variant(wew, true, 1, 0.2, 1, 1, 10*day, 10*day),
				variant(wbd, false, 1, 0.2, 2, 0.5, 9*day, 9*day))},
			// Without email opens a1 is W W D P C I: collapsed "W D P…" (10 d);
			// only a1 starts W D P (a3 is B D P). Ties: demo < webinar_attendance.
			{"excluding email opens", map[string]any{"outcome": customer, "max": 3, "scope": map[string]any{"excludeTypes": []string{"email_open"}}}, variants(8, 5, 1, 3,
				variant(wdc, false, 2, 0.4, 3, 2.0/3, 21*day, 36.2*day),
				variant("website_visit demo proposal", true, 1, 0.2, 1, 1, 10*day, 10*day),
				variant(wbd, true, 1, 0.2, 2, 0.5, 9*day, 9*day))},
			// First touches: a7 and a8 at day 100, the rest at 0. Cohort from day
			// 50: a7 (W D C, 2 d) reaches; a8 (W D C P) starts the same way.
			{"cohort", map[string]any{"outcome": customer, "max": 3, "scope": map[string]any{"cohortFrom": pathfixture.Day(50)}}, variants(2, 1, 0, 1,
				variant(wdc, false, 1, 1, 2, 0.5, 2*day, 2*day))},
			// Contacts of the enterprise account a1: a1-x W@0 W@2 -> "W", 10 d;
			// a1-y E@1 D@5 P@8 C@10 -> "E D P…", 9 d (the invoice has no contact).
			// Both reach customer (their account's stage at 10). email_open < website_visit.
			{"contacts of enterprise accounts", map[string]any{"outcome": customer, "max": 3, "scope": map[string]any{"level": "CONTACT", "segment": []string{"ENTERPRISE"}}},
				variants(2, 2, 0, 2,
					variant("email_open demo proposal", true, 1, 0.5, 1, 1, 9*day, 9*day),
					variant("website_visit", false, 1, 0.5, 1, 1, 10*day, 10*day))},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) { api.ExpectData(t, pathVariantsQuery, tt.vars, tt.want) })
		}

		// Names come with the keys.
		api.ExpectData(t, `{ pathVariants(outcome: {stage: "customer"}, maxLength: 3, top: 1) { variants { touchpointTypes { name owner { key } } } } }`, nil,
			`{"pathVariants":{"variants":[{"touchpointTypes":[{"name":"Website visit","owner":{"key":"marketing"}},{"name":"Demo","owner":{"key":"sales"}},{"name":"Contract signature","owner":{"key":"sales"}}]}]}}`)
	})
}

func TestPathsAroundThroughTheAPI(t *testing.T) {
	api := pathsAPI(t)
	api.ForEachJourneySource(t, func(t *testing.T, api *apitest.API) {
		// As TestPathsAroundTheFirstDemo, labelled with the catalog's names.
		api.ExpectData(t, `{ pathsAround(anchor: "demo") {
	  journeysInScope journeysWithAnchor
	  nodes { id position typeKey label count }
	  links { source target count } } }`, nil, `{"pathsAround":{"journeysInScope":8,"journeysWithAnchor":7,"nodes":[
	{"id":"-2:website_visit","position":-2,"typeKey":"website_visit","label":"Website visit","count":2},
	{"id":"-2:email_open","position":-2,"typeKey":"email_open","label":"Email open","count":1},
	{"id":"-1:website_visit","position":-1,"typeKey":"website_visit","label":"Website visit","count":4},
	{"id":"-1:webinar_attendance","position":-1,"typeKey":"webinar_attendance","label":"Webinar attendance","count":3},
	{"id":"0:demo","position":0,"typeKey":"demo","label":"Demo","count":7},
	{"id":"1:contract_signature","position":1,"typeKey":"contract_signature","label":"Contract signature","count":4},
	{"id":"1:proposal","position":1,"typeKey":"proposal","label":"Proposal","count":2},
	{"id":"2:contract_signature","position":2,"typeKey":"contract_signature","label":"Contract signature","count":1},
	{"id":"2:demo","position":2,"typeKey":"demo","label":"Demo","count":1},
	{"id":"2:invoice","position":2,"typeKey":"invoice","label":"Invoice","count":1},
	{"id":"2:proposal","position":2,"typeKey":"proposal","label":"Proposal","count":1}],
	"links":[
	{"source":"-2:website_visit","target":"-1:webinar_attendance","count":2},
	{"source":"-2:email_open","target":"-1:website_visit","count":1},
	{"source":"-1:website_visit","target":"0:demo","count":4},
	{"source":"-1:webinar_attendance","target":"0:demo","count":3},
	{"source":"0:demo","target":"1:contract_signature","count":4},
	{"source":"0:demo","target":"1:proposal","count":2},
	{"source":"1:contract_signature","target":"2:invoice","count":1},
	{"source":"1:contract_signature","target":"2:proposal","count":1},
	{"source":"1:proposal","target":"2:contract_signature","count":1},
	{"source":"1:proposal","target":"2:demo","count":1}]}}`)

		// One step each way around the proposal, SMB accounts only (a1 is
		// enterprise): a3 B D [P] D and a8 W D C [P] -> -1:demo 1, -1:contract 1,
		// +1:demo 1 (a8 ends at the proposal).
		api.ExpectData(t, `{ pathsAround(anchor: "proposal", stepsBefore: 1, stepsAfter: 1, scope: {segment: [SMB]}) {
	  journeysWithAnchor nodes { id count } links { source target count } } }`, nil, `{"pathsAround":{"journeysWithAnchor":2,
	"nodes":[{"id":"-1:contract_signature","count":1},{"id":"-1:demo","count":1},{"id":"0:proposal","count":2},{"id":"1:demo","count":1}],
	"links":[{"source":"-1:contract_signature","target":"0:proposal","count":1},{"source":"-1:demo","target":"0:proposal","count":1},
	{"source":"0:proposal","target":"1:demo","count":1}]}}`)
	})
}

func TestLinkagesHandoffsAndNeighboursThroughTheAPI(t *testing.T) {
	api := pathsAPI(t)
	api.ForEachJourneySource(t, func(t *testing.T, api *apitest.API) {
		// As TestLinkagesOnTheHandBuiltSet.
		api.ExpectData(t, `{ linkages(outcome: {stage: "customer"}, minCount: 2, top: 4) {
	  journeysInScope transitions distinctLinks journeysReachingOutcome
	  links { fromTypeKey toTypeKey from { name } count share medianGapSeconds p90GapSeconds
	          journeysWithLink conversionRateWith conversionRateWithout lift } } }`, nil, fmt.Sprintf(`{"linkages":{
	"journeysInScope":8,"transitions":23,"distinctLinks":12,"journeysReachingOutcome":5,"links":[
	{"fromTypeKey":"demo","toTypeKey":"contract_signature","from":{"name":"Demo"},"count":4,"share":%v,"medianGapSeconds":%v,"p90GapSeconds":%v,
	 "journeysWithLink":4,"conversionRateWith":0.75,"conversionRateWithout":0.5,"lift":1.5},
	{"fromTypeKey":"website_visit","toTypeKey":"demo","from":{"name":"Website visit"},"count":4,"share":0.5,"medianGapSeconds":%v,"p90GapSeconds":%v,
	 "journeysWithLink":4,"conversionRateWith":0.75,"conversionRateWithout":0.5,"lift":1.5},
	{"fromTypeKey":"webinar_attendance","toTypeKey":"demo","from":{"name":"Webinar attendance"},"count":3,"share":1,"medianGapSeconds":%v,"p90GapSeconds":%v,
	 "journeysWithLink":3,"conversionRateWith":%v,"conversionRateWithout":0.8,"lift":%v},
	{"fromTypeKey":"contract_signature","toTypeKey":"invoice","from":{"name":"Contract signature"},"count":2,"share":%v,"medianGapSeconds":%v,"p90GapSeconds":%v,
	 "journeysWithLink":0,"conversionRateWith":null,"conversionRateWithout":0.625,"lift":null}]}}`,
			4.0/6, 3*day, 27.4*day, 1.5*day, 2.7*day, 2*day, 2.8*day, 1.0/3, 5.0/12, 2.0/3, 1.5*day, 1.9*day))

		// As TestDepartmentHandoffsOnTheHandBuiltSet, with the outcome customer.
		api.ExpectData(t, `{ departmentHandoffs(outcome: {stage: "customer"}) {
	  journeysInScope handoffs
	  pairs { fromDepartmentKey toDepartmentKey fromDepartment { name } toDepartment { name } count journeysWithHandoff
	          medianLatencySeconds p90LatencySeconds dropOffJourneys dropOffRate } } }`, nil, fmt.Sprintf(`{"departmentHandoffs":{
	"journeysInScope":8,"handoffs":9,"pairs":[
	{"fromDepartmentKey":"marketing","toDepartmentKey":"sales","fromDepartment":{"name":"Marketing"},"toDepartment":{"name":"Sales"},"count":7,
	 "journeysWithHandoff":7,"medianLatencySeconds":%v,"p90LatencySeconds":%v,"dropOffJourneys":1,"dropOffRate":%v},
	{"fromDepartmentKey":"sales","toDepartmentKey":"finance","fromDepartment":{"name":"Sales"},"toDepartment":{"name":"Finance"},"count":2,
	 "journeysWithHandoff":2,"medianLatencySeconds":%v,"p90LatencySeconds":%v,"dropOffJourneys":0,"dropOffRate":0}]}}`,
			2*day, 3*day, 1.0/7, 1.5*day, 1.9*day))

		// As TestTouchpointNeighboursOfDemo.
		api.ExpectData(t, `{ touchpointNeighbours(touchpointType: "demo", top: 2) {
	  typeKey touchpointType { name } occurrences journeysWithType firstStepCount lastStepCount
	  predecessors { typeKey count share medianGapSeconds } successors { typeKey touchpointType { name } count share medianGapSeconds } } }`, nil,
			fmt.Sprintf(`{"touchpointNeighbours":{"typeKey":"demo","touchpointType":{"name":"Demo"},"occurrences":8,"journeysWithType":7,"firstStepCount":0,"lastStepCount":2,
	"predecessors":[{"typeKey":"website_visit","count":4,"share":0.5,"medianGapSeconds":%v},{"typeKey":"webinar_attendance","count":3,"share":0.375,"medianGapSeconds":%v}],
	"successors":[{"typeKey":"contract_signature","touchpointType":{"name":"Contract signature"},"count":4,"share":%v,"medianGapSeconds":%v},
	              {"typeKey":"proposal","touchpointType":{"name":"Proposal"},"count":2,"share":%v,"medianGapSeconds":%v}]}}`,
				1.5*day, 2*day, 4.0/6, 3*day, 2.0/6, 3.5*day))
	})
}

func TestFunnelThroughTheAPI(t *testing.T) {
	api := pathsAPI(t)
	api.ForEachJourneySource(t, func(t *testing.T, api *apitest.API) {
		// As TestFunnelOnTheHandBuiltSet.
		api.ExpectData(t, `{ funnel(stages: ["lead", "mql", "sql", "opportunity", "customer"]) {
	  accountsInScope accountsEnteringAnyStage backwardMoves accountsWithBackwardMoves
	  stages { stageKey stage { name } nextStageKey entered entries convertedToNext conversionRate skippedAhead dropOff dropOffRate
	           skipped backwardMovesFrom medianSecondsInStage p90SecondsInStage } } }`, nil, fmt.Sprintf(`{"funnel":{
	"accountsInScope":8,"accountsEnteringAnyStage":8,"backwardMoves":1,"accountsWithBackwardMoves":1,"stages":[
	{"stageKey":"lead","stage":{"name":"Lead"},"nextStageKey":"mql","entered":7,"entries":7,"convertedToNext":4,"conversionRate":%v,"skippedAhead":2,"dropOff":1,"dropOffRate":%v,
	 "skipped":1,"backwardMovesFrom":0,"medianSecondsInStage":%v,"p90SecondsInStage":%v},
	{"stageKey":"mql","stage":{"name":"Marketing qualified lead"},"nextStageKey":"sql","entered":4,"entries":5,"convertedToNext":2,"conversionRate":0.5,"skippedAhead":2,"dropOff":0,"dropOffRate":0,
	 "skipped":3,"backwardMovesFrom":0,"medianSecondsInStage":%v,"p90SecondsInStage":%v},
	{"stageKey":"sql","stage":{"name":"Sales qualified lead"},"nextStageKey":"opportunity","entered":2,"entries":2,"convertedToNext":1,"conversionRate":0.5,"skippedAhead":0,"dropOff":1,"dropOffRate":0.5,
	 "skipped":5,"backwardMovesFrom":1,"medianSecondsInStage":%v,"p90SecondsInStage":%v},
	{"stageKey":"opportunity","stage":{"name":"Opportunity"},"nextStageKey":"customer","entered":4,"entries":4,"convertedToNext":3,"conversionRate":0.75,"skippedAhead":0,"dropOff":1,"dropOffRate":0.25,
	 "skipped":2,"backwardMovesFrom":0,"medianSecondsInStage":%v,"p90SecondsInStage":%v},
	{"stageKey":"customer","stage":{"name":"Customer (closed won)"},"nextStageKey":null,"entered":5,"entries":5,"convertedToNext":null,"conversionRate":null,"skippedAhead":null,"dropOff":null,"dropOffRate":null,
	 "skipped":0,"backwardMovesFrom":0,"medianSecondsInStage":null,"p90SecondsInStage":null}]}}`,
			4.0/7, 1.0/7, 2*day, 2.7*day, 2.5*day, 3.7*day, 0.5*day, 0.5*day, 4.5*day, 4.9*day))

		// Default: every stage in designed order. a1..a8 enter no prospect,
		// quote or after-sale stage.
		api.ExpectData(t, `{ funnel { stages { stageKey entered } } }`, nil, `{"funnel":{"stages":[
	{"stageKey":"lead","entered":7},{"stageKey":"prospect_1","entered":0},{"stageKey":"prospect_2","entered":0},{"stageKey":"mql","entered":4},
	{"stageKey":"sql","entered":2},{"stageKey":"opportunity","entered":4},{"stageKey":"quote","entered":0},{"stageKey":"customer","entered":5},
	{"stageKey":"onboarding","entered":0},{"stageKey":"adoption","entered":0},{"stageKey":"renewal","entered":0},{"stageKey":"churn_risk","entered":0},
	{"stageKey":"churned","entered":0},{"stageKey":"advocate","entered":0}]}}`)

		// Stage entries window [day 3, day 50): every lead@0, a1's and a3's
		// mql@2 and a6 fall out, as do a7 and a8 (day 100+). Left: a1
		// opportunity@5 customer@10; a2 mql@3 (the bound is inclusive) sql@4
		// opportunity@4.5 customer@9; a3 sql@6 mql@7 (back); a4 customer@40.
		// mql -> sql: a2; a3's only mql (7) comes after its sql: dropped.
		// sql -> opportunity: a2; a3 dropped. opportunity -> customer: a1, a2.
		// Skipped: mql by a1 a4, sql by a1 a4, opportunity by a4.
		api.ExpectData(t, `{ funnel(stages: ["mql", "sql", "opportunity", "customer"], scope: {from: "2025-01-09T00:00:00Z", to: "2025-02-25T00:00:00Z"}) {
	  backwardMoves stages { stageKey entered convertedToNext skippedAhead dropOff skipped } } }`, nil, `{"funnel":{"backwardMoves":1,"stages":[
	{"stageKey":"mql","entered":2,"convertedToNext":1,"skippedAhead":0,"dropOff":1,"skipped":2},
	{"stageKey":"sql","entered":2,"convertedToNext":1,"skippedAhead":0,"dropOff":1,"skipped":2},
	{"stageKey":"opportunity","entered":2,"convertedToNext":2,"skippedAhead":0,"dropOff":0,"skipped":1},
	{"stageKey":"customer","entered":3,"convertedToNext":null,"skippedAhead":null,"dropOff":null,"skipped":0}]}}`)
	})
}

func TestAccountPathToThroughTheAPI(t *testing.T) {
	api := pathsAPI(t)
	const q = `query($id: ID!, $stage: String!) { account(id: $id) { pathTo(stage: $stage) {
	  stage { key } reachedAt firstTouchAt elapsedSeconds stepCount
	  steps(first: 4) { totalCount edges { node { id type { key } occurredAt } } pageInfo { hasNextPage } } } } }`
	// a1 entered customer at day 10; its touchpoints at or before then are
	// W@0 E@1 W@2 D@5 P@8 C@10 (the contract at the same instant counts;
	// the invoice at 12 does not): 6 steps, 10 days.
	api.ExpectData(t, q, map[string]any{"id": "a1", "stage": "customer"}, fmt.Sprintf(`{"account":{"pathTo":{
	"stage":{"key":"customer"},"reachedAt":"2025-01-16T00:00:00Z","firstTouchAt":"2025-01-06T00:00:00Z","elapsedSeconds":%v,"stepCount":6,
	"steps":{"totalCount":6,"edges":[
	{"node":{"id":"fixture:a1-1","type":{"key":"website_visit"},"occurredAt":"2025-01-06T00:00:00Z"}},
	{"node":{"id":"fixture:a1-2","type":{"key":"email_open"},"occurredAt":"2025-01-07T00:00:00Z"}},
	{"node":{"id":"fixture:a1-3","type":{"key":"website_visit"},"occurredAt":"2025-01-08T00:00:00Z"}},
	{"node":{"id":"fixture:a1-4","type":{"key":"demo"},"occurredAt":"2025-01-11T00:00:00Z"}}],
	"pageInfo":{"hasNextPage":true}}}}}`, 10*day))
	// a3 went lead -> mql -> sql -> back to mql: its path to mql ends at its
	// FIRST entry (day 2): B@0 D@2.
	api.ExpectData(t, `{ account(id: "a3") { pathTo(stage: "mql") { reachedAt stepCount elapsedSeconds } } }`, nil,
		fmt.Sprintf(`{"account":{"pathTo":{"reachedAt":"2025-01-08T00:00:00Z","stepCount":2,"elapsedSeconds":%v}}}`, 2*day))
	// a6 was a customer before any touchpoint: an empty path.
	api.ExpectData(t, q, map[string]any{"id": "a6", "stage": "customer"}, `{"account":{"pathTo":{
	"stage":{"key":"customer"},"reachedAt":"2025-01-06T00:00:00Z","firstTouchAt":null,"elapsedSeconds":null,"stepCount":0,
	"steps":{"totalCount":0,"edges":[],"pageInfo":{"hasNextPage":false}}}}}`)
	// a5 never became a customer.
	api.ExpectData(t, q, map[string]any{"id": "a5", "stage": "customer"}, `{"account":{"pathTo":null}}`)
}

func TestPathQueriesRejectBadArguments(t *testing.T) {
	api := pathsAPI(t)
	tests := []struct {
		name  string
		query string
		want  []problem
	}{
		{"unknown outcome stage and a bad top, together", `{ pathVariants(outcome: {stage: "nope"}, top: 0) { journeysInScope } }`,
			[]problem{{"BAD_USER_INPUT", "UNKNOWN_STAGE", "outcome.stage"}, {"BAD_USER_INPUT", "", "top"}}},
		{"outcome with both keys", `{ pathVariants(outcome: {stage: "customer", touchpointType: "demo"}) { journeysInScope } }`,
			[]problem{{"BAD_USER_INPUT", "", "outcome"}}},
		{"outcome type excluded by the scope", `{ linkages(outcome: {touchpointType: "demo"}, scope: {excludeCategories: [SALES]}) { transitions } }`,
			[]problem{{"BAD_USER_INPUT", "", "outcome.touchpointType"}}},
		{"unknown anchor", `{ pathsAround(anchor: "nope") { journeysWithAnchor } }`,
			[]problem{{"BAD_USER_INPUT", "UNKNOWN_TOUCHPOINT_TYPE", "anchor"}}},
		{"too many steps", `{ pathsAround(anchor: "demo", stepsAfter: 11) { journeysWithAnchor } }`,
			[]problem{{"BAD_USER_INPUT", "", "stepsAfter"}}},
		{"window out of range", `{ departmentHandoffs(conversionWindowDays: 0) { handoffs } }`,
			[]problem{{"BAD_USER_INPUT", "", "conversionWindowDays"}}},
		{"unknown neighbour type", `{ touchpointNeighbours(touchpointType: "nope") { occurrences } }`,
			[]problem{{"BAD_USER_INPUT", "UNKNOWN_TOUCHPOINT_TYPE", "touchpointType"}}},
		{"funnel at contact level", `{ funnel(scope: {level: CONTACT}) { accountsInScope } }`,
			[]problem{{"BAD_USER_INPUT", "", "scope.level"}}},
		{"funnel stages unknown and repeated", `{ funnel(stages: ["lead", "nope", "lead"]) { accountsInScope } }`,
			[]problem{{"BAD_USER_INPUT", "UNKNOWN_STAGE", "stages[1]"}, {"BAD_USER_INPUT", "", "stages[2]"}}},
		{"empty funnel", `{ funnel(stages: []) { accountsInScope } }`,
			[]problem{{"BAD_USER_INPUT", "", "stages"}}},
		{"unknown excluded type", `{ linkages(scope: {excludeTypes: ["demo", " nope "]}) { transitions } }`,
			[]problem{{"BAD_USER_INPUT", "UNKNOWN_TOUCHPOINT_TYPE", "scope.excludeTypes[1]"}}},
		{"unknown pathTo stage", `{ account(id: "a1") { pathTo(stage: "nope") { stepCount } } }`,
			[]problem{{"BAD_USER_INPUT", "UNKNOWN_STAGE", "stage"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := api.Do(t, tt.query, nil)
			if got := problems(res); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("errors %v, want %v (%+v)", got, tt.want, res.Errors)
			}
		})
	}
}

// problem is one GraphQL error as the analytics argument tests compare it.
type problem struct{ code, reason, field string }

// problems lists res's errors in order.
func problems(res apitest.Result) []problem {
	var got []problem
	for _, e := range res.Errors {
		reason, _ := e.Extensions["reason"].(string)
		field, _ := e.Extensions["field"].(string)
		got = append(got, problem{e.Code(), reason, field})
	}
	return got
}
