package explorer_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/feed"
	"github.com/journeygraph/journeygraph/server/apitest"
)

const recordTouchpointMutation = `mutation($in: RecordTouchpointInput!) { recordTouchpoint(input: $in) { created } }`

// recordTouchpointVars are the variables of one demo touchpoint
// fixture:<id> of account at time at.
func recordTouchpointVars(account, id, at string) map[string]any {
	return map[string]any{"in": map[string]any{"source": "fixture", "externalId": id, "type": "demo", "occurredAt": at, "accountId": account}}
}

// recordTouchpoint records one demo touchpoint fixture:<id> for account.
func recordTouchpoint(t *testing.T, api *apitest.API, account, id, at string) {
	t.Helper()
	api.MustDo(t, recordTouchpointMutation, recordTouchpointVars(account, id, at), nil)
}

// followAlpha opens Alpha's account view on a fresh explorer API with the
// fixture, once both its subscriptions reached the server.
func followAlpha(t *testing.T) (*apitest.API, *page) {
	t.Helper()
	api := explorerAPI(t, apitest.DefaultOptions())
	loadFixture(t, api)
	p := openPage(t, api)
	p.mustOpen("/explore/accounts/acc-alpha", "account")
	waitSubscribers(t, api, 2) // touchpoints and stages
	return api, p
}

// touchpointShown is a JavaScript expression: whether the ready account view
// lists the touchpoint fixture:<id>.
func touchpointShown(id string) string {
	return fmt.Sprintf(`document.querySelector('[data-view="account"][data-ready="true"] tr[data-touchpoint="fixture:%s"]') ? "shown" : ""`, id)
}

// The account view's two subscriptions (touchpoints, stages) share the page's
// one live connection: with the view open, and after moving to another
// account through the list, the page never holds more than one, and the
// second account's updates arrive over it.
func TestAccountViewHoldsOneLiveConnection(t *testing.T) {
	api, p := followAlpha(t)
	if open, most := p.liveConnections(); len(open) != 1 || most != 1 {
		t.Errorf("with one account open: live connections %q, at most %d at once; want one", open, most)
	}
	p.eval(`(() => { document.querySelector('[data-account="acc-beta"]').click(); return true; })()`, new(bool))
	if code := p.waitView("account"); code != "" {
		t.Fatalf("Beta's view failed: %s", code)
	}
	var path string
	if p.eval(`location.pathname`, &path); path != "/explore/accounts/acc-beta" {
		t.Fatalf("moved to %s, want Beta", path)
	}
	// Alpha's subscriptions ended, Beta's two started.
	waitSubscribers(t, api, 2)
	recordTouchpoint(t, api, "acc-beta", "live-beta", fixtureTime(28))
	p.waitFor("Beta's new touchpoint", touchpointShown("live-beta"))
	if open, most := p.liveConnections(); len(open) != 1 || most != 1 {
		t.Errorf("after moving to another account: live connections %q, at most %d at once; want one", open, most)
	}
}

// A steady burst of touchpoints (one every 50 ms, or as fast as three
// writers manage: closer than the 300 ms quiet time that ends a burst)
// still refreshes the view while it goes on, at least every second, so new
// touchpoints show before the burst ends.
func TestAccountViewRefreshesDuringABurst(t *testing.T) {
	api, p := followAlpha(t)
	// Three writers run beside the test, which watches the page meanwhile;
	// together they keep the burst dense even when one write is slow.
	const writers, writes = 3, 120 // one every 50 ms: six seconds or more
	errs := make(chan error, writes)
	burstOver := make(chan struct{})
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tick := time.NewTicker(writers * 50 * time.Millisecond)
			defer tick.Stop()
			for i := w; i < writes; i += writers {
				<-tick.C
				res, err := api.Try(recordTouchpointMutation, recordTouchpointVars("acc-alpha", fmt.Sprintf("burst%03d", i), fmt.Sprintf("2025-02-01T10:%02d:%02dZ", i/60, i%60)))
				if err == nil && len(res.Errors) > 0 {
					err = fmt.Errorf("%+v", res.Errors)
				}
				errs <- err
			}
		}()
	}
	go func() { wg.Wait(); close(burstOver) }()
	shownDuringBurst := false
	for waiting := true; waiting; {
		select {
		case <-burstOver:
			waiting = false
		case <-time.After(50 * time.Millisecond):
			var n int
			p.eval(`document.querySelectorAll('[data-view="account"][data-ready="true"] tr[data-touchpoint^="fixture:burst"]').length`, &n)
			shownDuringBurst = shownDuringBurst || n > 0
		}
	}
	for range writes {
		if err := <-errs; err != nil {
			t.Fatalf("a write of the burst failed: %v", err)
		}
	}
	if !shownDuringBurst {
		t.Errorf("no touchpoint of the burst was shown while it went on (%d writes, one every 50 ms or as fast as they went)", writes)
	}
	// And once it ends, the view shows all of it: 5 + 120 touchpoints.
	p.waitFor("the whole burst", fmt.Sprintf(`document.querySelectorAll('[data-view="account"][data-ready="true"] tr[data-touchpoint]').length === %d ? "all" : ""`, 5+writes))
}

