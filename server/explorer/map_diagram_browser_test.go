package explorer_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/server/apitest"
)

// The Diagram panel of the journey map on the hand-built blueprint
// (blueprint_fixture_test.go): Mermaid draws journeyMapDiagram(MERMAID) with
// one box per stage titled "order. name" and the emotions when designed, one
// node per expected touchpoint with its type, owner (department / team) and
// capturing technologies (or "not captured"), one note per pain point.
func TestJourneyMapDiagramPanel(t *testing.T) {
	p := pageOn(t, loadBlueprint)
	p.mustOpen("/explore/map", "map")
	if p.requested("/vendor/mermaid/") {
		t.Errorf("the map loaded Mermaid before the diagram was asked for")
	}
	toggle := `button[aria-controls="map-diagram"]`
	p.press(toggle)
	if state := p.waitDiagram(); state != "ready" {
		t.Fatalf("diagram: %s %v", state, p.texts("[data-diagram] .error"))
	}
	if !p.requested("/vendor/mermaid/") {
		t.Errorf("the diagram was drawn without the vendored Mermaid")
	}
	var state struct {
		Expanded string
		Search   string
	}
	p.eval(`({expanded: document.querySelector('`+toggle+`').getAttribute('aria-expanded'), search: location.search})`, &state)
	if state.Expanded != "true" || state.Search != "?diagram=1" {
		t.Errorf("after opening: aria-expanded %q, URL query %q", state.Expanded, state.Search)
	}
	want := []string{
		"1. Lead (desired curious, observed uncertain)",
		"2. Opportunity (desired confident, observed anxious)",
		"3. Customer",
		"Website visit Marketing Acme Marketing",
		"Webinar attendance Marketing WebiCast",
		"Demo Sales / Solution engineering Acme CRM, Acme Marketing",
		"Contract signature Sales not captured",
		"Pain: Long forms",
		"Pain: Slow follow-up",
		"Pain: Unclear pricing",
	}
	slices.Sort(want)
	if got := p.diagramLabels(); !reflect.DeepEqual(got, want) {
		t.Errorf("diagram labels\n got %q\nwant %q", got, want)
	}

	// Each download button's accessible name holds its visible text (WCAG
	// 2.5.3, label in name), so speaking what is shown activates it.
	var names [][2]string
	p.eval(`[...document.querySelectorAll('.diagram-actions button')].map(b => [b.textContent, b.getAttribute('aria-label')])`, &names)
	if len(names) != 2 {
		t.Errorf("download buttons = %q, want 2", names)
	}
	for _, n := range names {
		if !strings.Contains(strings.ToLower(n[1]), strings.ToLower(n[0])) {
			t.Errorf("button %q has the accessible name %q, which does not contain its visible text", n[0], n[1])
		}
	}
	// The diagram's query is shown with the map's in the operation panel.
	if got, want := p.operations(), []operation{{"ExplorerJourneyMap", map[string]any{}}, {"ExplorerJourneyMapDiagram", map[string]any{}}}; !reflect.DeepEqual(got, want) {
		t.Errorf("operations = %v, want %v", got, want)
	}

	// The SVG download is the whole diagram as a standalone SVG document.
	name, svg := p.download(`[data-diagram] button[aria-label^="Download SVG"]`)
	if name != "journey-map.svg" {
		t.Errorf("SVG download named %q", name)
	}
	root, labels, hasStyle, err := svgLabels(svg)
	if err != nil {
		t.Errorf("the SVG download is not valid XML: %v", err)
	}
	if root.Space != "http://www.w3.org/2000/svg" || root.Local != "svg" {
		t.Errorf("the SVG download's root is %v", root)
	}
	if slices.Sort(labels); !reflect.DeepEqual(labels, want) {
		t.Errorf("SVG download labels\n got %q\nwant %q", labels, want)
	}
	if !hasStyle {
		t.Errorf("the SVG download carries no styles of its own")
	}

	// The PNG download is the whole diagram at twice its CSS size.
	var size [2]float64
	p.eval(`(() => { const r = document.querySelector('[data-diagram-frame]').contentDocument.querySelector('#diagram svg').getBoundingClientRect(); return [r.width, r.height]; })()`, &size)
	name, data := p.download(`[data-diagram] button[aria-label^="Download PNG"]`)
	if name != "journey-map.png" {
		t.Errorf("PNG download named %q", name)
	}
	if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("the PNG download has no PNG signature: % x", data[:min(8, len(data))])
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode the PNG download: %v", err)
	}
	b := img.Bounds()
	if wantW, wantH := int(math.Ceil(size[0]*2)), int(math.Ceil(size[1]*2)); b.Dx() != wantW || b.Dy() != wantH || wantW < 400 {
		t.Errorf("PNG is %d×%d, want %d×%d (the diagram is %.1f×%.1f CSS px)", b.Dx(), b.Dy(), wantW, wantH, size[0], size[1])
	}
	inked := 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			if r, g, bl, _ := img.At(x, y).RGBA(); r < 0xe000 || g < 0xe000 || bl < 0xe000 {
				inked++
			}
		}
	}
	if sampled := (b.Dx() / 2) * (b.Dy() / 2); inked*100 < sampled {
		t.Errorf("the PNG is blank: %d of %d sampled pixels drawn", inked, sampled)
	}

	// Printed: the diagram stays, its buttons and the app's controls go.
	p.emulatePrint()
	var display []string
	p.eval(`['.map-actions', '.diagram-actions', 'form.controls', '[data-diagram]', '.diagram-frame', '.journey-map'].map(s => getComputedStyle(document.querySelector(s)).display)`, &display)
	if want := []string{"none", "none", "none", "block", "block", "block"}; !reflect.DeepEqual(display, want) {
		t.Errorf("print display of map actions, diagram actions, controls, diagram panel, frame, map = %v, want %v", display, want)
	}
}

