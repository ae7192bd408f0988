package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"
)

// BenchmarkSegmentBatches sends /v1/batch requests of 100 track calls (10
// accounts, mapped event names) over real HTTP, as a client library does, and
// reports events/s. Run: make bench, or
// scripts/test.sh ./server -run '^$' -bench BenchmarkSegmentBatches -benchtime 20x
func BenchmarkSegmentBatches(b *testing.B) {
	const perBatch = 100
	_, srv := segmentAPI(b, time.Now)
	events := []string{"Demo Requested", "Webinar Attended", "Email Opened", "Trial Started", "Invoice Paid"}
	var groups []map[string]any
	for a := 0; a < 10; a++ {
		groups = append(groups, map[string]any{"type": "group", "messageId": fmt.Sprintf("g-%d", a), "userId": fmt.Sprintf("u-%d", a),
			"groupId": fmt.Sprintf("acc-%d", a), "traits": map[string]any{"name": fmt.Sprintf("Account %d", a)}})
	}
	if r, err := postSegment(srv, "/v1/batch", segmentWriteKey, batchJSON(map[string]any{"batch": groups}), false); err != nil || r.Status != http.StatusOK {
		b.Fatalf("groups: %+v %v", r, err)
	}
	start := time.Now().Add(-48 * time.Hour)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		calls := make([]map[string]any, perBatch)
		for j := range calls {
			n := i*perBatch + j
			calls[j] = map[string]any{"type": "track", "messageId": fmt.Sprintf("m-%d", n), "userId": fmt.Sprintf("u-%d", n%10),
				"event": events[n%len(events)], "context": map[string]any{"groupId": fmt.Sprintf("acc-%d", n%10)},
				"timestamp": start.Add(time.Duration(n) * time.Second).Format(time.RFC3339)}
		}
		r, err := postSegment(srv, "/v1/batch", segmentWriteKey, batchJSON(map[string]any{"batch": calls}), false)
		if err != nil || r.Status != http.StatusOK {
			b.Fatalf("batch %d: %+v %v", i, r, err)
		}
	}
	b.ReportMetric(float64(b.N*perBatch)/b.Elapsed().Seconds(), "events/s")
}

func batchJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
