package explorer_test

import (
	"fmt"
	"testing"

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
