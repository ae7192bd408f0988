// Package docs embeds the documentation that the API serves: the graph model
// (model.md) is the source of the Neo4j Browser guide's model slides.
package docs

import _ "embed"

// Model is docs/model.md.
//
//go:embed model.md
var Model string
