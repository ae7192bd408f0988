package server_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/segment"
)

// A replayed pending call is already pending: it must not also be counted
// as skipped (PENDING_FULL) because its own pending node fills the bound.
func TestSegmentReplayAtPendingBoundIsNotSkipped(t *testing.T) {
	api, srv := segmentAPI(t, nil)
	var calls []map[string]any
	for i := 0; i < segment.MaxPendingPerKey; i++ {
		calls = append(calls, map[string]any{"type": "track", "event": "Demo Requested", "messageId": fmt.Sprintf("m-%03d", i), "anonymousId": "anon-x",
			"timestamp": segmentReceivedAt.Add(-time.Duration(i) * time.Minute).Format(time.RFC3339)})
	}
	batch := map[string]any{"batch": calls}
	mustPostSegment(t, srv, "/v1/batch", batch)
	mustPostSegment(t, srv, "/v1/batch", batch) // replay: must change nothing
	if n := api.Count(`MATCH (p:SegmentPending) RETURN count(p)`, nil); n != int64(segment.MaxPendingPerKey) {
		t.Errorf("%d pending, want %d", n, segment.MaxPendingPerKey)
	}
	expectRows(t, api, "skipped after the replay", `MATCH (s:SegmentSkipped) RETURN s.reason AS reason, count(*) AS n`, nil)
}

// An anonymous call is kept until an identify links its anonymousId; when
// the identified contact only gets an account later (a group call), the
// call must become the contact's touchpoint, not wait until it expires.
func TestSegmentAnonymousPendingDrainedWhenContactGetsAccountLater(t *testing.T) {
	api, srv := segmentAPI(t, nil)
	mustPostSegment(t, srv, "/v1/track", map[string]any{"messageId": "m-anon", "anonymousId": "anon-1", "event": "Demo Requested", "timestamp": at("10:00:00")})
	mustPostSegment(t, srv, "/v1/identify", map[string]any{"messageId": "m-id", "userId": "u-dan", "anonymousId": "anon-1", "traits": map[string]any{"email": "dan@gmail.com"}})
	mustPostSegment(t, srv, "/v1/group", map[string]any{"messageId": "m-g", "userId": "u-dan", "groupId": "initech", "traits": map[string]any{"name": "Initech"}})
	// Even a later track of the user does not find it.
	mustPostSegment(t, srv, "/v1/track", map[string]any{"messageId": "m-later", "userId": "u-dan", "event": "Trial Started", "timestamp": at("11:00:00")})
	expectRows(t, api, "touchpoints", `MATCH (t:Touchpoint) RETURN t.id AS id, t.contactId AS contact ORDER BY id`, []string{
		`{"contact":"u-dan","id":"segment:m-anon"}`, `{"contact":"u-dan","id":"segment:m-later"}`,
	})
	expectRows(t, api, "pending", `MATCH (p:SegmentPending) RETURN p.messageId AS id, p.key AS key`, nil)
}

// Replaying an earlier request after a later one must change nothing: the
// replayed identify and group calls are already applied (their messageIds
// were seen), so the contact keeps the later title and account.
func TestSegmentReplayOfOlderIdentifyAndGroupChangesNothing(t *testing.T) {
	api, srv := segmentAPI(t, nil)
	first := map[string]any{"batch": []map[string]any{
		{"type": "group", "messageId": "m-g1", "userId": "u-ada", "groupId": "acme", "traits": map[string]any{"name": "Acme"}},
		{"type": "identify", "messageId": "m-i1", "userId": "u-ada", "traits": map[string]any{"email": "ada@acme.com", "title": "CTO"}},
	}}
	mustPostSegment(t, srv, "/v1/batch", first)
	mustPostSegment(t, srv, "/v1/batch", map[string]any{"batch": []map[string]any{
		{"type": "group", "messageId": "m-g2", "userId": "u-ada", "groupId": "globex", "traits": map[string]any{"name": "Globex"}},
		{"type": "identify", "messageId": "m-i2", "userId": "u-ada", "traits": map[string]any{"title": "CEO"}},
	}})
	want := []string{`{"account":"globex","id":"u-ada","title":"CEO"}`}
	q := `MATCH (c:Contact) RETURN c.id AS id, c.title AS title, c.accountId AS account`
	expectRows(t, api, "before the replay", q, want)
	mustPostSegment(t, srv, "/v1/batch", first) // the client's retry of the first batch, delivered late
	expectRows(t, api, "after replaying the first batch", q, want)
}

// Two different calls (other users, other events) that reuse a messageId: the
// second may not become a touchpoint of its own (the id is taken), but it is
// counted, never dropped silently.
func TestSegmentReusedMessageIdIsNotLostSilently(t *testing.T) {
	api, srv := segmentAPI(t, nil)
	mustPostSegment(t, srv, "/v1/group", map[string]any{"messageId": "g-1", "groupId": "acme", "traits": map[string]any{"name": "Acme"}, "userId": "u-x"})
	mustPostSegment(t, srv, "/v1/track", map[string]any{"messageId": "1", "userId": "u-a", "event": "Demo Requested", "context": map[string]any{"groupId": "acme"}})
	mustPostSegment(t, srv, "/v1/track", map[string]any{"messageId": "1", "userId": "u-b", "event": "Invoice Paid", "context": map[string]any{"groupId": "acme"}})
	n := api.Count(`MATCH (t:Touchpoint) RETURN count(t)`, nil) + api.Count(`MATCH (s:SegmentSkipped) RETURN count(s)`, nil)
	if n != 2 {
		t.Errorf("%d touchpoints + skipped for 2 distinct calls, want 2", n)
	}
}
