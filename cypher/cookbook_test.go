// Package cypher holds the analysts' Cypher cookbook (cookbook/*.cypher) and
// the Neo4j Browser style (journeygraph.grass). This test runs every cookbook
// query so the cookbook keeps working as the model evolves.
package cypher

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/store/storetest"
)

func ptr[T any](v T) *T { return &v }

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// newFixtureDB returns an empty test database and a check that fails t on
// a setup error.
func newFixtureDB(t *testing.T) (*storetest.DB, func(error)) {
	return storetest.New(t, nil), func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
}

// cookbookFixture: acme (ada, bob) bought in June after a demo and a proposal;
// globex (cy) bought on 1 February and has been a customer since.
func cookbookFixture(t *testing.T) *storetest.DB {
	db, must := newFixtureDB(t)
	ctx := context.Background()
	must(db.Store.LoadCatalog(ctx, seed.Catalog()))
	_, err := db.Store.UpsertAccounts(ctx, []journey.AccountInput{
		{ID: "acme", Name: "Acme", Domain: ptr("acme.com")}, {ID: "globex", Name: "Globex", Domain: ptr("globex.com")}})
	must(err)
	champion, buyer := journey.RoleChampion, journey.RoleEconomicBuyer
	_, err = db.Store.UpsertContacts(ctx, []journey.ContactInput{
		{ID: "ada", Email: "ada@acme.com", Role: &champion}, {ID: "bob", Email: "bob@acme.com", Role: &buyer},
		{ID: "cy", Email: "cy@globex.com"}})
	must(err)
	tp := func(id, typ, when, account, contact string) journey.TouchpointInput {
		in := journey.TouchpointInput{Source: "crm", ExternalID: id, TypeKey: typ, OccurredAt: day(when), AccountID: &account}
		if contact != "" {
			in.ContactID = &contact
		}
		return in
	}
	_, err = db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{
		tp("a1", "website_visit", "2026-05-01", "acme", "ada"),
		tp("a2", "demo", "2026-05-10", "acme", "ada"),
		tp("a3", "proposal", "2026-05-20", "acme", "bob"),
		tp("a4", "contract_signature", "2026-06-10", "acme", "bob"),
		tp("a5", "invoice", "2026-06-15", "acme", ""),
		tp("a6", "product_login", "2026-06-20", "acme", "ada"),
		tp("g1", "email_open", "2026-01-05", "globex", "cy"),
		tp("g2", "outbound_call", "2026-01-10", "globex", "cy"),
		tp("g3", "contract_signature", "2026-02-01", "globex", "cy"),
	})
	must(err)
	_, err = db.Store.RecordStageChanges(ctx, []journey.StageChangeInput{
		{AccountID: "acme", StageKey: "lead", At: day("2026-05-01")},
		{AccountID: "acme", StageKey: "opportunity", At: day("2026-05-10")},
		{AccountID: "acme", StageKey: "customer", At: day("2026-06-10")},
		{AccountID: "globex", StageKey: "lead", At: day("2026-01-05")},
		{AccountID: "globex", StageKey: "customer", At: day("2026-02-01")},
	})
	must(err)
	return db
}

// cookbookCase is one cookbook file's test: the fixture it runs on
// (cookbookFixture for the journey recipes, blueprintFixture for the
// blueprint ones), parameters replacing the examples of its `// :param`
// lines, and its answer summarised (see summarize), worked out by hand.
type cookbookCase struct {
	blueprint bool
	params    map[string]any
	want      string
}

// window covers every blueprint fixture touchpoint.
var window = map[string]any{"from": "2026-01-01T00:00:00Z", "to": "2027-01-01T00:00:00Z"}