// Printed on a page narrower than the diagram, the diagram shrinks to the
// page's width (keeping its proportions) instead of being cut at the frame's
// edge: its drawn width is at most the page content's, and it fits its frame.
func TestJourneyMapDiagramPrintFitsPage(t *testing.T) {
	p := pageOn(t, loadBlueprint)
	p.mustOpen("/explore/map?diagram=1", "map")
	if state := p.waitDiagram(); state != "ready" {
		t.Fatalf("diagram: %s %v", state, p.texts("[data-diagram] .error"))
	}
	var natural float64
	p.eval(`document.querySelector('[data-diagram-frame]').contentDocument.querySelector('#diagram svg').getBoundingClientRect().width`, &natural)
	// A page a little over half the diagram's width.
	narrow := chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: int64(natural*0.6) + 40, Height: 800, DeviceScaleFactor: 1})
		return err
	})
	if err := chromedp.Do(p.ctx, narrow); err != nil {
		t.Fatalf("narrow the page: %v", err)
	}
	p.emulatePrint()
	var got struct{ Page, Frame, FrameHeight, SVG, SVGRight, SVGHeight, Ratio, NaturalRatio float64 }
	p.eval(`(() => {
	  const frame = document.querySelector('[data-diagram-frame]');
	  const svg = frame.contentDocument.querySelector('#diagram svg');
	  const r = svg.getBoundingClientRect();
	  const box = svg.viewBox.baseVal;
	  return { page: document.querySelector('main').clientWidth, frame: frame.clientWidth, frameHeight: frame.clientHeight,
	    svg: r.width, svgRight: r.right, svgHeight: r.bottom, ratio: r.width / r.height, naturalRatio: box.width / box.height };
	})()`, &got)
	if got.SVG > got.Page || got.SVGRight > got.Frame || got.SVGHeight > got.FrameHeight {
		t.Errorf("printed diagram %.0f px wide (right edge %.0f, bottom %.0f) in a %.0f×%.0f frame on a %.0f px page (natural width %.0f)",
			got.SVG, got.SVGRight, got.SVGHeight, got.Frame, got.FrameHeight, got.Page, natural)
	}
	if math.Abs(got.Ratio-got.NaturalRatio) > 0.02*got.NaturalRatio {
		t.Errorf("printed diagram's proportions %.3f, drawn %.3f: it is distorted", got.Ratio, got.NaturalRatio)
	}
}

// Names that are Mermaid syntax, markup or entity codes (quotes, brackets,
// backticks, "end", "%%{init}%%", HTML, non-ASCII) reach the diagram as
// written: Mermaid parses the API's text and shows every label verbatim.
func TestJourneyMapDiagramAwkwardNames(t *testing.T) {
	p := pageOn(t, loadAwkwardBlueprint)
	p.mustOpen("/explore/map?diagram=1", "map")
	if state := p.waitDiagram(); state != "ready" {
		t.Fatalf("diagram: %s %v", state, p.texts("[data-diagram] .error"))
	}
	owner := `R&D "core" <team>`
	want := []string{
		"1. end (desired curious, observed unknown)",
		`2. Ünïcode ✓ "Stage" [2] -> 3 --> end`,
		`"Quoted" [brackets] (parens) {braces} ` + owner + ` not captured`,
		"`md` form #1; 100% sure #quot; " + owner + " not captured",
		`<script>alert(1)</script> & <b>bold</b> ` + owner + ` flowchart LR; end`,
		`Pain: %%{init: {"theme":"dark"}}%% 50%`,
		"Pain: end",
		`Pain: a\b | c; d`,
	}
	slices.Sort(want)
	if got := p.diagramLabels(); !reflect.DeepEqual(got, want) {
		t.Errorf("diagram labels\n got %q\nwant %q", got, want)
	}
}

