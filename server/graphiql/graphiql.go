// Package graphiql serves the GraphiQL IDE with its JavaScript and CSS
// embedded in the binary (see scripts/vendor-graphiql.sh), so it works on
// machines without internet access and needs no third-party CDN. It opens
// with the example operations of examples/ in tabs.
package graphiql

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed assets/*
var assets embed.FS

// page holds the page's own start script and stylesheet: the page has no
// inline script or style, so its Content-Security-Policy needs no exception
// for them.
//
//go:embed page/*
var page embed.FS

//go:embed examples/*
var examples embed.FS

// AssetsPrefix is the URL path the assets are served under.
const AssetsPrefix = "/graphiql/assets/"

// ContentSecurityPolicy is sent with the GraphiQL page: nothing from another
// origin. GraphiQL's editor sets style attributes, hence 'unsafe-inline'
// for styles only.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Example is one operation GraphiQL opens in a tab.
type Example struct {
	Name      string `json:"name"`
	Query     string `json:"query"`
	Variables string `json:"variables,omitempty"` // JSON text, as the variables editor shows it
}

// Examples returns the example operations in tab order: each
// examples/<n>-<name>.graphql with its variables from the .json file of the
// same name, if any.
func Examples() []Example {
	files, err := fs.Glob(examples, "examples/*.graphql")
	if err != nil || len(files) == 0 {
		panic("graphiql: no embedded examples")
	}
	var out []Example
	for _, f := range files { // Glob sorts by name, so the number prefix orders the tabs
		query, _ := examples.ReadFile(f)
		base := strings.TrimSuffix(f, ".graphql")
		ex := Example{Name: path.Base(base), Query: string(query)}
		if vars, err := examples.ReadFile(base + ".json"); err == nil {
			ex.Variables = strings.TrimSpace(string(vars))
		}
		out = append(out, ex)
	}
	return out
}

var pageTemplate = template.Must(template.New("graphiql").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{{.Prefix}}graphiql.min.css" integrity="{{.SRI "graphiql.min.css"}}" crossorigin="anonymous">
<link rel="stylesheet" href="{{.Prefix}}page.css" integrity="{{.SRI "page.css"}}" crossorigin="anonymous">
<script src="{{.Prefix}}react.production.min.js" integrity="{{.SRI "react.production.min.js"}}" crossorigin="anonymous"></script>
<script src="{{.Prefix}}react-dom.production.min.js" integrity="{{.SRI "react-dom.production.min.js"}}" crossorigin="anonymous"></script>
</head>
<body>
<div id="graphiql" data-endpoint="{{.Endpoint}}" data-examples="{{.Prefix}}examples.json"><div class="loading">Loading…</div></div>
<script src="{{.Prefix}}graphiql.min.js" integrity="{{.SRI "graphiql.min.js"}}" crossorigin="anonymous"></script>
<script src="{{.Prefix}}graphql-ws.min.js" integrity="{{.SRI "graphql-ws.min.js"}}" crossorigin="anonymous"></script>
<script src="{{.Prefix}}start.js" integrity="{{.SRI "start.js"}}" crossorigin="anonymous"></script>
</body>
</html>
`))

type pageData struct {
	Title, Endpoint, Prefix string
}

func (pageData) SRI(name string) string { return SRI(name) }

// Handler returns the GraphiQL page for endpoint (a path on this origin) and
// the handler for its assets, to be mounted at AssetsPrefix.
func Handler(title, endpoint string) (pageHandler http.Handler, files http.Handler) {
	var html bytes.Buffer
	if err := pageTemplate.Execute(&html, pageData{Title: title, Endpoint: endpoint, Prefix: AssetsPrefix}); err != nil {
		panic("graphiql: page template: " + err.Error())
	}
	examplesJSON, err := json.Marshal(Examples())
	if err != nil {
		panic("graphiql: examples: " + err.Error())
	}
	pageHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		_, _ = w.Write(html.Bytes())
	})
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+AssetsPrefix+"examples.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(examplesJSON)
	})
	own := http.StripPrefix(AssetsPrefix, http.FileServerFS(mustSub(page, "page")))
	mux.Handle("GET "+AssetsPrefix+"start.js", own)
	mux.Handle("GET "+AssetsPrefix+"page.css", own)
	mux.Handle("GET "+AssetsPrefix, http.StripPrefix("/graphiql/", http.FileServerFS(assets)))
	return pageHandler, mux
}

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic("graphiql: " + err.Error())
	}
	return sub
}

// SRI returns the subresource-integrity hash of an embedded asset (a vendored
// one or the page's own).
func SRI(name string) string {
	b, err := assets.ReadFile("assets/" + name)
	if err != nil {
		if b, err = page.ReadFile("page/" + name); err != nil {
			panic("graphiql: missing embedded asset " + name)
		}
	}
	sum := sha256.Sum256(b)
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}
