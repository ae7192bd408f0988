package server_test

import (
	"fmt"
	"testing"
	"time"
)

// The records of calls are dropped after 31 days (docs/segment-source.md
// "Bounded", SECURITY.md: personal data) as fast as calls arrive: a run
// drops up to twice the calls received since the last one (at least 500),
// and runs again on the next request while it found a full batch due. Here
// 600 records are past the retention and 600 calls arrive within the same
// minute in six requests: the first run drops 500 (a full batch), the
// second request's run the other 100, so none is left. Before, the prune ran
// once a minute, 500 a run, and 100 stayed.
func TestSegmentExpiredRecordsArePrunedAsFastAsCallsArrive(t *testing.T) {
	api, srv := segmentAPI(t, nil)
	old := segmentReceivedAt.Add(-40 * 24 * time.Hour)
	api.Query(`UNWIND range(1, 600) AS i
		CREATE (:SegmentMessage {id: 'old-' + i + '|f', messageId: 'old-' + i, fingerprint: 'f', at: $at})`, map[string]any{"at": old})
	for r := 0; r < 6; r++ {
		var calls []map[string]any
		for i := 0; i < 100; i++ {
			calls = append(calls, map[string]any{"type": "track", "messageId": fmt.Sprintf("m-%d-%d", r, i), "userId": "u-1", "event": "Widget Spun"})
		}
		mustPostSegment(t, srv, "/v1/batch", map[string]any{"batch": calls})
	}
	cutoff := segmentReceivedAt.Add(-31 * 24 * time.Hour)
	if n := api.Count(`MATCH (m:SegmentMessage) WHERE m.at < $cutoff RETURN count(m)`, map[string]any{"cutoff": cutoff}); n != 0 {
		t.Errorf("%d records past the retention after 600 calls in six requests, want 0", n)
	}
}
