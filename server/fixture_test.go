package server_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/server/apitest"
)

// The read API's fixture, written with raw Cypher exactly as docs/model.md
// describes the graph (the ingestion mutations are not used, so these tests
// depend only on the model). Every expected value in the read tests is worked
// out by hand from the tables below.

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// recordedAt of every fixture touchpoint.
var fixtureRecordedAt = ts("2026-03-01T00:00:00Z")

// seedCatalog writes a small catalog: 6 touchpoint types in 4 categories
// (stored out of display order), 4 departments, 4 channels, 4 stages,
// 2 technologies of 2 vendors. product_login and invoice are captured by no
// technology (coverage gaps).
func seedCatalog(t *testing.T, api *apitest.API) {
	t.Helper()
	api.Query(`
UNWIND $departments AS d CREATE (:Department {key: d[0], name: d[1]})`, map[string]any{
		"departments": [][]string{{"sales", "Sales"}, {"marketing", "Marketing"}, {"finance", "Finance"}, {"product", "Product"}},
	})
	api.Query(`
UNWIND $channels AS c CREATE (:Channel {key: c[0], name: c[1]})`, map[string]any{
		"channels": [][]string{{"website", "Website"}, {"email", "Email"}, {"online_meeting", "Online meeting"}, {"billing", "Billing and payments"}},
	})
	types := []map[string]any{
		{"key": "website_visit", "name": "Website visit", "category": "MARKETING", "phase": "BEFORE_PURCHASE", "sourceSystem": "MARKETING_AUTOMATION", "channel": "website", "dept": "marketing", "core40": true, "description": "A visit to the website."},
		{"key": "product_login", "name": "Product login", "category": "PRODUCT", "phase": "AFTER_PURCHASE", "sourceSystem": "PRODUCT", "channel": "website", "dept": "product", "core40": true, "description": "A user logs in."},
		{"key": "invoice", "name": "Invoice", "category": "FINANCE", "phase": "AFTER_PURCHASE", "sourceSystem": "ERP_FINANCE", "channel": "billing", "dept": "finance", "core40": true, "description": "An invoice is sent."},
		{"key": "sales_email", "name": "Sales email", "category": "SALES", "phase": "BEFORE_PURCHASE", "sourceSystem": "CRM", "channel": "email", "dept": "sales", "core40": false, "description": "A salesperson writes."},
		{"key": "webinar_attendance", "name": "Webinar attendance", "category": "MARKETING", "phase": "BEFORE_PURCHASE", "sourceSystem": "WEBINAR_PLATFORM", "channel": "website", "dept": "marketing", "core40": true, "description": "Someone attends a webinar."},
		{"key": "demo", "name": "Demo", "category": "SALES", "phase": "DURING_PURCHASE", "sourceSystem": "CRM", "channel": "online_meeting", "dept": "sales", "core40": true, "description": "A product demonstration."},
	}
	api.Query(`
UNWIND $types AS t
MATCH (c:Channel {key: t.channel}), (d:Department {key: t.dept})
CREATE (tt:TouchpointType {key: t.key, name: t.name, category: t.category, phase: t.phase,
  sourceSystem: t.sourceSystem, core40: t.core40, description: t.description})
CREATE (tt)-[:IN_CHANNEL]->(c), (tt)-[:OWNED_BY]->(d)`, map[string]any{"types": types})
	api.Query(`
UNWIND $stages AS s CREATE (:Stage {key: s.key, name: s.name, order: s.order, description: s.description})
WITH count(*) AS created
MATCH (s:Stage) WITH s ORDER BY s.order
WITH collect(s) AS ss
UNWIND range(0, size(ss) - 2) AS i
WITH ss[i] AS a, ss[i + 1] AS b
CREATE (a)-[:NEXT_STAGE]->(b)`, map[string]any{"stages": []map[string]any{
		{"key": "opportunity", "name": "Opportunity", "order": 6, "description": "An active deal."},
		{"key": "customer", "name": "Customer (closed won)", "order": 8, "description": "The contract is signed."},
		{"key": "lead", "name": "Lead", "order": 1, "description": "Identified itself."},
		{"key": "mql", "name": "Marketing qualified lead", "order": 4, "description": "Ready for sales."},
	}})
	api.Query(`
UNWIND $vendors AS v CREATE (:Vendor {key: v[0], name: v[1]})`, map[string]any{
		"vendors": [][]string{{"salesforce", "Salesforce"}, {"hubspot", "HubSpot"}},
	})
	api.Query(`
UNWIND $techs AS t
MATCH (v:Vendor {key: t.vendor})
CREATE (tech:Technology {key: t.key, name: t.name, category: t.category})-[:MADE_BY]->(v)
WITH tech, t
UNWIND t.captures AS k
MATCH (tt:TouchpointType {key: k})
CREATE (tech)-[:CAPTURES]->(tt)`, map[string]any{"techs": []map[string]any{
		{"key": "sales_cloud", "name": "Sales Cloud", "category": "CRM", "vendor": "salesforce", "captures": []string{"sales_email", "demo"}},
		{"key": "hubspot_marketing", "name": "Marketing Hub", "category": "MARKETING_AUTOMATION", "vendor": "hubspot", "captures": []string{"website_visit", "sales_email", "webinar_attendance"}},
	}})
}

