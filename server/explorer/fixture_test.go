package explorer_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/server/apitest"
)

// The hand-built journeys every view test reads. Touchpoint types: W
// website_visit and B webinar_attendance (Marketing), D demo, P proposal and
// C contract_signature (owned by Sales). Day n is 2025-01-0(1+n), 10:00 UTC.
//
//	account      segment     touchpoints (day)         stages entered (day)
//	acc-alpha    ENTERPRISE  W0 B1 D2 P3 C4            lead 0, mql 1, opportunity 2, customer 4
//	acc-beta     ENTERPRISE  W0 D1 P2                  lead 0, opportunity 1 (skips mql)
//	acc-gamma    SMB         W0 B1 W2                  lead 0, mql 1
//	acc-delta    SMB         B0 D3 C5                  lead 0, mql 2, opportunity 3, customer 5
//
// Alpha's W and B are by contact con-alpha-1, its D and P by con-alpha-2, its
// C by no contact.
type fixtureTouch struct {
	account, contact, typ string
	day                   int
}

var fixtureAccounts = []struct{ id, name, segment string }{
	{"acc-alpha", "Alpha Industries", "ENTERPRISE"},
	{"acc-beta", "Beta Logistics", "ENTERPRISE"},
	{"acc-gamma", "Gamma Foods", "SMB"},
	{"acc-delta", "Delta Health", "SMB"},
}

var fixtureTouches = []fixtureTouch{
	{"acc-alpha", "con-alpha-1", "website_visit", 0},
	{"acc-alpha", "con-alpha-1", "webinar_attendance", 1},
	{"acc-alpha", "con-alpha-2", "demo", 2},
	{"acc-alpha", "con-alpha-2", "proposal", 3},
	{"acc-alpha", "", "contract_signature", 4},
	{"acc-beta", "", "website_visit", 0},
	{"acc-beta", "", "demo", 1},
	{"acc-beta", "", "proposal", 2},
	{"acc-gamma", "", "website_visit", 0},
	{"acc-gamma", "", "webinar_attendance", 1},
	{"acc-gamma", "", "website_visit", 2},
	{"acc-delta", "", "webinar_attendance", 0},
	{"acc-delta", "", "demo", 3},
	{"acc-delta", "", "contract_signature", 5},
}

var fixtureStages = []struct {
	account, stage string
	day            int
}{
	{"acc-alpha", "lead", 0}, {"acc-alpha", "mql", 1}, {"acc-alpha", "opportunity", 2}, {"acc-alpha", "customer", 4},
	{"acc-beta", "lead", 0}, {"acc-beta", "opportunity", 1},
	{"acc-gamma", "lead", 0}, {"acc-gamma", "mql", 1},
	{"acc-delta", "lead", 0}, {"acc-delta", "mql", 2}, {"acc-delta", "opportunity", 3}, {"acc-delta", "customer", 5},
}

func fixtureTime(day int) string { return fmt.Sprintf("2025-01-%02dT10:00:00Z", 1+day) }

// loadFixture writes the catalog and the journeys above through the API's
// own mutations.
func loadFixture(t *testing.T, api *apitest.API) {
	t.Helper()
	if err := api.Store.LoadCatalog(context.Background(), seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	for _, a := range fixtureAccounts {
		api.MustDo(t, `mutation($in: UpsertAccountInput!) { upsertAccount(input: $in) { created } }`,
			map[string]any{"in": map[string]any{"id": a.id, "name": a.name, "segment": a.segment}}, nil)
	}
	for i, c := range []string{"con-alpha-1", "con-alpha-2"} {
		api.MustDo(t, `mutation($in: UpsertContactInput!) { upsertContact(input: $in) { created } }`,
			map[string]any{"in": map[string]any{"id": c, "email": fmt.Sprintf("person%d@alpha.example", i+1),
				"firstName": fmt.Sprintf("Person%d", i+1), "lastName": "Alpha", "accountId": "acc-alpha"}}, nil)
	}
	var inputs []map[string]any
	for i, tp := range fixtureTouches {
		in := map[string]any{"source": "fixture", "externalId": fmt.Sprintf("t%02d", i), "type": tp.typ,
			"occurredAt": fixtureTime(tp.day), "accountId": tp.account}
		if tp.contact != "" {
			in["contactId"] = tp.contact
		}
		inputs = append(inputs, in)
	}
	api.MustDo(t, `mutation($in: [RecordTouchpointInput!]!) { recordTouchpoints(inputs: $in) { createdCount } }`,
		map[string]any{"in": inputs}, nil)
	for _, s := range fixtureStages {
		api.MustDo(t, `mutation($in: RecordStageChangeInput!) { recordStageChange(input: $in) { created } }`,
			map[string]any{"in": map[string]any{"accountId": s.account, "stage": s.stage, "at": fixtureTime(s.day)}}, nil)
	}
}
