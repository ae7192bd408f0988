package explorer_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/journeygraph/journeygraph/server/apitest"
)

type timelineOption struct {
	YAxis  []struct{ Data []string }
	Series []struct {
		Name string
		Data []struct {
			Value []any
		}
		MarkArea struct {
			Data [][]struct{ Name string }
		}
	}
}

// lanes returns, per series name, the lane index of each point.
func (o timelineOption) lanes() map[string][]float64 {
	out := map[string][]float64{}
	for _, s := range o.Series {
		for _, d := range s.Data {
			out[s.Name] = append(out[s.Name], d.Value[1].(float64))
		}
	}
	return out
}

// Alpha's journey: W and B by Person1 (Marketing), D and P by Person2
// (Sales), C by no contact (Finance); four stages entered.
func TestAccountView(t *testing.T) {
	p := pageOn(t, loadFixture)
	p.mustOpen("/explore/accounts/acc-alpha", "account")
	if got := p.texts("[data-metric]"); !reflect.DeepEqual(got, []string{"4 accounts", "acc-alpha", "Customer (closed won)", "5", "2"}) {
		t.Errorf("metrics = %v", got)
	}
	if got := p.texts("[data-account]"); !reflect.DeepEqual(got, []string{
		"Alpha Industries · Customer (closed won)", "Beta Logistics · Opportunity", "Delta Health · Customer (closed won)", "Gamma Foods · Marketing qualified lead"}) {
		t.Errorf("account list = %v", got)
	}
	var option timelineOption
	p.chartOption("timeline", &option)
	if got := option.YAxis[0].Data; !reflect.DeepEqual(got, []string{"Person1 Alpha", "Person2 Alpha", "No contact"}) {
		t.Errorf("lanes = %v", got)
	}
	if got, want := option.lanes(), map[string][]float64{"Marketing": {0, 0}, "Sales": {1, 1}, "Finance": {2}}; !reflect.DeepEqual(got, want) {
		t.Errorf("points per category (lane) = %v, want %v", got, want)
	}
	var bands []string
	for _, s := range option.Series {
		for _, band := range s.MarkArea.Data {
			bands = append(bands, band[0].Name)
		}
	}
	if want := []string{"Lead", "Marketing qualified lead", "Opportunity", "Customer (closed won)"}; !reflect.DeepEqual(bands, want) {
		t.Errorf("stage bands = %v, want %v", bands, want)
	}
	if n := len(p.texts("tr[data-touchpoint]")); n != 5 {
		t.Errorf("%d touchpoint rows, want 5", n)
	}
}

// Searching narrows the list (ignoring case); choosing an account shows its
// journey and keeps the search in the URL.
func TestAccountViewSearchAndChoose(t *testing.T) {
	p := pageOn(t, loadFixture)
	if code := p.open("/explore/accounts?q=DELTA", "account"); code != "" {
		t.Fatalf("account list failed: %s", code)
	}
	if got := p.texts("[data-account]"); !reflect.DeepEqual(got, []string{"Delta Health · Customer (closed won)"}) {
		t.Fatalf("search result = %v", got)
	}
	p.eval(`(() => { document.querySelector('[data-account="acc-delta"]').click(); return true; })()`, new(bool))
	if code := p.waitView("account"); code != "" {
		t.Fatalf("account view failed: %s", code)
	}
	var path string
	p.eval(`location.pathname + location.search`, &path)
	if path != "/explore/accounts/acc-delta?q=DELTA" {
		t.Errorf("URL = %s", path)
	}
	var option timelineOption
	p.chartOption("timeline", &option)
	if got := option.YAxis[0].Data; !reflect.DeepEqual(got, []string{"No contact"}) {
		t.Errorf("lanes = %v", got)
	}
	if got, want := option.lanes(), map[string][]float64{"Marketing": {0}, "Sales": {0}, "Finance": {0}}; !reflect.DeepEqual(got, want) {
		t.Errorf("points per category = %v, want %v", got, want)
	}

	if code := p.open("/explore/accounts/nope", "account"); code != "" {
		t.Fatalf("unknown account: %s", code)
	}
	if got := p.texts("[data-empty]"); !reflect.DeepEqual(got, []string{"No account has the id “nope”."}) {
		t.Errorf("unknown account message = %v", got)
	}
}

// An open account view follows its account (touchpoints and stages, over
// SSE): a touchpoint recorded after it loaded appears without a reload.
func TestAccountViewUpdatesLive(t *testing.T) {
	api := explorerAPI(t, apitest.DefaultOptions())
	loadFixture(t, api)
	p := openPage(t, api)
	p.mustOpen("/explore/accounts/acc-alpha", "account")
	waitSubscribers(t, api, 2) // touchpoints and stages
	if n := len(p.texts("tr[data-touchpoint]")); n != 5 {
		t.Fatalf("%d touchpoints before, want 5", n)
	}
	api.MustDo(t, `mutation($in: RecordTouchpointInput!) { recordTouchpoint(input: $in) { created } }`,
		map[string]any{"in": map[string]any{"source": "fixture", "externalId": "live1", "type": "demo",
			"occurredAt": fixtureTime(28), "accountId": "acc-alpha"}}, nil)
	shown := `document.querySelector('[data-view="account"][data-ready="true"] tr[data-touchpoint="fixture:live1"]') !== null`
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](shown, chromedp.WithPollingInterval(100*time.Millisecond))); err != nil {
		t.Fatalf("the new touchpoint did not appear: %v (rows %v)", err, p.texts("tr[data-touchpoint]"))
	}
	if n := len(p.texts("tr[data-touchpoint]")); n != 6 {
		t.Errorf("%d touchpoints after, want 6", n)
	}
}