// restartableServer serves the explorer API on one loopback address, through
// a feed hub of its own, and can be stopped and started again on the same
// address, as a server restart would.
type restartableServer struct {
	t    *testing.T
	api  *apitest.API
	addr string
	hub  *feed.Hub // the running server's
	stop func()
}

func newRestartableServer(t *testing.T, api *apitest.API) *restartableServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &restartableServer{t: t, api: api, addr: ln.Addr().String()}
	s.serve(ln)
	t.Cleanup(func() { s.stop() })
	return s
}

// serve serves on ln with a fresh hub; stop ends it as a shutdown does:
// WebSockets closed with 1001, subscriptions ended with SHUTTING_DOWN.
func (s *restartableServer) serve(ln net.Listener) {
	s.t.Helper()
	hub, stopHub := startHub(s.t, s.api, feedConfig)
	shutdown, cancel := context.WithCancel(context.Background())
	opts := apitest.DefaultOptions()
	opts.Explorer = true
	opts.ListenAddr = s.addr
	opts.Feed = hub
	opts.Live.Shutdown = shutdown
	// Close does not wait for WebSockets (their connections are hijacked),
	// so stop waits for their handlers itself: none may outlive the test.
	var handlers sync.WaitGroup
	handler := s.api.WithOptions(opts).Handler
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handlers.Add(1)
		defer handlers.Done()
		handler.ServeHTTP(w, r)
	})}
	done := make(chan struct{})
	go func() { defer close(done); _ = srv.Serve(ln) }()
	s.hub = hub
	s.stop = func() {
		cancel()
		stopHub()
		_ = srv.Close()
		<-done
		handlers.Wait()
	}
}

func (s *restartableServer) restart() {
	s.t.Helper()
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		s.t.Fatalf("listen again on %s: %v", s.addr, err)
	}
	s.serve(ln)
}

// cursors returns the cursor of every event of the named subscription
// field the page received, in order.
func cursors(t *testing.T, received []string, field string) []string {
	t.Helper()
	var out []string
	for _, m := range received {
		var msg struct {
			Type    string
			Payload json.RawMessage
		}
		if err := json.Unmarshal([]byte(m), &msg); err != nil {
			t.Fatalf("the page received %q: %v", m, err)
		}
		if msg.Type != "next" {
			continue
		}
		var result struct {
			Data map[string]*struct{ Cursor string }
		}
		if err := json.Unmarshal(msg.Payload, &result); err != nil {
			t.Fatalf("the page received %q: %v", m, err)
		}
		if e := result.Data[field]; e != nil {
			out = append(out, e.Cursor)
		}
	}
	return out
}

// subscribeAfter returns the `after` variable of each subscribe message the
// page sent for the named operation ("" for none), in order.
func subscribeAfter(t *testing.T, sent []string, operation string) []string {
	t.Helper()
	var out []string
	for _, m := range sent {
		var msg struct {
			Type    string
			Payload struct {
				Query     string
				Variables map[string]any
			}
		}
		if err := json.Unmarshal([]byte(m), &msg); err != nil {
			t.Fatalf("the page sent %q: %v", m, err)
		}
		if msg.Type == "subscribe" && strings.Contains(msg.Payload.Query, "subscription "+operation+"(") {
			after, _ := msg.Payload.Variables["after"].(string)
			out = append(out, after)
		}
	}
	return out
}

