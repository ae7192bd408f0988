package explorer_test

import (
	"reflect"
	"sort"
	"testing"

	"github.com/journeygraph/journeygraph/server/apitest"
)

// heatCell is one cell of a coverage heatmap as the chart holds it.
type heatCell struct {
	Stage, Category    string
	Captured, Expected int
}

func (p *page) heatmap(name string) []heatCell {
	p.t.Helper()
	var option struct {
		Series []struct{ Data []heatCell }
	}
	p.chartOption(name, &option)
	cells := option.Series[0].Data
	sort.Slice(cells, func(i, j int) bool { return cells[i].Stage < cells[j].Stage })
	return cells
}

// Coverage of the hand-built blueprint (blueprint_fixture_test.go), worked out
// by hand from its table:
//
//	cells: lead/Marketing website_visit by mka, webinar_attendance by webinar
//	  (2 of 2 captured); opportunity/Sales demo by crm and by mka (1 of 1);
//	  customer/Finance contract_signature by nothing (0 of 1).
//	uncaptured: contract_signature (expected at Customer); stage without
//	  technology: Customer (nothing used there, its type uncaptured); silo:
//	  WebiCast (no integration to the CRM), stranding webinar_attendance;
//	  friction: email asked at demo and webinar_attendance; overlap: demo by
//	  Acme CRM and Acme Marketing; no retirement candidate (mka alone
//	  captures website_visit); silent: Acme Marketing sent no demo, WebiCast
//	  nothing at all (zoom sent the webinar); unmapped: zoom's webinar.
//	vendors: Acme Soft (CRM + Marketing: demo, website_visit, both only by
//	  Acme; Sales and Marketing; used at Lead and Opportunity), Webi Co.
//	perception: importance demo 5 − 4 = 1; performance demo 4 − 2 = 2,
//	  webinar 3 − 3.5 = −0.5; the demo moment of truth is weak (2 < 3).
func TestCoverageView(t *testing.T) {
	p := pageOn(t, loadBlueprint)
	p.mustOpen("/explore/coverage", "coverage")
	if got, want := p.heatmap("coverage"), []heatCell{
		{"customer", "FINANCE", 0, 1}, {"lead", "MARKETING", 2, 2}, {"opportunity", "SALES", 1, 1},
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("heatmap cells\n got %v\nwant %v", got, want)
	}
	p.expectRows("data-coverage-cell", map[string][]string{
		"lead|MARKETING|mka":     {"Lead", "Marketing", "Acme Marketing", "Website visit", "1"},
		"lead|MARKETING|webinar": {"Lead", "Marketing", "WebiCast", "Webinar attendance", "1"},
		"opportunity|SALES|crm":  {"Opportunity", "Sales", "Acme CRM", "Demo", "1"},
		"opportunity|SALES|mka":  {"Opportunity", "Sales", "Acme Marketing", "Demo", "1"},
		"customer|FINANCE|":      {"Customer", "Finance", "none (uncaptured)", "Contract signature", "1"},
	})
	if got, want := p.texts("[data-metric]"), []string{"Acme CRM", "1", "1", "1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("gap summary = %v, want %v", got, want)
	}
	var gaps [][3]string
	p.eval(`[...document.querySelectorAll('[data-gap]')].map(e => [e.dataset.gap, e.dataset.key, e.textContent])`, &gaps)
	if want := [][3]string{
		{"uncaptured", "contract_signature", "Contract signature — expected at Customer"},
		{"stage", "customer", "Customer"},
		{"silo", "webinar", "WebiCast — stranded: Webinar attendance"},
		{"friction", "email", "Email — asked at Demo, Webinar attendance"},
		{"overlap", "demo", "Demo — Acme CRM, Acme Marketing (Acme Soft)"},
		{"silent", "mka", "Acme Marketing — Demo"},
		{"silent", "webinar", "WebiCast — Webinar attendance (completely silent)"},
		{"unmapped", "zoom>webinar_attendance", "zoom — Webinar attendance: 1 touchpoint"},
	}; !reflect.DeepEqual(gaps, want) {
		t.Errorf("gap lists\n got %q\nwant %q", gaps, want)
	}
	if got := p.texts(`[data-gap-none="retire"]`); len(got) != 1 {
		t.Errorf("no retirement candidate should say so, got %v", got)
	}
	p.expectRows("data-vendor", map[string][]string{
		"acme":   {"Acme Soft", "Acme CRM, Acme Marketing", "Demo, Website visit", "Demo, Website visit", "Sales, Marketing", "Lead, Opportunity"},
		"webico": {"Webi Co", "WebiCast", "Webinar attendance", "Webinar attendance", "Marketing", "Lead"},
	})
	p.expectRows("data-importance", map[string][]string{"demo": {"Demo", "5", "4", "1"}})
	p.expectRows("data-performance", map[string][]string{
		"demo":               {"Demo", "4", "2", "2"},
		"webinar_attendance": {"Webinar attendance", "3", "3.5", "-0.5"},
	})
	p.expectRows("data-weak", map[string][]string{"opportunity>demo": {"Opportunity", "Demo", "Demo works", "2"}})
	if n := len(p.texts("[data-whatif]")); n != 0 {
		t.Errorf("what-if results shown without a change")
	}
}

