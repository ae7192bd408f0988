package server_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/internal/golden"
	"github.com/journeygraph/journeygraph/server/apitest"
)

// Expected answers below are worked out by hand from the table in
// blueprint_fixture_test.go.

func blueprintAPI(t *testing.T) *apitest.API {
	t.Helper()
	api := apitest.New(t, nil)
	seedBlueprint(t, api)
	return api
}

// janWindow is 10 January (inclusive) to 1 February 2026 (exclusive): it
// holds t3, t4, t5, t6 and t9, and the transitions a1-2, a1-3 and a2-2.
var janWindow = map[string]any{"from": "2026-01-10T00:00:00Z", "to": "2026-02-01T00:00:00Z"}

func TestJourneyMap(t *testing.T) {
	api := blueprintAPI(t)
	// Touchpoints in catalog order (SALES, FINANCE, SOCIAL, MARKETING, then
	// name); technologies by name; data fields by key. Observed counts are
	// all-time: web_visit t1 t7, form_fill t2, call t4 t8, demo t3,
	// contract t5 t9, review t10. won may move on to advocate (order) and
	// back to opp (designed exception), listed by stage order.
	// The answer is the golden file testdata/journey_map.json.
	golden.CompareJSON(t, "journey_map.json", api.Data(t, journeyMapQuery, nil))

	// In the January window only t3 (demo), t4 (call), t5 and t9 (contract)
	// of the expected types happened (t6 is a tweet, expected nowhere).
	data := api.Data(t, `query($w: ObservationWindow) { journeyMap(window: $w) { stages { stage { key } touchpoints { type { key } observedTouchpoints } } } }`,
		map[string]any{"w": janWindow})
	apitest.ExpectJSON(t, data, `{"journeyMap":{"stages":[
	 {"stage":{"key":"lead"},"touchpoints":[{"type":{"key":"form_fill"},"observedTouchpoints":0},{"type":{"key":"web_visit"},"observedTouchpoints":0}]},
	 {"stage":{"key":"opp"},"touchpoints":[{"type":{"key":"call"},"observedTouchpoints":1},{"type":{"key":"demo"},"observedTouchpoints":1}]},
	 {"stage":{"key":"won"},"touchpoints":[{"type":{"key":"call"},"observedTouchpoints":1},{"type":{"key":"contract"},"observedTouchpoints":2}]},
	 {"stage":{"key":"advocate"},"touchpoints":[{"type":{"key":"review"},"observedTouchpoints":0}]}]}}`)

	res := api.Do(t, `{ journeyMap(window: {from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z"}) { stages { stage { key } } } }`, nil)
	if len(res.Errors) != 1 || res.Errors[0].Code() != "BAD_USER_INPUT" || res.Errors[0].Extensions["field"] != "window" {
		t.Errorf("reversed window: %+v", res.Errors)
	}
}

func TestCoverageMatrix(t *testing.T) {
	api := blueprintAPI(t)
	data := api.Data(t, `{ coverageMatrix { cells { stage { key } category technology { key } touchpointTypes { key } count } } }`, nil)
	// lead expects form_fill and web_visit (MARKETING), both captured by mka;
	// opp expects call and demo (SALES): crm both, mka demo, recorder both;
	// won expects call (SALES: crm, recorder) and contract (FINANCE: esign);
	// advocate expects review (SOCIAL), captured by nothing.
	cell := func(stage, cat, tech string, n int, types ...string) string {
		tk := "null"
		if tech != "" {
			tk = `{"key":"` + tech + `"}`
		}
		var ts []string
		for _, k := range types {
			ts = append(ts, `{"key":"`+k+`"}`)
		}
		b, _ := json.Marshal(n)
		return `{"stage":{"key":"` + stage + `"},"category":"` + cat + `","technology":` + tk + `,"touchpointTypes":[` + strings.Join(ts, ",") + `],"count":` + string(b) + `}`
	}
	apitest.ExpectJSON(t, data, `{"coverageMatrix":{"cells":[`+strings.Join([]string{
		cell("lead", "MARKETING", "mka", 2, "form_fill", "web_visit"),
		cell("opp", "SALES", "crm", 2, "call", "demo"),
		cell("opp", "SALES", "mka", 1, "demo"),
		cell("opp", "SALES", "recorder", 2, "call", "demo"),
		cell("won", "SALES", "crm", 1, "call"),
		cell("won", "SALES", "recorder", 1, "call"),
		cell("won", "FINANCE", "esign", 1, "contract"),
		cell("advocate", "SOCIAL", "", 1, "review"),
	}, ",")+`]}}`)
}