// Every cookbook file has a case (TestEveryCookbookFileHasACase). The
// journey recipes' answers are from cookbookFixture (asOf 2026-06-30), the
// blueprint recipes' from the table of blueprintFixture.
var cookbookCases = map[string]cookbookCase{
	"01_account_journey.cypher": {params: map[string]any{"accountId": "acme"}, want: "[a1 a2 a3 a4 a5 a6]"},
	"02_recent_touches.cypher": {params: map[string]any{"accountId": "acme", "asOf": "2026-06-30T00:00:00Z"},
		want: "ada@acme.com CHAMPION Product 1 2026-06-20 | " +
			"(account-level) <nil> Finance 1 2026-06-15 | bob@acme.com ECONOMIC_BUYER Sales 1 2026-06-10"},
	// 1 Feb to 30 Jun 2026: 28 + 31 + 30 + 31 + 29 = 149 days.
	"03_stuck_in_stage.cypher": {params: map[string]any{"days": 60, "asOf": "2026-06-30T00:00:00Z"},
		want: "globex Customer (closed won) 149"},
	"04_before_contract_signature.cypher": {want: "demo 1 1 | email_open 1 1 | outbound_call 1 1 | proposal 1 1 | website_visit 1 1"},
	"05_buying_committee.cypher":          {params: map[string]any{"accountId": "acme"}, want: "ada@acme.com CHAMPION 3 | bob@acme.com ECONOMIC_BUYER 2"},
	"06_stage_distribution.cypher":        {want: "14 stages, 2 accounts, both in Customer (closed won)"},
	// The seed catalog: want is filled in from seed.TouchpointTypes and seed.Technologies.
	"07_catalog_coverage.cypher": {},

	// lead: web_visit, form_fill (MoT); opp: demo (MoT), call; won:
	// contract (MoT), call; advocate: review.
	"08_journey_map.cypher": {blueprint: true, want: "4 stages, 7 touchpoints, 3 moments of truth"},
	// Per stage and category, how many expected types each technology
	// captures; review (advocate) is captured by none.
	"09_coverage_matrix.cypher": {blueprint: true, want: "Advocate|SOCIAL|(none)|1 | Lead|MARKETING|Acme Marketing|2 | " +
		"Opportunity|SALES|Acme CRM|2 | Opportunity|SALES|Acme Marketing|1 | Opportunity|SALES|Talk Recorder|2 | " +
		"Won|FINANCE|InkSign|1 | Won|SALES|Acme CRM|1 | Won|SALES|Talk Recorder|1"},
	"10_uncaptured_touchpoints.cypher": {blueprint: true, want: "review[Advocate]"},
	"11_overlaps.cypher": {blueprint: true, want: "call [Acme CRM Talk Recorder] [Acme Soft Talk Co] | " +
		"demo [Acme CRM Acme Marketing Talk Recorder] [Acme Soft Talk Co]"},
	// social has no integration; esign reaches crm through mka.
	"12_silos.cypher": {blueprint: true, want: "Chirp Social [tweet]"},
	// email is asked at demo and form_fill; company only at form_fill.
	"13_friction.cypher": {blueprint: true, want: "email [demo form_fill]"},
	// mka sent no demo, social no tweet, recorder nothing.
	"14_silent_technologies.cypher": {blueprint: true, params: window,
		want: "Acme Marketing [demo] | Chirp Social [tweet] | Talk Recorder [call demo]"},
	// t10 and t6 from listening (no technology), t8 a call from mka.
	"15_unmapped_sources.cypher": {blueprint: true, params: window, want: "listening review 1 | listening tweet 1 | mka call 1"},
	// Talk Co's call and demo are Acme's too.
	"16_vendor_coverage.cypher": {blueprint: true,
		want: "Acme Soft 4 [form_fill web_visit] | Chirp 1 [tweet] | Ink Co 1 [contract] | Talk Co 2 []"},
	// Equal ratings (contract's importance 5/5, call's performance 3/3) are no gap.
	"17_perception_gaps.cypher": {blueprint: true, want: "importance call 2 | importance demo 1 | importance form_fill -1 | " +
		"performance contract 2 | performance demo 2 | performance form_fill 0.5"},
	// form_fill (3.5) is not below 3.
	"18_weak_moments_of_truth.cypher":     {blueprint: true, want: "Opportunity demo 2.5 | Won contract 2"},
	"19_stages_without_technology.cypher": {blueprint: true, want: "Advocate"},
	// Shadow: t8 call in a2's lead, t10 review in a2's second opp, t6 tweet in a1's won.
	"20_stage_touchpoints.cypher": {blueprint: true, want: "Lead call 1 1 | Opportunity review 1 1 | Won tweet 1 1"},
	// No call in either account's won; nobody reached advocate.
	"21_dark_touchpoints.cypher": {blueprint: true, want: "Advocate review 0 | Won call 2"},
	// a2 went from lead to won; won -> opp is a designed exception.
	"22_disallowed_transitions.cypher": {blueprint: true, want: "Lead->Won 1 1"},
}

