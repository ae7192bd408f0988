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
