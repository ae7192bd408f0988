package main

import (
	"context"
	"encoding/json"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/journeygraph/journeygraph/server/livetest"
)

// A real `journeygraph serve` stopped with SIGTERM ends a WebSocket
// subscription as README and SECURITY.md say: the socket is closed with
// 1001 (going away), so the client reconnects elsewhere with its cursor.
// Over WebSocket the close code is the signal: the SHUTTING_DOWN error may
// come before it or not (whichever of the feed's end and the connection's
// end reaches the socket first); nothing else may. In-process tests cannot
// see the close frame a process that exits too early never writes.
func TestSIGTERMClosesAWebSocketSubscriptionWith1001(t *testing.T) {
	bin := buildBinary(t)
	db := killFixture(t)
	const key = "wk-sigterm-subscription"
	addr := freeAddr(t)
	p := startServer(t, bin, db, addr, key, nil)
	ws := livetest.DialWS(t, addr, nil, map[string]any{"Authorization": "Bearer " + key}).Acked(t)
	ws.Subscribe(t, "1", `subscription { touchpointRecorded { cursor } }`, nil)
	time.Sleep(time.Second) // the subscription has joined the feed

	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var got []string
	deadline := time.After(30 * time.Second)
	for done := false; !done; {
		select {
		case m, ok := <-ws.Messages():
			if !ok {
				done = true
				break
			}
			var r struct {
				Errors []struct {
					Extensions map[string]any
				}
			}
			_ = json.Unmarshal(m.Payload, &r)
			if m.Type != "next" || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "SHUTTING_DOWN" {
				got = append(got, m.Type+" "+string(m.Payload))
			}
		case <-deadline:
			t.Fatalf("still open 30 s after SIGTERM; got %q", got)
		}
	}
	code, reason := ws.Closed(t, time.Second)
	if code != 1001 {
		t.Errorf("after SIGTERM the WebSocket closed with %d %q, want 1001 (going away)", code, reason)
	}
	if len(got) > 0 {
		t.Errorf("after SIGTERM the subscription got %q before the close, want at most a SHUTTING_DOWN error (nothing was recorded)", got)
	}
	if err := p.wait(); err != nil {
		t.Errorf("serve exited with %v after SIGTERM", err)
	}
}

// A WebSocket that has been upgraded but has not sent connection_init yet
// (a client connecting as the replica stops) is closed at shutdown with
// 1001 too (found by review: nothing watched it before its init, so the
// shutdown waited for gqlgen's init timeout, which closes with 1002).
func TestSIGTERMClosesAWebSocketBeforeItsInitWith1001(t *testing.T) {
	bin := buildBinary(t)
	db := killFixture(t)
	const key = "wk-sigterm-init"
	addr := freeAddr(t)
	p := startServer(t, bin, db, addr, key, nil)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws://"+addr+"/graphql", &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.CloseNow()
	time.Sleep(500 * time.Millisecond) // upgraded; connection_init not sent yet
	start := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	_, _, err = conn.Read(ctx)
	code := websocket.CloseStatus(err)
	if code != websocket.StatusGoingAway {
		t.Errorf("a WebSocket before its connection_init, at SIGTERM: closed %d (%v) after %s, want 1001", code, err, time.Since(start).Round(100*time.Millisecond))
	}
	if err := p.wait(); err != nil {
		t.Errorf("serve exited with %v", err)
	}
}