// loadAwkwardBlueprint designs two stages and three touchpoint types whose
// names are awkward for a diagram:
//
//	stage (order)     expects           pain points
//	end (1)           quoted (MoT), md  %%{init…}%% 50%, end, a\b | c; d
//	sub (2)           html              —
//
// Every type is owned by the department R&D "core" <team>; only html is
// captured, by the technology "flowchart LR; end".
func loadAwkwardBlueprint(t *testing.T, api *apitest.API) {
	t.Helper()
	base := seed.TouchpointTypes[0]
	typ := func(key, name string) journey.TouchpointType {
		tt := base
		tt.Key, tt.Name, tt.DepartmentKey = key, name, "rnd"
		return tt
	}
	if err := api.Store.LoadCatalog(context.Background(), journey.Catalog{
		Departments: append(slices.Clone(seed.Departments), journey.Department{Key: "rnd", Name: `R&D "core" <team>`}),
		Channels:    seed.Channels,
		Stages: []journey.Stage{
			{Key: "end", Name: "end", Order: 1, Description: "end"},
			{Key: "sub", Name: `Ünïcode ✓ "Stage" [2] -> 3 --> end`, Order: 2, Description: "unicode"},
		},
		TouchpointTypes: []journey.TouchpointType{
			typ("quoted", `"Quoted" [brackets] (parens) {braces}`),
			typ("md", "`md` form #1; 100% sure #quot;"),
			typ("html", `<script>alert(1)</script> & <b>bold</b>`),
		},
	}); err != nil {
		t.Fatal(err)
	}
	do := func(mutation string, in any) {
		t.Helper()
		api.MustDo(t, mutation, map[string]any{"in": in}, nil)
	}
	do(`mutation($in: TechnologyInput!) { upsertTechnology(input: $in) { key } }`,
		map[string]any{"key": "flow", "name": "flowchart LR; end", "category": "CRM", "vendor": "v", "vendorName": "V"})
	do(`mutation($in: TechnologyMappingInput!) { mapTechnology(input: $in) { key } }`,
		map[string]any{"technology": "flow", "touchpointTypes": []string{"html"}, "stages": []string{"sub"}})
	expect := `mutation($in: StageTouchpointsInput!) { expectTouchpoints(input: $in) { stage { key } } }`
	do(expect, map[string]any{"stage": "end", "touchpointTypes": []string{"quoted", "md"}})
	do(expect, map[string]any{"stage": "sub", "touchpointTypes": []string{"html"}})
	do(`mutation($in: MomentOfTruthInput!) { setMomentOfTruth(input: $in) { stage { key } } }`,
		map[string]any{"stage": "end", "touchpointType": "quoted", "description": "It <works>"})
	do(`mutation($in: StageDesignInput!) { setStageDesign(input: $in) { stage { key } } }`,
		map[string]any{"stage": "end", "desiredEmotion": "CURIOUS", "painPoints": []string{`%%{init: {"theme":"dark"}}%% 50%`, "end", `a\b | c; d`}})
}

// retryDiagram stops intercepting requests, presses the panel's Try again
// and waits until the diagram is drawn.
func (p *page) retryDiagram() {
	p.t.Helper()
	if _, err := chromedp.Call(p.ctx, fetch.Disable, cdp.Empty{}); err != nil {
		p.t.Fatalf("stop intercepting: %v", err)
	}
	p.press("[data-diagram-retry]")
	if state := p.waitDiagram(); state != "ready" {
		p.t.Fatalf("diagram after trying again: %s %v", state, p.texts("[data-diagram] .error"))
	}
}

// requested reports whether the page requested a URL containing part.
func (p *page) requested(part string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.ContainsFunc(p.urls, func(u string) bool { return strings.Contains(u, part) })
}

// waitDiagram waits until the Diagram panel is drawn ("ready") or failed
// ("error:<code>").
func (p *page) waitDiagram() string {
	p.t.Helper()
	js := `(() => { const el = document.querySelector('[data-diagram]'); if (!el) return ""; return el.dataset.error ? "error:" + el.dataset.error : (el.dataset.ready === "true" ? "ready" : ""); })()`
	state, err := chromedp.Run(p.ctx, chromedp.Poll[string](js, chromedp.WithPollingInterval(50*time.Millisecond)))
	if err != nil {
		p.t.Fatalf("the diagram never became ready or failed: %v", err)
	}
	p.screenshot("map-diagram")
	return state
}

