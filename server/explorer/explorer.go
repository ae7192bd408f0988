// Package explorer serves the Journey Explorer: a browser app (plain ES
// modules, no build step) that draws JourneyGraph's analyses with the public
// GraphQL API only. Every file, the vendored chart library included (see
// scripts/vendor-explorer.sh), is embedded in the binary, so it works offline,
// and every response carries a Content-Security-Policy that allows nothing from
// other origins.
package explorer

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"
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
	files := http.StripPrefix(Prefix+"static/", http.FileServerFS(static))
	serveShell := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		// The shell is tiny; always revalidate so a new binary's app is used.
		w.Header().Set("Cache-Control", "no-cache")
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(shell)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+Prefix+"{$}", serveShell)
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
