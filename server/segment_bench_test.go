package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// BenchmarkSegmentBatches sends batches of 100 track calls (10 accounts,
// mapped event names) as /v1/batch requests over real HTTP, as a client
// library does, and, for comparison, the same 100 touchpoints per request
// through the ingest path's own recordTouchpoints mutation. Both report
// events/s. Each path writes to accounts of its own (recording a touchpoint
// reads its account's latest, so a path writing to the other's accounts
// would find more there), and both are warmed up (Neo4j compiles a query's
// plan on its first runs) before either is timed, so the path timed first
// pays no more for it. Run (a Neo4j of its own):
//
//	scripts/test.sh ./server -run '^$' -bench BenchmarkSegmentBatches -benchtime 30x
func BenchmarkSegmentBatches(b *testing.B) {
	const perBatch, accounts, warmUp = 100, 10, 5
	_, srv := segmentAPI(b, time.Now)
	var groups []map[string]any
	for a := 0; a < 2*accounts; a++ {
		groups = append(groups, map[string]any{"type": "group", "messageId": fmt.Sprintf("g-%d", a), "userId": fmt.Sprintf("u-%d", a),
			"groupId": fmt.Sprintf("acc-%d", a), "traits": map[string]any{"name": fmt.Sprintf("Account %d", a)}})
	}
	if r, err := postSegment(srv, "/v1/batch", segmentWriteKey, batchJSON(map[string]any{"batch": groups}), false); err != nil || r.Status != http.StatusOK {
		b.Fatalf("groups: %+v %v", r, err)
	}
	events := []string{"Demo Requested", "Webinar Attended", "Email Opened", "Trial Started", "Invoice Paid"}
	types := []string{"demo", "webinar_attendance", "email_open", "trial_registration", "invoice"}
	start := time.Now().Add(-48 * time.Hour)
	next := 0 // events sent so far: every event of every run is new

	// The segment path's accounts are acc-0 to acc-9 (and its users u-0 to
	// u-9), the mutation's acc-10 to acc-19.
	sendBatch := func() error {
		calls := make([]map[string]any, perBatch)
		for j := range calls {
			n := next
			next++
			calls[j] = map[string]any{"type": "track", "messageId": fmt.Sprintf("m-%d", n), "userId": fmt.Sprintf("u-%d", n%accounts),
				"event": events[n%len(events)], "context": map[string]any{"groupId": fmt.Sprintf("acc-%d", n%accounts)},
				"timestamp": start.Add(time.Duration(n) * time.Second).Format(time.RFC3339)}
		}
		r, err := postSegment(srv, "/v1/batch", segmentWriteKey, batchJSON(map[string]any{"batch": calls}), false)
		if err == nil && r.Status != http.StatusOK {
			err = fmt.Errorf("%+v", r)
		}
		return err
	}
	const mutation = `mutation($in: [RecordTouchpointInput!]!) { recordTouchpoints(inputs: $in) { createdCount } }`
	sendMutation := func() error {
		inputs := make([]map[string]any, perBatch)
		for j := range inputs {
			n := next
			next++
			inputs[j] = map[string]any{"source": "bench", "externalId": fmt.Sprintf("m-%d", n), "type": types[n%len(types)],
				"accountId": fmt.Sprintf("acc-%d", accounts+n%accounts), "occurredAt": start.Add(time.Duration(n) * time.Second).Format(time.RFC3339)}
		}
		return postGraphQL(srv, segmentAdminKey, mutation, map[string]any{"in": inputs})
	}
	for i := 0; i < warmUp; i++ {
		if err := sendBatch(); err != nil {
			b.Fatalf("warm-up batch %d: %v", i, err)
		}
		if err := sendMutation(); err != nil {
			b.Fatalf("warm-up request %d: %v", i, err)
		}
	}

	b.Run("segment", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if err := sendBatch(); err != nil {
				b.Fatalf("batch %d: %v", i, err)
			}
		}
		b.ReportMetric(float64(b.N*perBatch)/b.Elapsed().Seconds(), "events/s")
	})
	b.Run("recordTouchpoints", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if err := sendMutation(); err != nil {
				b.Fatalf("request %d: %v", i, err)
			}
		}
		b.ReportMetric(float64(b.N*perBatch)/b.Elapsed().Seconds(), "events/s")
	})
	// One batch and one mutation request by turns, each timed: the load of
	// a shared machine drifts between the two runs above, not between two
	// requests, so the ratio of this run is the steadier figure.
	b.Run("alternating", func(b *testing.B) {
		var segment, mutation time.Duration
		for i := 0; i < b.N; i++ {
			t0 := time.Now()
			if err := sendBatch(); err != nil {
				b.Fatalf("batch %d: %v", i, err)
			}
			t1 := time.Now()
			if err := sendMutation(); err != nil {
				b.Fatalf("request %d: %v", i, err)
			}
			segment, mutation = segment+t1.Sub(t0), mutation+time.Since(t1)
		}
		b.ReportMetric(float64(b.N*perBatch)/segment.Seconds(), "segment-events/s")
		b.ReportMetric(float64(b.N*perBatch)/mutation.Seconds(), "mutation-events/s")
		b.ReportMetric(mutation.Seconds()/segment.Seconds(), "segment/mutation")
	})
}

// postGraphQL runs an operation over HTTP with a Bearer key and fails on any
// error.
func postGraphQL(srv *httptest.Server, key, query string, vars map[string]any) error {
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", bytes.NewReader(batchJSON(map[string]any{"query": query, "variables": vars})))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := srv.Client().Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var res struct {
		Errors []any `json:"errors"`
	}
	if err := json.Unmarshal(body, &res); err != nil || resp.StatusCode != http.StatusOK || len(res.Errors) > 0 {
		return fmt.Errorf("%d %s", resp.StatusCode, body)
	}
	return nil
}

func batchJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
