package explorer_test

// The explorer in a real browser: Debian's Chromium (installed by
// scripts/ensure-chromium.sh, which `make test` runs) drives each view against
// the real API handler served over real HTTP and the real test Neo4j. One
// browser serves every test of this binary; each test gets its own tab.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/journeygraph/journeygraph/feed"
	"github.com/journeygraph/journeygraph/internal/headless"
	"github.com/journeygraph/journeygraph/server"
	"github.com/journeygraph/journeygraph/server/apitest"
)

var browser struct {
	once   sync.Once
	ctx    context.Context
	err    error
	cancel []context.CancelFunc
}

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(browser.cancel) - 1; i >= 0; i-- {
		browser.cancel[i]()
	}
	os.Exit(code)
}

// browserContext starts the shared headless Chromium on first use.
func browserContext(t *testing.T) context.Context {
	t.Helper()
	browser.once.Do(func() {
		path, err := headless.Path()
		if err != nil {
			browser.err = err
			return
		}
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), headless.Options(path)...)
		ctx, cancelBrowser := chromedp.NewContext(allocCtx)
		browser.cancel = append(browser.cancel, cancelAlloc, cancelBrowser)
		// Start the browser now, so a broken installation fails here.
		browser.err = chromedp.Do(ctx)
		browser.ctx = ctx
	})
	if browser.err != nil {
		t.Fatalf("headless Chromium: %v", browser.err)
	}
	return browser.ctx
}

// page is one browser tab on a test server, recording what the page logged
// and requested.
type page struct {
	t      *testing.T
	ctx    context.Context
	base   *url.URL
	mu     sync.Mutex
	errors []string // console errors, uncaught exceptions, browser log errors (CSP violations)
	allow  []string // substrings of errors a test expects
	urls   []string // every request the page made

	// Live connections: the page's open WebSockets and event streams, and
	// the most it held open at once.
	liveOpen map[network.RequestID]string
	liveMost int
	wsSent   []string // every WebSocket message the page sent, in order
	wsGot    []string // every WebSocket message the page received, in order

	downloadDir string            // where downloads go, once a test asked for one
	downloadTo  map[string]string // download GUID -> suggested file name
	downloaded  []string          // GUIDs of completed downloads, in order
}

// explorerAPI is the API over an empty test database with the explorer on,
// serving subscriptions from a feed hub of its own.
func explorerAPI(t *testing.T, opts server.Options) *apitest.API {
	t.Helper()
	opts.Explorer = true
	api := apitest.NewWithOptions(t, nil, opts)
	hub, stop := startHub(t, api, feedConfig)
	t.Cleanup(stop)
	opts.Feed = hub
	api = api.WithOptions(opts)
	hubs.Store(api, hub)
	return api
}

// feedConfig is the feed of the browser tests: quick to deliver.
var feedConfig = feed.Config{PollInterval: 50 * time.Millisecond, PruneInterval: -1}

// startHub runs a feed hub on api's database until stop, which waits for it
// (it ends its subscriptions with SHUTTING_DOWN).
func startHub(t *testing.T, api *apitest.API, cfg feed.Config) (hub *feed.Hub, stop func()) {
	t.Helper()
	hubCtx, cancel := context.WithCancel(context.Background())
	hub = feed.New(api.Store, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	done := make(chan struct{})
	go func() { defer close(done); hub.Run(hubCtx) }()
	var once sync.Once
	return hub, func() { once.Do(func() { cancel(); <-done }) }
}

// hubs is the feed hub of each explorerAPI.
var hubs sync.Map

func hubFor(api *apitest.API) *feed.Hub {
	hub, _ := hubs.Load(api)
	return hub.(*feed.Hub)
}

// waitSubscribers waits until api's hub has exactly n subscribers.
func waitSubscribers(t *testing.T, api *apitest.API, n int) {
	t.Helper()
	waitHubSubscribers(t, hubFor(api), n)
}

// waitHubSubscribers waits until hub has exactly n subscribers.
func waitHubSubscribers(t *testing.T, hub *feed.Hub, n int) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); hub.Subscribers() != n; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d subscriptions reached the server, want %d", hub.Subscribers(), n)
		}
	}
}

// openPage serves api over real HTTP and opens a tab on it.
func openPage(t *testing.T, api *apitest.API) *page {
	t.Helper()
	// Served on its own listen address, so development mode's Host check
	// accepts the page's requests.
	return openTab(t, api.Serve(t).URL)
}

// openTab opens a tab on the server at baseURL.
func openTab(t *testing.T, baseURL string) *page {
	t.Helper()
	base, _ := url.Parse(baseURL)
	p := &page{t: t, base: base, downloadTo: map[string]string{}, liveOpen: map[network.RequestID]string{}}
	tab, cancel := chromedp.NewContext(browserContext(t), chromedp.WithListener(p.listen))
	t.Cleanup(cancel)
	// The first Do opens the tab; chromedp enables the runtime, log and
	// network events there before anything loads.
	if err := chromedp.Do(tab); err != nil {
		t.Fatal(err)
	}
	ctx, cancelTimeout := context.WithTimeout(tab, 90*time.Second)
	t.Cleanup(cancelTimeout)
	p.ctx = ctx
	t.Cleanup(p.checkClean)
	return p
}

