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
// With progress (not nil), changes it has checked past its last send are
// reported by progress.event: at most every progress.every, and no later
// than progress.every after the last send, also when the feed then goes
// quiet. When the feed ends the subscription with an error, it sends one nil event, which
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
		// unreported is the cursor after the last change checked whose end
		// no send covers yet, or "". A progress report for it is due at
		// lastSent+every even if the feed goes quiet, so Next waits no
		// longer than that.
		unreported := ""
		for {
			nextCtx, cancel := ctx, context.CancelFunc(func() {})
			if unreported != "" {
				nextCtx, cancel = context.WithDeadline(ctx, lastSent.Add(progress.every))
			}
			c, first, err := sub.Next(nextCtx)
			cancel()
			if err != nil && ctx.Err() == nil && nextCtx.Err() != nil {
				// The report came due while the feed was quiet.
				if !send(progress.event(unreported)) {
					return
				}
				unreported = ""
				continue
			}
			if err != nil {
				if ctx.Err() == nil {
					subscriptionEnds.Store(op, err)
					if !send(none) {
						subscriptionEnds.Delete(op)
					}
				}
				return
			}
			lastChecked := false
			for i := first; i < c.Len(); i++ {
				e, ok := event(c, i)
				lastChecked = !ok
				if !ok {
					continue
				}
				if !send(e) {
					return
				}
				unreported = ""
			}
			if progress == nil || (!lastChecked && first < c.Len()) {
				continue
			}
			unreported = journey.FeedPosition{Seq: c.Seq + 1}.Cursor()
			if time.Since(lastSent) >= progress.every {
				if !send(progress.event(unreported)) {
					return
				}
				unreported = ""
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
