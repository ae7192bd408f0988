// Package cypher holds the analysts' Cypher cookbook (cookbook/*.cypher) and
// the Neo4j Browser style (journeygraph.grass), embedded for the Neo4j
// Browser guide the API serves.
package cypher

import "embed"

// Cookbook holds cookbook/*.cypher, one query per file, in reading order.
//
//go:embed cookbook/*.cypher
var Cookbook embed.FS

// Grass is journeygraph.grass, the Neo4j Browser style of the model's labels.
//
//go:embed journeygraph.grass
var Grass []byte
