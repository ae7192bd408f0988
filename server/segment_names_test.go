package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// An unmapped event name longer than 200 bytes whose 200th byte falls inside
// a multi-byte character: the skipped call is counted under a valid name
// (before, the cut split the character and the metrics label panicked the
// handler, so the client got no answer and retried for good).
func TestSegmentLongUnmappedEventNameIsCounted(t *testing.T) {
	api, srv := segmentAPI(t, nil)
	name := strings.Repeat("a", 199) + strings.Repeat("é", 10)
	b, _ := json.Marshal(map[string]any{"messageId": "m-long", "userId": "u-1", "event": name})
	r, err := postSegment(srv, "/v1/track", segmentWriteKey, b, false)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != http.StatusOK {
		t.Fatalf("status %d %+v", r.Status, r)
	}
	rows := api.Query(`MATCH (s:SegmentSkipped {messageId: 'm-long'}) RETURN s.name AS name`, nil)
	if len(rows) != 1 {
		t.Fatalf("%d skipped rows, want 1", len(rows))
	}
	if s, _ := rows[0]["name"].(string); !utf8.ValidString(s) || !strings.HasPrefix(name, s) {
		t.Errorf("stored name %q is not a valid prefix of the event name", s)
	}
}
