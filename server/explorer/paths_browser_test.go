package explorer_test

import (
	"reflect"
	"sort"
	"testing"
)

// Paths around demo, one step each way, over the fixture (collapsed repeats):
// alpha B→[D]→P, beta W→[D]→P, delta B→[D]→C; gamma has no demo. Paths to
// stage customer: alpha W B D P C (day 0 → 4), delta B D C (day 0 → 5);
// beta and gamma never become customers.
func TestPathsView(t *testing.T) {
	p := pageOn(t, loadFixture)
	p.mustOpen("/explore/paths?stepsBefore=1&stepsAfter=1", "paths")
	if got := p.texts("[data-metric]"); !reflect.DeepEqual(got, []string{"4", "3", "4", "2", "0", "2"}) {
		t.Errorf("summary = %v", got)
	}

	var option struct {
		Series []struct {
			Data []struct {
				Name  string
				Value int
				Depth int
			}
			Links []struct {
				Source, Target string
				Value          int
			}
		}
	}
	p.chartOption("sankey", &option)
	nodes := map[string][2]int{}
	for _, n := range option.Series[0].Data {
		nodes[n.Name] = [2]int{n.Value, n.Depth}
	}
	wantNodes := map[string][2]int{
		"-1:webinar_attendance": {2, 0}, "-1:website_visit": {1, 0},
		"0:demo":     {3, 1},
		"1:proposal": {2, 2}, "1:contract_signature": {1, 2},
	}
	if !reflect.DeepEqual(nodes, wantNodes) {
		t.Errorf("sankey nodes (value, depth)\n got %v\nwant %v", nodes, wantNodes)
	}
	links := map[string]int{}
	for _, l := range option.Series[0].Links {
		links[l.Source+" → "+l.Target] = l.Value
	}
	wantLinks := map[string]int{
		"-1:webinar_attendance → 0:demo": 2, "-1:website_visit → 0:demo": 1,
		"0:demo → 1:proposal": 2, "0:demo → 1:contract_signature": 1,
	}
	if !reflect.DeepEqual(links, wantLinks) {
		t.Errorf("sankey links\n got %v\nwant %v", links, wantLinks)
	}

	// Path, journeys, share, starting this way, conversion, median, p90.
	variants := map[string][]string{}
	for _, key := range []string{"webinar_attendance>demo>contract_signature", "website_visit>webinar_attendance>demo>proposal>contract_signature"} {
		variants[key] = p.texts(`tr[data-variant="` + key + `"] td`)
	}
	wantVariants := map[string][]string{
		"webinar_attendance>demo>contract_signature": {"Webinar attendance → Demo → Contract signature", "1", "50.0 %", "1", "100.0 %", "5.0 d", "5.0 d"},
		"website_visit>webinar_attendance>demo>proposal>contract_signature": {
			"Website visit → Webinar attendance → Demo → Proposal → Contract signature", "1", "50.0 %", "1", "100.0 %", "4.0 d", "4.0 d"},
	}
	if !reflect.DeepEqual(variants, wantVariants) {
		t.Errorf("variants\n got %v\nwant %v", variants, wantVariants)
	}

	// The form drives the URL: no step after the anchor leaves demo's
	// predecessors only.
	p.eval(`(() => { const f = document.querySelector('form.controls'); f.elements.stepsAfter.value = '0'; f.requestSubmit(); return true; })()`, new(bool))
	if code := p.waitView("paths"); code != "" {
		t.Fatalf("paths view after submit failed: %s", code)
	}
	var search string
	p.eval(`location.search`, &search)
	if search != "?stepsBefore=1&stepsAfter=0" {
		t.Errorf("URL after submit = %q", search)
	}
	p.chartOption("sankey", &option)
	var names []string
	for _, n := range option.Series[0].Data {
		names = append(names, n.Name)
	}
	sort.Strings(names)
	if want := []string{"-1:webinar_attendance", "-1:website_visit", "0:demo"}; !reflect.DeepEqual(names, want) {
		t.Errorf("nodes after stepsAfter=0 = %v, want %v", names, want)
	}
}

// An anchor no journey has: the view says so instead of drawing an empty chart.
func TestPathsViewSaysWhenEmpty(t *testing.T) {
	p := pageOn(t, loadFixture)
	if code := p.open("/explore/paths?anchor=refund", "paths"); code != "" {
		t.Fatalf("paths view failed: %s", code)
	}
	if got := p.texts("[data-empty]"); len(got) != 1 || got[0] != "No journey in scope has a touchpoint of type “Refund”." {
		t.Errorf("empty message = %v", got)
	}
	if got := p.texts(`[data-chart="sankey"]`); len(got) != 0 {
		t.Error("a Sankey was drawn for an anchor no journey has")
	}
}
