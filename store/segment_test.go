package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// A pending call whose touchpoint is recorded is settled, not expired: when a
// request failed after recording the touchpoint and before its pending call
// was dropped, the expiry drops it without counting it PENDING_EXPIRED.
func TestSegmentExpiryDoesNotCountSettledPendingCalls(t *testing.T) {
	db := journeyFixture(t)
	ctx := context.Background()
	received := t0.Add(-40 * 24 * time.Hour)
	if err := db.Store.SegmentWrite(ctx, journey.SegmentWrite{Pending: []journey.SegmentPending{
		{MessageID: "m-settled", Fingerprint: "f1", Key: "anon:a1", Kind: "track", Name: "Demo Requested", ReceivedAt: received, Message: "{}"},
		{MessageID: "m-waiting", Fingerprint: "f2", Key: "anon:a1", Kind: "track", Name: "Demo Requested", ReceivedAt: received, Message: "{}"},
	}}); err != nil {
		t.Fatal(err)
	}
	// The touchpoint of m-settled, recorded by a request that failed next.
	if _, err := db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{
		{Source: "segment", ExternalID: "m-settled", TypeKey: "demo", OccurredAt: received, ContactID: ptr("ada")},
	}); err != nil {
		t.Fatal(err)
	}
	n, err := db.Store.SegmentExpirePending(ctx, t0.Add(-30*24*time.Hour), t0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("expired %d, want 1 (m-waiting only)", n)
	}
	rows := db.Query(`MATCH (s:SegmentSkipped) RETURN s.messageId AS id, s.reason AS reason ORDER BY id`, nil)
	if len(rows) != 1 || rows[0]["id"] != "m-waiting" || rows[0]["reason"] != "PENDING_EXPIRED" {
		t.Errorf("skipped %v, want m-waiting PENDING_EXPIRED only", rows)
	}
	if left := db.Count(`MATCH (p:SegmentPending) RETURN count(p)`, nil); left != 0 {
		t.Errorf("%d pending left, want 0", left)
	}
}

// Skipped calls are counted as they are skipped, once per call (a replay
// counts nothing), by reason, type and event name; identify calls under no
// name (their name is a user id). Their records are dropped after the
// retention and the counts stay.
func TestSegmentSkipCountsOutliveTheRecords(t *testing.T) {
	db := journeyFixture(t)
	ctx := context.Background()
	skips := journey.SegmentWrite{Skipped: []journey.SegmentSkip{
		{MessageID: "m-1", Fingerprint: "f1", Reason: "UNMAPPED", Kind: "track", Name: "Widget Spun", At: t0},
		{MessageID: "m-2", Fingerprint: "f2", Reason: "UNMAPPED", Kind: "track", Name: "Widget Spun", At: t0.Add(time.Hour)},
		{MessageID: "m-3", Fingerprint: "f3", Reason: "NO_EMAIL", Kind: "identify", Name: "u-private", At: t0},
	}}
	for range 2 { // the second time is a replay
		if err := db.Store.SegmentWrite(ctx, skips); err != nil {
			t.Fatal(err)
		}
	}
	want := []journey.SegmentSkippedCount{
		{Reason: "UNMAPPED", Kind: "track", Name: "Widget Spun", Count: 2, FirstSeen: t0, LastSeen: t0.Add(time.Hour)},
		{Reason: "NO_EMAIL", Kind: "identify", Name: "", Count: 1, FirstSeen: t0, LastSeen: t0},
	}
	check := func(when string) {
		t.Helper()
		got, err := db.Store.SegmentSkippedCounts(ctx, nil, 10)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: counts\n got  %v\n want %v", when, got, want)
		}
		reason := "NO_EMAIL"
		if got, err = db.Store.SegmentSkippedCounts(ctx, &reason, 10); err != nil || fmt.Sprint(got) != fmt.Sprint(want[1:]) {
			t.Errorf("%s: NO_EMAIL counts %v (%v), want %v", when, got, err, want[1:])
		}
	}
	check("before the retention")
	// m-2's record is younger than the cutoff: kept.
	if n, err := db.Store.SegmentPruneMessages(ctx, t0.Add(time.Minute), 500); err != nil || n != 2 {
		t.Errorf("pruned %d (%v), want 2", n, err)
	}
	if left := db.Count(`MATCH (s:SegmentSkipped) RETURN count(s)`, nil); left != 1 {
		t.Errorf("%d skipped records left, want 1", left)
	}
	check("after the retention")
}