// seedAccounts writes accounts (property maps; nil values are left unset).
func seedAccounts(t *testing.T, api *apitest.API, accounts []map[string]any) {
	t.Helper()
	api.Query(`UNWIND $accounts AS a CREATE (n:Account) SET n = a`, map[string]any{"accounts": accounts})
}

// seedContacts writes contacts, each WORKS_AT its accountId's account.
func seedContacts(t *testing.T, api *apitest.API, contacts []map[string]any) {
	t.Helper()
	api.Query(`
UNWIND $contacts AS c
CREATE (n:Contact) SET n = c
WITH n, c
MATCH (a:Account {id: c.accountId})
CREATE (n)-[:WORKS_AT]->(a)`, map[string]any{"contacts": contacts})
}

// seedTouchpoints writes touchpoints (id, source, externalId, type, occurredAt,
// accountId, optional contactId, value, sentiment, attributes) with their
// category copied from the type, their FOR_ACCOUNT / BY_CONTACT / OF_TYPE
// relationships, and then rebuilds the NEXT_FOR_ACCOUNT / NEXT_FOR_CONTACT
// chains in (occurredAt, id) order.
func seedTouchpoints(t *testing.T, api *apitest.API, tps []map[string]any) {
	t.Helper()
	api.Query(`
UNWIND $tps AS t
MATCH (a:Account {id: t.accountId}), (ty:TouchpointType {key: t.type})
CREATE (n:Touchpoint) SET n = t, n.category = ty.category, n.recordedAt = $recordedAt
CREATE (n)-[:FOR_ACCOUNT]->(a), (n)-[:OF_TYPE]->(ty)
WITH n, t
OPTIONAL MATCH (c:Contact {id: t.contactId})
FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END | CREATE (n)-[:BY_CONTACT]->(c))`,
		map[string]any{"tps": tps, "recordedAt": fixtureRecordedAt})
	api.Query(`
MATCH ()-[r:NEXT_FOR_ACCOUNT|NEXT_FOR_CONTACT]->() DELETE r`, nil)
	api.Query(`
MATCH (t:Touchpoint) WITH t ORDER BY t.occurredAt, t.id
WITH t.accountId AS owner, collect(t) AS ts
UNWIND range(0, size(ts) - 2) AS i
WITH ts[i] AS x, ts[i + 1] AS y
CREATE (x)-[:NEXT_FOR_ACCOUNT]->(y)`, nil)
	api.Query(`
MATCH (t:Touchpoint) WHERE t.contactId IS NOT NULL WITH t ORDER BY t.occurredAt, t.id
WITH t.contactId AS owner, collect(t) AS ts
UNWIND range(0, size(ts) - 2) AS i
WITH ts[i] AS x, ts[i + 1] AS y
CREATE (x)-[:NEXT_FOR_CONTACT]->(y)`, nil)
}