// gapsSelection is every field of CoverageGaps but silentTechnologies,
// which the tests select at different depths.
const gapsSelection = `
  systemsOfRecord { key }
  uncapturedTypes { type { key } expectedAt { key } }
  stagesWithoutTechnology { key }
  overlaps { type { key } technologies { key } vendors { key } }
  retirementCandidates { key }
  silos { technology { key } strandedTouchpointTypes { key } }
  friction { field { key } touchpointTypes { key } }
  unmappedSources { source technology { key } type { key } touchpoints }`

const gapsQuery = `query($w: ObservationWindow) { coverageGaps(window: $w) {` + gapsSelection + `
  silentTechnologies { technology { key } silentTouchpointTypes { key } completelySilent } } }`

func TestCoverageGaps(t *testing.T) {
	api := blueprintAPI(t)
	// All time. review is captured by nothing and expected only at advocate,
	// where no technology is used either. call (crm, recorder) and demo (crm,
	// mka, recorder) overlap; everything recorder captures someone else does
	// too. social has no integration; esign reaches crm through mka (2 hops),
	// recorder directly. email is asked at demo and at form_fill (company
	// only at form_fill; contract records it without asking).
	// Silent: mka sent no demo, social no tweet, recorder nothing at all.
	// Unmapped: listening (no technology) sent t10 review and t6 tweet; mka
	// sent t8 call without being mapped to call.
	data := api.Data(t, gapsQuery, nil)
	apitest.ExpectJSON(t, data, `{"coverageGaps":{
	 "systemsOfRecord":[{"key":"crm"}],
	 "uncapturedTypes":[{"type":{"key":"review"},"expectedAt":[{"key":"advocate"}]}],
	 "stagesWithoutTechnology":[{"key":"advocate"}],
	 "overlaps":[
	  {"type":{"key":"call"},"technologies":[{"key":"crm"},{"key":"recorder"}],"vendors":[{"key":"acme"},{"key":"talkco"}]},
	  {"type":{"key":"demo"},"technologies":[{"key":"crm"},{"key":"mka"},{"key":"recorder"}],"vendors":[{"key":"acme"},{"key":"talkco"}]}],
	 "retirementCandidates":[{"key":"recorder"}],
	 "silos":[{"technology":{"key":"social"},"strandedTouchpointTypes":[{"key":"tweet"}]}],
	 "friction":[{"field":{"key":"email"},"touchpointTypes":[{"key":"demo"},{"key":"form_fill"}]}],
	 "silentTechnologies":[
	  {"technology":{"key":"mka"},"silentTouchpointTypes":[{"key":"demo"}],"completelySilent":false},
	  {"technology":{"key":"social"},"silentTouchpointTypes":[{"key":"tweet"}],"completelySilent":true},
	  {"technology":{"key":"recorder"},"silentTouchpointTypes":[{"key":"call"},{"key":"demo"}],"completelySilent":true}],
	 "unmappedSources":[
	  {"source":"listening","technology":null,"type":{"key":"review"},"touchpoints":1},
	  {"source":"listening","technology":null,"type":{"key":"tweet"},"touchpoints":1},
	  {"source":"mka","technology":{"key":"mka"},"type":{"key":"call"},"touchpoints":1}]}}`)

	// In January (t3, t4, t5, t6, t9) mka sent nothing at all; the only
	// unmapped source left is t6.
	var got struct {
		CoverageGaps struct {
			SilentTechnologies json.RawMessage
			UnmappedSources    json.RawMessage
		}
	}
	if err := json.Unmarshal(api.Data(t, gapsQuery, map[string]any{"w": janWindow}), &got); err != nil {
		t.Fatal(err)
	}
	apitest.ExpectJSON(t, got.CoverageGaps.SilentTechnologies, `[
	  {"technology":{"key":"mka"},"silentTouchpointTypes":[{"key":"demo"},{"key":"form_fill"},{"key":"web_visit"}],"completelySilent":true},
	  {"technology":{"key":"social"},"silentTouchpointTypes":[{"key":"tweet"}],"completelySilent":true},
	  {"technology":{"key":"recorder"},"silentTouchpointTypes":[{"key":"call"},{"key":"demo"}],"completelySilent":true}]`)
	apitest.ExpectJSON(t, got.CoverageGaps.UnmappedSources, `[{"source":"listening","technology":null,"type":{"key":"tweet"},"touchpoints":1}]`)

	// A technology that captures nothing is a retirement candidate (by
	// name: "Idle Insights" before "Talk Recorder"); a system of record that
	// captures nothing is not.
	api.Data(t, `mutation { a: upsertTechnology(input: {key: "idle", name: "Idle Insights", category: OTHER, vendor: "acme"}) { key }
	  b: upsertTechnology(input: {key: "vault", name: "Archive Vault", category: OTHER, vendor: "acme", systemOfRecord: true}) { key } }`, nil)
	data = api.Data(t, `{ coverageGaps { retirementCandidates { key } } }`, nil)
	apitest.ExpectJSON(t, data, `{"coverageGaps":{"retirementCandidates":[{"key":"idle"},{"key":"recorder"}]}}`)
}

