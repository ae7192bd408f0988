package explorer_test

import (
	"reflect"
	"testing"
)

// Attribution of the fixture to stage customer, worked out by hand. Alpha
// (W0 B1 D2 P3 C4, customer day 4) and delta (B0 D3 C5, customer day 5)
// convert, every touchpoint up to the entry credited; beta and gamma do not.
//
//	first touch: alpha W, delta B                 → W 1, B 1
//	last touch:  alpha C, delta C                 → C 2
//	linear:      alpha 1/5 each, delta 1/3 each   → W .2, B .53, D .53, P .2, C .53
//	U-shaped:    alpha W .4 C .4 B/D/P .2/3 each; delta B .4 C .4 D .2
//	             → W .4, B .47, D .27, P .07, C .8
//	W-shaped:    alpha W first+lead (60), D opportunity (30), B/P/C 10/3 each;
//	             delta B first+lead (60), D opportunity (30), C 10
//	             → W .6, B .63, D .6, P .03, C .13
//
// Markov: walks START→W→B→D→P→C→conv, START→W→D→P→null, START→W→B→W→null,
// START→B→D→C→conv. From START W 3/4, B 1/4; W: B 2/4, D 1/4, null 1/4;
// B: D 2/3, W 1/3; D: P 2/3, C 1/3; P: C 1/2, null 1/2; C: conv. Solving:
// p(C)=1, p(P)=1/2, p(D)=2/3, p(B)=3/5, p(W)=7/15, baseline 3/4·7/15+1/4·3/5
// = 1/2. Without C or D nothing converts (effect 1); without W 1/4·4/9 = 1/9
// (effect 7/9); without B 3/4·1/6 = 1/8 (3/4); without P 1/4 (1/2). Effects
// sum to 145/36, so credits are 2·effect·36/145: C and D 72/145 ≈ .50, W
// 56/145 ≈ .39, B 54/145 ≈ .37, P 36/145 ≈ .25.
func TestAttributionView(t *testing.T) {
	p := pageOn(t, loadFixture)
	const models = "FIRST_TOUCH,LAST_TOUCH,LINEAR,POSITION_BASED,W_SHAPED,MARKOV"
	p.mustOpen("/explore/attribution?conversion=stage:customer&models="+models, "attribution")
	// Journeys, conversions, unattributed, total credit, Markov baseline and journeys.
	if got, want := p.texts("[data-metric]"), []string{"4", "2", "0", "2", "50.0 %", "4"}; !reflect.DeepEqual(got, want) {
		t.Errorf("summary = %v, want %v", got, want)
	}
	// Name, category, channel, then first, last, linear, U, W, Markov.
	p.expectRows("data-type", map[string][]string{
		"website_visit":      {"Website visit", "Marketing", "Website", "1", "0", "0.2", "0.4", "0.6", "0.39"},
		"webinar_attendance": {"Webinar attendance", "Marketing", "Webinar", "1", "0", "0.53", "0.47", "0.63", "0.37"},
		"demo":               {"Demo", "Sales", "Online meeting", "0", "0", "0.53", "0.27", "0.6", "0.5"},
		"proposal":           {"Proposal", "Sales", "Documents and e-signature", "0", "0", "0.2", "0.07", "0.03", "0.25"},
		"contract_signature": {"Contract signature", "Finance", "Documents and e-signature", "0", "2", "0.53", "0.8", "0.13", "0.5"},
	})
	p.expectRows("data-category", map[string][]string{
		"MARKETING": {"Marketing", "2", "0", "0.73", "0.87", "1.23", "0.76"},
		"SALES":     {"Sales", "0", "0", "0.73", "0.33", "0.63", "0.74"},
		"FINANCE":   {"Finance", "0", "2", "0.53", "0.8", "0.13", "0.5"},
	})
	p.expectRows("data-channel", map[string][]string{
		"website":        {"Website", "1", "0", "0.2", "0.4", "0.6", "0.39"},
		"webinar":        {"Webinar", "1", "0", "0.53", "0.47", "0.63", "0.37"},
		"online_meeting": {"Online meeting", "0", "0", "0.53", "0.27", "0.6", "0.5"},
		"document":       {"Documents and e-signature", "0", "2", "0.73", "0.87", "0.17", "0.74"},
	})
	p.expectRows("data-removal", map[string][]string{
		"contract_signature": {"Contract signature", "100.0 %", "0.0 %"},
		"demo":               {"Demo", "100.0 %", "0.0 %"},
		"website_visit":      {"Website visit", "77.8 %", "11.1 %"},
		"webinar_attendance": {"Webinar attendance", "75.0 %", "12.5 %"},
		"proposal":           {"Proposal", "50.0 %", "25.0 %"},
	})

	// The grouped bar chart: one series per model, one bar per type.
	var option struct {
		XAxis  []struct{ Data []string }
		Series []struct {
			Name string
			Data []float64
		}
	}
	p.chartOption("attribution", &option)
	bars := map[string]map[string]float64{}
	for _, s := range option.Series {
		bars[s.Name] = map[string]float64{}
		for i, v := range s.Data {
			bars[s.Name][option.XAxis[0].Data[i]] = v
		}
	}
	if n := len(option.Series); n != 6 {
		t.Errorf("%d series, want the 6 models asked for", n)
	}
	if got, want := bars["Last touch"], map[string]float64{"Website visit": 0, "Webinar attendance": 0, "Demo": 0, "Proposal": 0, "Contract signature": 2}; !reflect.DeepEqual(got, want) {
		t.Errorf("last-touch bars = %v, want %v", got, want)
	}
	near := func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }
	for typ, want := range map[string]float64{"Website visit": 0.2, "Webinar attendance": 0.2 + 1.0/3, "Demo": 0.2 + 1.0/3, "Proposal": 0.2, "Contract signature": 0.2 + 1.0/3} {
		if got := bars["Linear"][typ]; !near(got, want) {
			t.Errorf("linear bar %s = %v, want %v", typ, got, want)
		}
	}
	for typ, want := range map[string]float64{"Website visit": 56.0 / 145, "Webinar attendance": 54.0 / 145, "Demo": 72.0 / 145, "Proposal": 36.0 / 145, "Contract signature": 72.0 / 145} {
		if got := bars["Markov (data-driven)"][typ]; !near(got, want) {
			t.Errorf("Markov bar %s = %v, want %v", typ, got, want)
		}
	}
}