// seedTransitions writes stage transitions (id, accountId, toStage, optional
// fromStage, at, source, triggeredBy) as StageTransition nodes with TO_STAGE,
// FROM_STAGE and TRIGGERED_BY, then points each account's CURRENT_STAGE {since}
// at the stage of its latest transition.
func seedTransitions(t *testing.T, api *apitest.API, transitions []map[string]any) {
	t.Helper()
	api.Query(`
UNWIND $transitions AS tr
MATCH (a:Account {id: tr.accountId}), (to:Stage {key: tr.toStage})
CREATE (a)-[:HAD_TRANSITION]->(n:StageTransition {id: tr.id, accountId: tr.accountId, at: tr.at, toStage: tr.toStage,
  fromStage: tr.fromStage, source: tr.source})-[:TO_STAGE]->(to)
WITH n, tr
OPTIONAL MATCH (from:Stage {key: tr.fromStage})
OPTIONAL MATCH (tp:Touchpoint {id: tr.triggeredBy})
FOREACH (_ IN CASE WHEN from IS NULL THEN [] ELSE [1] END | CREATE (n)-[:FROM_STAGE]->(from))
FOREACH (_ IN CASE WHEN tp IS NULL THEN [] ELSE [1] END | CREATE (n)-[:TRIGGERED_BY]->(tp))`,
		map[string]any{"transitions": transitions})
	api.Query(`
MATCH (:Account)-[r:CURRENT_STAGE]->() DELETE r`, nil)
	api.Query(`
MATCH (a:Account)-[:HAD_TRANSITION]->(tr:StageTransition)
WITH a, tr ORDER BY tr.at DESC, tr.id DESC
WITH a, collect(tr)[0] AS last
MATCH (s:Stage {key: last.toStage})
CREATE (a)-[:CURRENT_STAGE {since: last.at}]->(s)`, nil)
}

// seedFixture writes the read tests' shared fixture:
//
//	account  name       segment     industry       region tier    arr     createdAt   current stage
//	acc-1    Acme Corp  ENTERPRISE  Manufacturing  EMEA   Tier 1  120000  2025-01-05  customer
//	acc-2    Globex     MID_MARKET  Energy         NA     Tier 2  48000   2025-02-01  opportunity
//	acc-3    Initech    SMB         Software       NA     Tier 3  -       2025-01-20  -
//	acc-4    Umbrella   ENTERPRISE  Pharma         EMEA   Tier 1  48000   2025-03-01  opportunity
//	acc-5    Hooli      MID_MARKET  Software       NA     Tier 2  -       2025-01-20  -
//
// Contacts c-1..c-3 work at acc-1, c-4 at acc-2, c-5 at none. acc-1's
// journey, in (occurredAt, id) order:
//
//	crm:2   sales_email         SALES      2026-01-05T09:00Z  c-2
//	crm:1   demo                SALES      2026-01-10T10:00Z  c-1  value 5000
//	map:1   website_visit       MARKETING  2026-01-10T10:00Z  c-1  (same instant as crm:1)
//	map:2   webinar_attendance  MARKETING  2026-01-20T15:00Z  c-3  sentiment 0.5
//	erp:1   invoice             FINANCE    2026-02-01T00:00Z  -    value 1200.5, attributes {"currency":"EUR"}
//	prod:1  product_login       PRODUCT    2026-02-01T00:00Z  c-1  (same instant as erp:1)
//
// acc-2 has crm:3 (demo, 2026-01-07, c-4).
func seedFixture(t *testing.T, api *apitest.API) {
	t.Helper()
	seedCatalog(t, api)
	acct := func(id, name, seg, ind, region, tier string, arr any, created string) map[string]any {
		return map[string]any{"id": id, "name": name, "segment": seg, "industry": ind, "region": region,
			"tier": tier, "arr": arr, "createdAt": ts(created), "updatedAt": ts(created)}
	}
	seedAccounts(t, api, []map[string]any{
		acct("acc-3", "Initech", "SMB", "Software", "NA", "Tier 3", nil, "2025-01-20T08:00:00Z"),
		acct("acc-1", "Acme Corp", "ENTERPRISE", "Manufacturing", "EMEA", "Tier 1", 120000.0, "2025-01-05T08:00:00Z"),
		acct("acc-4", "Umbrella", "ENTERPRISE", "Pharma", "EMEA", "Tier 1", 48000.0, "2025-03-01T08:00:00Z"),
		acct("acc-2", "Globex", "MID_MARKET", "Energy", "NA", "Tier 2", 48000.0, "2025-02-01T08:00:00Z"),
		acct("acc-5", "Hooli", "MID_MARKET", "Software", "NA", "Tier 2", nil, "2025-01-20T08:00:00Z"),
	})
	contact := func(id, email, first, role string, account any) map[string]any {
		return map[string]any{"id": id, "email": email, "firstName": first, "role": role, "accountId": account,
			"createdAt": ts("2025-06-01T00:00:00Z"), "updatedAt": ts("2025-06-01T00:00:00Z")}
	}
	seedContacts(t, api, []map[string]any{
		contact("c-3", "carol@acme.com", "Carol", "END_USER", "acc-1"),
		contact("c-1", "alice@acme.com", "Alice", "CHAMPION", "acc-1"),
		contact("c-5", "erin@nowhere.io", "Erin", "INFLUENCER", nil),
		contact("c-2", "bob@acme.com", "Bob", "ECONOMIC_BUYER", "acc-1"),
		contact("c-4", "dave@globex.com", "Dave", "CHAMPION", "acc-2"),
	})
	tp := func(source, ext, typ, at, account string, contact any) map[string]any {
		return map[string]any{"id": source + ":" + ext, "source": source, "externalId": ext, "type": typ,
			"occurredAt": ts(at), "accountId": account, "contactId": contact}
	}
	invoice := tp("erp", "1", "invoice", "2026-02-01T00:00:00Z", "acc-1", nil)
	invoice["value"], invoice["attributes"] = 1200.5, `{"currency":"EUR"}`
	demo := tp("crm", "1", "demo", "2026-01-10T10:00:00Z", "acc-1", "c-1")
	demo["value"] = 5000.0
	webinar := tp("map", "2", "webinar_attendance", "2026-01-20T15:00:00Z", "acc-1", "c-3")
	webinar["sentiment"] = 0.5
	seedTouchpoints(t, api, []map[string]any{
		tp("prod", "1", "product_login", "2026-02-01T00:00:00Z", "acc-1", "c-1"),
		webinar, invoice, demo,
		tp("map", "1", "website_visit", "2026-01-10T10:00:00Z", "acc-1", "c-1"),
		tp("crm", "2", "sales_email", "2026-01-05T09:00:00Z", "acc-1", "c-2"),
		tp("crm", "3", "demo", "2026-01-07T12:00:00Z", "acc-2", "c-4"),
	})
	tr := func(account, to string, from any, at string, source any, trigger any) map[string]any {
		return map[string]any{"id": account + "|" + to + "|" + at, "accountId": account, "toStage": to,
			"fromStage": from, "at": ts(at), "source": source, "triggeredBy": trigger}
	}
	seedTransitions(t, api, []map[string]any{
		tr("acc-1", "customer", "opportunity", "2026-02-02T00:00:00Z", "salesforce", "erp:1"),
		tr("acc-1", "lead", nil, "2025-12-01T00:00:00Z", "hubspot", nil),
		tr("acc-1", "opportunity", "lead", "2026-01-06T00:00:00Z", "salesforce", "crm:2"),
		tr("acc-2", "opportunity", nil, "2026-01-08T00:00:00Z", nil, nil),
		tr("acc-4", "opportunity", nil, "2026-01-09T00:00:00Z", "salesforce", nil),
	})
}

