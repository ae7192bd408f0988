package explorer_test

import (
	"encoding/json"
	"reflect"
	"testing"
)

// The funnel of lead → mql → opportunity → customer over the fixture, worked
// out by hand:
//
//	lead: all 4 entered; alpha, gamma, delta moved on to mql (3), beta skipped
//	  ahead to opportunity (1), none dropped off; time to mql: alpha 1 d,
//	  gamma 1 d, delta 2 d → median 1 d.
//	mql: alpha, gamma, delta entered (3); alpha and delta moved on (2), gamma
//	  stopped (1); beta skipped mql (1); times 1 d and 1 d → median 1 d.
//	opportunity: alpha, beta, delta (3); alpha and delta moved on (2), beta
//	  stopped (1); times 2 d and 2 d → median 2 d.
//	customer: alpha and delta (2); the last stage has no conversion.
func TestFunnelView(t *testing.T) {
	p := pageOn(t, loadFixture)

	p.mustOpen("/explore/funnel?stages=lead,mql,opportunity,customer", "funnel")
	if got := p.texts("[data-metric]"); !reflect.DeepEqual(got, []string{"4", "4", "0", "0"}) {
		t.Errorf("summary = %v", got)
	}
	type row = []string
	rows := map[string]row{}
	for _, stage := range []string{"lead", "mql", "opportunity", "customer"} {
		rows[stage] = p.texts(`tr[data-stage="` + stage + `"] td`)
	}
	// Stage, entered, entries, converted, conversion, skipped ahead, dropped
	// off, drop-off rate, skipped, backward moves, median, p90.
	want := map[string]row{
		"lead":        {"Lead", "4", "4", "3", "75.0 %", "1", "0", "0.0 %", "0", "0", "1.0 d", "1.8 d"},
		"mql":         {"Marketing qualified lead", "3", "3", "2", "66.7 %", "0", "1", "33.3 %", "1", "0", "1.0 d", "1.0 d"},
		"opportunity": {"Opportunity", "3", "3", "2", "66.7 %", "0", "1", "33.3 %", "0", "0", "2.0 d", "2.0 d"},
		"customer":    {"Customer (closed won)", "2", "2", "–", "–", "–", "–", "–", "0", "0", "–", "–"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("table rows\n got %v\nwant %v", rows, want)
	}

	var option struct {
		XAxis  []struct{ Data []string }
		Series []struct {
			Name string
			Data []*int
		}
	}
	p.chartOption("funnel", &option)
	if got := option.XAxis[0].Data; !reflect.DeepEqual(got, []string{"Lead", "Marketing qualified lead", "Opportunity", "Customer (closed won)"}) {
		t.Errorf("chart categories = %v", got)
	}
	series := map[string][]any{}
	for _, s := range option.Series {
		for _, v := range s.Data {
			if v == nil {
				series[s.Name] = append(series[s.Name], nil)
			} else {
				series[s.Name] = append(series[s.Name], *v)
			}
		}
	}
	wantSeries := map[string][]any{
		"Entered":           {4, 3, 3, 2},
		"Converted to next": {3, 2, 2, nil},
		"Skipped ahead":     {1, 0, 0, nil},
		"Dropped off":       {0, 1, 1, nil},
	}
	if !reflect.DeepEqual(series, wantSeries) {
		t.Errorf("chart series\n got %v\nwant %v", series, wantSeries)
	}

	// The operation panel shows exactly the variables the view sent.
	var vars map[string]any
	if err := json.Unmarshal([]byte(p.texts(`[data-operation="variables"]`)[0]), &vars); err != nil {
		t.Fatal(err)
	}
	if want := map[string]any{"stages": []any{"lead", "mql", "opportunity", "customer"}}; !reflect.DeepEqual(vars, want) {
		t.Errorf("variables shown = %v, want %v", vars, want)
	}
}

// The scope travels in the query string: SMB is gamma and delta only. Lead:
// both, both on to mql; mql: gamma stops, delta moves on; opportunity: delta,
// on to customer.
func TestFunnelViewScopeFromURL(t *testing.T) {
	p := pageOn(t, loadFixture)
	if code := p.open("/explore/funnel?segment=SMB&stages=lead,mql,opportunity,customer", "funnel"); code != "" {
		t.Fatalf("funnel view failed: %s", code)
	}
	if got := p.texts(`[data-metric="accountsInScope"]`); !reflect.DeepEqual(got, []string{"2"}) {
		t.Errorf("accounts in scope = %v, want 2", got)
	}
	if got := p.texts(`tbody td[data-field="entered"]`); !reflect.DeepEqual(got, []string{"2", "2", "1", "1"}) {
		t.Errorf("entered = %v, want 2 2 1 1", got)
	}
	// The form shows the state it was opened with.
	var checked []string
	p.eval(`[...document.querySelectorAll('input[name="segment"]:checked')].map(i => i.value)`, &checked)
	if !reflect.DeepEqual(checked, []string{"SMB"}) {
		t.Errorf("segment boxes checked = %v", checked)
	}
}

// An API error is shown with its code and message, never a blank chart.
func TestFunnelViewShowsAPIErrors(t *testing.T) {
	p := pageOn(t, loadFixture)
	if code := p.open("/explore/funnel?conversionWindowDays=0", "funnel"); code != "BAD_USER_INPUT" {
		t.Fatalf("data-error = %q, want BAD_USER_INPUT", code)
	}
	if got := p.texts("[data-error-code]"); !reflect.DeepEqual(got, []string{"BAD_USER_INPUT"}) {
		t.Errorf("error code shown = %v", got)
	}
	if msg := p.texts("[data-error-message]"); len(msg) != 1 || msg[0] == "" {
		t.Errorf("error message shown = %v", msg)
	}
	if n := p.texts(".chart"); len(n) != 0 {
		t.Errorf("a chart was drawn despite the error")
	}
}
