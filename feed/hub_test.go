package feed_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/feed"
	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// hubOn runs a hub over a database with the catalog and account acme until
// the test ends.
func hubOn(t *testing.T, cfg feed.Config) (*storetest.DB, *feed.Hub) {
	t.Helper()
	db := storetest.New(t, nil)
	ctx := context.Background()
	if err := db.Store.LoadCatalog(ctx, seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Store.UpsertAccount(ctx, journey.AccountInput{ID: "acme", Name: "Acme"}); err != nil {
		t.Fatal(err)
	}
	hub := feed.New(db.Store, cfg, slog.New(slog.NewTextHandler(os.Stderr, nil)))
	hctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); hub.Run(hctx) }()
	t.Cleanup(func() { stop(); <-done })
	return db, hub
}

func record(t *testing.T, db *storetest.DB, ext string) {
	t.Helper()
	acme := "acme"
	in := journey.TouchpointInput{Source: "crm", ExternalID: ext, TypeKey: "demo", AccountID: &acme,
		OccurredAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	if _, err := db.Store.RecordTouchpoints(context.Background(), []journey.TouchpointInput{in}); err != nil {
		t.Fatal(err)
	}
}

// A subscriber that stops reading is ended once more than Backlog changes
// wait for it: it still gets the ones it had, then SLOW_CONSUMER, and it can
// resume from the last one's cursor without missing the rest.
func TestSlowConsumerIsEndedAndResumes(t *testing.T) {
	db, hub := hubOn(t, feed.Config{PollInterval: 20 * time.Millisecond, Backlog: 2, PruneInterval: -1})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	slow, err := hub.Subscribe(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	for i := range 4 {
		record(t, db, fmt.Sprintf("s%d", i))
	}
	for deadline := time.Now().Add(30 * time.Second); hub.Subscribers() > 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the slow subscriber was not ended")
		}
	}
	var last journey.FeedPosition
	for i := range 2 {
		c, from, err := slow.Next(ctx)
		if err != nil || from != 0 || len(c.Touchpoints) != 1 || c.Touchpoints[0].ID != fmt.Sprintf("crm:s%d", i) {
			t.Fatalf("buffered change %d: %+v from %d, %v", i, c, from, err)
		}
		last = c.Next(0)
	}
	if _, _, err := slow.Next(ctx); journey.ErrorCode(err) != journey.CodeSlowConsumer {
		t.Fatalf("after the backlog: %v, want %s", err, journey.CodeSlowConsumer)
	}
	resumed, err := hub.Subscribe(ctx, &last)
	if err != nil {
		t.Fatal(err)
	}
	defer resumed.Close()
	record(t, db, "s4")
	for i := 2; i <= 4; i++ {
		c, _, err := resumed.Next(ctx)
		if err != nil || c.Touchpoints[0].ID != fmt.Sprintf("crm:s%d", i) {
			t.Fatalf("resumed change %d: %+v, %v", i, c, err)
		}
	}
}

// The hub prunes changes older than its retention as it runs.
func TestHubPrunesOldChanges(t *testing.T) {
	db, _ := hubOn(t, feed.Config{PollInterval: 20 * time.Millisecond, Retention: time.Hour, PruneInterval: 50 * time.Millisecond})
	for i := range 3 {
		record(t, db, fmt.Sprintf("p%d", i))
	}
	db.Query(`MATCH (c:Change) WHERE c.seq <= 2 SET c.at = datetime() - duration('PT2H')`, nil)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		left := db.Query(`MATCH (c:Change) RETURN c.seq AS seq ORDER BY seq`, nil)
		if fmt.Sprint(left) == "[map[seq:3]]" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("changes left: %v, want only 3 (1 and 2 are two hours old)", left)
		}
	}
}

// While Neo4j is down, subscriptions end with SERVICE_UNAVAILABLE and new
// ones are refused; once it is back, a subscriber resuming from its last
// cursor gets everything written since, missing nothing.
func TestNeo4jOutageEndsSubscriptionsAndTheyResume(t *testing.T) {
	db, hub := hubOn(t, feed.Config{PollInterval: 50 * time.Millisecond, PruneInterval: -1})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	sub, err := hub.Subscribe(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	record(t, db, "o1")
	c, _, err := sub.Next(ctx)
	if err != nil || c.Touchpoints[0].ID != "crm:o1" {
		t.Fatalf("before the outage: %+v, %v", c, err)
	}
	last := c.Next(0)

	db.StopServer()
	if _, _, err := sub.Next(ctx); journey.ErrorCode(err) != journey.CodeUnavailable {
		t.Errorf("during the outage: %v, want %s", err, journey.CodeUnavailable)
	}
	if _, err := hub.Subscribe(ctx, &last); journey.ErrorCode(err) != journey.CodeUnavailable {
		t.Errorf("subscribing during the outage: %v, want %s", err, journey.CodeUnavailable)
	}
	db.StartServer()
	// Written before the subscriber is back (the store's first calls may
	// still find the old connections broken).
	acme := "acme"
	o2 := journey.TouchpointInput{Source: "crm", ExternalID: "o2", TypeKey: "demo", AccountID: &acme, OccurredAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	for deadline := time.Now().Add(3 * time.Minute); ; time.Sleep(500 * time.Millisecond) {
		if _, err := db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{o2}); err == nil {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("writing after the outage: %v", err)
		}
	}
	var resumed *feed.Subscription
	for deadline := time.Now().Add(3 * time.Minute); ; time.Sleep(100 * time.Millisecond) {
		if resumed, err = hub.Subscribe(ctx, &last); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("subscribing after the outage: %v", err)
		}
	}
	defer resumed.Close()
	record(t, db, "o3")
	for _, want := range []string{"crm:o2", "crm:o3"} {
		c, _, err := resumed.Next(ctx)
		if err != nil || c.Touchpoints[0].ID != want {
			t.Fatalf("after the outage: %+v, %v; want %s", c, err, want)
		}
	}
}

