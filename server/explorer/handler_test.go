package explorer_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/server/apitest"
	"github.com/journeygraph/journeygraph/server/explorer"
)

// Every view path serves the app shell (history-style routing), static files
// are JavaScript and CSS, anything else is 404, and every answer carries the
// Content-Security-Policy.
func TestHandlerRoutesAndHeaders(t *testing.T) {
	srv := httptest.NewServer(explorer.Handler())
	defer srv.Close()
	for _, tc := range []struct {
		path, status, contentType, bodyHas string
	}{
		{"/explore/", "200", "text/html", `data-nav`},
		{"/explore/funnel", "200", "text/html", `/explore/static/js/app.js`},
		{"/explore/paths", "200", "text/html", ""},
		{"/explore/linkages", "200", "text/html", ""},
		{"/explore/attribution", "200", "text/html", ""},
		{"/explore/coverage", "200", "text/html", ""},
		{"/explore/map", "200", "text/html", ""},
		{"/explore/accounts", "200", "text/html", ""},
		{"/explore/accounts/acc-1%2Fx", "200", "text/html", ""},
		{"/explore/static/js/app.js", "200", "text/javascript", "window.echarts"},
		{"/explore/static/app.css", "200", "text/css", ""},
		{"/explore/static/vendor/echarts.esm.min.js", "200", "text/javascript", ""},
		{"/explore/nope", "404", "", ""},
		{"/explore/funnel/", "404", "", ""},
		{"/explore/static/", "404", "", ""},
		{"/explore/static/js/", "404", "", ""},
	} {
		res, err := http.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if got := res.Status[:3]; got != tc.status {
			t.Errorf("%s: status %s, want %s", tc.path, got, tc.status)
			continue
		}
		if csp := res.Header.Get("Content-Security-Policy"); csp != explorer.ContentSecurityPolicy {
			t.Errorf("%s: CSP %q", tc.path, csp)
		}
		if tc.status != "200" {
			continue
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, tc.contentType) {
			t.Errorf("%s: content type %q, want %s", tc.path, ct, tc.contentType)
		}
		if !strings.Contains(string(body), tc.bodyHas) {
			t.Errorf("%s: body lacks %q", tc.path, tc.bodyHas)
		}
	}
	for _, directive := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "object-src 'none'"} {
		if !strings.Contains(explorer.ContentSecurityPolicy, directive) {
			t.Errorf("CSP lacks %q", directive)
		}
	}
	if strings.Contains(explorer.ContentSecurityPolicy, "unsafe") || strings.Contains(explorer.ContentSecurityPolicy, "http") {
		t.Errorf("CSP allows inline code or another origin: %s", explorer.ContentSecurityPolicy)
	}
}

// The API serves the explorer only when its option is on.
func TestAPIMountsTheExplorerOnlyWhenEnabled(t *testing.T) {
	api := explorerAPI(t, apitest.DefaultOptions())
	if rec := api.HTTP(http.MethodGet, "/explore/funnel", "", ""); rec.Code != http.StatusOK {
		t.Errorf("enabled: GET /explore/funnel = %d", rec.Code)
	}
	off := apitest.DefaultOptions()
	off.Explorer = false
	if rec := api.WithOptions(off).HTTP(http.MethodGet, "/explore/funnel", "", ""); rec.Code != http.StatusNotFound {
		t.Errorf("disabled: GET /explore/funnel = %d, want 404", rec.Code)
	}
}