// When the server goes away (a restart: its WebSocket closed with 1001, its
// subscriptions ended with SHUTTING_DOWN), the account view says so in an
// announced status, keeps showing its data, and subscribes again with
// backoff once the server is back, each subscription from the cursor of
// the last event it saw: a touchpoint written while the server was down
// appears, and the status clears.
func TestAccountViewResumesAfterARestart(t *testing.T) {
	opts := apitest.DefaultOptions()
	opts.Explorer = true
	api := apitest.NewWithOptions(t, nil, opts)
	loadFixture(t, api)
	srv := newRestartableServer(t, api)
	p := openTab(t, "http://"+srv.addr)
	// Chromium reports each refused reconnection as a console error.
	p.allow = append(p.allow, "WebSocket connection to")
	p.mustOpen("/explore/accounts/acc-alpha", "account")
	waitHubSubscribers(t, srv.hub, 2)
	// One event on each subscription, so each has a cursor to resume from;
	// one at a time, so no refresh is left to run once both are shown.
	api.MustDo(t, `mutation($in: RecordStageChangeInput!) { recordStageChange(input: $in) { created } }`,
		map[string]any{"in": map[string]any{"accountId": "acc-alpha", "stage": "opportunity", "at": fixtureTime(28)}}, nil)
	p.waitFor("the stage change before the restart", `document.querySelectorAll('[data-view="account"][data-ready="true"] tr[data-stage]').length === 5 ? "shown" : ""`)
	recordTouchpoint(t, api, "acc-alpha", "before-restart", fixtureTime(28))
	p.waitFor("the touchpoint before the restart", touchpointShown("before-restart"))
	_, received := p.wsMessages()
	touchpointCursors, stageCursors := cursors(t, received, "touchpointRecorded"), cursors(t, received, "stageChanged")
	if len(touchpointCursors) != 1 || len(stageCursors) != 1 {
		t.Fatalf("before the restart the page got touchpoint cursors %q and stage cursors %q, want one each", touchpointCursors, stageCursors)
	}

	srv.stop()
	status := `(() => { const v = document.querySelector('[data-view="account"][data-live="reconnecting"][data-ready="true"]');
		const s = v && v.querySelector('[data-live-status][role="status"][aria-live="polite"]');
		return s ? s.textContent : ""; })()`
	p.waitFor("the reconnecting status", status)
	var shownStatus string
	p.eval(status, &shownStatus)
	if !strings.Contains(shownStatus, "reconnecting") {
		t.Errorf("status while the server is down: %q", shownStatus)
	}
	p.screenshot("account-reconnecting")
	recordTouchpoint(t, api, "acc-alpha", "while-down", fixtureTime(29))

	srv.restart()
	p.waitFor("the touchpoint written while the server was down", touchpointShown("while-down"))
	p.waitFor("the status to clear", `(() => { const v = document.querySelector('[data-view="account"][data-live="true"]');
		return v && v.querySelector('[data-live-status]').textContent === "" ? "live" : ""; })()`)
	waitHubSubscribers(t, srv.hub, 2)
	sent, _ := p.wsMessages()
	// Each subscription first without a cursor, then (one or more attempts)
	// from the cursor of its one event.
	for operation, cursor := range map[string]string{"ExplorerAccountTouchpoints": touchpointCursors[0], "ExplorerAccountStages": stageCursors[0]} {
		afters := subscribeAfter(t, sent, operation)
		if len(afters) < 2 || afters[0] != "" {
			t.Errorf("%s subscribed with after %q, want first none, then %q", operation, afters, cursor)
			continue
		}
		for _, a := range afters[1:] {
			if a != cursor {
				t.Errorf("%s resubscribed with after %q, want %q", operation, afters[1:], cursor)
				break
			}
		}
	}
	if open, most := p.liveConnections(); len(open) != 1 || most != 1 {
		t.Errorf("live connections %q, at most %d at once; want one", open, most)
	}
}