// seedRoundTrips writes n accounts rt-00.. each with 2 contacts, the current
// stage opportunity and 12 touchpoints gen:II-00..gen:II-11, one hour apart,
// cycling through the fixture catalog's types in the order
// demo, sales_email, invoice, webinar_attendance, website_visit, product_login.
func seedRoundTrips(t *testing.T, api *apitest.API, n int) {
	t.Helper()
	var accounts, contacts, tps, transitions []map[string]any
	types := []string{"demo", "sales_email", "invoice", "webinar_attendance", "website_visit", "product_login"}
	base := ts("2026-01-01T00:00:00Z")
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("rt-%02d", i)
		accounts = append(accounts, map[string]any{"id": id, "name": fmt.Sprintf("Account %02d", i),
			"createdAt": base, "updatedAt": base})
		for c := 1; c <= 2; c++ {
			contacts = append(contacts, map[string]any{"id": fmt.Sprintf("%s-c%d", id, c),
				"email": fmt.Sprintf("c%d@%s.example.com", c, id), "accountId": id, "createdAt": base, "updatedAt": base})
		}
		for j := 0; j < 12; j++ {
			tps = append(tps, map[string]any{"id": fmt.Sprintf("gen:%02d-%02d", i, j), "source": "gen",
				"externalId": fmt.Sprintf("%02d-%02d", i, j), "type": types[j%len(types)],
				"occurredAt": base.Add(time.Duration(j)*time.Hour + time.Duration(i)*time.Minute),
				"accountId":  id, "contactId": fmt.Sprintf("%s-c%d", id, 1+j%2)})
		}
		transitions = append(transitions, map[string]any{"id": id + "|opportunity", "accountId": id,
			"toStage": "opportunity", "at": base})
	}
	seedAccounts(t, api, accounts)
	seedContacts(t, api, contacts)
	seedTouchpoints(t, api, tps)
	seedTransitions(t, api, transitions)
}