// listen records console errors, uncaught exceptions, browser log errors
// (such as Content-Security-Policy violations) and every request URL.
func (p *page) listen(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range ev.Args {
				parts = append(parts, string(a.Value)+a.Description)
			}
			p.errors = append(p.errors, "console: "+strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		desc := d.Text
		if d.Exception != nil {
			desc += " " + d.Exception.Description
		}
		p.errors = append(p.errors, "exception: "+desc)
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			p.errors = append(p.errors, "log: "+ev.Entry.Text+" "+ev.Entry.URL)
		}
	case *network.EventRequestWillBeSent:
		p.urls = append(p.urls, ev.Request.URL)
		for name, v := range ev.Request.Headers {
			if accept, _ := v.(string); strings.EqualFold(name, "Accept") && strings.Contains(accept, "text/event-stream") {
				p.liveOpened(ev.RequestID, "event stream "+ev.Request.URL)
			}
		}
	case *network.EventLoadingFinished:
		delete(p.liveOpen, ev.RequestID)
	case *network.EventLoadingFailed:
		delete(p.liveOpen, ev.RequestID)
	case *network.EventWebSocketCreated:
		p.liveOpened(ev.RequestID, "WebSocket "+ev.URL)
	case *network.EventWebSocketClosed:
		delete(p.liveOpen, ev.RequestID)
	case *network.EventWebSocketFrameSent:
		p.wsSent = append(p.wsSent, string(ev.Response.PayloadData))
	case *network.EventWebSocketFrameReceived:
		p.wsGot = append(p.wsGot, string(ev.Response.PayloadData))
	case *cdpbrowser.EventDownloadWillBegin:
		p.downloadTo[ev.GUID] = ev.SuggestedFilename
	case *cdpbrowser.EventDownloadProgress:
		if ev.State == cdpbrowser.DownloadProgressStateCompleted {
			p.downloaded = append(p.downloaded, ev.GUID)
		}
	}
}

// liveOpened notes one more live connection; p.mu is held.
func (p *page) liveOpened(id network.RequestID, what string) {
	p.liveOpen[id] = what
	p.liveMost = max(p.liveMost, len(p.liveOpen))
}

// liveConnections returns the live connections the page holds open now and
// the most it held open at once so far.
func (p *page) liveConnections() (open []string, most int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, what := range p.liveOpen {
		open = append(open, what)
	}
	return open, p.liveMost
}

// wsMessages returns the WebSocket messages the page sent and received so far.
func (p *page) wsMessages() (sent, received []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.wsSent), slices.Clone(p.wsGot)
}

// checkClean fails the test on any console error or request to another origin.
func (p *page) checkClean() {
	p.mu.Lock()
	defer p.mu.Unlock()
next:
	for _, e := range p.errors {
		for _, a := range p.allow {
			if strings.Contains(e, a) {
				continue next
			}
		}
		p.t.Errorf("browser reported an error: %s", e)
	}
	for _, u := range p.urls {
		parsed, err := url.Parse(u)
		if err != nil || (parsed.Host != p.base.Host && parsed.Scheme != "data" && parsed.Scheme != "blob") {
			p.t.Errorf("the page requested another origin: %s", u)
		}
	}
}

// open navigates to path and waits until the view with that data-view is
// ready or shows an error; it returns the data-error code ("" when ready).
// pageOn serves a fresh explorer API with the data load writes and opens a
// tab on it.
func pageOn(t *testing.T, load func(*testing.T, *apitest.API)) *page {
	t.Helper()
	api := explorerAPI(t, apitest.DefaultOptions())
	load(t, api)
	return openPage(t, api)
}

// mustOpen is open for a view that must load: the test stops on its error.
func (p *page) mustOpen(path, view string) {
	p.t.Helper()
	if code := p.open(path, view); code != "" {
		p.t.Fatalf("%s failed: %s %v", path, code, p.texts(".error"))
	}
}

func (p *page) open(path, view string) string {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.Navigate(p.base.String()+path)); err != nil {
		p.t.Fatalf("navigate %s: %v", path, err)
	}
	return p.waitView(view)
}

func (p *page) waitView(view string) string {
	p.t.Helper()
	sel := fmt.Sprintf(`[data-view=%q]`, view)
	js := fmt.Sprintf(`(() => { const el = document.querySelector(%q); if (!el) return ""; return el.dataset.error ? "error:" + el.dataset.error : (el.dataset.ready === "true" ? "ready" : ""); })()`, sel)
	state, err := chromedp.Run(p.ctx, chromedp.Poll[string](js, chromedp.WithPollingInterval(50*time.Millisecond)))
	if err != nil {
		p.t.Fatalf("view %s never became ready or failed: %v", view, err)
	}
	p.screenshot(view)
	return strings.TrimPrefix(strings.TrimPrefix(state, "ready"), "error:")
}

// waitFor polls the JavaScript expression js until it returns a non-empty
// string (what names the awaited state in a failure).
func (p *page) waitFor(what, js string) {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[string](js, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		p.t.Fatalf("waiting for %s: %v", what, err)
	}
}

