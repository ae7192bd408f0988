package server_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// The write deadline's warning "subscription stream cut: the client takes
// no writes" is for a subscriber that stopped reading. A client that closes
// its WebSocket normally (close 1000) while a subscription runs has not
// stalled, though gqlgen may then write the subscription's `complete` on the
// closed connection and that write fails: it must not be reported (found by
// review: every such ordinary disconnect was, burying the real ones).
func TestNormalCloseIsNotReportedAsStalled(t *testing.T) {
	srv := startRealServer(t, liveEnv(nil), liveFixture)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// Whether gqlgen writes `complete` after the close races with the end of
	// the handler (one close in ten to twenty here), so many clients close, one
	// after the other.
	for i := range 80 {
		conn, first, err := dialRaw(ctx, srv.Addr, readerKey)
		if err != nil || first != "connection_ack" {
			t.Fatalf("client %d: %q %v", i, first, err)
		}
		sub, _ := json.Marshal(map[string]any{"type": "subscribe", "id": "1", "payload": map[string]any{"query": touchpointSubscription}})
		if err := conn.Write(ctx, websocket.MessageText, sub); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond) // the subscription runs
		_ = conn.Close(websocket.StatusNormalClosure, "done")
	}
	time.Sleep(2 * time.Second) // the server has ended the connections
	for _, line := range strings.Split(srv.Logs.String(), "\n") {
		if strings.Contains(line, "takes no writes") {
			t.Errorf("a client that closed normally was logged as stalled: %s", line)
		}
	}
}
