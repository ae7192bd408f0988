package resolvers

import (
	"context"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/journeygraph/journeygraph/feed"
	"github.com/journeygraph/journeygraph/journey"
)

// follow serves one subscription: it opens the feed at `after` (or now),
// and sends event(c, i) for each event i of each change c that it accepts.
// With progress (not nil), changes it has checked without sending anything
// are reported by progress.event, at most every progress.every. When the
// feed ends the subscription with an error, it sends one nil event, which
// the server turns into a response carrying that error (see
// SubscriptionEnd), then closes the channel.
func follow[E any](ctx context.Context, hub *feed.Hub, after *string, event func(c journey.Change, i int) (E, bool), progress *progressReport[E]) (<-chan E, error) {
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
	out := make(chan E)
	go func() {
		defer close(out)
		defer sub.Close()
		var none E
		lastSent := time.Now()
		send := func(e E) bool {
			select {
			case out <- e:
				lastSent = time.Now()
				return true
			case <-ctx.Done():
				return false
			}
		}
		for {
			c, first, err := sub.Next(ctx)
			if err != nil {
				if ctx.Err() == nil {
					subscriptionEnds.Store(op, err)
					if !send(none) {
						subscriptionEnds.Delete(op)
					}
				}
				return
			}
			sent := false
			for i := first; i < c.Len(); i++ {
				e, ok := event(c, i)
				if !ok {
					continue
				}
				if !send(e) {
					return
				}
				sent = true
			}
			if !sent && progress != nil && time.Since(lastSent) >= progress.every {
				if !send(progress.event(journey.FeedPosition{Seq: c.Seq + 1}.Cursor())) {
					return
				}
			}
		}
	}()
	return out, nil
}

// progressReport is how a subscription reports progress while nothing
// matches its filter.
type progressReport[E any] struct {
	every time.Duration
	event func(cursor string) E
}

// progressInterval reads a progressEvery argument (seconds).
func progressInterval(seconds *int) (time.Duration, error) {
	if seconds == nil { // an explicit null: the schema's default
		return 30 * time.Second, nil
	}
	if *seconds < 0 {
		return 0, journey.Invalid("progressEvery", "must be 0 or more seconds")
	}
	return time.Duration(*seconds) * time.Second, nil
}

func feedProgress[E any](every time.Duration) *progressReport[E] {
	return &progressReport[E]{every: every, event: func(cursor string) E {
		return any(&journey.FeedProgress{Cursor: cursor}).(E)
	}}
}

// widen turns an event function of a plain subscription into one of its
// feed variant, whose events are a union.
func widen[U any, E any](event func(journey.Change, int) (*E, bool)) func(journey.Change, int) (U, bool) {
	return func(c journey.Change, i int) (U, bool) {
		e, ok := event(c, i)
		if !ok {
			var none U
			return none, false
		}
		return any(e).(U), true
	}
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
