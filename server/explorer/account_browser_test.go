package explorer_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
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
	// The target stage defaults to customer: Alpha entered it on day 4 with
	// its contract signature, so the path is all five touchpoints, four days.
	if got := p.texts("[data-metric]"); !reflect.DeepEqual(got, []string{"4 accounts", "acc-alpha", "Customer (closed won)", "5", "2",
		"2025-01-05T10:00:00Z", "2025-01-01T10:00:00Z", "4.0 d", "5"}) {
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
// the page's WebSocket): a touchpoint recorded after it loaded appears
// without a reload.
func TestAccountViewUpdatesLive(t *testing.T) {
	api, p := followAlpha(t)
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

// expectCandidates checks the next best touchpoints table, row by row in
// order: each want row is the candidate's type key, then its cells.
func (p *page) expectCandidates(want ...[]string) {
	p.t.Helper()
	var got [][]string
	p.eval(`[...document.querySelectorAll('tr[data-candidate]')].map(r => [r.dataset.candidate, ...[...r.cells].map(c => c.textContent.trim())])`, &got)
	if !reflect.DeepEqual(got, want) {
		p.t.Errorf("next best touchpoints\n got %q\nwant %q", got, want)
	}
}

// Alpha's path to Opportunity and the next best touchpoints towards it,
// worked out by hand from the fixture (fixture_test.go):
//
// Path: Alpha entered opportunity on day 2, when its demo happened (included):
// website visit (day 0), webinar (1), demo (2); 3 steps, 2 days.
//
// Next best: the other journeys cut at their first entry into opportunity
// (the step at that instant included) are Beta W D (reached), Gamma W B W
// (never entered) and Delta B D (reached). Alpha's last type, the contract
// signature, is followed by nothing there, so every step counts (ALL_STEPS):
// 7 steps — W 3 (1 reached), D 2 (2), B 2 (1). By reach share, then share:
// demo 100 % / 2 of 7, webinar 50 % / 2 of 7, website visit 33.3 % / 3 of 7;
// first=2 keeps the first two. Alpha is a customer, past opportunity.
// Owners and capturing technologies (by name) come from the seed catalog:
// demo is Sales', captured by Gong and Salesforce Sales Cloud; the webinar
// Marketing's, captured by ON24 Webinars.
func TestAccountPathAndNextBest(t *testing.T) {
	p := pageOn(t, loadFixture)
	p.mustOpen("/explore/accounts/acc-alpha?stage=opportunity&first=2", "account")
	var selected []string
	p.eval(`[document.getElementById('account-stage').value, document.getElementById('account-first').value]`, &selected)
	if !reflect.DeepEqual(selected, []string{"opportunity", "2"}) {
		t.Errorf("controls show stage, first = %v", selected)
	}
	if got, want := p.texts(`[data-section="path"] [data-metric]`), []string{"2025-01-03T10:00:00Z", "2025-01-01T10:00:00Z", "2.0 d", "3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("path summary = %v, want %v", got, want)
	}
	if got, want := p.texts("[data-path-step]"), []string{"Website visit", "Webinar attendance", "Demo"}; !reflect.DeepEqual(got, want) {
		t.Errorf("path = %v, want %v", got, want)
	}
	if got, want := p.texts(`tr[data-path-touchpoint] td[data-field="contact"]`), []string{"Person1 Alpha", "Person1 Alpha", "Person2 Alpha"}; !reflect.DeepEqual(got, want) {
		t.Errorf("path contacts = %v, want %v", got, want)
	}
	var marks struct {
		Series []struct {
			MarkLine struct {
				Data []struct {
					Name  string
					XAxis string
				}
			}
		}
	}
	p.chartOption("timeline", &marks)
	var reached []string
	for _, s := range marks.Series {
		for _, d := range s.MarkLine.Data {
			reached = append(reached, d.Name+" "+d.XAxis)
		}
	}
	if want := []string{"Reached Opportunity 2025-01-03T10:00:00Z"}; !reflect.DeepEqual(reached, want) {
		t.Errorf("timeline marks %v, want %v", reached, want)
	}

	if n := len(p.texts(`[data-already-reached="true"]`)); n != 1 {
		t.Errorf("Alpha is past opportunity: %d notes, want 1", n)
	}
	if got := p.texts(`[data-context="ALL_STEPS"]`); len(got) != 1 || !strings.Contains(got[0], "nothing ever followed Contract signature") || !strings.Contains(got[0], ": 7 observed steps in 3 other journeys") {
		t.Errorf("context = %v", got)
	}
	if got := p.texts(`[data-section="next-best"] th`); !reflect.DeepEqual(got, []string{"Touchpoint type", "Category", "Then reached Opportunity",
		"Chance it comes next", "Steps observed", "Of those, reached Opportunity", "Owner department", "Captured by"}) {
		t.Errorf("next best headers = %v", got)
	}
	p.expectCandidates(
		[]string{"demo", "Demo", "Sales", "100.0 %", "28.6 %", "2", "2", "Sales", "Gong, Salesforce Sales Cloud"},
		[]string{"webinar_attendance", "Webinar attendance", "Marketing", "50.0 %", "28.6 %", "2", "1", "Marketing", "ON24 Webinars"})

	// The operation panel shows both operations the view ran, in order.
	if got, want := p.operations(), []operation{
		{"ExplorerAccount", map[string]any{"id": "acc-alpha", "stage": "opportunity"}},
		{"ExplorerNextBestTouchpoints", map[string]any{"id": "acc-alpha", "stage": "opportunity", "first": 2.0}},
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("operations = %v, want %v", got, want)
	}
}

// Gamma (W B W, at mql) never became a customer: no path. Its last type is a
// website visit, followed in the other journeys cut at their customer entry
// (Alpha W B D P C reached, Beta W D P not, Delta B D C reached) by Alpha's
// webinar (reached) and Beta's demo (not): webinar 100 %, demo 0 %, each
// 1 of 2 steps. The website visit itself is Marketing's, captured by HubSpot
// Marketing Hub and Twilio Segment (not a candidate here). Choosing another
// stage in the form puts it in the URL and keeps the search.
func TestAccountNextBestFromLastTouchpoint(t *testing.T) {
	p := pageOn(t, loadFixture)
	p.mustOpen("/explore/accounts/acc-gamma?q=a", "account")
	if got, want := p.texts(`[data-section="path"] [data-empty]`), []string{"Gamma Foods never entered Customer (closed won)."}; !reflect.DeepEqual(got, want) {
		t.Errorf("path = %v, want %v", got, want)
	}
	if n := len(p.texts(`[data-already-reached]`)); n != 0 {
		t.Errorf("Gamma has not reached customer, yet %d notes say so", n)
	}
	if got := p.texts(`[data-context="LAST_TOUCHPOINT"]`); len(got) != 1 || !strings.Contains(got[0], "right after Website visit") || !strings.Contains(got[0], ": 2 observed steps in 3 other journeys") {
		t.Errorf("context = %v", got)
	}
	p.expectCandidates(
		[]string{"webinar_attendance", "Webinar attendance", "Marketing", "100.0 %", "50.0 %", "1", "1", "Marketing", "ON24 Webinars"},
		[]string{"demo", "Demo", "Sales", "0.0 %", "50.0 %", "1", "0", "Sales", "Gong, Salesforce Sales Cloud"})

	// Towards opportunity, every journey but Gamma's reached it: after W come
	// Alpha's B and Beta's D, both reached, tied, so by key.
	p.eval(`(() => { const s = document.getElementById('account-stage'); s.value = 'opportunity'; s.form.requestSubmit(); return true; })()`, new(bool))
	if code := p.waitView("account"); code != "" {
		t.Fatalf("after choosing opportunity: %s", code)
	}
	var url string
	p.eval(`location.pathname + location.search`, &url)
	if url != "/explore/accounts/acc-gamma?q=a&stage=opportunity" {
		t.Errorf("URL = %s", url)
	}
	p.expectCandidates(
		[]string{"demo", "Demo", "Sales", "100.0 %", "50.0 %", "1", "1", "Sales", "Gong, Salesforce Sales Cloud"},
		[]string{"webinar_attendance", "Webinar attendance", "Marketing", "100.0 %", "50.0 %", "1", "1", "Marketing", "ON24 Webinars"})
}

// The only account of the blueprint fixture has no stage and no other
// journey to learn from: both sections say so. An unknown stage in the URL
// shows the API's error and code.
func TestAccountPathAndNextBestEmptyAndError(t *testing.T) {
	p := pageOn(t, loadBlueprint)
	p.mustOpen("/explore/accounts/bp-1", "account")
	if got, want := p.texts("[data-empty]"), []string{
		"Blueprint Co never entered Customer.",
		"No other journey shows a step to learn from, so there is no next best touchpoint towards Customer.",
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("empty messages = %v, want %v", got, want)
	}
	// Its last type (the webinar) was never followed by anything: back-off.
	if got := p.texts(`[data-context="ALL_STEPS"]`); len(got) != 1 || !strings.Contains(got[0], ": 0 observed steps in 0 other journeys") {
		t.Errorf("context = %v", got)
	}

	if code := p.open("/explore/accounts/bp-1?stage=nope", "account"); code != "BAD_USER_INPUT" {
		t.Fatalf("unknown stage: data-error = %q, want BAD_USER_INPUT", code)
	}
	if got := p.texts("[data-error-message]"); len(got) != 1 || !strings.Contains(got[0], "nope") {
		t.Errorf("error message = %v", got)
	}
}

// loadWithoutStages writes a catalog of touchpoint types and no stage, and
// one account, Solo Ltd, with two Marketing touchpoints by no contact: a
// website visit, then one of a type named in markup, `<b>Web</b> & co`
// (shown as text).
func loadWithoutStages(t *testing.T, api *apitest.API) {
	t.Helper()
	markup := seed.TouchpointTypes[slices.IndexFunc(seed.TouchpointTypes, func(tt journey.TouchpointType) bool { return tt.Key == "website_visit" })]
	markup.Key, markup.Name = "markup_visit", "<b>Web</b> & co"
	if err := api.Store.LoadCatalog(context.Background(), journey.Catalog{
		Departments: seed.Departments, Channels: seed.Channels, TouchpointTypes: append(slices.Clone(seed.TouchpointTypes), markup),
	}); err != nil {
		t.Fatal(err)
	}
	api.MustDo(t, `mutation { upsertAccount(input: {id: "solo", name: "Solo Ltd"}) { created } }`, nil, nil)
	var inputs []map[string]any
	for day, typ := range []string{"website_visit", "markup_visit"} {
		inputs = append(inputs, map[string]any{"source": "fixture", "externalId": fmt.Sprintf("solo-%d", day), "type": typ,
			"occurredAt": fixtureTime(day), "accountId": "solo"})
	}
	api.MustDo(t, `mutation($in: [RecordTouchpointInput!]!) { recordTouchpoints(inputs: $in) { createdCount } }`, map[string]any{"in": inputs}, nil)
}

// With no stage designed there is no stage to lead to: the account and its
// timeline show, the path and the next best touchpoints are not asked for,
// and the page says why.
func TestAccountWithoutStages(t *testing.T) {
	p := pageOn(t, loadWithoutStages)
	p.mustOpen("/explore/accounts/solo", "account")
	if got, want := p.texts("[data-metric]"), []string{"1 account", "solo", "–", "2", "0"}; !reflect.DeepEqual(got, want) {
		t.Errorf("metrics = %v, want %v", got, want)
	}
	if n := len(p.texts("tr[data-touchpoint]")); n != 2 {
		t.Errorf("%d touchpoint rows, want 2", n)
	}
	var option timelineOption
	p.chartOption("timeline", &option)
	if got, want := option.lanes(), map[string][]float64{"Marketing": {0, 0}}; !reflect.DeepEqual(got, want) {
		t.Errorf("points per category (lane) = %v, want %v", got, want)
	}
	// The tooltip (HTML, as ECharts shows it) holds the type's name as text.
	var tooltip string
	p.eval(`(() => { const c = echarts.getInstanceByDom(document.querySelector('[data-chart="timeline"]'));
		const o = c.getOption(); const d = o.series[0].data[1];
		return o.tooltip[0].formatter({ data: d, name: '' }); })()`, &tooltip)
	if want := "&lt;b&gt;Web&lt;/b&gt; &amp; co · fixture · 2025-01-02T10:00:00Z"; tooltip != want {
		t.Errorf("tooltip HTML = %q, want %q", tooltip, want)
	}
	if got := p.texts("[data-no-stage]"); len(got) != 1 || !strings.Contains(got[0], "No stage is designed") {
		t.Errorf("no-stage message = %v", got)
	}
	if n := len(p.texts(`[data-section="path"], [data-section="next-best"], #account-stage`)); n != 0 {
		t.Errorf("%d path, next best or stage controls shown without any stage", n)
	}
	if got, want := p.operations(), []operation{{"ExplorerAccountWithoutStage", map[string]any{"id": "solo"}}}; !reflect.DeepEqual(got, want) {
		t.Errorf("operations = %v, want %v", got, want)
	}
}

// operation is one block of a view's operation panel.
type operation struct {
	Name      string
	Variables map[string]any
}

// operations lists the operation panel's blocks in order.
func (p *page) operations() []operation {
	p.t.Helper()
	var blocks []struct{ Name, Query, Variables string }
	p.eval(`[...document.querySelectorAll('[data-operation-name]')].map(b => ({name: b.dataset.operationName,
		query: b.querySelector('[data-operation="query"]').textContent, variables: b.querySelector('[data-operation="variables"]').textContent}))`, &blocks)
	var out []operation
	for _, b := range blocks {
		op := operation{Name: b.Name}
		if !strings.HasPrefix(b.Query, "query "+b.Name+"(") && !strings.HasPrefix(b.Query, "query "+b.Name+" ") {
			p.t.Errorf("operation %s shows another query: %s", b.Name, b.Query)
		}
		if err := json.Unmarshal([]byte(b.Variables), &op.Variables); err != nil {
			p.t.Errorf("operation %s variables %q: %v", b.Name, b.Variables, err)
		}
		out = append(out, op)
	}
	return out
}
