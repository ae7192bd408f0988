package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/server/apitest"
)

// TestGracefulShutdownDrainsInFlightRequest sends SIGTERM to `journeygraph
// serve` while a batch ingest request is half-way through its body. The
// server must stop accepting connections, still read, execute and answer
// that request, and only then exit cleanly; the batch must be in Neo4j.
// The request is written by hand on a raw connection so that it is
// deterministically in flight when the signal arrives.
func TestGracefulShutdownDrainsInFlightRequest(t *testing.T) {
	bin := buildBinary(t)
	db := killFixture(t)
	const key = "writer-key-for-the-drain-test"
	const batch = 50
	addr := freeAddr(t)
	var logs apitest.SafeBuffer
	server := startServer(t, bin, db, addr, key, &logs)

	start := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	items := make([]map[string]any, batch)
	for i := range items {
		items[i] = map[string]any{"source": "crm", "externalId": fmt.Sprintf("drain-%03d", i), "type": "demo",
			"occurredAt": start.Add(time.Duration(i) * time.Minute).Format(time.RFC3339), "accountId": "acme",
			"contactId": []string{"ada", "bob"}[i%2]}
	}
	body, _ := json.Marshal(map[string]any{
		"query":     `mutation($in: [RecordTouchpointInput!]!) { recordTouchpoints(inputs: $in) { createdCount existingCount } }`,
		"variables": map[string]any{"in": items}})

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Expect: 100-continue makes the server say when its handler starts
	// reading the body: from then on the request is certainly in flight
	// (accepted, parsed, inside the handler), whatever the machine's load.
	head := "POST /graphql HTTP/1.1\r\nHost: " + addr + "\r\nContent-Type: application/json\r\n" +
		"Authorization: Bearer " + key + fmt.Sprintf("\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", len(body))
	if _, err := conn.Write([]byte(head)); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(time.Minute))
	replies := bufio.NewReader(conn)
	if cont, err := http.ReadResponse(replies, nil); err != nil || cont.StatusCode != http.StatusContinue {
		t.Fatalf("no 100 Continue: %v %v", cont, err)
	}
	half := len(body) / 2
	if _, err := conn.Write(body[:half]); err != nil {
		t.Fatal(err)
	}

	if err := server.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// Shutdown closes the listener first: new connections are refused while
	// the half-sent request keeps its own.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the server still accepts connections 30 s after SIGTERM")
		}
	}
	// The line reaches the test through the process's stderr pipe, which may
	// lag the closed listener; the request cannot finish before the rest of
	// its body is sent, so the line still comes before the drain ends.
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(logs.String(), "shutting down: draining in-flight requests"); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Errorf("no shutdown log line before the drain:\n%s", logs.String())
			break
		}
	}
	if server.exitedYet() {
		t.Fatalf("the server exited (%v) with a request in flight:\n%s", server.wait(), logs.String())
	}

	if _, err := conn.Write(body[half:]); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(replies, nil)
	if err != nil {
		t.Fatalf("no answer to the in-flight request: %v\n%s", err, logs.String())
	}
	defer resp.Body.Close()
	var out struct {
		Data struct {
			RecordTouchpoints struct{ CreatedCount, ExistingCount int }
		}
		Errors []json.RawMessage
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || len(out.Errors) > 0 ||
		out.Data.RecordTouchpoints.CreatedCount != batch || out.Data.RecordTouchpoints.ExistingCount != 0 {
		t.Fatalf("in-flight request: status %d, errors %s, %+v; want 200 with %d created",
			resp.StatusCode, out.Errors, out.Data.RecordTouchpoints, batch)
	}

	select {
	case <-server.done:
		if server.err != nil {
			t.Fatalf("exit after draining: %v\n%s", server.err, logs.String())
		}
	case <-time.After(time.Minute):
		t.Fatal("the server did not exit after its last request was answered")
	}
	if !strings.Contains(logs.String(), "stopped") {
		t.Errorf("no clean stop in the logs:\n%s", logs.String())
	}
	assertJourneys(t, db, batch)
}
