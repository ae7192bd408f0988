// Package graphiql serves the GraphiQL IDE with its JavaScript and CSS
// embedded in the binary (see scripts/vendor-graphiql.sh), so it works on
// machines without internet access and needs no third-party CDN.
package graphiql

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"net/http"

	"github.com/99designs/gqlgen/graphql/playground"
)

//go:embed assets/*
var assets embed.FS

// AssetsPrefix is the URL path the assets are served under.
const AssetsPrefix = "/graphiql/assets/"

// Handler returns the GraphiQL page for endpoint and the handler for its
// assets, to be mounted at AssetsPrefix.
func Handler(title, endpoint string) (page http.Handler, files http.Handler) {
	page = playground.Handler(title, endpoint,
		playground.WithGraphiqlVersion(AssetsPrefix+"graphiql.min.js", AssetsPrefix+"graphiql.min.css",
			SRI("graphiql.min.js"), SRI("graphiql.min.css")),
		playground.WithGraphiqlReactVersion(AssetsPrefix+"react.production.min.js", AssetsPrefix+"react-dom.production.min.js",
			SRI("react.production.min.js"), SRI("react-dom.production.min.js")),
	)
	files = http.StripPrefix("/graphiql/", http.FileServerFS(assets))
	return page, files
}

// SRI returns the subresource-integrity hash of an embedded asset.
func SRI(name string) string {
	b, err := assets.ReadFile("assets/" + name)
	if err != nil {
		panic("graphiql: missing embedded asset " + name)
	}
	sum := sha256.Sum256(b)
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}