// eval runs a JavaScript expression and decodes its JSON-able result into out.
func (p *page) eval(js string, out any) {
	p.t.Helper()
	raw, err := chromedp.Run(p.ctx, chromedp.Evaluate[json.RawMessage](js))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", js, err)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		p.t.Fatalf("decode %s: %v", raw, err)
	}
}

// chartOption returns the option of the ECharts chart marked data-chart=name.
func (p *page) chartOption(name string, out any) {
	p.t.Helper()
	p.eval(fmt.Sprintf(`(() => { const o = echarts.getInstanceByDom(document.querySelector('[data-chart=%q]')).getOption(); return JSON.parse(JSON.stringify(o)); })()`, name), out)
}

// emulatePrint lays the page out for print media, as printing it would.
func (p *page) emulatePrint() {
	p.t.Helper()
	printMedia := chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	})
	if err := chromedp.Do(p.ctx, printMedia); err != nil {
		p.t.Fatalf("emulate print media: %v", err)
	}
}

// press focuses the element matching selector and presses Enter on it, as a
// keyboard user would.
func (p *page) press(selector string) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.Focus(selector)); err != nil {
		p.t.Fatalf("focus %s: %v", selector, err)
	}
	if err := chromedp.Do(p.ctx, chromedp.KeyEvent("\r")); err != nil {
		p.t.Fatalf("press Enter on %s: %v", selector, err)
	}
}

// download presses the button matching selector and returns the suggested
// file name and the content of the download it starts. The browser saves
// downloads into a temporary directory of the test.
func (p *page) download(selector string) (string, []byte) {
	p.t.Helper()
	if p.downloadDir == "" {
		p.downloadDir = p.t.TempDir()
		allow := chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
			_, err := cdp.Call(ctx, target, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
				Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: p.downloadDir, EventsEnabled: ptr(true),
			})
			return err
		})
		if err := chromedp.Do(p.ctx, allow); err != nil {
			p.t.Fatalf("allow downloads: %v", err)
		}
	}
	p.mu.Lock()
	before := len(p.downloaded)
	p.mu.Unlock()
	p.press(selector)
	for {
		p.mu.Lock()
		var guid, name string
		if len(p.downloaded) > before {
			guid = p.downloaded[before]
			name = p.downloadTo[guid]
		}
		p.mu.Unlock()
		if guid != "" {
			data, err := os.ReadFile(filepath.Join(p.downloadDir, guid))
			if err != nil {
				p.t.Fatalf("read the download of %s: %v", selector, err)
			}
			return name, data
		}
		select {
		case <-p.ctx.Done():
			p.t.Fatalf("pressing %s started no download", selector)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func ptr[T any](v T) *T { return &v }

// text returns the trimmed text of every element matching selector.
func (p *page) texts(selector string) []string {
	p.t.Helper()
	var out []string
	p.eval(fmt.Sprintf(`[...document.querySelectorAll(%q)].map(e => e.textContent.trim())`, selector), &out)
	return out
}

// expectRows checks the cells of the table rows marked attr="key", one per
// key of want, and that no other row carries attr.
func (p *page) expectRows(attr string, want map[string][]string) {
	p.t.Helper()
	got := map[string][]string{}
	for key := range want {
		got[key] = p.texts(`tr[` + attr + `="` + key + `"] td`)
	}
	if !reflect.DeepEqual(got, want) {
		p.t.Errorf("%s rows\n got %v\nwant %v", attr, got, want)
	}
	if n := len(p.texts(`tr[` + attr + `]`)); n != len(want) {
		p.t.Errorf("%d %s rows, want %d", n, attr, len(want))
	}
}

// screenshot writes the page as test-artifacts/explorer/<test>-<view>.png.
func (p *page) screenshot(view string) {
	p.t.Helper()
	png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatalf("screenshot: %v", err)
	}
	dir := filepath.Join("..", "..", "test-artifacts", "explorer")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		p.t.Fatal(err)
	}
	name := strings.NewReplacer("/", "_", " ", "_").Replace(p.t.Name()) + "-" + view + ".png"
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// answerOperation makes the browser answer each GraphQL request of the named
// operation with body itself (HTTP 200, JSON), as an API in trouble would;
// every other request goes through to the server.
func (p *page) answerOperation(operation, body string) {
	p.t.Helper()
	paused := chromedp.Events(p.ctx, fetch.RequestPaused)
	go func() { // answers only; a failure shows as the test's missing answer
		for ev, err := range paused {
			if err != nil {
				return
			}
			var sent []byte
			for _, e := range ev.Request.PostDataEntries {
				sent = append(sent, e.Bytes...)
			}
			if bytes.Contains(sent, []byte("query "+operation)) {
				_, _ = chromedp.Call(p.ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: 200,
					ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "application/json"}}, Body: []byte(body)})
			} else {
				_, _ = chromedp.Call(p.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
			}
		}
	}()
	if _, err := chromedp.Call(p.ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*/graphql"}}}); err != nil {
		p.t.Fatalf("intercept GraphQL requests: %v", err)
	}
}