const summaryFields = `technologies vendors capturedTouchpointTypes uncapturedTouchpointTypes stagesWithoutTechnology overlappingTouchpointTypes silos strandedTouchpointTypes`

func TestWhatIf(t *testing.T) {
	api := blueprintAPI(t)
	before := graphSnapshot(api)
	// Before: 5 technologies of 4 vendors; 6 of 7 types captured (not
	// review); advocate without technology; call and demo overlap; one silo
	// (social) stranding tweet. After retiring recorder and social and adding
	// cdp (review, at advocate, into crm): 4 technologies of 3 vendors (acme,
	// inkco, zeta); tweet is now uncaptured, review captured; only demo
	// overlaps (crm, mka); no silo. Nothing ever came from cdp: it is silent.
	// Technologies of the result live in the changed stack: cdp's vendor
	// zeta (in no graph) has cdp alone, acme has crm and mka (by name:
	// Acme CRM, Acme Marketing); cdp's one flow is the added one to crm.
	// The whole gap analysis after the change is in the golden file too:
	// nothing captures tweet, expected nowhere; only demo overlaps (crm,
	// mka; vendor acme); no stage lacks technology; no retirement candidate
	// (web_visit, form_fill, contract and review have one capturer each);
	// email is still asked at demo and form_fill; the unmapped sources are
	// those of the graph (listening's review and tweet, mka's call).
	golden.CompareJSON(t, "what_if.json", api.Data(t, whatIfQuery, nil))
	if diff := snapshotDiff(before, graphSnapshot(api)); diff != "" {
		t.Errorf("whatIf changed the graph:\n%s", diff)
	}

	// Every problem at once, sorted by field, with addIntegration's and
	// upsertTechnology's rules: a flow needs a field, a flow given twice,
	// a key that cannot be a touchpoint source.
	res := api.Do(t, `{ whatIf(retire: ["nope"], add: [{key: "crm", name: "X", category: CRM, vendor: "acme"},
  {key: "new", name: "New", category: CDP, vendor: "nobody", captures: ["call", "ghost"],
   integratesWith: [{technology: "crm", fields: []}, {technology: "crm", fields: ["email"]}, {technology: "crm", fields: ["email"]}]},
  {key: "Bad Key", name: "Bad", category: CDP, vendor: "acme"}]) { after { silos } } }`, nil)
	var got []string
	for _, e := range res.Errors {
		got = append(got, e.Code()+" "+e.Extensions["field"].(string))
	}
	want := "BAD_USER_INPUT add[0].key|NOT_FOUND add[1].captures[1]|BAD_USER_INPUT add[1].integratesWith[0].fields|" +
		"BAD_USER_INPUT add[1].integratesWith[2]|NOT_FOUND add[1].vendor|BAD_USER_INPUT add[2].key|NOT_FOUND retire[0]"
	if strings.Join(got, "|") != want {
		t.Errorf("errors %v, want %s", got, want)
	}
}

