package server_test

import (
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/server/apitest"
)

func errorsOf(res apitest.Result) string {
	var out []string
	for _, e := range res.Errors {
		f, _ := e.Extensions["field"].(string)
		out = append(out, e.Code()+" "+f)
	}
	return strings.Join(out, "|")
}

// Every blueprint edit, each applied twice where it should be idempotent,
// read back through the API and checked in the graph itself.
func TestBlueprintMutations(t *testing.T) {
	api := blueprintAPI(t)

	api.ExpectData(t, `mutation { upsertDataField(input: {key: "phone", name: " Phone ", description: "Direct line"}) { key name description storedIn { key } } }`, nil,
		`{"upsertDataField":{"key":"phone","name":"Phone","description":"Direct line","storedIn":[]}}`)
	tech := `mutation($in: TechnologyInput!) { upsertTechnology(input: $in) { key name category systemOfRecord vendor { key name } captures { key } } }`
	in := map[string]any{"key": "talk2", "name": "Talk Two", "category": "CONVERSATION_INTELLIGENCE", "vendor": "newv", "vendorName": "New Vendor"}
	for range 2 {
		api.ExpectData(t, tech, map[string]any{"in": in},
			`{"upsertTechnology":{"key":"talk2","name":"Talk Two","category":"CONVERSATION_INTELLIGENCE","systemOfRecord":false,"vendor":{"key":"newv","name":"New Vendor"},"captures":[]}}`)
	}
	res := api.Do(t, tech, map[string]any{"in": map[string]any{"key": "x", "name": "X", "category": "CRM", "vendor": "nobody"}})
	if got := errorsOf(res); got != "NOT_FOUND input.vendor" {
		t.Errorf("unknown vendor: %s", got)
	}
	// A technology key is compared with touchpoint sources: it must be one.
	res = api.Do(t, tech, map[string]any{"in": map[string]any{"key": "Bad Key!", "name": "X", "category": "CRM", "vendor": "acme"}})
	if got := errorsOf(res); got != "BAD_USER_INPUT input.key" {
		t.Errorf("technology key that cannot be a source: %s", got)
	}

	mapQ := `mutation($in: TechnologyMappingInput!) { mapTechnology(input: $in) { captures { key } usedAt { key } stores { key } } }`
	mapping := map[string]any{"technology": "talk2", "touchpointTypes": []string{"demo", "call", "demo"}, "stages": []string{"opp"}, "dataFields": []string{"phone"}}
	for range 2 {
		api.ExpectData(t, mapQ, map[string]any{"in": mapping}, `{"mapTechnology":{"captures":[{"key":"call"},{"key":"demo"}],"usedAt":[{"key":"opp"}],"stores":[{"key":"phone"}]}}`)
	}
	if n := api.Count(`MATCH (:Technology {key: 'talk2'})-[r]->() RETURN count(r) AS n`, nil); n != 5 {
		t.Errorf("talk2 has %d relationships after mapping twice, want 5 (MADE_BY, 2 CAPTURES, USED_AT, STORES)", n)
	}
	api.ExpectData(t, `mutation { unmapTechnology(input: {technology: "talk2", touchpointTypes: ["demo"], stages: ["opp"]}) { captures { key } usedAt { key } stores { key } } }`, nil,
		`{"unmapTechnology":{"captures":[{"key":"call"}],"usedAt":[],"stores":[{"key":"phone"}]}}`)
	res = api.Do(t, mapQ, map[string]any{"in": map[string]any{"technology": "nope", "touchpointTypes": []string{"ghost", "call"}, "stages": []string{"nowhere"}}})
	if got := errorsOf(res); got != "NOT_FOUND input.stages[0]|NOT_FOUND input.technology|NOT_FOUND input.touchpointTypes[0]" {
		t.Errorf("unknown keys: %s", got)
	}

	api.ExpectData(t, `mutation { setSystemOfRecord(technology: "mka", systemOfRecord: true) { key systemOfRecord } }`, nil,
		`{"setSystemOfRecord":{"key":"mka","systemOfRecord":true}}`)

	addQ := `mutation($in: IntegrationInput!) { addIntegration(input: $in) { from { key } to { key } fields { key } } }`
	api.ExpectData(t, addQ, map[string]any{"in": map[string]any{"from": "talk2", "to": "crm", "fields": []string{"phone"}}},
		`{"addIntegration":{"from":{"key":"talk2"},"to":{"key":"crm"},"fields":[{"key":"phone"}]}}`)
	api.ExpectData(t, addQ, map[string]any{"in": map[string]any{"from": "talk2", "to": "crm", "fields": []string{"phone", "email"}}},
		`{"addIntegration":{"from":{"key":"talk2"},"to":{"key":"crm"},"fields":[{"key":"email"},{"key":"phone"}]}}`)
	rows := api.Query(`MATCH (:Technology {key: 'talk2'})-[r:INTEGRATES_WITH]->(:Technology {key: 'crm'}) RETURN r.fields AS fields`, nil)
	if len(rows) != 1 || len(rows[0]["fields"].([]any)) != 2 {
		t.Errorf("integration rows %v, want one with two fields", rows)
	}
	api.ExpectData(t, `{ technology: technologies { key integrations { to { key } } } }`, nil, `{"technology":[
	  {"key":"crm","integrations":[{"to":{"key":"mka"}}]},{"key":"mka","integrations":[{"to":{"key":"crm"}}]},
	  {"key":"social","integrations":[]},{"key":"esign","integrations":[{"to":{"key":"mka"}}]},
	  {"key":"recorder","integrations":[{"to":{"key":"crm"}}]},{"key":"talk2","integrations":[{"to":{"key":"crm"}}]}]}`)
	for _, tc := range []struct {
		in   map[string]any
		want string
	}{
		{map[string]any{"from": "crm", "to": "crm", "fields": []string{"email"}}, "BAD_USER_INPUT input.to"},
		{map[string]any{"from": "crm", "to": "mka", "fields": []string{}}, "BAD_USER_INPUT input.fields"},
		{map[string]any{"from": "crm", "to": "ghost", "fields": []string{"email", "nothing"}}, "NOT_FOUND input.fields[1]|NOT_FOUND input.to"},
	} {
		if got := errorsOf(api.Do(t, addQ, map[string]any{"in": tc.in})); got != tc.want {
			t.Errorf("addIntegration %v: %s, want %s", tc.in, got, tc.want)
		}
	}
	remove := `mutation { removeIntegration(from: "talk2", to: "crm") { removed } }`
	api.ExpectData(t, remove, nil, `{"removeIntegration":{"removed":true}}`)
	api.ExpectData(t, remove, nil, `{"removeIntegration":{"removed":false}}`)

	designQ := `mutation($in: TouchpointDesignInput!) { setTouchpointDesign(input: $in) {
	  type { key } owner { department { key } team region } importance { internal customer gap } performance { internal customer gap }
	  dataFields { field { key } askedOfCustomer } technologies { key } } }`
	design := map[string]any{"touchpointType": "call", "department": "marketing", "team": "SDR", "region": "EMEA",
		"importanceInternal": 4.5, "importanceCustomer": 2, "dataFields": []any{map[string]any{"field": "phone", "askedOfCustomer": true}}}
	for range 2 {
		api.ExpectData(t, designQ, map[string]any{"in": design}, `{"setTouchpointDesign":{"type":{"key":"call"},
		  "owner":{"department":{"key":"marketing"},"team":"SDR","region":"EMEA"},
		  "importance":{"internal":4.5,"customer":2,"gap":2.5},"performance":{"internal":null,"customer":null,"gap":null},
		  "dataFields":[{"field":{"key":"phone"},"askedOfCustomer":true}],"technologies":[{"key":"crm"},{"key":"recorder"},{"key":"talk2"}]}}`)
	}
	if n := api.Count(`MATCH (:TouchpointType {key: 'call'})-[r:OWNED_BY]->() RETURN count(r) AS n`, nil); n != 1 {
		t.Errorf("call has %d owners", n)
	}
	for _, tc := range []struct {
		in   map[string]any
		want string
	}{
		{map[string]any{"touchpointType": "call", "importanceCustomer": 6}, "BAD_USER_INPUT input.importanceCustomer"},
		{map[string]any{"touchpointType": "call", "performanceInternal": 0.5}, "BAD_USER_INPUT input.performanceInternal"},
		{map[string]any{"touchpointType": "ghost", "department": "nobody"}, "NOT_FOUND input.department|NOT_FOUND input.touchpointType"},
		{map[string]any{"touchpointType": "call", "dataFields": []any{map[string]any{"field": "phone"}, map[string]any{"field": "phone"}}}, "BAD_USER_INPUT input.dataFields[1].field"},
	} {
		if got := errorsOf(api.Do(t, designQ, map[string]any{"in": tc.in})); got != tc.want {
			t.Errorf("setTouchpointDesign %v: %s, want %s", tc.in, got, tc.want)
		}
	}

	stageFields := `stage { key } doing desiredEmotion observedEmotion painPoints expectedTouchpoints { type { key } momentOfTruth } allowedNextStages { key }`
	api.ExpectData(t, `mutation { setStageDesign(input: {stage: "opp", doing: " Evaluates ", desiredEmotion: CONFIDENT, painPoints: ["Slow trial", "Slow trial", " "]}) { `+stageFields+` } }`, nil,
		`{"setStageDesign":{"stage":{"key":"opp"},"doing":"Evaluates","desiredEmotion":"CONFIDENT","observedEmotion":null,"painPoints":["Slow trial"],
		  "expectedTouchpoints":[{"type":{"key":"call"},"momentOfTruth":null},{"type":{"key":"demo"},"momentOfTruth":"Demo works"}],"allowedNextStages":[{"key":"won"}]}}`)
	res = api.Do(t, `mutation { setStageDesign(input: {stage: "nowhere"}) { stage { key } } }`, nil)
	if got := errorsOf(res); got != "NOT_FOUND input.stage" {
		t.Errorf("unknown stage: %s", got)
	}
	expect := `mutation($in: StageTouchpointsInput!) { expectTouchpoints(input: $in) { expectedTouchpoints { type { key } } } }`
	for range 2 {
		api.ExpectData(t, expect, map[string]any{"in": map[string]any{"stage": "advocate", "touchpointTypes": []string{"tweet"}}},
			`{"expectTouchpoints":{"expectedTouchpoints":[{"type":{"key":"review"}},{"type":{"key":"tweet"}}]}}`)
	}
	api.ExpectData(t, `mutation { unexpectTouchpoints(input: {stage: "advocate", touchpointTypes: ["tweet"]}) { expectedTouchpoints { type { key } } } }`, nil,
		`{"unexpectTouchpoints":{"expectedTouchpoints":[{"type":{"key":"review"}}]}}`)
	mot := `mutation($d: String) { setMomentOfTruth(input: {stage: "advocate", touchpointType: "tweet", description: $d}) { expectedTouchpoints { type { key } momentOfTruth } } }`
	api.ExpectData(t, mot, map[string]any{"d": "Public praise"}, `{"setMomentOfTruth":{"expectedTouchpoints":[{"type":{"key":"review"},"momentOfTruth":null},{"type":{"key":"tweet"},"momentOfTruth":"Public praise"}]}}`)
	api.ExpectData(t, mot, map[string]any{"d": nil}, `{"setMomentOfTruth":{"expectedTouchpoints":[{"type":{"key":"review"},"momentOfTruth":null},{"type":{"key":"tweet"},"momentOfTruth":null}]}}`)
	// Unmarking a type the stage does not expect leaves the stage as it is.
	for _, d := range []any{nil, "   "} {
		api.ExpectData(t, `mutation($d: String) { setMomentOfTruth(input: {stage: "advocate", touchpointType: "call", description: $d}) { expectedTouchpoints { type { key } momentOfTruth } } }`,
			map[string]any{"d": d}, `{"setMomentOfTruth":{"expectedTouchpoints":[{"type":{"key":"review"},"momentOfTruth":null},{"type":{"key":"tweet"},"momentOfTruth":null}]}}`)
	}

	allow := `mutation { allowStageTransition(input: {from: "lead", to: "won"}) { allowedNextStages { key } } }`
	for range 2 {
		api.ExpectData(t, allow, nil, `{"allowStageTransition":{"allowedNextStages":[{"key":"opp"},{"key":"won"}]}}`)
	}
	disallow := `mutation { disallowStageTransition(input: {from: "lead", to: "won"}) { removed } }`
	api.ExpectData(t, disallow, nil, `{"disallowStageTransition":{"removed":true}}`)
	api.ExpectData(t, disallow, nil, `{"disallowStageTransition":{"removed":false}}`)
	// The designed order itself cannot be disallowed: an error, not a silent no-op.
	if got := errorsOf(api.Do(t, `mutation { disallowStageTransition(input: {from: "lead", to: "opp"}) { removed } }`, nil)); got != "BAD_USER_INPUT input" {
		t.Errorf("disallowing the designed order: %s", got)
	}
	// The order: lead -> opp -> won -> advocate, and the fixture's exception
	// won -> opp; lead -> won was allowed and disallowed again above.
	api.ExpectData(t, `{ journeyMap { stages { stage { key } allowedNextStages { key } } } }`, nil, `{"journeyMap":{"stages":[
	 {"stage":{"key":"lead"},"allowedNextStages":[{"key":"opp"}]},{"stage":{"key":"opp"},"allowedNextStages":[{"key":"won"}]},
	 {"stage":{"key":"won"},"allowedNextStages":[{"key":"opp"},{"key":"advocate"}]},{"stage":{"key":"advocate"},"allowedNextStages":[]}]}}`)
	if got := errorsOf(api.Do(t, `mutation { allowStageTransition(input: {from: "lead", to: "lead"}) { stage { key } } }`, nil)); got != "BAD_USER_INPUT input.to" {
		t.Errorf("self transition: %s", got)
	}

	// The edits show in the analysis: a2's lead -> won is disallowed again,
	// and talk2 (now capturing call, integrated nowhere) is a silo stranding nothing.
	api.ExpectData(t, `{ coverageGaps { silos { technology { key } strandedTouchpointTypes { key } } } }`, nil,
		`{"coverageGaps":{"silos":[{"technology":{"key":"social"},"strandedTouchpointTypes":[{"key":"tweet"}]},{"technology":{"key":"talk2"},"strandedTouchpointTypes":[]}]}}`)
}
