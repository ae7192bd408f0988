// Package resolvers holds the hand-written GraphQL resolvers. They stay thin:
// translate arguments, call the store or a per-request loader, return domain
// types. All Cypher lives in package store.
package resolvers

import (
	"time"

	"github.com/journeygraph/journeygraph/feed"
	"github.com/journeygraph/journeygraph/store"
)

// Resolver is the root resolver; one is shared by all requests.
type Resolver struct {
	Store *store.Store
	// Feed serves the subscriptions; nil refuses them.
	Feed *feed.Hub
	// Now is the clock used to refuse timestamps in the future; nil means time.Now.
	Now func() time.Time
}

func (r *Resolver) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}
