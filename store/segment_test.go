package store_test

import (
	"context"
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