// The what-if panel: retire WebiCast, add EventHub (vendor Acme, capturing
// webinar_attendance and contract_signature, used at Customer, sending to the
// CRM its email field). Before: 3 technologies, 2 vendors, 3 types captured, 1 uncaptured, 1
// stage without technology, 1 overlap (demo), 1 silo stranding 1 type.
// After: crm, mka and EventHub of Acme alone; all 4 types captured, Customer
// covered, demo still overlapping, no silo. contract_signature is newly
// captured; the customer/Finance cell becomes 1 of 1. Nothing is written: the
// view opened again shows the stack as it was.
func TestCoverageViewWhatIf(t *testing.T) {
	p := pageOn(t, loadBlueprint)
	const whatIf = "/explore/coverage?retire=webinar&addKey=events&addName=EventHub&addCategory=WEBINAR&addVendor=acme" +
		"&addCaptures=webinar_attendance,contract_signature&addStages=customer&addIntegratesWith=crm&addFlowFields=email"
	p.mustOpen(whatIf, "coverage")
	p.expectRows("data-whatif", map[string][]string{
		"technologies":               {"Technologies", "3", "3"},
		"vendors":                    {"Vendors", "2", "1"},
		"capturedTouchpointTypes":    {"Captured touchpoint types", "3", "4"},
		"uncapturedTouchpointTypes":  {"Uncaptured touchpoint types", "1", "0"},
		"stagesWithoutTechnology":    {"Stages without technology", "1", "0"},
		"overlappingTouchpointTypes": {"Overlapping touchpoint types", "1", "1"},
		"silos":                      {"Silos", "1", "0"},
		"strandedTouchpointTypes":    {"Stranded touchpoint types", "1", "0"},
	})
	if got, want := p.texts("[data-newly]"), []string{"Contract signature", "none"}; !reflect.DeepEqual(got, want) {
		t.Errorf("newly captured, uncaptured = %v, want %v", got, want)
	}
	if got, want := p.heatmap("coverage-after"), []heatCell{
		{"customer", "FINANCE", 1, 1}, {"lead", "MARKETING", 2, 2}, {"opportunity", "SALES", 1, 1},
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("after heatmap\n got %v\nwant %v", got, want)
	}
	// The form shows the what-if it was opened with.
	var retired []string
	p.eval(`[...document.querySelectorAll('input[name="retire"]:checked')].map(i => i.value)`, &retired)
	if !reflect.DeepEqual(retired, []string{"webinar"}) {
		t.Errorf("retire boxes checked = %v", retired)
	}

	if code := p.open("/explore/coverage", "coverage"); code != "" {
		t.Fatalf("coverage view failed: %s", code)
	}
	var options []string
	p.eval(`[...document.querySelectorAll('input[name="retire"]')].map(i => i.value)`, &options)
	if want := []string{"crm", "mka", "webinar"}; !reflect.DeepEqual(options, want) {
		t.Errorf("technologies after the what-if = %v, want %v (nothing written)", options, want)
	}
	if got := p.texts(`[data-gap="uncaptured"]`); len(got) != 1 {
		t.Errorf("uncaptured after the what-if = %v, want contract signature still", got)
	}
}

// A bad what-if (retiring a technology that does not exist) shows the API's
// code.
func TestCoverageViewError(t *testing.T) {
	p := pageOn(t, loadBlueprint)
	if code := p.open("/explore/coverage?retire=ghost", "coverage"); code == "" {
		t.Errorf("retiring an unknown technology was not reported as an error")
	} else if got := p.texts("[data-error-code]"); len(got) != 1 || got[0] != code {
		t.Errorf("error code shown = %v, marker %s", got, code)
	}
}

// An empty blueprint says so instead of drawing an empty chart. (Each test
// holds the test database: one API per test.)
func TestCoverageViewEmpty(t *testing.T) {
	q := openPage(t, explorerAPI(t, apitest.DefaultOptions()))
	if code := q.open("/explore/coverage", "coverage"); code != "" {
		t.Fatalf("coverage view on an empty graph failed: %s %v", code, q.texts(".error"))
	}
	if got := q.texts("[data-empty]"); len(got) == 0 {
		t.Errorf("an empty blueprint shows no empty message")
	}
	if n := len(q.texts(".chart")); n != 0 {
		t.Errorf("%d charts drawn for an empty blueprint", n)
	}
}
