package server_test

import (
	"strings"
	"testing"
)

// The skip metrics never carry a user or anonymous id (personal data, and
// one label value per user), and an event name is cut to 64 bytes.
func TestSegmentSkipMetricsCarryNoIdsAndShortNames(t *testing.T) {
	_, srv := segmentAPI(t, nil)
	long := strings.Repeat("Spun ", 30) // 150 bytes, unmapped
	mustPostSegment(t, srv, "/v1/batch", map[string]any{"batch": []map[string]any{
		{"type": "identify", "messageId": "m-1", "userId": "u-private-1", "traits": map[string]any{"title": "CTO"}}, // NO_EMAIL
		{"type": "identify", "messageId": "m-2", "anonymousId": "anon-private-2"},                                   // NO_USER_ID
		{"type": "track", "messageId": "m-3", "userId": "u-private-3", "event": long},                               // UNMAPPED
	}})
	var lines []string
	for _, l := range strings.Split(getWithKey(t, srv, "/metrics", segmentAdminKey), "\n") {
		if strings.HasPrefix(l, "journeygraph_segment_skipped_total{") {
			lines = append(lines, l)
		}
	}
	want := []string{ // sorted by labels, as Prometheus writes them
		`journeygraph_segment_skipped_total{name="",reason="NO_EMAIL",type="identify"} 1`,
		`journeygraph_segment_skipped_total{name="",reason="NO_USER_ID",type="identify"} 1`,
		`journeygraph_segment_skipped_total{name="` + long[:64] + `",reason="UNMAPPED",type="track"} 1`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("skip metrics:\n got  %s\n want %s", strings.Join(lines, "\n      "), strings.Join(want, "\n      "))
	}
}
