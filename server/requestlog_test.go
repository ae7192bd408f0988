package server_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/store/storetest"
)

// TestFailedRequestsLogOneLine: 30 aliased writes wait on a lock the test
// holds. A client that gives up half-way (cancelling its real HTTP request)
// leaves exactly one log line for its request — the access line, at INFO,
// status 499 — however many fields failed after it left; a request that runs
// out of time gets one "request failed" warning besides its access line.
func TestFailedRequestsLogOneLine(t *testing.T) {
	srv := startRealServer(t, map[string]string{
		"JOURNEYGRAPH_REQUEST_TIMEOUT": "2s",
		"JOURNEYGRAPH_SLOW_THRESHOLD":  "1h", // slow-query lines are not what this test counts
	}, nil)
	post := func(ctx context.Context, requestID, query string) (int, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+srv.Addr+"/graphql",
			strings.NewReader(fmt.Sprintf(`{"query":%q}`, query)))
		if err != nil {
			return 0, err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Request-Id", requestID)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		return resp.StatusCode, nil
	}
	if status, err := post(t.Context(), "setup", `mutation { upsertAccount(input: {id: "slow", name: "Before"}) { created } }`); err != nil || status != 200 {
		t.Fatalf("setup: %d %v", status, err)
	}

	ctx := context.Background()
	_, upsertsRunning := lockAccount(t, srv.DB, "slow")
	var b strings.Builder
	b.WriteString("mutation {")
	for i := range 30 {
		fmt.Fprintf(&b, ` u%d: upsertAccount(input: {id: "slow", name: "After %d"}) { created }`, i, i)
	}
	writes := b.String() + " }"
	accessLogged := func(id string) bool {
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			for _, rec := range srv.logLines(t, "request_id", id) {
				if rec["msg"] == "http request" {
					return true
				}
			}
		}
		return false
	}

	t.Run("the client goes away", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		done := make(chan error, 1)
		go func() {
			_, err := post(cctx, "client-gone", writes)
			done <- err
		}()
		seen := false
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && !seen; time.Sleep(50 * time.Millisecond) {
			seen = upsertsRunning() > 0
		}
		if !seen {
			t.Fatal("the request's write never waited in Neo4j")
		}
		cancel()
		if err := <-done; err == nil {
			t.Fatal("the cancelled request got an answer")
		}
		if !accessLogged("client-gone") {
			t.Fatalf("no access line for the request:\n%s", srv.Logs)
		}
		lines := srv.logLines(t, "request_id", "client-gone")
		if len(lines) != 1 || lines[0]["level"] != "INFO" || lines[0]["status"] != float64(499) {
			t.Errorf("%d lines for the request, want one access line at INFO with status 499: %v", len(lines), lines)
		}
	})

	t.Run("the request runs out of time", func(t *testing.T) {
		if _, err := post(ctx, "timed-out", writes); err != nil {
			t.Fatal(err)
		}
		if !accessLogged("timed-out") {
			t.Fatalf("no access line for the request:\n%s", srv.Logs)
		}
		var levels []string
		for _, rec := range srv.logLines(t, "request_id", "timed-out") {
			levels = append(levels, fmt.Sprint(rec["level"], " ", rec["msg"], " ", rec["code"]))
		}
		if strings.Join(levels, "|") != "WARN request failed TIMEOUT|INFO http request <nil>" {
			t.Errorf("log lines for the request: %q, want one TIMEOUT warning and the access line", levels)
		}
	})
}

// TestMigrationProgressUsesTheStructuredLogger: the journey paths the
// server builds at start are logged by its own logger (JSON here), not by
// the standard library's default logger.
func TestMigrationProgressUsesTheStructuredLogger(t *testing.T) {
	var std bytes.Buffer
	previous := log.Writer()
	log.SetOutput(&std)
	defer log.SetOutput(previous)
	srv := startRealServer(t, nil, func(db *storetest.DB) {
		// Written without the API: an account with a touchpoint but no JourneyPath.
		db.Query(`CREATE (:Account {id: 'no-path', name: 'No path yet'})
		  CREATE (:Touchpoint {id: 'crm:np-1', source: 'crm', externalId: 'np-1', type: 'demo', accountId: 'no-path',
		    occurredAt: datetime('2026-01-01T00:00:00Z')})`, nil)
	})
	lines := srv.logLines(t, "msg", "built journey paths")
	if len(lines) != 1 || lines[0]["level"] != "INFO" || lines[0]["owners"] != float64(1) || lines[0]["journeys"] != "ACCOUNT" {
		t.Errorf("structured lines: %v\nlogs:\n%s", lines, srv.Logs)
	}
	if strings.Contains(std.String(), "built journey paths") {
		t.Errorf("the standard logger got: %s", std.String())
	}
}