// cookbookFiles lists the cookbook, failing when there is none.
func cookbookFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("cookbook/*.cypher")
	if err != nil || len(files) == 0 {
		t.Fatalf("no cookbook files: %v %v", files, err)
	}
	return files
}

func TestEveryCookbookFileHasACase(t *testing.T) {
	files := map[string]bool{}
	for _, file := range cookbookFiles(t) {
		files[filepath.Base(file)] = true
		if _, ok := cookbookCases[filepath.Base(file)]; !ok {
			t.Errorf("%s has no case in cookbookCases", file)
		}
	}
	for name := range cookbookCases {
		if !files[name] {
			t.Errorf("cookbookCases has %s, which is not in the cookbook", name)
		}
	}
}

// runCookbook runs a cookbook file on db with the case's parameters and
// returns its summarised answer.
func runCookbook(t *testing.T, db *storetest.DB, file string, params map[string]any) string {
	t.Helper()
	name := filepath.Base(file)
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	declared := declaredParams(t, string(src))
	for k, v := range params {
		if _, ok := declared[k]; !ok {
			t.Fatalf("the case sets $%s, which the file does not declare", k)
		}
		declared[k] = v
	}
	return summarize(t, name, db.Query(string(src), declared))
}

// The journey recipes answer the journey fixture as worked out by hand. On
// the same graph, which holds the demo blueprint, the blueprint recipes
// agree with the API's analysis (package blueprint).
func TestCookbookJourneyRecipesAnswerTheFixture(t *testing.T) {
	files := cookbookFiles(t)
	db := cookbookFixture(t)
	captured := map[string]bool{}
	for _, tech := range seed.Technologies {
		for _, k := range tech.CaptureKeys {
			captured[k] = true
		}
	}
	uncaptured := 0
	for _, tt := range seed.TouchpointTypes {
		if !captured[tt.Key] {
			uncaptured++
		}
	}
	want07 := fmt.Sprintf("%d types, the first %d captured by nothing", len(seed.TouchpointTypes), uncaptured)
	// From the demo blueprint (seed/blueprint.go): advocacy has no technology;
	// Hootsuite and Qualtrics have no integration. acme went lead ->
	// opportunity -> customer and globex lead -> customer, none of which
	// is a next stage or a designed exception.
	demoBlueprint := map[string]string{
		"12_silos.cypher":                     "Hootsuite [facebook_post tweet] | Qualtrics XM [post_sale_survey survey_completion]",
		"19_stages_without_technology.cypher": "Advocate",
		"22_disallowed_transitions.cypher":    "Lead->Customer (closed won) 1 1 | Lead->Opportunity 1 1 | Opportunity->Customer (closed won) 1 1",
	}
	api := blueprintAnswers(t, db)
	for _, file := range files {
		name := filepath.Base(file)
		c := cookbookCases[name]
		t.Run(name, func(t *testing.T) {
			got := runCookbook(t, db, file, c.params)
			want := c.want
			switch {
			case name == "07_catalog_coverage.cypher":
				want = want07
			case c.blueprint:
				if hand, ok := demoBlueprint[name]; ok && hand != api[name] {
					t.Errorf("the API's analysis says %s, worked out by hand %s", api[name], hand)
				}
				want = api[name]
			}
			if want == "" {
				t.Fatalf("no expected answer; got %s", got)
			}
			if got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
}

// The blueprint recipes answer the blueprint fixture as worked out by hand,
// and so does the API's analysis of the same graph.
func TestCookbookBlueprintRecipesAnswerTheFixture(t *testing.T) {
	files := cookbookFiles(t)
	db := blueprintFixture(t)
	api := blueprintAnswers(t, db)
	for _, file := range files {
		name := filepath.Base(file)
		c := cookbookCases[name]
		if !c.blueprint {
			continue
		}
		t.Run(name, func(t *testing.T) {
			if c.want == "" {
				t.Fatal("no expected answer")
			}
			if got := runCookbook(t, db, file, c.params); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
			if api[name] != c.want {
				t.Errorf("the API's analysis says %s, want %s", api[name], c.want)
			}
		})
	}
}

var paramLine = regexp.MustCompile(`(?m)^// :param (\w+) => (.+)$`)
var paramUse = regexp.MustCompile(`\$(\w+)`)

// declaredParams reads the `// :param name => value` lines (the syntax Neo4j
// Browser uses to set parameters) and checks every $name used is declared.
func declaredParams(t *testing.T, src string) map[string]any {
	t.Helper()
	params := map[string]any{}
	for _, m := range paramLine.FindAllStringSubmatch(src, -1) {
		v := strings.TrimSpace(m[2])
		switch {
		case v == "null":
			params[m[1]] = nil
		case strings.HasPrefix(v, "'") && strings.HasSuffix(v, "'"):
			params[m[1]] = strings.Trim(v, "'")
		default:
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatalf(":param %s => %s is not a string, integer or null", m[1], v)
			}
			params[m[1]] = n
		}
	}
	for _, m := range paramUse.FindAllStringSubmatch(src, -1) {
		if _, ok := params[m[1]]; !ok {
			t.Errorf("$%s is used but not declared with // :param", m[1])
		}
	}
	return params
}

func summarize(t *testing.T, name string, rows []map[string]any) string {
	t.Helper()
	var parts []string
	switch name {
	case "01_account_journey.cypher":
		if len(rows) != 1 {
			t.Fatalf("%d paths, want 1", len(rows))
		}
		var ids []string
		for _, n := range rows[0]["journey"].(dbtype.Path).Nodes {
			ids = append(ids, n.Props["externalId"].(string))
		}
		return fmt.Sprint(ids)
	case "02_recent_touches.cypher":
		for _, r := range rows {
			parts = append(parts, fmt.Sprint(r["who"], " ", r["role"], " ", r["department"], " ", r["touches"], " ",
				r["lastTouch"].(time.Time).Format(time.DateOnly)))
		}
	case "03_stuck_in_stage.cypher":
		for _, r := range rows {
			parts = append(parts, fmt.Sprint(r["account"], " ", r["stage"], " ", r["daysInStage"]))
		}
	case "04_before_contract_signature.cypher":
		for _, r := range rows {
			parts = append(parts, fmt.Sprint(r["touchpointType"], " ", r["occurrences"], " ", r["accounts"]))
		}
	case "05_buying_committee.cypher":
		for _, r := range rows {
			parts = append(parts, fmt.Sprint(r["contact"], " ", r["role"], " ", r["touches"]))
		}
	case "06_stage_distribution.cypher":
		total, where := int64(0), []string{}
		for _, r := range rows {
			if n := r["accounts"].(int64); n > 0 {
				total += n
				where = append(where, fmt.Sprint(r["stage"]))
			}
		}
		return fmt.Sprintf("%d stages, %d accounts, both in %s", len(rows), total, strings.Join(where, ", "))
	default:
		if summary, ok := summarizeBlueprint(name, rows); ok {
			return summary
		}
	}
	switch name {
	case "07_catalog_coverage.cypher":
		empty := 0
		for _, r := range rows {
			if len(r["capturedBy"].([]any)) > 0 {
				break
			}
			empty++
		}
		return fmt.Sprintf("%d types, the first %d captured by nothing", len(rows), empty)
	}
	return strings.Join(parts, " | ")
}

// Every label of the model has a colour and a readable caption in the
// Browser style.
func TestGrassStylesEveryLabel(t *testing.T) {
	b, err := os.ReadFile("journeygraph.grass")
	if err != nil {
		t.Fatal(err)
	}
	grass := string(b)
	for _, label := range []string{"Account", "Contact", "Persona", "Touchpoint", "TouchpointType", "Stage",
		"StageTransition", "Department", "Channel", "Technology", "Vendor", "DataField"} {
		block := regexp.MustCompile(`(?s)node\.` + label + ` \{(.*?)\n\}`).FindStringSubmatch(grass)
		if block == nil || !strings.Contains(block[1], "color:") || !regexp.MustCompile(`caption: "\{\w+\}"`).MatchString(block[1]) {
			t.Errorf("label %s has no colour and property caption in journeygraph.grass", label)
		}
	}
	if strings.Count(grass, "{") != strings.Count(grass, "}") {
		t.Error("unbalanced braces")
	}
}

// Every cookbook query also runs on the demo data that `make run` seeds, with
// the example parameters written in the file, as an analyst would paste them
// (asOf, "now" in the files, set to the data's last day, or the account's
// last touch, so that the recent windows hold data). Each file's rows are checked against an independent
// count, or at least found.
func TestCookbookRunsOnTheDemoData(t *testing.T) {
	files := cookbookFiles(t)
	db := storetest.New(t, nil)
	ctx := context.Background()
	p := seed.DefaultParams()
	p.Accounts = 40
	stats, err := seed.Load(ctx, db.Store, p, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	asOf := p.End.Format(time.RFC3339)
	// acc-000001's last touch, so that its last 30 days hold touchpoints.
	lastTouch := db.Query(`MATCH (t:Touchpoint {accountId: 'acc-000001'}) RETURN max(t.occurredAt) AS at`, nil)[0]["at"].(time.Time).Format(time.RFC3339)
	params := map[string]map[string]any{
		"02_recent_touches.cypher": {"asOf": lastTouch},
		"03_stuck_in_stage.cypher": {"asOf": asOf},
	}
	nonEmpty := func(t *testing.T, rows []map[string]any) {
		if len(rows) == 0 {
			t.Error("no rows on the demo data")
		}
	}
	checks := map[string]func(t *testing.T, rows []map[string]any){
		"01_account_journey.cypher": func(t *testing.T, rows []map[string]any) {
			// acc-000001's whole journey (or its first 1000 steps) as one path.
			if len(rows) != 1 {
				t.Fatalf("%d paths, want 1", len(rows))
			}
			n := int64(len(rows[0]["journey"].(dbtype.Path).Nodes))
			want := db.Count(`MATCH (t:Touchpoint {accountId: 'acc-000001'}) RETURN count(t) AS n`, nil)
			if n != min(want, 1001) {
				t.Errorf("path of %d touchpoints, account has %d", n, want)
			}
		},
		"02_recent_touches.cypher": func(t *testing.T, rows []map[string]any) {
			// The rows split acc-000001's touchpoints of the 30 days before asOf.
			var touches int64
			for _, r := range rows {
				touches += r["touches"].(int64)
			}
			want := db.Count(`MATCH (t:Touchpoint {accountId: 'acc-000001'})
			  WHERE datetime($asOf) - duration('P30D') <= t.occurredAt <= datetime($asOf) RETURN count(t) AS n`, map[string]any{"asOf": lastTouch})
			if len(rows) == 0 || touches != want {
				t.Errorf("%d rows with %d touches, want the account's %d touchpoints of the last 30 days", len(rows), touches, want)
			}
		},
		"03_stuck_in_stage.cypher": func(t *testing.T, rows []map[string]any) {
			want := db.Count(`MATCH (:Account)-[c:CURRENT_STAGE]->(s:Stage) WHERE NOT s.key IN ['churned', 'advocate']
			  AND c.since < datetime($asOf) - duration('P60D') RETURN count(*) AS n`, map[string]any{"asOf": asOf})
			if want == 0 || int64(len(rows)) != min(want, 100) {
				t.Errorf("%d rows, want %d accounts in their stage for more than 60 days", len(rows), want)
			}
			for _, r := range rows {
				if r["daysInStage"].(int64) <= 60 {
					t.Errorf("row %v: not stuck for more than 60 days", r)
				}
			}
		},
		"06_stage_distribution.cypher": func(t *testing.T, rows []map[string]any) {
			var total int64
			for _, r := range rows {
				total += r["accounts"].(int64)
			}
			if len(rows) != 14 || total != int64(stats.Accounts) {
				t.Errorf("%d stages holding %d accounts, want 14 holding %d", len(rows), total, stats.Accounts)
			}
		},
	}
	for _, name := range []string{"04_before_contract_signature.cypher", "05_buying_committee.cypher", "07_catalog_coverage.cypher",
		"08_journey_map.cypher", "09_coverage_matrix.cypher", "10_uncaptured_touchpoints.cypher", "11_overlaps.cypher",
		"12_silos.cypher", "13_friction.cypher", "14_silent_technologies.cypher", "15_unmapped_sources.cypher",
		"16_vendor_coverage.cypher", "17_perception_gaps.cypher", "18_weak_moments_of_truth.cypher",
		"19_stages_without_technology.cypher", "20_stage_touchpoints.cypher", "21_dark_touchpoints.cypher",
		"22_disallowed_transitions.cypher"} {
		checks[name] = nonEmpty
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			check, ok := checks[name]
			if !ok {
				t.Fatal("no check for this file on the demo data")
			}
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			declared := declaredParams(t, string(src))
			for k, v := range params[name] {
				declared[k] = v
			}
			check(t, db.Query(string(src), declared))
		})
	}
}
