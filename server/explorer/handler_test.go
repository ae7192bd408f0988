package explorer_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
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
		{"/explore/static/js/app.js", "200", "text/javascript", "loadECharts()"},
		{"/explore/static/js/chart.js", "200", "text/javascript", "window.echarts = lib"},
		{"/explore/static/app.css", "200", "text/css", ""},
		{"/explore/static/vendor/echarts.esm.min.js", "200", "text/javascript", ""},
		{"/explore/static/vendor/mermaid/mermaid.esm.min.mjs", "200", "text/javascript", ""},
		{"/explore/diagram-frame", "200", "text/html", `/explore/static/js/diagram-frame.js`},
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
		wantCSP := explorer.ContentSecurityPolicy
		if tc.path == "/explore/diagram-frame" {
			wantCSP = explorer.DiagramFrameContentSecurityPolicy
		}
		if csp := res.Header.Get("Content-Security-Policy"); csp != wantCSP {
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

// The diagram frame's policy differs from the app's only in allowing inline
// styles (Mermaid's) and in making no requests and allowing the explorer to
// frame it: scripts stay the API's own, nothing comes from another origin.
func TestDiagramFramePolicy(t *testing.T) {
	csp := explorer.DiagramFrameContentSecurityPolicy
	for _, directive := range []string{"default-src 'none'", "script-src 'self';", "style-src 'self' 'unsafe-inline';",
		"connect-src 'none'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'self'"} {
		if !strings.Contains(csp, directive) {
			t.Errorf("frame CSP lacks %q: %s", directive, csp)
		}
	}
	if strings.Count(csp, "unsafe") != 1 || strings.Contains(csp, "http") || strings.Contains(csp, "*") {
		t.Errorf("frame CSP allows more than inline styles: %s", csp)
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

// Static files go out gzip-compressed to a browser that accepts it (the
// vendored chart library is most of the first page's weight), each form with
// its own ETag, so a browser revalidates its copy with a 304 instead of
// downloading it again.
func TestStaticFilesAreCompressedAndRevalidated(t *testing.T) {
	srv := httptest.NewServer(explorer.Handler())
	defer srv.Close()
	// The default transport would ask for gzip itself and hide the encoding.
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	get := func(path string, header map[string]string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res, body
	}
	const lib = "/explore/static/vendor/echarts.esm.min.js"
	for _, tc := range []struct {
		path, acceptEncoding, contentType string
		gzipped                           bool
	}{
		{lib, "", "text/javascript", false},
		{lib, "gzip", "text/javascript", true},
		{lib, "gzip, deflate, br, zstd", "text/javascript", true}, // what Chromium sends
		{lib, "br, *", "text/javascript", true},
		{lib, "br;q=1, gzip;q=0.5", "text/javascript", true},
		{lib, "identity", "text/javascript", false},
		{lib, "gzip;q=0", "text/javascript", false},
		{lib, "gzip; q=0.000, br", "text/javascript", false},
		{lib, "gzip;q=0.5", "text/javascript", true},
		{lib, "*;q=0, gzip", "text/javascript", true},
		{lib, "gzip;q=0, *", "text/javascript", false},
		// Mermaid's modules end in .mjs: still JavaScript, still compressed.
		{"/explore/static/vendor/mermaid/mermaid.esm.min.mjs", "gzip, deflate, br", "text/javascript", true},
		{"/explore/static/app.css", "*", "text/css", true},
		// A file of no known type is served as is, whatever is accepted.
		{"/explore/static/vendor/VERSIONS", "gzip", "", false},
	} {
		name := tc.path + " with Accept-Encoding " + strconv.Quote(tc.acceptEncoding)
		onDisk, err := os.ReadFile("app/static/" + strings.TrimPrefix(tc.path, "/explore/static/"))
		if err != nil {
			t.Fatal(err)
		}
		res, body := get(tc.path, map[string]string{"Accept-Encoding": tc.acceptEncoding})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", name, res.StatusCode)
		}
		if tc.contentType == "" {
			if encoding := res.Header.Get("Content-Encoding"); encoding != "" || !bytes.Equal(body, onDisk) {
				t.Errorf("%s: encoding %q, %d bytes; want the file as is (%d bytes)", name, encoding, len(body), len(onDisk))
			}
			continue
		}
		if vary := res.Header.Get("Vary"); vary != "Accept-Encoding" {
			t.Errorf("%s: Vary %q", name, vary)
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, tc.contentType) {
			t.Errorf("%s: content type %q, want %s", name, ct, tc.contentType)
		}
		encoding := res.Header.Get("Content-Encoding")
		if !tc.gzipped {
			if encoding != "" || !bytes.Equal(body, onDisk) {
				t.Errorf("%s: encoding %q, %d bytes; want the file as is (%d bytes)", name, encoding, len(body), len(onDisk))
			}
			continue
		}
		if encoding != "gzip" {
			t.Errorf("%s: encoding %q, want gzip", name, encoding)
			continue
		}
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(plain, onDisk) {
			t.Errorf("%s: gzip body does not decompress to the file (%v)", name, err)
		}
		// Minified JavaScript and CSS compress to well under half.
		if len(body)*2 > len(onDisk) {
			t.Errorf("%s: %d bytes compressed of %d", name, len(body), len(onDisk))
		}
	}
	if res, _ := get("/explore/static/vendor/missing.js", map[string]string{"Accept-Encoding": "gzip"}); res.StatusCode != http.StatusNotFound {
		t.Errorf("a missing file answers %d", res.StatusCode)
	}

	// Revalidation: each form's ETag answers 304 for that form only.
	plainRes, _ := get(lib, nil)
	gzipRes, _ := get(lib, map[string]string{"Accept-Encoding": "gzip"})
	plainTag, gzipTag := plainRes.Header.Get("ETag"), gzipRes.Header.Get("ETag")
	if plainTag == "" || gzipTag == "" || plainTag == gzipTag {
		t.Fatalf("ETags plain %q, gzip %q: want two different ones", plainTag, gzipTag)
	}
	if cc := gzipRes.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("Cache-Control %q, want no-cache (revalidate each load)", cc)
	}
	for _, tc := range []struct {
		acceptEncoding, ifNoneMatch string
		status                      int
	}{
		{"gzip", gzipTag, http.StatusNotModified},
		{"", plainTag, http.StatusNotModified},
		{"", gzipTag, http.StatusOK},
		{"gzip", plainTag, http.StatusOK},
		{"gzip", `"something-else"`, http.StatusOK},
	} {
		res, body := get(lib, map[string]string{"Accept-Encoding": tc.acceptEncoding, "If-None-Match": tc.ifNoneMatch})
		if res.StatusCode != tc.status {
			t.Errorf("Accept-Encoding %q, If-None-Match %s: status %d, want %d", tc.acceptEncoding, tc.ifNoneMatch, res.StatusCode, tc.status)
		}
		if tc.status == http.StatusNotModified && len(body) != 0 {
			t.Errorf("304 with a %d-byte body", len(body))
		}
	}
	// Another file has another ETag.
	if css, _ := get("/explore/static/app.css", map[string]string{"Accept-Encoding": "gzip"}); css.Header.Get("ETag") == gzipTag {
		t.Error("app.css has the chart library's ETag")
	}
}
