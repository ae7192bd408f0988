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
	"embed"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
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
// origin. data: and blob: images are the charts' own exports.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// DiagramFrameContentSecurityPolicy is the policy of the diagram frame
// (Prefix+"diagram-frame"), the one document that renders Mermaid diagrams.
// Mermaid styles what it draws with a <style> element and style attributes,
// which the app's policy refuses, so the diagram is drawn in a same-origin
// frame of its own whose policy allows inline styles and nothing else more:
// scripts still only from the API's origin, no requests at all (the app
// hands it the diagram text; connect-src 'none'), images only its own
// exports, and only the explorer may frame it. The app's policy stays as it is.
const DiagramFrameContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self'; connect-src 'none'; object-src 'none'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'self'"

// Handler serves the explorer under Prefix: the app shell for every view path
// (history-style routing: the app reads the path and the query string) and
// its static files under Prefix+"static/".
func Handler() http.Handler {
	static, err := fs.Sub(app, "app/static")
	if err != nil {
		panic("explorer: embedded app missing: " + err.Error())
	}
	shell, err := app.ReadFile("app/index.html")
	if err != nil {
		panic("explorer: embedded app missing: " + err.Error())
	}
	frame, err := app.ReadFile("app/diagram-frame.html")
	if err != nil {
		panic("explorer: embedded app missing: " + err.Error())
	}
	files := http.StripPrefix(Prefix+"static/", gzipped(static, http.FileServerFS(static)))
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
	mux.Handle("GET "+Prefix+"static/", files)
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

// compressible are the static files' text types, sent gzipped to a browser
// that accepts it: the vendored libraries shrink to about a third.
var compressible = map[string]bool{".js": true, ".mjs": true, ".css": true, ".svg": true, ".html": true}

// gzipped serves a compressible file of files gzipped when the request
// accepts gzip, compressing each file once, on its first request (the files
// are embedded, so they never change); everything else goes to next.
func gzipped(files fs.FS, next http.Handler) http.Handler {
	var cache sync.Map // name -> func() ([]byte, error)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		ext := path.Ext(name)
		if !compressible[ext] {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Add("Vary", "Accept-Encoding")
		if !acceptsGzip(r.Header.Get("Accept-Encoding")) {
			next.ServeHTTP(w, r)
			return
		}
		// Only embedded files get a cache entry, so the cache stays bounded.
		if info, err := fs.Stat(files, name); err != nil || !info.Mode().IsRegular() {
			next.ServeHTTP(w, r)
			return
		}
		compress, _ := cache.LoadOrStore(name, sync.OnceValues(func() ([]byte, error) {
			raw, err := fs.ReadFile(files, name)
			if err != nil {
				return nil, err
			}
			var b bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
			_, _ = zw.Write(raw)
			if err := zw.Close(); err != nil {
				return nil, err
			}
			return b.Bytes(), nil
		}))
		body, err := compress.(func() ([]byte, error))()
		if err != nil {
			http.Error(w, "explorer: "+err.Error(), http.StatusInternalServerError)
			return
		}
		h := w.Header()
		h.Set("Content-Type", mime.TypeByExtension(ext))
		h.Set("Content-Encoding", "gzip")
		h.Set("Content-Length", strconv.Itoa(len(body)))
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(body)
	})
}

// acceptsGzip reports whether an Accept-Encoding header lists gzip (or *)
// with a weight above zero.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "*" {
			continue
		}
		weight, hasWeight := strings.CutPrefix(strings.ReplaceAll(strings.ToLower(params), " ", ""), "q=")
		if !hasWeight {
			return true
		}
		q, err := strconv.ParseFloat(weight, 64)
		return err == nil && q > 0
	}
	return false
}