// A cursor past the feed's head was never handed out by this database (one
// from another environment, or from before a restore): it is refused, since
// accepting it would silently skip every event up to it. The head's own
// next position (what a fresh subscription starts from, on any replica)
// is accepted and gets the next touchpoint.
func TestCursorPastTheHeadIsRefused(t *testing.T) {
	db, hub := hubOn(t, feed.Config{PollInterval: 20 * time.Millisecond, PruneInterval: -1})
	record(t, db, "h1") // the head is change 1
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	sub, err := hub.Subscribe(ctx, &journey.FeedPosition{Seq: 1000})
	if err == nil {
		sub.Close()
		t.Fatal("a cursor 998 changes past the head was accepted")
	}
	if code := journey.ErrorCode(err); code != journey.CodeInvalidInput {
		t.Fatalf("err = %v (code %s), want %s", err, code, journey.CodeInvalidInput)
	}

	// Change 2 is the next one: a cursor at it, taken before the hub saw
	// change 1 or on another replica, is valid.
	sub, err = hub.Subscribe(ctx, &journey.FeedPosition{Seq: 2})
	if err != nil {
		t.Fatalf("the head's next position was refused: %v", err)
	}
	defer sub.Close()
	record(t, db, "h2")
	c, i, err := sub.Next(ctx)
	if err != nil || c.Seq != 2 || i != 0 || len(c.Touchpoints) != 1 || c.Touchpoints[0].ID != "crm:h2" {
		t.Fatalf("Next = change %d event %d %+v, %v; want change 2 with crm:h2", c.Seq, i, c.Touchpoints, err)
	}
}

// A resuming subscriber whose backlog fills while it still reads its history
// from Neo4j is not a slow consumer: the hub leaves the overflowing changes
// for it to read from Neo4j as well, and it gets every change once, in
// order. (It used to be ended with SLOW_CONSUMER, and a filtered subscriber
// that resumed from the same cursor again looped for good.)
func TestResumingSubscriberOutpacedDuringItsReplayGetsEveryChange(t *testing.T) {
	db, hub := hubOn(t, feed.Config{PollInterval: 20 * time.Millisecond, Backlog: 2, PageSize: 2, PruneInterval: -1})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	watcher, err := hub.Subscribe(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer watcher.Close()
	next := func(s *feed.Subscription, want string) journey.Change {
		t.Helper()
		c, from, err := s.Next(ctx)
		if err != nil || from != 0 || len(c.Touchpoints) != 1 || c.Touchpoints[0].ID != want {
			t.Fatalf("want %s: %+v from %d, %v", want, c, from, err)
		}
		return c
	}
	// s0..s3 are history for the resuming subscriber: 2 pages of 2.
	var first journey.FeedPosition
	for i := range 4 {
		record(t, db, fmt.Sprintf("s%d", i))
		c := next(watcher, fmt.Sprintf("crm:s%d", i))
		if i == 0 {
			first = journey.FeedPosition{Seq: c.Seq}
		}
	}
	resumed, err := hub.Subscribe(ctx, &first)
	if err != nil {
		t.Fatal(err)
	}
	defer resumed.Close()
	// s4..s9 reach the hub one poll each (the watcher reads each before the
	// next is written) while the resuming one reads nothing: its backlog of
	// 2 overflows at s6.
	for i := 4; i < 10; i++ {
		record(t, db, fmt.Sprintf("s%d", i))
		next(watcher, fmt.Sprintf("crm:s%d", i))
	}
	if n := hub.Subscribers(); n != 2 {
		t.Fatalf("%d subscribers after the overflow, want 2 (the resuming one was ended)", n)
	}
	for i := range 10 {
		next(resumed, fmt.Sprintf("crm:s%d", i))
	}
	// Caught up, it is live: the next change arrives through its backlog.
	record(t, db, "s10")
	next(resumed, "crm:s10")
}
