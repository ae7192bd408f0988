package explorer_test

import (
	"reflect"
	"testing"

	"github.com/journeygraph/journeygraph/server/apitest"
)

// The journey map of the hand-built blueprint (blueprint_fixture_test.go):
// stages Lead, Opportunity, Customer in order; Customer has no technology
// (nothing used there, contract signature uncaptured). The webinar is
// captured by WebiCast only, a silo; email is asked at the webinar and the
// demo (friction). Demo is Opportunity's moment of truth, owned by Sales'
// solution engineering team. Observed volumes: 2 website visits, 1 webinar
// (from zoom: any source counts), 1 demo, no contract.
func TestJourneyMapView(t *testing.T) {
	p := pageOn(t, loadBlueprint)
	p.mustOpen("/explore/map", "map")
	if got, want := p.texts("[data-stage-head] strong"), []string{"Lead", "Opportunity", "Customer"}; !reflect.DeepEqual(got, want) {
		t.Errorf("stages = %v, want %v", got, want)
	}
	if got, want := p.texts(`[data-lane="doing"]`), []string{"Reads about the product", "Compares vendors", "–"}; !reflect.DeepEqual(got, want) {
		t.Errorf("doing lane = %v, want %v", got, want)
	}
	if got, want := p.texts(`[data-lane="wanting"]`), []string{"Quick answers", "Proof it works", "–"}; !reflect.DeepEqual(got, want) {
		t.Errorf("wanting lane = %v, want %v", got, want)
	}
	if got, want := p.texts("[data-emotions]"), []string{"desired Curious, observed Uncertain", "desired Confident, observed Anxious", "desired –, observed –"}; !reflect.DeepEqual(got, want) {
		t.Errorf("emotions = %v, want %v", got, want)
	}
	// Owner, captured by, importance, performance, observed, data.
	for key, want := range map[string][]string{
		"lead>website_visit":          {"Marketing", "Acme Marketing (Acme Soft)", "– / –", "– / –", "2"},
		"lead>webinar_attendance":     {"Marketing", "WebiCast (Webi Co)", "– / –", "3 / 3.5", "1", "Email (asked) ⚠ asked more than once"},
		"opportunity>demo":            {"Sales · Solution engineering", "Acme CRM (Acme Soft), Acme Marketing (Acme Soft)", "5 / 4", "4 / 2", "1", "Company, Email (asked) ⚠ asked more than once"},
		"customer>contract_signature": {"Sales", "nothing", "– / –", "– / –", "0"},
	} {
		if got := p.texts(`[data-touchpoint="` + key + `"] dd`); !reflect.DeepEqual(got, want) {
			t.Errorf("touchpoint %s = %q, want %q", key, got, want)
		}
	}
	if n := len(p.texts("[data-touchpoint]")); n != 4 {
		t.Errorf("%d touchpoint cards, want 4", n)
	}
	marks := map[string][]string{}
	var raw [][2]string
	p.eval(`[...document.querySelectorAll('[data-mark]')].map(e => [e.dataset.mark, (e.closest('[data-touchpoint]') || e.closest('[data-stage-head]')).dataset.touchpoint || e.closest('[data-stage-head]').dataset.stageHead])`, &raw)
	for _, m := range raw {
		marks[m[0]] = append(marks[m[0]], m[1])
	}
	if want := map[string][]string{
		"stage-without-technology": {"customer"},
		"moment-of-truth":          {"opportunity>demo"},
		"friction":                 {"lead>webinar_attendance", "opportunity>demo"},
		"silo":                     {"lead>webinar_attendance"},
		"uncaptured":               {"customer>contract_signature"},
	}; !reflect.DeepEqual(marks, want) {
		t.Errorf("marks on the map\n got %v\nwant %v", marks, want)
	}
	if got := p.texts(`[data-touchpoint="opportunity>demo"] [data-mark="moment-of-truth"]`); !reflect.DeepEqual(got, []string{"★ Demo works"}) {
		t.Errorf("moment of truth = %v", got)
	}
	if got, want := p.texts("[data-pain]"), []string{"✖ Long forms", "✖ Slow follow-up", "✖ Unclear pricing"}; !reflect.DeepEqual(got, want) {
		t.Errorf("pain points = %v, want %v", got, want)
	}

	// The emotion curve, drawn as SVG so ECharts' own export saves SVG.
	var option struct {
		Series []struct {
			Name string
			Data []*string
		}
		Toolbox []struct {
			Feature struct {
				SaveAsImage *struct{ Name string }
			}
		}
	}
	p.chartOption("emotion", &option)
	curves := map[string][]string{}
	for _, s := range option.Series {
		for _, v := range s.Data {
			if v == nil {
				curves[s.Name] = append(curves[s.Name], "")
			} else {
				curves[s.Name] = append(curves[s.Name], *v)
			}
		}
	}
	if want := map[string][]string{"Desired": {"Curious", "Confident", ""}, "Observed": {"Uncertain", "Anxious", ""}}; !reflect.DeepEqual(curves, want) {
		t.Errorf("emotion curves = %v, want %v", curves, want)
	}
	if len(option.Toolbox) != 1 || option.Toolbox[0].Feature.SaveAsImage == nil {
		t.Errorf("the emotion chart has no export")
	}
	var svg bool
	p.eval(`document.querySelector('[data-chart="emotion"] svg') !== null`, &svg)
	if !svg {
		t.Errorf("the emotion chart is not drawn as SVG")
	}

	// Printed, the map keeps its lanes and drops the app's chrome.
	p.emulatePrint()
	var display [3]string
	p.eval(`['.top', 'form.controls', '.journey-map'].map(s => getComputedStyle(document.querySelector(s)).display)`, &display)
	if display != [3]string{"none", "none", "block"} {
		t.Errorf("print display of header, controls, map = %v", display)
	}
}

// With no stage designed the map says so.
func TestJourneyMapViewEmpty(t *testing.T) {
	p := openPage(t, explorerAPI(t, apitest.DefaultOptions()))
	p.mustOpen("/explore/map", "map")
	if got := p.texts("[data-empty]"); !reflect.DeepEqual(got, []string{"No stage is designed yet."}) {
		t.Errorf("empty map shows %v", got)
	}
}
