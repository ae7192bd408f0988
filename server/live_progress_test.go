package server_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/server/livetest"
)

const touchpointFeedSubscription = `subscription($f: TouchpointRecordedFilter, $after: String, $every: Int) {
  touchpointFeed(filter: $f, after: $after, progressEvery: $every) {
    __typename
    ... on TouchpointRecorded { cursor touchpoint { id } }
    ... on FeedProgress { cursor } } }`

// feedEvent is a touchpointFeed event: "progress" or the touchpoint's id,
// with its cursor.
func feedEvent(t *testing.T, m livetest.Msg) (string, string) {
	t.Helper()
	r := livetest.Decode(t, m)
	var e struct {
		Typename   string `json:"__typename"`
		Cursor     string `json:"cursor"`
		Touchpoint *struct {
			ID string `json:"id"`
		} `json:"touchpoint"`
	}
	if len(r.Errors) > 0 || json.Unmarshal(r.Data["touchpointFeed"], &e) != nil || e.Cursor == "" {
		t.Fatalf("touchpointFeed event %s %s", m.Type, m.Payload)
	}
	if e.Typename == "FeedProgress" {
		return "progress", e.Cursor
	}
	return e.Touchpoint.ID, e.Cursor
}

// A filtered subscriber learns how far the feed has been checked for it
// while nothing matches (FeedProgress), so after a quiet period it can
// resume from there: exactly the matching events it missed, in order, then
// the live ones; nothing twice.
func TestFilteredSubscriberResumesFromItsProgress(t *testing.T) {
	srv := startRealServer(t, liveEnv(map[string]string{"JOURNEYGRAPH_REQUEST_TIMEOUT": "2m"}), liveFixture) // a loaded test machine
	reader := map[string]any{"Authorization": "Bearer " + readerKey}
	globexOnly := map[string]any{"accountIds": []string{"globex"}}
	record := func(ext, account string) {
		gqlPost(t, srv.Addr, writerKey, recordTouchpointsMutation, map[string]any{"in": []any{tpInput(ext, "demo", 1, account, "")}})
	}

	quiet := livetest.DialWS(t, srv.Addr, nil, reader).Acked(t)
	quiet.Subscribe(t, "1", touchpointFeedSubscription, map[string]any{"f": globexOnly, "every": 0})
	time.Sleep(300 * time.Millisecond) // registered before the write
	record("q1", "acme")               // does not match
	kind, progress := feedEvent(t, quiet.Next(t, 10*time.Second))
	if kind != "progress" {
		t.Fatalf("after a non-matching change: %s, want progress", kind)
	}
	quiet.CloseNow()

	// Missed while away, one change each: q2, g1, q3, g2.
	record("q2", "acme")
	record("g1", "globex")
	record("q3", "acme")
	record("g2", "globex")

	resumed := livetest.DialWS(t, srv.Addr, nil, reader).Acked(t)
	resumed.Subscribe(t, "1", touchpointFeedSubscription, map[string]any{"f": globexOnly, "after": progress, "every": 0})
	var got []string
	for range 4 {
		kind, _ := feedEvent(t, resumed.Next(t, 10*time.Second))
		got = append(got, kind)
	}
	record("g3", "globex")
	kind, _ = feedEvent(t, resumed.Next(t, 10*time.Second))
	got = append(got, kind)
	// Worked out by hand: q2 is checked (progress), g1, q3 checked
	// (progress), g2, then live g3. q1 is before the cursor.
	if want := "[progress crm:g1 progress crm:g2 crm:g3]"; fmt.Sprint(got) != want {
		t.Errorf("resumed from the progress cursor: %v, want %s", got, want)
	}
}
