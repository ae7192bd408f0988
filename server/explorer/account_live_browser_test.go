package explorer_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

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
	api := explorerAPI(t, apitest.DefaultOptions())
	loadFixture(t, api)
	p := openPage(t, api)
	p.mustOpen("/explore/accounts/acc-alpha", "account")
	waitSubscribers(t, api, 2)
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
	api := explorerAPI(t, apitest.DefaultOptions())
	loadFixture(t, api)
	p := openPage(t, api)
	p.mustOpen("/explore/accounts/acc-alpha", "account")
	waitSubscribers(t, api, 2)
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
