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

// cookbookFixture: acme (ada, bob) bought in June after a demo and a proposal;
// globex (cy) bought on 1 February and has been a customer since.
func cookbookFixture(t *testing.T) *storetest.DB {
	db := storetest.New(t, nil)
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
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

// Each query's parameters for the fixture; values replace the examples in the
// file's `// :param` lines.
var fixtureParams = map[string]map[string]any{
	"01_account_journey.cypher":     {"accountId": "acme"},
	"02_recent_touches.cypher":      {"accountId": "acme", "asOf": "2026-06-30T00:00:00Z"},
	"03_stuck_in_stage.cypher":      {"days": 60, "asOf": "2026-06-30T00:00:00Z"},
	"05_buying_committee.cypher":    {"accountId": "acme"},
	"14_silent_technologies.cypher": {"from": "2026-01-01T00:00:00Z", "to": "2027-01-01T00:00:00Z"},
	"15_unmapped_sources.cypher":    {"from": "2026-01-01T00:00:00Z", "to": "2027-01-01T00:00:00Z"},
}

func TestCookbookQueriesAnswerTheFixture(t *testing.T) {
	db := cookbookFixture(t)
	files, err := filepath.Glob("cookbook/*.cypher")
	if err != nil || len(files) < 4 {
		t.Fatalf("cookbook files: %v %v", files, err)
	}
	uncaptured := 0
	captured := map[string]bool{}
	for _, tech := range seed.Technologies {
		for _, k := range tech.CaptureKeys {
			captured[k] = true
		}
	}
	for _, tt := range seed.TouchpointTypes {
		if !captured[tt.Key] {
			uncaptured++
		}
	}
	// Worked out by hand from the fixture (asOf 2026-06-30).
	want := map[string]string{
		"01_account_journey.cypher": "[a1 a2 a3 a4 a5 a6]",
		"02_recent_touches.cypher": "ada@acme.com CHAMPION Product 1 2026-06-20 | " +
			"(account-level) <nil> Finance 1 2026-06-15 | bob@acme.com ECONOMIC_BUYER Sales 1 2026-06-10",
		// 1 Feb to 30 Jun 2026: 28 + 31 + 30 + 31 + 29 = 149 days.
		"03_stuck_in_stage.cypher":            "globex Customer (closed won) 149",
		"04_before_contract_signature.cypher": "demo 1 1 | email_open 1 1 | outbound_call 1 1 | proposal 1 1 | website_visit 1 1",
		"05_buying_committee.cypher":          "ada@acme.com CHAMPION 3 | bob@acme.com ECONOMIC_BUYER 2",
		"06_stage_distribution.cypher":        "14 stages, 2 accounts, both in Customer (closed won)",
		"07_catalog_coverage.cypher":          fmt.Sprintf("%d types, the first %d captured by nothing", len(seed.TouchpointTypes), uncaptured),
		// From the demo blueprint (seed/blueprint.go): advocacy has no technology;
		// Hootsuite and Qualtrics have no integration. acme went lead ->
		// opportunity -> customer and globex lead -> customer, none of which
		// is a next stage or a designed exception.
		"12_silos.cypher":                     "Hootsuite [facebook_post tweet] | Qualtrics XM [post_sale_survey survey_completion]",
		"19_stages_without_technology.cypher": "Advocate",
		"22_disallowed_transitions.cypher":    "Lead->Customer (closed won) 1 1 | Lead->Opportunity 1 1 | Opportunity->Customer (closed won) 1 1",
	}
	// The other blueprint recipes must agree with the API's analysis (package
	// blueprint, tested on a hand-built fixture in server/) on the same graph.
	for name, answer := range blueprintAnswers(t, db) {
		if _, ok := want[name]; !ok {
			want[name] = answer
		} else if want[name] != answer {
			t.Errorf("%s: the API's analysis says %s, the test %s", name, answer, want[name])
		}
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			params := declaredParams(t, string(src))
			for k, v := range fixtureParams[name] {
				if _, ok := params[k]; !ok {
					t.Fatalf("fixture sets $%s, which the file does not declare", k)
				}
				params[k] = v
			}
			rows := db.Query(string(src), params)
			got := summarize(t, name, rows)
			if want[name] == "" {
				t.Fatalf("no expected answer for %s; got %s", name, got)
			}
			if got != want[name] {
				t.Errorf("got  %s\nwant %s", got, want[name])
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
// the example parameters written in the file, as an analyst would paste them.
func TestCookbookRunsOnTheDemoData(t *testing.T) {
	db := storetest.New(t, nil)
	ctx := context.Background()
	p := seed.DefaultParams()
	p.Accounts = 40
	stats, err := seed.Load(ctx, db.Store, p, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("cookbook/*.cypher")
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			rows := db.Query(string(src), declaredParams(t, string(src)))
			switch name {
			case "01_account_journey.cypher":
				// acc-000001's whole journey (or its first 1000 steps) as one path.
				n := int64(len(rows[0]["journey"].(dbtype.Path).Nodes))
				want := db.Count(`MATCH (t:Touchpoint {accountId: 'acc-000001'}) RETURN count(t) AS n`, nil)
				if len(rows) != 1 || n != min(want, 1001) {
					t.Errorf("%d paths; path of %d touchpoints, account has %d", len(rows), n, want)
				}
			case "06_stage_distribution.cypher":
				var total int64
				for _, r := range rows {
					total += r["accounts"].(int64)
				}
				if len(rows) != 14 || total != int64(stats.Accounts) {
					t.Errorf("%d stages holding %d accounts, want 14 holding %d", len(rows), total, stats.Accounts)
				}
			case "04_before_contract_signature.cypher", "07_catalog_coverage.cypher", "05_buying_committee.cypher",
				"08_journey_map.cypher", "09_coverage_matrix.cypher", "10_uncaptured_touchpoints.cypher", "11_overlaps.cypher",
				"12_silos.cypher", "13_friction.cypher", "14_silent_technologies.cypher", "15_unmapped_sources.cypher",
				"16_vendor_coverage.cypher", "17_perception_gaps.cypher", "18_weak_moments_of_truth.cypher",
				"19_stages_without_technology.cypher", "20_stage_touchpoints.cypher", "21_dark_touchpoints.cypher",
				"22_disallowed_transitions.cypher":
				if len(rows) == 0 {
					t.Error("no rows on the demo data")
				}
			}
		})
	}
}