func TestVendorCoverage(t *testing.T) {
	api := blueprintAPI(t)
	data := api.Data(t, `{ vendorCoverage { vendor { key } technologies { key } touchpointTypes { key } exclusiveTouchpointTypes { key } categories stages { key } } }`, nil)
	// Vendors by name: Acme Soft (crm, mka), Chirp (social), Ink Co (esign),
	// Talk Co (recorder). recorder's call and demo are also Acme's, so Talk
	// Co has nothing exclusive; social's tweet is expected at no stage and
	// social is used at none.
	apitest.ExpectJSON(t, data, `{"vendorCoverage":[
	 {"vendor":{"key":"acme"},"technologies":[{"key":"crm"},{"key":"mka"}],
	  "touchpointTypes":[{"key":"call"},{"key":"demo"},{"key":"form_fill"},{"key":"web_visit"}],
	  "exclusiveTouchpointTypes":[{"key":"form_fill"},{"key":"web_visit"}],"categories":["SALES","MARKETING"],
	  "stages":[{"key":"lead"},{"key":"opp"},{"key":"won"}]},
	 {"vendor":{"key":"chirp"},"technologies":[{"key":"social"}],"touchpointTypes":[{"key":"tweet"}],
	  "exclusiveTouchpointTypes":[{"key":"tweet"}],"categories":["SOCIAL"],"stages":[]},
	 {"vendor":{"key":"inkco"},"technologies":[{"key":"esign"}],"touchpointTypes":[{"key":"contract"}],
	  "exclusiveTouchpointTypes":[{"key":"contract"}],"categories":["FINANCE"],"stages":[{"key":"won"}]},
	 {"vendor":{"key":"talkco"},"technologies":[{"key":"recorder"}],"touchpointTypes":[{"key":"call"},{"key":"demo"}],
	  "exclusiveTouchpointTypes":[],"categories":["SALES"],"stages":[{"key":"opp"},{"key":"won"}]}]}`)
}

func TestPerceptionGaps(t *testing.T) {
	api := blueprintAPI(t)
	// Importance gaps: call 4-2=2, demo 5-4=1, form_fill 3-4=-1; contract
	// 5/5 is no gap and web_visit has no customer rating. |demo| =
	// |form_fill|: by key. Performance: contract 4-2=2, demo 4.5-2.5=2,
	// form_fill 0.5; call 3/3 is no gap.
	// Moments of truth below 3 from customers: contract (2), demo (2.5);
	// form_fill (3.5) is not weak.
	data := api.Data(t, `{ perceptionGaps(first: 2) {
  importance { type { key } internal customer gap } performance { type { key } internal customer gap }
  weakMomentsOfTruth { stage { key } type { key } momentOfTruth performance { internal customer gap } } } }`, nil)
	// first: 2 ends inside the tie of demo and form_fill (|1|): both are listed.
	apitest.ExpectJSON(t, data, `{"perceptionGaps":{
	 "importance":[{"type":{"key":"call"},"internal":4,"customer":2,"gap":2},{"type":{"key":"demo"},"internal":5,"customer":4,"gap":1},
	   {"type":{"key":"form_fill"},"internal":3,"customer":4,"gap":-1}],
	 "performance":[{"type":{"key":"contract"},"internal":4,"customer":2,"gap":2},{"type":{"key":"demo"},"internal":4.5,"customer":2.5,"gap":2}],
	 "weakMomentsOfTruth":[
	  {"stage":{"key":"won"},"type":{"key":"contract"},"momentOfTruth":"Easy signing","performance":{"internal":4,"customer":2,"gap":2}},
	  {"stage":{"key":"opp"},"type":{"key":"demo"},"momentOfTruth":"Demo works","performance":{"internal":4.5,"customer":2.5,"gap":2}}]}}`)
	// first: 1 ends inside the tie of contract and demo (2) in performance.
	data = api.Data(t, `{ perceptionGaps(first: 1) { importance { type { key } } performance { type { key } } } }`, nil)
	apitest.ExpectJSON(t, data, `{"perceptionGaps":{"importance":[{"type":{"key":"call"}}],"performance":[{"type":{"key":"contract"}},{"type":{"key":"demo"}}]}}`)
	// The default (10) lists every gap, and none of 0.
	data = api.Data(t, `{ perceptionGaps(weakBelow: 4) { importance { type { key } } performance { type { key } } weakMomentsOfTruth { type { key } } } }`, nil)
	apitest.ExpectJSON(t, data, `{"perceptionGaps":{"importance":[{"type":{"key":"call"}},{"type":{"key":"demo"}},{"type":{"key":"form_fill"}}],
	 "performance":[{"type":{"key":"contract"}},{"type":{"key":"demo"}},{"type":{"key":"form_fill"}}],
	 "weakMomentsOfTruth":[{"type":{"key":"contract"}},{"type":{"key":"demo"}},{"type":{"key":"form_fill"}}]}}`)
	for _, q := range []string{`{ perceptionGaps(first: 0) { importance { gap } } }`, `{ perceptionGaps(weakBelow: 6) { importance { gap } } }`} {
		if res := api.Do(t, q, nil); len(res.Errors) != 1 || res.Errors[0].Code() != "BAD_USER_INPUT" {
			t.Errorf("%s: %+v", q, res.Errors)
		}
	}
}

