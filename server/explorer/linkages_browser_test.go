package explorer_test

import (
	"reflect"
	"strconv"
	"testing"
)

// Directly-follows links of the fixture, with outcome stage customer (alpha
// and delta reach it):
//
//	alpha W→B B→D D→P P→C, beta W→D D→P, gamma W→B B→W, delta B→D D→C
//
// 10 transitions, 7 distinct links. Gaps are in days between the touchpoints.
// Conversion with a link: the journeys containing it that became customers;
// without: the others. Lift = with / without (none when without is 0).
func TestLinkagesView(t *testing.T) {
	p := pageOn(t, loadFixture)
	p.mustOpen("/explore/linkages?outcome=stage:customer", "linkages")
	if got := p.texts("[data-metric]"); !reflect.DeepEqual(got, []string{"4", "10", "7", "2", "3"}) {
		t.Errorf("summary (journeys, transitions, links, reached, handoffs) = %v", got)
	}
	// From, to, count, share of from, median gap, p90 gap, journeys with,
	// conversion with, conversion without, lift.
	want := map[string][]string{
		"webinar_attendance>demo":          {"Webinar attendance", "Demo", "2", "66.7 %", "2.0 d", "2.8 d", "2", "100.0 %", "0.0 %", "–"},
		"website_visit>webinar_attendance": {"Website visit", "Webinar attendance", "2", "66.7 %", "1.0 d", "1.0 d", "2", "50.0 %", "50.0 %", "1"},
		"demo>proposal":                    {"Demo", "Proposal", "2", "66.7 %", "1.0 d", "1.0 d", "2", "50.0 %", "50.0 %", "1"},
		"proposal>contract_signature":      {"Proposal", "Contract signature", "1", "100.0 %", "1.0 d", "1.0 d", "1", "100.0 %", "33.3 %", "3"},
		"website_visit>demo":               {"Website visit", "Demo", "1", "33.3 %", "1.0 d", "1.0 d", "1", "0.0 %", "66.7 %", "0"},
		"webinar_attendance>website_visit": {"Webinar attendance", "Website visit", "1", "33.3 %", "1.0 d", "1.0 d", "1", "0.0 %", "66.7 %", "0"},
		"demo>contract_signature":          {"Demo", "Contract signature", "1", "33.3 %", "2.0 d", "2.0 d", "1", "100.0 %", "33.3 %", "3"},
	}
	got := map[string][]string{}
	for key := range want {
		got[key] = p.texts(`tr[data-link="` + key + `"] td`)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("links\n got %v\nwant %v", got, want)
	}
	if n := len(p.texts("tr[data-link]")); n != 7 {
		t.Errorf("%d link rows, want 7", n)
	}

	var option struct {
		Series []struct {
			Data  []struct{ ID string }
			Links []struct {
				Source, Target string
				Value          int
			}
		}
	}
	p.chartOption("linkages", &option)
	if n := len(option.Series[0].Data); n != 5 {
		t.Errorf("graph has %d nodes, want the 5 types", n)
	}
	edges := map[string]int{}
	for _, l := range option.Series[0].Links {
		edges[l.Source+">"+l.Target] = l.Value
	}
	for key, row := range want {
		if c := row[2]; edges[key] == 0 || c != strconv.Itoa(edges[key]) {
			t.Errorf("graph edge %s = %d, want %s", key, edges[key], c)
		}
	}

	// Marketing → Sales: alpha B→D (1 d), beta W→D (1 d), delta B→D (3 d);
	// every journey goes on after it, so no drop-off.
	if got, want := p.texts(`tr[data-handoff="marketing>sales"] td`), []string{"Marketing", "Sales", "3", "3", "1.0 d", "2.6 d", "0", "0.0 %"}; !reflect.DeepEqual(got, want) {
		t.Errorf("handoff marketing → sales = %v, want %v", got, want)
	}
	if n := len(p.texts("tr[data-handoff]")); n != 1 {
		t.Errorf("%d handoff rows, want 1", n)
	}
}
