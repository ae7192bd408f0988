package explorer_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
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
