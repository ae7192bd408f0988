package server_test

import (
	"context"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/server/livetest"
)

// A filtered touchpointFeed subscriber is given a cursor covering every
// change it checked within progressEvery of its last send, also when the
// changes that match nothing come right after an event and the feed then
// goes quiet (found by review: the progress was only sent when a later
// change arrived). Once retention prunes those changes (all but the head),
// resuming from the last cursor it received works: nothing matching was
// missed. Retention is done by pruning directly, as the hub's pruner would.
func TestFilteredProgressCoversChangesBeforeAQuietPeriod(t *testing.T) {
	srv := startRealServer(t, liveEnv(map[string]string{"JOURNEYGRAPH_REQUEST_TIMEOUT": "2m"}), liveFixture)
	reader := map[string]any{"Authorization": "Bearer " + readerKey}
	globexOnly := map[string]any{"accountIds": []string{"globex"}}
	const every = 3 // seconds; q1 and q2 are recorded well within it of g1's event
	record := func(ext, account string) {
		gqlPost(t, srv.Addr, writerKey, recordTouchpointsMutation, map[string]any{"in": []any{tpInput(ext, "demo", 1, account, "")}})
	}

	everything := livetest.DialWS(t, srv.Addr, nil, reader).Acked(t)
	everything.Subscribe(t, "all", touchpointFeedSubscription, nil)
	quiet := livetest.DialWS(t, srv.Addr, nil, reader).Acked(t)
	quiet.Subscribe(t, "1", touchpointFeedSubscription, map[string]any{"f": globexOnly, "every": every})
	time.Sleep(500 * time.Millisecond) // both registered before the writes

	record("g1", "globex")
	kind, last := feedEvent(t, quiet.Next(t, time.Minute))
	if kind != "crm:g1" {
		t.Fatalf("first event %s, want crm:g1", kind)
	}
	record("q1", "acme") // two changes that match nothing, then quiet
	record("q2", "acme")
	for _, want := range []string{"crm:g1", "crm:q1", "crm:q2"} {
		if got, _ := feedEvent(t, everything.Next(t, time.Minute)); got != want {
			t.Fatalf("unfiltered subscriber: %s, want %s", got, want)
		}
	}
	// Whatever the filtered subscriber is sent until it has been quiet for
	// well over progressEvery: FeedProgress only, its last cursor kept.
	for quietFor := 4 * every * time.Second; ; {
		select {
		case m := <-quiet.Messages():
			kind, cursor := feedEvent(t, m)
			if kind != "progress" {
				t.Fatalf("filtered subscriber got %s, want progress", kind)
			}
			last = cursor
			continue
		case <-time.After(quietFor):
		}
		break
	}
	quiet.CloseNow()

	// A quiet day later: retention has pruned everything but the head (q2).
	if _, err := srv.Store.PruneChanges(context.Background(), time.Now().Add(time.Minute), 1000); err != nil {
		t.Fatal(err)
	}

	resumed := livetest.DialWS(t, srv.Addr, nil, reader).Acked(t)
	resumed.Subscribe(t, "1", touchpointFeedSubscription, map[string]any{"f": globexOnly, "after": last, "every": 3600})
	record("g2", "globex")
	m := resumed.Next(t, time.Minute)
	if r := livetest.Decode(t, m); len(r.Errors) > 0 {
		t.Fatalf("resuming from the last cursor the filtered subscriber was given (nothing matching missed): %s %s", m.Type, m.Payload)
	}
	if kind, _ := feedEvent(t, m); kind != "crm:g2" {
		t.Errorf("resumed: %s, want crm:g2", kind)
	}
}
