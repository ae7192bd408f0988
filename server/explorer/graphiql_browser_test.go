package explorer_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/server/apitest"
)

// TestGraphiQLOpensWithExampleTabs: GraphiQL starts under its
// Content-Security-Policy without a browser error and shows the seven
// example operations in tabs, the first one in the editor.
func TestGraphiQLOpensWithExampleTabs(t *testing.T) {
	opts := apitest.DefaultOptions()
	opts.GraphiQL = true
	p := openPage(t, explorerAPI(t, opts))
	if err := chromedp.Do(p.ctx, chromedp.Navigate(p.base.String()+"/")); err != nil {
		t.Fatal(err)
	}
	js := `document.querySelectorAll('.graphiql-tab').length === 7`
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		var n int
		p.eval(`document.querySelectorAll('.graphiql-tab').length`, &n)
		t.Fatalf("GraphiQL shows %d tabs, want 7: %v", n, err)
	}
	var editor string
	p.eval(`document.querySelector('.graphiql-query-editor').innerText`, &editor)
	if !strings.Contains(editor, "query Accounts") {
		t.Errorf("query editor shows %q, want the accounts example", editor)
	}
}

// TestGraphiQLRunsASubscription: a subscription typed into GraphiQL runs over
// WebSocket (graphql-ws, as the page starts it) and shows a touchpoint
// recorded after it started.
func TestGraphiQLRunsASubscription(t *testing.T) {
	opts := apitest.DefaultOptions()
	opts.GraphiQL = true
	api := explorerAPI(t, opts)
	ctx := context.Background()
	if err := api.Store.LoadCatalog(ctx, seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := api.Store.UpsertAccount(ctx, journey.AccountInput{ID: "acme", Name: "Acme"}); err != nil {
		t.Fatal(err)
	}
	p := openPage(t, api)
	if err := chromedp.Do(p.ctx, chromedp.Navigate(p.base.String()+"/")); err != nil {
		t.Fatal(err)
	}
	ready := `document.querySelector('.graphiql-query-editor .CodeMirror') !== null`
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](ready, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		t.Fatalf("GraphiQL did not start: %v", err)
	}
	p.eval(`document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(
		'subscription { touchpointRecorded { touchpoint { id type { key } } } }'); true`, new(bool))
	// GraphiQL may ignore a click while it is still loading the schema:
	// click again when nothing reached the server after a while.
	hub := hubFor(api)
	for attempt := 0; hub.Subscribers() == 0; attempt++ {
		if attempt == 8 {
			var text string
			p.eval(`document.querySelector('.result-window') ? document.querySelector('.result-window').innerText : ''`, &text)
			t.Fatalf("GraphiQL's subscription did not reach the server; result pane %q", text)
		}
		p.eval(`(() => { document.querySelector('.graphiql-execute-button').click(); return true; })()`, new(bool))
		for deadline := time.Now().Add(5 * time.Second); hub.Subscribers() == 0 && time.Now().Before(deadline); {
			time.Sleep(50 * time.Millisecond)
		}
	}
	acme := "acme"
	if _, err := api.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{{Source: "crm", ExternalID: "g1", TypeKey: "demo",
		AccountID: &acme, OccurredAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}}); err != nil {
		t.Fatal(err)
	}
	shown := `document.querySelector('.result-window') !== null && document.querySelector('.result-window').innerText.includes('crm:g1')`
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](shown, chromedp.WithPollingInterval(100*time.Millisecond))); err != nil {
		var text string
		p.eval(`document.querySelector('.result-window') ? document.querySelector('.result-window').innerText : ''`, &text)
		t.Fatalf("the result pane shows %q, want the recorded touchpoint: %v", text, err)
	}
}
