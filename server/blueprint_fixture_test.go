package server_test

import (
	"context"
	"testing"

	"github.com/journeygraph/journeygraph/server/apitest"
)

// seedBlueprint writes the blueprint tests' fixture with raw Cypher, exactly
// as docs/model.md describes the graph. Every expected answer in
// blueprint_api_test.go is worked out by hand from this table:
//
//	types (catalog order)  category   owner      expected at         ratings imp / perf (internal/customer)  creates
//	call    "Call"         SALES      sales      opp, won            4/2    3/3                               -
//	demo    "Demo"         SALES      sales      opp (MoT)           5/4    4.5/2.5                           email (asked), budget
//	contract "Contract"    FINANCE    finance    won (MoT)           5/5    4/2                               company
//	review  "Review"       SOCIAL     marketing  advocate            -      -                                 -
//	tweet   "Tweet"        SOCIAL     marketing  -                   -      -                                 -
//	form_fill "Form fill"  MARKETING  marketing  lead (MoT)          3/4    4/3.5                             email (asked), company (asked)
//	web_visit "Web visit"  MARKETING  marketing  lead                3/-    -                                 -
//
//	stages: lead(1) -> opp(2) -> won(3) -> advocate(4); designed exception won -> opp
//
//	technology (name)        key       vendor          category  SoR  captures               used at   integrates with
//	Acme CRM                 crm       acme "Acme Soft" CRM       yes  call, demo             opp, won  mka [email]
//	Acme Marketing           mka       acme            MA        no   web_visit, form_fill,   lead      crm [email, company]
//	                                                                   demo
//	InkSign                  esign     inkco "Ink Co"  E_SIGN    no   contract               won       mka [company] (2 hops to crm)
//	Chirp Social             social    chirp "Chirp"   SOCIAL    no   tweet                  -         - (silo)
//	Talk Recorder            recorder  talkco "Talk Co" CONV     no   call, demo             opp       crm [budget]
//
// Observed (account, stage periods from transitions):
//
//	a1: lead 01-01, opp 01-10 (from lead), won 01-20 (from opp)
//	a2: lead 01-05, won 01-15 (from lead: not allowed), opp 02-01 (from won: allowed)
//
//	t1 a1 web_visit mka       01-02 (lead)    t7  a2 web_visit mka       01-06 (lead)
//	t2 a1 form_fill mka       01-03 (lead)    t8  a2 call      mka       01-07 (lead)
//	t3 a1 demo      crm       01-12 (opp)     t9  a2 contract  esign     01-16 (won)
//	t4 a1 call      crm       01-13 (opp)     t10 a2 review    listening 02-03 (opp)
//	t5 a1 contract  esign     01-21 (won)
//	t6 a1 tweet     listening 01-25 (won)
//
// (all in 2026; sources are technology keys except "listening").
func seedBlueprint(t *testing.T, api *apitest.API) {
	t.Helper()
	api.Query(`UNWIND $d AS d CREATE (:Department {key: d[0], name: d[1]})`, map[string]any{
		"d": [][]string{{"sales", "Sales"}, {"finance", "Finance"}, {"marketing", "Marketing"}}})
	api.Query(`CREATE (:Channel {key: 'web', name: 'Web'})`, nil)
	type tt struct {
		key, name, category, dept string
		imp, perf                 []any
	}
	types := []map[string]any{}
	for _, x := range []tt{
		{"call", "Call", "SALES", "sales", []any{4.0, 2.0}, []any{3.0, 3.0}},
		{"demo", "Demo", "SALES", "sales", []any{5.0, 4.0}, []any{4.5, 2.5}},
		{"contract", "Contract", "FINANCE", "finance", []any{5.0, 5.0}, []any{4.0, 2.0}},
		{"review", "Review", "SOCIAL", "marketing", []any{nil, nil}, []any{nil, nil}},
		{"tweet", "Tweet", "SOCIAL", "marketing", []any{nil, nil}, []any{nil, nil}},
		{"form_fill", "Form fill", "MARKETING", "marketing", []any{3.0, 4.0}, []any{4.0, 3.5}},
		{"web_visit", "Web visit", "MARKETING", "marketing", []any{3.0, nil}, []any{nil, nil}},
	} {
		types = append(types, map[string]any{"key": x.key, "name": x.name, "category": x.category, "dept": x.dept,
			"ii": x.imp[0], "ic": x.imp[1], "pi": x.perf[0], "pc": x.perf[1]})
	}
	api.Query(`
UNWIND $types AS t
MATCH (c:Channel {key: 'web'}), (d:Department {key: t.dept})
CREATE (tt:TouchpointType {key: t.key, name: t.name, category: t.category, phase: 'BEFORE_PURCHASE',
  sourceSystem: 'CRM', core40: false, description: t.name,
  importanceInternal: t.ii, importanceCustomer: t.ic, performanceInternal: t.pi, performanceCustomer: t.pc})
CREATE (tt)-[:IN_CHANNEL]->(c), (tt)-[:OWNED_BY]->(d)`, map[string]any{"types": types})
	api.Query(`MATCH (t:TouchpointType {key: 'demo'}) SET t.ownerTeam = 'Solution engineering', t.ownerRegion = 'EMEA'`, nil)
	api.Query(`
UNWIND $stages AS s CREATE (:Stage {key: s[0], name: s[1], order: s[2], description: s[1]})`, map[string]any{
		"stages": [][]any{{"lead", "Lead", 1}, {"opp", "Opportunity", 2}, {"won", "Won", 3}, {"advocate", "Advocate", 4}}})
	api.Query(`
MATCH (a:Stage {key: 'lead'}), (b:Stage {key: 'opp'}), (c:Stage {key: 'won'}), (d:Stage {key: 'advocate'})
CREATE (a)-[:NEXT_STAGE]->(b), (b)-[:NEXT_STAGE]->(c), (c)-[:NEXT_STAGE]->(d), (c)-[:MAY_MOVE_TO]->(b)
SET a.doing = 'Reads', a.feeling = 'Curious', a.wanting = 'Answers', a.desiredEmotion = 'CURIOUS',
    a.observedEmotion = 'UNCERTAIN', a.painPoints = ['Long forms']`, nil)
	api.Query(`
UNWIND $expects AS e
MATCH (s:Stage {key: e[0]}), (t:TouchpointType {key: e[1]})
CREATE (s)-[r:EXPECTS]->(t) SET r.momentOfTruth = e[2]`, map[string]any{"expects": [][]any{
		{"lead", "web_visit", nil}, {"lead", "form_fill", "First answer"},
		{"opp", "demo", "Demo works"}, {"opp", "call", nil},
		{"won", "contract", "Easy signing"}, {"won", "call", nil},
		{"advocate", "review", nil},
	}})
	api.Query(`
UNWIND $fields AS f CREATE (:DataField {key: f[0], name: f[1]})`, map[string]any{
		"fields": [][]string{{"email", "Email"}, {"company", "Company"}, {"budget", "Budget"}}})
	api.Query(`
UNWIND $creates AS c
MATCH (t:TouchpointType {key: c[0]}), (f:DataField {key: c[1]})
CREATE (t)-[:CREATES {askedOfCustomer: c[2]}]->(f)`, map[string]any{"creates": [][]any{
		{"demo", "email", true}, {"demo", "budget", false}, {"contract", "company", false},
		{"form_fill", "email", true}, {"form_fill", "company", true},
	}})
	api.Query(`
UNWIND $vendors AS v CREATE (:Vendor {key: v[0], name: v[1]})`, map[string]any{
		"vendors": [][]string{{"acme", "Acme Soft"}, {"inkco", "Ink Co"}, {"chirp", "Chirp"}, {"talkco", "Talk Co"}}})
	api.Query(`
UNWIND $techs AS t
MATCH (v:Vendor {key: t.vendor})
CREATE (tech:Technology {key: t.key, name: t.name, category: t.category, systemOfRecord: t.sor})-[:MADE_BY]->(v)
WITH tech, t
CALL { WITH tech, t UNWIND t.captures AS k MATCH (x:TouchpointType {key: k}) CREATE (tech)-[:CAPTURES]->(x) }
CALL { WITH tech, t UNWIND t.stages AS k MATCH (x:Stage {key: k}) CREATE (tech)-[:USED_AT]->(x) }
CALL { WITH tech, t UNWIND t.stores AS k MATCH (x:DataField {key: k}) CREATE (tech)-[:STORES]->(x) }`, map[string]any{"techs": []map[string]any{
		{"key": "crm", "name": "Acme CRM", "category": "CRM", "vendor": "acme", "sor": true, "captures": []string{"call", "demo"}, "stages": []string{"opp", "won"}, "stores": []string{"email", "company", "budget"}},
		{"key": "mka", "name": "Acme Marketing", "category": "MARKETING_AUTOMATION", "vendor": "acme", "sor": false, "captures": []string{"web_visit", "form_fill", "demo"}, "stages": []string{"lead"}, "stores": []string{"email", "company"}},
		{"key": "esign", "name": "InkSign", "category": "E_SIGNATURE", "vendor": "inkco", "sor": false, "captures": []string{"contract"}, "stages": []string{"won"}, "stores": []string{"company"}},
		{"key": "social", "name": "Chirp Social", "category": "SOCIAL_MANAGEMENT", "vendor": "chirp", "sor": false, "captures": []string{"tweet"}, "stages": []string{}, "stores": []string{}},
		{"key": "recorder", "name": "Talk Recorder", "category": "CONVERSATION_INTELLIGENCE", "vendor": "talkco", "sor": false, "captures": []string{"call", "demo"}, "stages": []string{"opp"}, "stores": []string{"budget"}},
	}})
	api.Query(`
UNWIND $flows AS f
MATCH (a:Technology {key: f[0]}), (b:Technology {key: f[1]})
CREATE (a)-[:INTEGRATES_WITH {fields: f[2]}]->(b)`, map[string]any{"flows": [][]any{
		{"crm", "mka", []string{"email"}}, {"mka", "crm", []string{"email", "company"}},
		{"esign", "mka", []string{"company"}}, {"recorder", "crm", []string{"budget"}},
	}})
	seedAccounts(t, api, []map[string]any{
		{"id": "a1", "name": "A1", "createdAt": ts("2025-12-01T00:00:00Z"), "updatedAt": ts("2025-12-01T00:00:00Z")},
		{"id": "a2", "name": "A2", "createdAt": ts("2025-12-01T00:00:00Z"), "updatedAt": ts("2025-12-01T00:00:00Z")},
	})
	tp := func(id, account, typ, source, at string) map[string]any {
		return map[string]any{"id": source + ":" + id, "externalId": id, "source": source, "type": typ,
			"accountId": account, "occurredAt": ts(at)}
	}
	seedTouchpoints(t, api, []map[string]any{
		tp("t1", "a1", "web_visit", "mka", "2026-01-02T00:00:00Z"),
		tp("t2", "a1", "form_fill", "mka", "2026-01-03T00:00:00Z"),
		tp("t3", "a1", "demo", "crm", "2026-01-12T00:00:00Z"),
		tp("t4", "a1", "call", "crm", "2026-01-13T00:00:00Z"),
		tp("t5", "a1", "contract", "esign", "2026-01-21T00:00:00Z"),
		tp("t6", "a1", "tweet", "listening", "2026-01-25T00:00:00Z"),
		tp("t7", "a2", "web_visit", "mka", "2026-01-06T00:00:00Z"),
		tp("t8", "a2", "call", "mka", "2026-01-07T00:00:00Z"),
		tp("t9", "a2", "contract", "esign", "2026-01-16T00:00:00Z"),
		tp("t10", "a2", "review", "listening", "2026-02-03T00:00:00Z"),
	})
	tr := func(id, account, to string, from any, at string) map[string]any {
		return map[string]any{"id": id, "accountId": account, "toStage": to, "fromStage": from, "at": ts(at), "source": "crm"}
	}
	seedTransitions(t, api, []map[string]any{
		tr("a1-1", "a1", "lead", nil, "2026-01-01T00:00:00Z"),
		tr("a1-2", "a1", "opp", "lead", "2026-01-10T00:00:00Z"),
		tr("a1-3", "a1", "won", "opp", "2026-01-20T00:00:00Z"),
		tr("a2-1", "a2", "lead", nil, "2026-01-05T00:00:00Z"),
		tr("a2-2", "a2", "won", "lead", "2026-01-15T00:00:00Z"),
		tr("a2-3", "a2", "opp", "won", "2026-02-01T00:00:00Z"),
	})
	// Raw Cypher writes no JourneyPath (ingest maintains them): build them
	// as Migrate does for a database written before paths existed.
	if _, err := api.Store.BuildMissingJourneyPaths(context.Background()); err != nil {
		t.Fatal(err)
	}
}
