// Package resolvers holds the hand-written GraphQL resolvers. They stay thin:
// translate arguments, call the store or a per-request loader, return domain
// types. All Cypher lives in package store.
package resolvers

import "github.com/journeygraph/journeygraph/store"

// Resolver is the root resolver; one is shared by all requests.
type Resolver struct {
	Store *store.Store
}
