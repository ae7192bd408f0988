package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// smallBufferClient is an HTTP client whose sockets have a small receive
// buffer, so a client that stops reading stalls the server's writes soon.
func smallBufferClient() *http.Client {
	dialer := &net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		return c.Control(func(fd uintptr) { _ = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
	}}
	return &http.Client{Transport: &http.Transport{DialContext: dialer.DialContext}}
}

// dialRaw opens a graphql-transport-ws WebSocket with a small receive
// buffer, sends connection_init with key and returns the connection and the
// first message's type (connection_ack, or the close error).
func dialRaw(ctx context.Context, addr, key string) (*websocket.Conn, string, error) {
	conn, _, err := websocket.Dial(ctx, "ws://"+addr+"/graphql", &websocket.DialOptions{
		Subprotocols: []string{"graphql-transport-ws"}, HTTPClient: smallBufferClient()})
	if err != nil {
		return nil, "", err
	}
	init, _ := json.Marshal(map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + key}})
	if err := conn.Write(ctx, websocket.MessageText, init); err != nil {
		return conn, "", err
	}
	_, data, err := conn.Read(ctx)
	if err != nil {
		return conn, "", err
	}
	var m struct{ Type string }
	_ = json.Unmarshal(data, &m)
	return conn, m.Type, nil
}

const bigTouchpointSubscription = `subscription { touchpointRecorded { cursor touchpoint { id attributes } } }`

// writeFarMoreThanSocketsHold records 8 changes of 200 touchpoints of ~15 KB
// each: ~24 MB for every subscriber, far beyond any socket buffer.
func writeFarMoreThanSocketsHold(t *testing.T, addr string) {
	blob := strings.Repeat("x", 15000)
	for batch := range 8 {
		var in []any
		for i := range 200 {
			tp := tpInput(fmt.Sprintf("big-%d-%d", batch, i), "demo", i%60, "acme", "")
			tp["attributes"] = map[string]any{"blob": blob}
			in = append(in, tp)
		}
		gqlPost(t, addr, writerKey, recordTouchpointsMutation, map[string]any{"in": in})
	}
}

// waitForFreeSlot waits until the reader key, limited to one connection,
// can connect again: the stalled subscriber's connection was ended.
func waitForFreeSlot(ctx context.Context, t *testing.T, addr string) {
	var last string
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Second) {
		probe, first, err := dialRaw(ctx, addr, readerKey)
		if probe != nil {
			probe.CloseNow()
		}
		if err == nil && first == "connection_ack" {
			return
		}
		last = fmt.Sprintf("%q %v", first, err)
	}
	t.Fatalf("60 s after 8 changes beyond a backlog of 2, the stalled subscriber still holds its key's only connection: a new one gets %s", last)
}

func stalledEnv() map[string]string {
	return liveEnv(map[string]string{
		"JOURNEYGRAPH_MAX_CONNECTIONS_PER_KEY": "1",
		"JOURNEYGRAPH_SUBSCRIPTION_BACKLOG":    "2",
		"JOURNEYGRAPH_REQUEST_TIMEOUT":         "3m", // 3 MB transactions on a loaded test machine
	})
}

// A WebSocket subscriber that stops reading its socket altogether must be
// disconnected (its writes time out), as for any slow consumer; while it is
// not, it holds one of its key's connections forever. With one connection
// per key, once far more than the socket buffers hold has been written for
// it, the key must be able to connect again.
func TestStalledWebSocketSubscriberIsDisconnected(t *testing.T) {
	srv := startRealServer(t, stalledEnv(), liveFixture)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	stalled, first, err := dialRaw(ctx, srv.Addr, readerKey)
	if err != nil || first != "connection_ack" {
		t.Fatalf("stalled client: %q %v", first, err)
	}
	defer stalled.CloseNow()
	sub, _ := json.Marshal(map[string]any{"type": "subscribe", "id": "1", "payload": map[string]any{"query": bigTouchpointSubscription}})
	if err := stalled.Write(ctx, websocket.MessageText, sub); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // the subscription joins the feed; from now on the client reads nothing
	writeFarMoreThanSocketsHold(t, srv.Addr)
	waitForFreeSlot(ctx, t, srv.Addr)
	// Reported as what it is (unlike a client that closes normally).
	if !strings.Contains(srv.Logs.String(), "subscription stream cut: the client takes no writes") {
		t.Errorf("the stalled WebSocket client was cut without the warning; logs:\n%s", srv.Logs.String())
	}
}

// The same over SSE: a stream whose client reads nothing must be ended once
// a write cannot complete, freeing the key's slot.
func TestStalledSSESubscriberIsDisconnected(t *testing.T) {
	srv := startRealServer(t, stalledEnv(), liveFixture)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	body, _ := json.Marshal(map[string]any{"query": bigTouchpointSubscription})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+srv.Addr+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", "Bearer "+readerKey)
	resp, err := smallBufferClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close() // never read: the client has stalled
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("stalled SSE client: status %d", resp.StatusCode)
	}
	time.Sleep(500 * time.Millisecond)
	writeFarMoreThanSocketsHold(t, srv.Addr)
	waitForFreeSlot(ctx, t, srv.Addr)
}