// diagramLabels returns the text of every label Mermaid drew, sorted: the
// lines of a label (its outer tspans) joined by one space.
func (p *page) diagramLabels() []string {
	p.t.Helper()
	var labels []string
	p.eval(`(() => {
	  const svg = document.querySelector('[data-diagram-frame]').contentDocument.querySelector('#diagram svg');
	  return [...svg.querySelectorAll('text')].map((t) => {
	    const lines = t.querySelectorAll('.text-outer-tspan');
	    return (lines.length ? [...lines].map((l) => l.textContent) : [t.textContent]).join(' ').replace(/\s+/g, ' ').trim();
	  }).filter(Boolean);
	})()`, &labels)
	slices.Sort(labels)
	return labels
}

// svgLabels parses an SVG document and returns its root element's name, the
// text of each <text> element (its outer tspans joined by one space), and
// whether it carries a <style> element.
func svgLabels(data []byte) (root xml.Name, labels []string, hasStyle bool, err error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var lines []string
	inText := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return root, labels, hasStyle, nil
		}
		if err != nil {
			return root, labels, hasStyle, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root.Local == "" {
				root = tok.Name
			}
			switch {
			case tok.Name.Local == "style":
				hasStyle = true
			case tok.Name.Local == "text":
				inText++
				lines = []string{""}
			case tok.Name.Local == "tspan" && inText > 0:
				for _, a := range tok.Attr {
					if a.Name.Local == "class" && strings.Contains(a.Value, "text-outer-tspan") && lines[len(lines)-1] != "" {
						lines = append(lines, "")
					}
				}
			}
		case xml.CharData:
			if inText > 0 {
				lines[len(lines)-1] += string(tok)
			}
		case xml.EndElement:
			if tok.Name.Local == "text" {
				inText--
				if label := strings.Join(strings.Fields(strings.Join(lines, " ")), " "); label != "" {
					labels = append(labels, label)
				}
			}
		}
	}
}

// When the API answers the diagram's query with an error, the panel shows
// its code and message and carries data-error, and no diagram is drawn; the
// map above it stays.
func TestJourneyMapDiagramAPIError(t *testing.T) {
	p := pageOn(t, loadBlueprint)
	p.answerOperation("ExplorerJourneyMapDiagram", `{"errors":[{"message":"The diagram is unavailable.","extensions":{"code":"SERVICE_UNAVAILABLE"}}]}`)
	p.mustOpen("/explore/map?diagram=1", "map")
	if state := p.waitDiagram(); state != "error:SERVICE_UNAVAILABLE" {
		t.Fatalf("diagram: %s, want error:SERVICE_UNAVAILABLE", state)
	}
	if got := p.texts("[data-diagram] [data-error-code]"); !reflect.DeepEqual(got, []string{"SERVICE_UNAVAILABLE"}) {
		t.Errorf("error code shown: %v", got)
	}
	if got := p.texts("[data-diagram] [data-error-message]"); !reflect.DeepEqual(got, []string{"The diagram is unavailable."}) {
		t.Errorf("error message shown: %v", got)
	}
	var drawn struct{ FrameHidden, SVGButtonDisabled bool }
	p.eval(`({frameHidden: document.querySelector('[data-diagram-frame]').hidden, svgButtonDisabled: document.querySelector('[data-diagram] button[aria-label^="Download SVG"]').disabled})`, &drawn)
	if !drawn.FrameHidden || !drawn.SVGButtonDisabled {
		t.Errorf("after the error: frame hidden %v, SVG download disabled %v", drawn.FrameHidden, drawn.SVGButtonDisabled)
	}
	if n := len(p.texts("[data-touchpoint]")); n != 4 {
		t.Errorf("the map shows %d touchpoints after the diagram failed, want 4", n)
	}

	// Once the API answers again, trying again draws the diagram.
	p.retryDiagram()
	if len(p.diagramLabels()) == 0 {
		t.Errorf("no label drawn after trying again")
	}
}

// When the diagram frame's script cannot be loaded, the panel says the
// diagram is unavailable (not that Mermaid refused the text), and trying
// again once it loads draws the diagram.
func TestJourneyMapDiagramFrameUnavailable(t *testing.T) {
	p := pageOn(t, loadBlueprint)
	p.allow = append(p.allow, "diagram-frame.js", "Failed to load")
	failing := chromedp.Events(p.ctx, fetch.RequestPaused)
	go func() { // fails requests only; a failure shows as the test's missing answer
		for ev, err := range failing {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(p.ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonConnectionRefused})
		}
	}()
	if _, err := chromedp.Call(p.ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*/diagram-frame.js*"}}}); err != nil {
		t.Fatalf("intercept the frame's script: %v", err)
	}
	p.mustOpen("/explore/map?diagram=1", "map")
	if state := p.waitDiagram(); state != "error:DIAGRAM_UNAVAILABLE" {
		t.Fatalf("diagram: %s, want error:DIAGRAM_UNAVAILABLE", state)
	}
	p.retryDiagram()
}
