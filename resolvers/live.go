package resolvers

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"github.com/journeygraph/journeygraph/feed"
	"github.com/journeygraph/journeygraph/journey"
)

// follow serves one subscription: it opens the feed at `after` (or now),
// and sends event(c, i) for each event i of each change c that it accepts.
// When the feed ends the subscription with an error, it sends one nil event,
// which the server turns into a response carrying that error (see
// SubscriptionEnd), then closes the channel.
func follow[E any](ctx context.Context, hub *feed.Hub, after *string, event func(c journey.Change, i int) (*E, bool)) (<-chan *E, error) {
	var from *journey.FeedPosition
	if after != nil {
		p, err := journey.ParseFeedCursor("after", *after)
		if err != nil {
			return nil, err
		}
		from = &p
	}
	if hub == nil {
		return nil, &journey.Error{Code: journey.CodeUnavailable, Message: "this server does not serve subscriptions"}
	}
	sub, err := hub.Subscribe(ctx, from)
	if err != nil {
		return nil, err
	}
	op := graphql.GetOperationContext(ctx)
	out := make(chan *E)
	go func() {
		defer close(out)
		defer sub.Close()
		for {
			c, first, err := sub.Next(ctx)
			if err != nil {
				if ctx.Err() == nil {
					subscriptionEnds.Store(op, err)
					select {
					case out <- nil:
					case <-ctx.Done():
						subscriptionEnds.Delete(op)
					}
				}
				return
			}
			for i := first; i < c.Len(); i++ {
				e, ok := event(c, i)
				if !ok {
					continue
				}
				select {
				case out <- e:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out, nil
}

// subscriptionEnds holds, by operation, the error a subscription ended with
// until the server reports it.
var subscriptionEnds sync.Map

// SubscriptionEnd returns (once) the error the subscription of ctx's
// operation ended with, or nil. The server calls it around each response.
func SubscriptionEnd(ctx context.Context) error {
	if !graphql.HasOperationContext(ctx) {
		return nil
	}
	err, ok := subscriptionEnds.LoadAndDelete(graphql.GetOperationContext(ctx))
	if !ok {
		return nil
	}
	return err.(error)
}

func touchpointEvent(f *journey.TouchpointFeedFilter) func(journey.Change, int) (*journey.TouchpointEvent, bool) {
	return func(c journey.Change, i int) (*journey.TouchpointEvent, bool) {
		if i >= len(c.Touchpoints) || (f != nil && !f.Matches(c.Touchpoints[i])) {
			return nil, false
		}
		return &journey.TouchpointEvent{Cursor: c.Next(i).Cursor(), Touchpoint: &c.Touchpoints[i]}, true
	}
}

func stageEvent(f *journey.StageFeedFilter) func(journey.Change, int) (*journey.StageEvent, bool) {
	return func(c journey.Change, i int) (*journey.StageEvent, bool) {
		if i >= len(c.Stages) || (f != nil && !f.Matches(c.Stages[i])) {
			return nil, false
		}
		return &journey.StageEvent{Cursor: c.Next(i).Cursor(), Transition: &c.Stages[i]}, true
	}
}
