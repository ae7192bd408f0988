package main

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/journeygraph/journeygraph/server/livetest"
)

// SIGTERM to `journeygraph serve` with many open subscriptions: the process
// may exit only once every WebSocket's close frame (1001, going away) is
// written, so every client learns to reconnect elsewhere; a frame the
// process did not write before exiting shows as an abnormal closure.
func TestShutdownClosesEveryWebSocketBeforeExiting(t *testing.T) {
	bin := buildBinary(t)
	db := killFixture(t)
	const key = "wk-live-shutdown"
	const subscribers = 500
	addr := freeAddr(t)
	server := startServer(t, bin, db, addr, key, nil, "JOURNEYGRAPH_MAX_CONNECTIONS_PER_KEY=1000")
	initPayload := map[string]any{"Authorization": "Bearer " + key}
	clients := make([]*livetest.WS, subscribers)
	for i := range clients {
		clients[i] = livetest.DialWS(t, addr, nil, initPayload).Acked(t)
		clients[i].Subscribe(t, "1", `subscription { touchpointRecorded { cursor } }`, nil)
	}
	time.Sleep(time.Second) // every subscription has joined the feed
	if err := server.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := server.wait(); err != nil {
		t.Fatalf("serve exited with %v", err)
	}
	codes := map[websocket.StatusCode]int{}
	for _, c := range clients {
		code, _ := c.Closed(t, 30*time.Second)
		codes[code]++
	}
	if codes[websocket.StatusGoingAway] != subscribers {
		t.Errorf("close codes seen by %d subscribers: %v, want all %d", subscribers, fmt.Sprint(codes), websocket.StatusGoingAway)
	}
}