const conformanceQuery = `query($w: ObservationWindow) { conformance(window: $w) {
  darkTouchpoints { stage { key } type { key } accountsAffected }
  shadowTouchpoints { stage { key } type { key } touchpoints accountsAffected }
  disallowedTransitions { from { key } to { key } transitions accountsAffected } } }`

// The same answers with the journey cache (the default: journeys and stage
// moves from memory) and reading both from Neo4j per request.
func TestConformance(t *testing.T) {
	cached := blueprintAPI(t)
	perRequest := apitest.DefaultOptions()
	perRequest.Journeys = cached.Store // *store.Store: ObservedJourneys and StageMoves per request
	for _, c := range []struct {
		name string
		api  *apitest.API
	}{{"journey cache", cached}, {"per request", cached.WithOptions(perRequest)}} {
		t.Run(c.name, func(t *testing.T) { checkConformance(t, c.api) })
	}
}

func checkConformance(t *testing.T, api *apitest.API) {
	// By stage period: lead has web_visit (t1, t7), form_fill (t2), call
	// (t8); opp has demo (t3), call (t4), review (t10, a2 back in opp); won
	// has contract (t5, t9), tweet (t6). Dark: call at won (both accounts
	// entered won), review at advocate (no account got there). Shadow: call
	// at lead, review at opp, tweet at won. a2 went from lead to won,
	// skipping opp; won -> opp is a designed exception.
	data := api.Data(t, conformanceQuery, nil)
	apitest.ExpectJSON(t, data, `{"conformance":{
	 "darkTouchpoints":[{"stage":{"key":"won"},"type":{"key":"call"},"accountsAffected":2},
	   {"stage":{"key":"advocate"},"type":{"key":"review"},"accountsAffected":0}],
	 "shadowTouchpoints":[{"stage":{"key":"lead"},"type":{"key":"call"},"touchpoints":1,"accountsAffected":1},
	   {"stage":{"key":"opp"},"type":{"key":"review"},"touchpoints":1,"accountsAffected":1},
	   {"stage":{"key":"won"},"type":{"key":"tweet"},"touchpoints":1,"accountsAffected":1}],
	 "disallowedTransitions":[{"from":{"key":"lead"},"to":{"key":"won"},"transitions":1,"accountsAffected":1}]}}`)

	// January: no lead touchpoint is left, so web_visit and form_fill turn
	// dark, affecting a2, in lead from 01-05 to 01-15 (a1 left lead at
	// 01-10, the instant the window opens); a1 entered opp, a1 and a2 won.
	// Only t6 is a shadow.
	data = api.Data(t, conformanceQuery, map[string]any{"w": janWindow})
	apitest.ExpectJSON(t, data, `{"conformance":{
	 "darkTouchpoints":[{"stage":{"key":"lead"},"type":{"key":"form_fill"},"accountsAffected":1},
	   {"stage":{"key":"lead"},"type":{"key":"web_visit"},"accountsAffected":1},
	   {"stage":{"key":"won"},"type":{"key":"call"},"accountsAffected":2},
	   {"stage":{"key":"advocate"},"type":{"key":"review"},"accountsAffected":0}],
	 "shadowTouchpoints":[{"stage":{"key":"won"},"type":{"key":"tweet"},"touchpoints":1,"accountsAffected":1}],
	 "disallowedTransitions":[{"from":{"key":"lead"},"to":{"key":"won"},"transitions":1,"accountsAffected":1}]}}`)
}

