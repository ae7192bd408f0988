// Package explorer serves the Journey Explorer: a browser app (plain ES
// modules, no build step) that draws JourneyGraph's analyses with the public
// GraphQL API only. Every file, the vendored chart library included (see
// scripts/vendor-explorer.sh), is embedded in the binary, so it works offline,
// and every response carries a Content-Security-Policy that allows nothing from
// other origins.
package explorer

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

//go:embed app
var app embed.FS

// Prefix is the path the explorer is served under; it is part of the contract.
const Prefix = "/explore/"

// Views are the analysis views, each served at Prefix+view; one account's
// journey is at Prefix+"accounts/{id}".
var Views = []string{"map", "paths", "linkages", "funnel", "attribution", "coverage"}

// ContentSecurityPolicy allows scripts, styles, data requests and images from
// the API's own origin only: no inline script or style, nothing from another
// origin. data: and blob: images are the charts' own exports. 'self' in
// connect-src also allows the page's WebSocket to its own host and port
// (ws: or wss:, as CSP Level 3 matches 'self'), which live updates use.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// DiagramFrameContentSecurityPolicy is the policy of the diagram frame
// (Prefix+"diagram-frame"), the one document that renders Mermaid diagrams.
// Mermaid styles what it draws with a <style> element and style attributes,
// which the app's policy refuses, so the diagram is drawn in a same-origin
// frame of its own whose policy allows inline styles and nothing else more:
// scripts, CSS and Mermaid's modules still only from the API's origin, no
// fetch or XHR (the app hands it the diagram text; connect-src 'none'),
// images only its own exports, and framing by same-origin pages only
// (frame-ancestors 'self': any page of the API's origin, not only the
// explorer). The app's policy stays as it is.
const DiagramFrameContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self'; connect-src 'none'; object-src 'none'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'self'"

// Handler serves the explorer under Prefix: the app shell for every view path
// (history-style routing: the app reads the path and the query string) and
// its static files under Prefix+"static/".
func Handler() http.Handler {
	shell, err := app.ReadFile("app/index.html")
	if err != nil {
		panic("explorer: embedded app missing: " + err.Error())
	}
	frame, err := app.ReadFile("app/diagram-frame.html")
	if err != nil {
		panic("explorer: embedded app missing: " + err.Error())
	}
	files, err := staticFiles()
	if err != nil {
		panic("explorer: embedded app unreadable: " + err.Error())
	}
	servePage := func(page []byte) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			// The pages are tiny; always revalidate so a new binary's app is used.
			w.Header().Set("Cache-Control", "no-cache")
			if r.Method == http.MethodHead {
				return
			}
			_, _ = w.Write(page)
		}
	}
	serveShell := servePage(shell)
	serveFrame := servePage(frame)
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+Prefix+"{$}", serveShell)
	mux.HandleFunc("GET "+Prefix+"diagram-frame", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", DiagramFrameContentSecurityPolicy)
		serveFrame(w, r)
	})
	for _, v := range Views {
		mux.HandleFunc("GET "+Prefix+v, serveShell)
	}
	mux.HandleFunc("GET "+Prefix+"accounts", serveShell)
	mux.HandleFunc("GET "+Prefix+"accounts/{id}", serveShell)
	mux.HandleFunc("GET "+Prefix+"static/{file...}", func(w http.ResponseWriter, r *http.Request) {
		f, ok := files[r.PathValue("file")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		f.serve(w, r)
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		// View URLs carry the analysis state; never hand them to another site.
		h.Set("Referrer-Policy", "no-referrer")
		if strings.HasSuffix(r.URL.Path, "/") && r.URL.Path != Prefix {
			http.NotFound(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// staticFile is one embedded static file ready to serve: its bytes, their gzip
// form when that is smaller (the vendored chart library shrinks from 1.1 MB to
// a third), and an ETag per form, so a browser revalidates its copy with a
// 304 instead of downloading it again (embedded files have no modification
// time for Last-Modified).
type staticFile struct {
	contentType  string
	plain, gzip  []byte
	etag, gzETag string
}

// staticFiles compresses the embedded files once per process: they never
// change, and tests build many handlers.
var staticFiles = sync.OnceValues(func() (map[string]*staticFile, error) {
	static, err := fs.Sub(app, "app/static")
	if err != nil {
		return nil, err
	}
	return loadStatic(static)
})

// loadStatic reads and compresses every file of fsys.
func loadStatic(fsys fs.FS) (map[string]*staticFile, error) {
	files := map[string]*staticFile{}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		tag := hex.EncodeToString(sum[:12])
		f := &staticFile{contentType: mime.TypeByExtension(path.Ext(name)), plain: data, etag: `"` + tag + `"`}
		if f.contentType == "" {
			f.contentType = http.DetectContentType(data)
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // a valid level: no error
		if _, err := zw.Write(data); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		if buf.Len() < len(data) {
			f.gzip, f.gzETag = buf.Bytes(), `"`+tag+`-gzip"`
		}
		files[name] = f
		return nil
	})
	return files, err
}

func (f *staticFile) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	// Revalidate on every load: a new binary may carry a new app.
	h.Set("Cache-Control", "no-cache")
	body, etag := f.plain, f.etag
	if f.gzip != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Values("Accept-Encoding")) {
			h.Set("Content-Encoding", "gzip")
			body, etag = f.gzip, f.gzETag
		}
	}
	h.Set("ETag", etag)
	// ServeContent answers If-None-Match with 304, HEAD and ranges.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// acceptsGzip reports whether Accept-Encoding headers accept gzip: listed
// by name, or through *, with a q-value above 0; the name wins over *.
func acceptsGzip(headers []string) bool {
	accepted := map[string]bool{}
	for _, header := range headers {
		for _, item := range strings.Split(header, ",") {
			coding, params, _ := strings.Cut(item, ";")
			q := strings.ReplaceAll(strings.ToLower(params), " ", "")
			refused := strings.HasPrefix(q, "q=0") && strings.Trim(strings.TrimPrefix(q, "q=0"), ".0") == ""
			accepted[strings.ToLower(strings.TrimSpace(coding))] = !refused
		}
	}
	if ok, listed := accepted["gzip"]; listed {
		return ok
	}
	return accepted["*"]
}
