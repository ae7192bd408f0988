// Package resolvers holds the hand-written GraphQL resolvers. They stay thin:
// translate arguments, call the store or a per-request loader, return domain
// types. All Cypher lives in package store.
package resolvers

import (
	"context"
	"time"

	"github.com/journeygraph/journeygraph/feed"
	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/store"
)

// Resolver is the root resolver; one is shared by all requests.
type Resolver struct {
	Store *store.Store
	// Journeys answers the analytics' reads of every journey in scope: the
	// process's journey cache (package journeys), or nil to read them from
	// the store per request.
	Journeys JourneySource
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

// JourneySource reads the journeys of an analysis scope; *store.Store and
// *journeys.Cache implement it.
type JourneySource interface {
	ObservedJourneys(ctx context.Context, scope journey.AnalysisScope) ([]journey.ObservedJourney, error)
}

// observedJourneys reads a scope's journeys from the cache when there is one.
func (r *Resolver) observedJourneys(ctx context.Context, scope journey.AnalysisScope) ([]journey.ObservedJourney, error) {
	if r.Journeys != nil {
		return r.Journeys.ObservedJourneys(ctx, scope)
	}
	return r.Store.ObservedJourneys(ctx, scope)
}

// StageMoveSource reads a window's moves between stages; *store.Store and
// *journeys.Cache implement it.
type StageMoveSource interface {
	StageMoves(ctx context.Context, w *journey.ObservationWindow) ([]journey.TransitionObservation, error)
}

// stageMoves reads a window's stage moves from the journey cache when it
// serves them (reading every transition from Neo4j takes seconds at ten
// million touchpoints), else from the store.
func (r *Resolver) stageMoves(ctx context.Context, w *journey.ObservationWindow) ([]journey.TransitionObservation, error) {
	if src, ok := r.Journeys.(StageMoveSource); ok {
		return src.StageMoves(ctx, w)
	}
	return r.Store.StageMoves(ctx, w)
}