// The conversion control: converting at the first demo credits what came
// before it. Alpha W B, beta W, delta B; gamma never has a demo.
//
//	first touch: W 2 (alpha, beta), B 1;  last touch: B 2 (alpha, delta), W 1;
//	linear: alpha W .5 B .5, beta W 1, delta B 1 → W 1.5, B 1.5.
//
// A conversion nobody reaches says so; a bad lookback shows the API's code.
func TestAttributionViewConversionControl(t *testing.T) {
	p := pageOn(t, loadFixture)
	p.mustOpen("/explore/attribution?conversion=type:demo&models=FIRST_TOUCH,LAST_TOUCH,LINEAR", "attribution")
	if got, want := p.texts("[data-metric]"), []string{"4", "3", "0", "3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("summary = %v, want %v", got, want)
	}
	for key, want := range map[string][]string{
		"website_visit":      {"Website visit", "Marketing", "Website", "2", "1", "1.5"},
		"webinar_attendance": {"Webinar attendance", "Marketing", "Webinar", "1", "2", "1.5"},
	} {
		if got := p.texts(`tr[data-type="` + key + `"] td`); !reflect.DeepEqual(got, want) {
			t.Errorf("row %s = %v, want %v", key, got, want)
		}
	}
	if n := len(p.texts("tr[data-type]")); n != 2 {
		t.Errorf("%d type rows, want 2", n)
	}
	if n := len(p.texts("tr[data-removal]")); n != 0 {
		t.Errorf("Markov removal effects shown without the Markov model")
	}
	var selected string
	p.eval(`document.querySelector('select[name="conversion"]').value`, &selected)
	if selected != "type:demo" {
		t.Errorf("conversion control shows %q, want type:demo", selected)
	}

	if code := p.open("/explore/attribution?conversion=type:refund", "attribution"); code != "" {
		t.Fatalf("attribution view failed: %s", code)
	}
	if got := p.texts("[data-empty]"); len(got) != 1 {
		t.Errorf("no-conversion answer shows %v, want one empty message", got)
	}
	if got := p.texts(`[data-metric="conversions"]`); !reflect.DeepEqual(got, []string{"0"}) {
		t.Errorf("conversions = %v, want 0", got)
	}

	if code := p.open("/explore/attribution?lookbackDays=0", "attribution"); code != "BAD_USER_INPUT" {
		t.Errorf("lookback 0: data-error = %q, want BAD_USER_INPUT", code)
	}
}