func TestJourneyMapDiagramDOTRendersWithGraphviz(t *testing.T) {
	api := blueprintAPI(t)
	var out struct{ JourneyMapDiagram string }
	api.MustDo(t, `{ journeyMapDiagram(format: DOT) }`, nil, &out)
	dot, err := exec.LookPath("dot")
	if err != nil {
		t.Fatalf("Graphviz dot is not installed (scripts/test.sh installs it): %v", err)
	}
	cmd := exec.Command(dot, "-Tplain")
	cmd.Stdin = strings.NewReader(out.JourneyMapDiagram)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Fatalf("dot rejected the diagram: %v %s\n%s", err, stderr.String(), out.JourneyMapDiagram)
	}
	// Nodes: a header per stage (4), one per expected touchpoint (2+2+2+1),
	// one per pain point (lead's "Long forms"): 12. Edges: header ->
	// touchpoint (7, invisible) and the 3 stage-order links.
	nodes, edges := 0, 0
	for _, line := range strings.Split(stdout.String(), "\n") {
		switch {
		case strings.HasPrefix(line, "node "):
			nodes++
		case strings.HasPrefix(line, "edge "):
			edges++
		}
	}
	if nodes != 12 || edges != 10 {
		t.Errorf("dot laid out %d nodes and %d edges, want 12 and 10", nodes, edges)
	}
	for _, want := range []string{`"opp/demo" [label="Demo\nSales / Solution engineering\nAcme CRM, Acme Marketing, Talk Recorder", shape=hexagon, style="bold"]`,
		`"advocate/review" [label="Review\nMarketing\nnot captured", shape=box, style="rounded,dashed"]`} {
		if !strings.Contains(out.JourneyMapDiagram, want) {
			t.Errorf("diagram lacks %s", want)
		}
	}
}

// A structural check of the Mermaid text: the header, balanced subgraphs,
// every line one of the statements the renderer emits, and every edge
// between declared subgraphs.
func TestJourneyMapDiagramMermaidIsWellFormed(t *testing.T) {
	api := blueprintAPI(t)
	var out struct{ JourneyMapDiagram string }
	api.MustDo(t, `{ journeyMapDiagram(format: MERMAID) }`, nil, &out)
	lines := strings.Split(strings.TrimRight(out.JourneyMapDiagram, "\n"), "\n")
	if lines[0] != "flowchart LR" {
		t.Fatalf("first line %q", lines[0])
	}
	label := `"[^"]*"`
	patterns := map[string]*regexp.Regexp{
		"subgraph": regexp.MustCompile(`^  subgraph (\w+)\[` + label + `\]$`),
		"end":      regexp.MustCompile(`^  end$`),
		"dir":      regexp.MustCompile(`^    direction TB$`),
		"node":     regexp.MustCompile(`^    (\w+)(\[` + label + `\]|\{\{` + label + `\}\}|>` + label + `\])$`),
		"class":    regexp.MustCompile(`^    class (\w+) uncaptured$`),
		"edge":     regexp.MustCompile(`^  (\w+) --> (\w+)$`),
		"classDef": regexp.MustCompile(`^  classDef uncaptured [^"]+$`),
	}
	count := map[string]int{}
	subgraphs, nodes := map[string]bool{}, map[string]bool{}
	depth := 0
	for _, line := range lines[1:] {
		kind := ""
		for k, re := range patterns {
			if m := re.FindStringSubmatch(line); m != nil {
				kind = k
				switch k {
				case "subgraph":
					subgraphs[m[1]] = true
					depth++
				case "end":
					depth--
				case "node":
					nodes[m[1]] = true
				case "class":
					if !nodes[m[1]] {
						t.Errorf("class of undeclared node %s", m[1])
					}
				case "edge":
					if !subgraphs[m[1]] || !subgraphs[m[2]] {
						t.Errorf("edge between undeclared subgraphs: %s", line)
					}
				}
			}
		}
		if kind == "" {
			t.Errorf("unexpected line %q", line)
		}
		if depth < 0 || depth > 1 {
			t.Errorf("subgraphs nest wrongly at %q", line)
		}
		count[kind]++
	}
	// 4 stages, 7 touchpoint nodes + 1 pain point, 3 order links (ids: kind,
	// then keys with "_" as _5f); review
	// (uncaptured) is dashed; the three moments of truth are hexagons.
	if depth != 0 || count["subgraph"] != 4 || count["node"] != 8 || count["edge"] != 3 || count["class"] != 1 {
		t.Errorf("counts %v, depth %d", count, depth)
	}
	if got := strings.Count(out.JourneyMapDiagram, "{{"); got != 3 {
		t.Errorf("%d hexagons, want 3", got)
	}
	if !strings.Contains(out.JourneyMapDiagram, `    tp__lead__form_5ffill{{"Form fill<br/>Marketing<br/>Acme Marketing"}}`) {
		t.Errorf("form fill node missing:\n%s", out.JourneyMapDiagram)
	}
}
