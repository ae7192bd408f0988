package explorer_test

import (
	"context"
	"slices"
	"testing"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/server/apitest"
)

// The hand-built blueprint the coverage and map views read: a catalog of
// three stages and four touchpoint types (no technology), then the design
// and the stack written through the API's blueprint mutations.
//
//	stage (order)    expects                          used by
//	lead (1)         website_visit, webinar_attendance  Acme Marketing, WebiCast
//	opportunity (2)  demo (moment of truth)             Acme CRM
//	customer (3)     contract_signature                 —
//
//	technology      key      vendor             kind     SoR  captures              integrates with
//	Acme CRM        crm      acme "Acme Soft"   CRM      yes  demo                  —
//	Acme Marketing  mka      acme               MA       no   website_visit, demo   crm [email]
//	WebiCast        webinar  webico "Webi Co"   WEBINAR  no   webinar_attendance    — (silo)
//
//	type                 importance int/cust  performance int/cust  creates
//	webinar_attendance   –                    3 / 3.5               email (asked)
//	demo                 5 / 4                4 / 2                 email (asked), company
//
// Observed (account bp-1): website_visit ×2 from mka, demo from crm,
// webinar_attendance from zoom (no technology of that key).
var blueprintStages = []journey.Stage{
	{Key: "lead", Name: "Lead", Order: 1, Description: "Lead"},
	{Key: "opportunity", Name: "Opportunity", Order: 2, Description: "Opportunity"},
	{Key: "customer", Name: "Customer", Order: 3, Description: "Customer"},
}

var blueprintTypes = []string{"website_visit", "webinar_attendance", "demo", "contract_signature"}

func loadBlueprint(t *testing.T, api *apitest.API) {
	t.Helper()
	var types []journey.TouchpointType
	for _, tt := range seed.TouchpointTypes {
		if slices.Contains(blueprintTypes, tt.Key) {
			types = append(types, tt)
		}
	}
	if err := api.Store.LoadCatalog(context.Background(), journey.Catalog{
		Departments: seed.Departments, Channels: seed.Channels, Stages: blueprintStages, TouchpointTypes: types,
	}); err != nil {
		t.Fatal(err)
	}
	do := func(mutation string, in any) {
		t.Helper()
		api.MustDo(t, mutation, map[string]any{"in": in}, nil)
	}
	for _, f := range [][2]string{{"email", "Email"}, {"company", "Company"}} {
		do(`mutation($in: DataFieldInput!) { upsertDataField(input: $in) { key } }`, map[string]any{"key": f[0], "name": f[1]})
	}
	tech := `mutation($in: TechnologyInput!) { upsertTechnology(input: $in) { key } }`
	do(tech, map[string]any{"key": "crm", "name": "Acme CRM", "category": "CRM", "vendor": "acme", "vendorName": "Acme Soft", "systemOfRecord": true})
	do(tech, map[string]any{"key": "mka", "name": "Acme Marketing", "category": "MARKETING_AUTOMATION", "vendor": "acme"})
	do(tech, map[string]any{"key": "webinar", "name": "WebiCast", "category": "WEBINAR", "vendor": "webico", "vendorName": "Webi Co"})
	mapping := `mutation($in: TechnologyMappingInput!) { mapTechnology(input: $in) { key } }`
	do(mapping, map[string]any{"technology": "crm", "touchpointTypes": []string{"demo"}, "stages": []string{"opportunity"}, "dataFields": []string{"email", "company"}})
	do(mapping, map[string]any{"technology": "mka", "touchpointTypes": []string{"website_visit", "demo"}, "stages": []string{"lead"}, "dataFields": []string{"email"}})
	do(mapping, map[string]any{"technology": "webinar", "touchpointTypes": []string{"webinar_attendance"}, "stages": []string{"lead"}, "dataFields": []string{"email"}})
	do(`mutation($in: IntegrationInput!) { addIntegration(input: $in) { fields { key } } }`, map[string]any{"from": "mka", "to": "crm", "fields": []string{"email"}})

	expect := `mutation($in: StageTouchpointsInput!) { expectTouchpoints(input: $in) { stage { key } } }`
	do(expect, map[string]any{"stage": "lead", "touchpointTypes": []string{"website_visit", "webinar_attendance"}})
	do(expect, map[string]any{"stage": "customer", "touchpointTypes": []string{"contract_signature"}})
	do(`mutation($in: MomentOfTruthInput!) { setMomentOfTruth(input: $in) { stage { key } } }`,
		map[string]any{"stage": "opportunity", "touchpointType": "demo", "description": "Demo works"})
	design := `mutation($in: TouchpointDesignInput!) { setTouchpointDesign(input: $in) { type { key } } }`
	do(design, map[string]any{"touchpointType": "webinar_attendance", "performanceInternal": 3, "performanceCustomer": 3.5,
		"dataFields": []map[string]any{{"field": "email", "askedOfCustomer": true}}})
	do(design, map[string]any{"touchpointType": "demo", "team": "Solution engineering",
		"importanceInternal": 5, "importanceCustomer": 4, "performanceInternal": 4, "performanceCustomer": 2,
		"dataFields": []map[string]any{{"field": "email", "askedOfCustomer": true}, {"field": "company", "askedOfCustomer": false}}})
	stage := `mutation($in: StageDesignInput!) { setStageDesign(input: $in) { stage { key } } }`
	do(stage, map[string]any{"stage": "lead", "doing": "Reads about the product", "feeling": "Curious but busy", "wanting": "Quick answers",
		"desiredEmotion": "CURIOUS", "observedEmotion": "UNCERTAIN", "painPoints": []string{"Long forms"}})
	do(stage, map[string]any{"stage": "opportunity", "doing": "Compares vendors", "wanting": "Proof it works",
		"desiredEmotion": "CONFIDENT", "observedEmotion": "ANXIOUS", "painPoints": []string{"Slow follow-up", "Unclear pricing"}})

	api.MustDo(t, `mutation { upsertAccount(input: {id: "bp-1", name: "Blueprint Co"}) { created } }`, nil, nil)
	var inputs []map[string]any
	for i, tp := range []struct{ source, typ string }{{"mka", "website_visit"}, {"mka", "website_visit"}, {"crm", "demo"}, {"zoom", "webinar_attendance"}} {
		inputs = append(inputs, map[string]any{"source": tp.source, "externalId": "bp" + string(rune('a'+i)), "type": tp.typ,
			"occurredAt": fixtureTime(i), "accountId": "bp-1"})
	}
	api.MustDo(t, `mutation($in: [RecordTouchpointInput!]!) { recordTouchpoints(inputs: $in) { createdCount } }`, map[string]any{"in": inputs}, nil)
}
