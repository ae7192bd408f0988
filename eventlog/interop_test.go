package eventlog_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/analytics/pathfixture"
	"github.com/journeygraph/journeygraph/eventlog"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/server/apitest"
)

// The exports are read back by a real process-mining tool, pm4py (pinned in
// tools/pm4py/requirements.txt, installed by scripts/ensure-pm4py.sh), and
// what it computes must equal JourneyGraph's own answers on the same scope,
// asked through the GraphQL API: pathVariants without collapsing or
// truncation (collapseRepeats: false, maxLength: 50 — the test checks no
// variant is truncated — and top: 100, checked against distinctVariants)
// and linkages (top: 1000). A missing pm4py fails the test.

// pm4pyPython returns the python of the pm4py venv: the one `make test`
// prepared (JOURNEYGRAPH_TEST_PM4PY), or the script's, installing it.
func pm4pyPython(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("JOURNEYGRAPH_TEST_PM4PY"); p != "" {
		return p
	}
	out, err := exec.Command("../scripts/ensure-pm4py.sh").Output()
	if err != nil {
		t.Fatalf("scripts/ensure-pm4py.sh: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// pm4pyView is what tools/pm4py/check_eventlog.py prints for one format.
type pm4pyView struct {
	Cases            int            `json:"cases"`
	TouchpointEvents int            `json:"touchpointEvents"`
	StageEvents      int            `json:"stageEvents"`
	DFG              [][3]any       `json:"dfg"`
	Variants         [][2]any       `json:"variants"`
	Objects          map[string]int `json:"objects"`
	Events           int            `json:"events"`
	// XES only: the header as pm4py reads it.
	Classifiers  map[string][]string `json:"classifiers"`
	EventGlobals []string            `json:"eventGlobals"`
}

// dfg renders directly-follows counts as sorted "from>to=n" lines.
func (v pm4pyView) dfg() []string {
	var out []string
	for _, e := range v.DFG {
		out = append(out, fmt.Sprintf("%v>%v=%v", e[0], e[1], e[2]))
	}
	slices.Sort(out)
	return out
}

// variants renders variants as sorted "a b c=n" lines.
func (v pm4pyView) variants() []string {
	var out []string
	for _, e := range v.Variants {
		var keys []string
		for _, k := range e[0].([]any) {
			keys = append(keys, k.(string))
		}
		out = append(out, fmt.Sprintf("%s=%v", strings.Join(keys, " "), e[1]))
	}
	slices.Sort(out)
	return out
}

type pm4pyResult struct {
	XES  pm4pyView `json:"xes"`
	OCEL pm4pyView `json:"ocel"`
}

// exportAndRead exports the scope in both formats and reads them with pm4py.
func exportAndRead(t *testing.T, api *apitest.API, python string, scope map[string]any, outcome string, pageAccounts int) (pm4pyResult, eventlog.Stats) {
	t.Helper()
	sc, err := eventlog.ParseScope(func(field string) []string {
		switch v := scope[field].(type) {
		case string:
			return []string{v}
		case []string:
			return v
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var stats eventlog.Stats
	paths := map[eventlog.Format]string{}
	for _, f := range eventlog.Formats {
		path := filepath.Join(dir, "log"+f.Extension())
		file, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		s, err := eventlog.Write(context.Background(), api.Store, file, eventlog.Options{Format: f, Scope: sc, PageAccounts: pageAccounts, TempDir: dir})
		if cerr := file.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatalf("export %s: %v", f, err)
		}
		if f == eventlog.FormatXES {
			stats = s
		}
		paths[f] = path
	}
	ocel, err := os.ReadFile(paths[eventlog.FormatOCEL2JSON])
	if err != nil {
		t.Fatal(err)
	}
	checkOCELStrictly(t, ocel)
	level := string(sc.Level)
	resultPath := filepath.Join(dir, "pm4py.json")
	cmd := exec.Command(python, "../tools/pm4py/check_eventlog.py", paths[eventlog.FormatXES], paths[eventlog.FormatOCEL2JSON], level, outcome, resultPath)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pm4py check: %v\n%s", err, out)
	}
	out, err := os.ReadFile(resultPath)
	if err != nil {
		t.Fatal(err)
	}
	var res pm4pyResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("pm4py check output: %v\n%s", err, out)
	}
	// IEEE 1849: a classifier's keys are global event attributes.
	if len(res.XES.Classifiers) == 0 {
		t.Errorf("pm4py reads no XES classifier")
	}
	for name, keys := range res.XES.Classifiers {
		for _, k := range keys {
			if !slices.Contains(res.XES.EventGlobals, k) {
				t.Errorf("pm4py: XES classifier %q uses %q, not a global event attribute (globals %v)", name, k, res.XES.EventGlobals)
			}
		}
	}
	return res, stats
}

const journeyGraphAnswersQuery = `query($outcome: OutcomeInput!, $scope: AnalysisScope) {
  pathVariants(outcome: $outcome, scope: $scope, collapseRepeats: false, maxLength: 50, top: 100) {
    journeysInScope distinctVariants variants { typeKeys truncated count }
  }
  linkages(scope: $scope, top: 1000) { transitions distinctLinks links { fromTypeKey toTypeKey count } }
}`

// journeyGraphAnswers asks the API for the variants and links pm4py must
// reproduce, as sorted lines in the pm4pyView's renderings.
func journeyGraphAnswers(t *testing.T, api *apitest.API, scope map[string]any, outcome string) (variants, links []string, journeys int) {
	t.Helper()
	var data struct {
		PathVariants struct {
			JourneysInScope  int
			DistinctVariants int
			Variants         []struct {
				TypeKeys  []string
				Truncated bool
				Count     int
			}
		}
		Linkages struct {
			Transitions   int
			DistinctLinks int
			Links         []struct {
				FromTypeKey, ToTypeKey string
				Count                  int
			}
		}
	}
	api.MustDo(t, journeyGraphAnswersQuery, map[string]any{"outcome": map[string]any{"stage": outcome}, "scope": scope}, &data)
	pv := data.PathVariants
	if pv.DistinctVariants > len(pv.Variants) {
		t.Fatalf("pathVariants returned %d of %d variants: the comparison needs them all", len(pv.Variants), pv.DistinctVariants)
	}
	for _, v := range pv.Variants {
		if v.Truncated {
			t.Fatalf("variant %v is truncated: the comparison needs whole paths", v.TypeKeys)
		}
		variants = append(variants, fmt.Sprintf("%s=%d", strings.Join(v.TypeKeys, " "), v.Count))
	}
	if data.Linkages.DistinctLinks > len(data.Linkages.Links) {
		t.Fatalf("linkages returned %d of %d links", len(data.Linkages.Links), data.Linkages.DistinctLinks)
	}
	for _, l := range data.Linkages.Links {
		links = append(links, fmt.Sprintf("%s>%s=%d", l.FromTypeKey, l.ToTypeKey, l.Count))
	}
	slices.Sort(variants)
	slices.Sort(links)
	return variants, links, pv.JourneysInScope
}

func fixtureAPI(t *testing.T) *apitest.API {
	t.Helper()
	api := apitest.New(t, nil)
	ctx := context.Background()
	if err := api.Store.LoadCatalog(ctx, seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	if err := pathfixture.Write(ctx, api.Store); err != nil {
		t.Fatal(err)
	}
	return api
}

// The hand-worked fixture (analytics/pathfixture): eight account journeys.
// Its account-level log, worked out from the fixture's definition:
//
//   - 31 touchpoints (7+4+4+4+3+1+4+4) and 23 stage changes (4+5+4+2+1+1+3+3).
//   - Paths to customer (touchpoints at or before the first entry): a1 W E W
//     D P C (C and the entry both on day 10), a2 W B D C, a4 W W D C, a7 W D C;
//     a6 became a customer on day 0 before its only touchpoint, so it has no
//     path; a3, a5 and a8 never became customers.
//   - Directly follows: W→D in a1, a4, a7, a8; D→C in a2, a4, a7, a8; B→D in
//     a2, a3, a5; D→P in a1, a3; C→I in a1, a7; W→B in a2, a5; and once each
//     W→E, E→W, P→C (a1), P→D (a3), W→W (a4), C→P (a8): 23 = 31 − 8.
func TestFixtureExportsReadBackByPM4PyEqualHandWorkedLog(t *testing.T) {
	python := pm4pyPython(t)
	api := fixtureAPI(t)
	// Three accounts a page: the eight journeys span three pages.
	got, stats := exportAndRead(t, api, python, map[string]any{}, "customer", 3)

	wantVariants := []string{
		"website_visit demo contract_signature=1",
		"website_visit email_open website_visit demo proposal contract_signature=1",
		"website_visit webinar_attendance demo contract_signature=1",
		"website_visit website_visit demo contract_signature=1",
	}
	wantDFG := []string{
		"contract_signature>invoice=2", "contract_signature>proposal=1",
		"demo>contract_signature=4", "demo>proposal=2",
		"email_open>website_visit=1", "proposal>contract_signature=1", "proposal>demo=1",
		"webinar_attendance>demo=3", "website_visit>demo=4", "website_visit>email_open=1",
		"website_visit>webinar_attendance=2", "website_visit>website_visit=1",
	}
	slices.Sort(wantVariants)
	slices.Sort(wantDFG)
	if stats.Journeys != 8 || stats.Touchpoints != 31 || stats.StageChanges != 23 {
		t.Errorf("export stats %+v, want 8 journeys, 31 touchpoints, 23 stage changes", stats)
	}
	for name, v := range map[string]pm4pyView{"XES": got.XES, "OCEL": got.OCEL} {
		if v.Cases != 8 || v.TouchpointEvents != 31 || v.StageEvents != 23 {
			t.Errorf("%s: pm4py reads %d cases, %d touchpoint and %d stage events; want 8, 31, 23", name, v.Cases, v.TouchpointEvents, v.StageEvents)
		}
		if !slices.Equal(v.variants(), wantVariants) {
			t.Errorf("%s: pm4py variants to customer\n%v\nwant\n%v", name, v.variants(), wantVariants)
		}
		if !slices.Equal(v.dfg(), wantDFG) {
			t.Errorf("%s: pm4py directly-follows\n%v\nwant\n%v", name, v.dfg(), wantDFG)
		}
	}
	// 8 accounts; contacts a1-x, a1-y and a2-c … a8-c but a6-c (a6's only
	// touchpoint has no contact): 2 + 6. The export lists the 14 stages of
	// the catalog; pm4py keeps the objects some event relates to, the five
	// stages entered or left: lead, mql, sql, opportunity, customer.
	if o := got.OCEL.Objects; o["Account"] != 8 || o["Contact"] != 8 || o["Stage"] != 5 || got.OCEL.Events != 54 {
		t.Errorf("OCEL objects %v and %d events, want 8 accounts, 8 contacts, 5 stages, 54 events", o, got.OCEL.Events)
	}
	variants, links, _ := journeyGraphAnswers(t, api, map[string]any{}, "customer")
	if !slices.Equal(variants, wantVariants) || !slices.Equal(links, wantDFG) {
		t.Errorf("the API's pathVariants %v and linkages %v differ from the hand-worked log", variants, links)
	}
}

// Other scopes of the fixture: pm4py's reading of both exports equals the
// API's pathVariants and linkages on the same scope.
func TestFixtureExportsMatchPathVariantsAndLinkages(t *testing.T) {
	python := pm4pyPython(t)
	api := fixtureAPI(t)
	day := func(d float64) string { return pathfixture.Day(d).Format("2006-01-02T15:04:05Z") }
	cases := []struct {
		name    string
		scope   map[string]any
		outcome string
	}{
		{"contact level", map[string]any{"level": "CONTACT"}, "customer"},
		{"window and exclusions", map[string]any{"from": day(1), "to": day(60), "excludeTypes": []string{"email_open"}}, "customer"},
		{"cohort", map[string]any{"cohortFrom": day(50)}, "opportunity"},
		{"segment, category excluded", map[string]any{"segment": []string{"SMB"}, "excludeCategories": []string{"FINANCE"}}, "mql"},
		{"contact level, window", map[string]any{"level": "CONTACT", "from": day(1)}, "opportunity"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, stats := exportAndRead(t, api, python, c.scope, c.outcome, 2)
			variants, links, journeys := journeyGraphAnswers(t, api, c.scope, c.outcome)
			if stats.Journeys != journeys {
				t.Errorf("exported %d journeys, pathVariants has %d in scope", stats.Journeys, journeys)
			}
			if len(variants) == 0 || len(links) == 0 {
				t.Fatalf("a scope with no variant (%v) or link (%v) checks nothing", variants, links)
			}
			for name, v := range map[string]pm4pyView{"XES": got.XES, "OCEL": got.OCEL} {
				if !slices.Equal(v.variants(), variants) {
					t.Errorf("%s: pm4py variants\n%v\npathVariants\n%v", name, v.variants(), variants)
				}
				if !slices.Equal(v.dfg(), links) {
					t.Errorf("%s: pm4py directly-follows\n%v\nlinkages\n%v", name, v.dfg(), links)
				}
				if v.TouchpointEvents != stats.Touchpoints {
					t.Errorf("%s: pm4py reads %d touchpoint events, the export wrote %d", name, v.TouchpointEvents, stats.Touchpoints)
				}
			}
		})
	}
}

// The seeded demo data (deterministic: seed.DefaultParams with 12 accounts),
// a larger cross-check: pm4py's reading of both exports equals the API's
// pathVariants and linkages. Paths to an early stage at contact level stay
// within pathVariants' 50 steps, so no variant is truncated (checked).
func TestSeededExportsMatchPathVariantsAndLinkages(t *testing.T) {
	python := pm4pyPython(t)
	api := apitest.New(t, nil)
	p := seed.DefaultParams()
	p.Accounts = 12
	if _, err := seed.Load(context.Background(), api.Store, p, nil); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		scope   map[string]any
		outcome string
	}{
		{"contact level", map[string]any{"level": "CONTACT"}, "mql"},
		{"account level, sales and finance only", map[string]any{"excludeCategories": []string{"MARKETING", "SOCIAL", "PRODUCT", "SUPPORT"}}, "opportunity"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, stats := exportAndRead(t, api, python, c.scope, c.outcome, 5)
			variants, links, journeys := journeyGraphAnswers(t, api, c.scope, c.outcome)
			if stats.Journeys != journeys || len(variants) < 5 || len(links) < 10 {
				t.Fatalf("exported %d journeys (pathVariants: %d in scope), %d variants, %d links: too little to check", stats.Journeys, journeys, len(variants), len(links))
			}
			for name, v := range map[string]pm4pyView{"XES": got.XES, "OCEL": got.OCEL} {
				if !slices.Equal(v.variants(), variants) {
					t.Errorf("%s: pm4py variants\n%v\npathVariants\n%v", name, v.variants(), variants)
				}
				if !slices.Equal(v.dfg(), links) {
					t.Errorf("%s: pm4py directly-follows\n%v\nlinkages\n%v", name, v.dfg(), links)
				}
				if v.TouchpointEvents != stats.Touchpoints {
					t.Errorf("%s: pm4py reads %d touchpoint events, the export wrote %d", name, v.TouchpointEvents, stats.Touchpoints)
				}
			}
		})
	}
}
