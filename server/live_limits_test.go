package server_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/journeygraph/journeygraph/server/livetest"
)

// One key may hold MaxConnectionsPerKey streams: the next WebSocket is
// closed with 1013 (Try Again Later), the next SSE request gets 429; closing one frees its
// place. A WebSocket that runs nothing for the idle timeout is closed, one
// with a subscription is not.
func TestSubscriptionConnectionLimitsAndIdleTimeout(t *testing.T) {
	srv := startRealServer(t, liveEnv(map[string]string{
		"JOURNEYGRAPH_MAX_CONNECTIONS_PER_KEY":   "2",
		"JOURNEYGRAPH_SUBSCRIPTION_IDLE_TIMEOUT": "1s",
	}), liveFixture)
	reader := map[string]any{"Authorization": "Bearer " + readerKey}
	busy := livetest.DialWS(t, srv.Addr, nil, reader).Acked(t)
	busy.Subscribe(t, "1", touchpointSubscription, nil)
	sse := livetest.OpenSSE(t, srv.Addr, readerKey, touchpointSubscription, nil)
	if sse.Status != http.StatusOK {
		t.Fatalf("second stream: %d %s", sse.Status, sse.Body)
	}
	third := livetest.DialWS(t, srv.Addr, nil, reader)
	if code, _ := third.Closed(t, 10*time.Second); code != 1013 {
		t.Errorf("third stream of the key (WebSocket): closed with %d, want 1013", code)
	}
	if s := livetest.OpenSSE(t, srv.Addr, readerKey, touchpointSubscription, nil); s.Status != http.StatusTooManyRequests {
		t.Errorf("third stream of the key (SSE): %d %s, want 429", s.Status, s.Body)
	}
	// Another key is not limited by this one's streams.
	if s := livetest.OpenSSE(t, srv.Addr, writerKey, touchpointSubscription, nil); s.Status != http.StatusOK {
		t.Errorf("another key's stream: %d %s", s.Status, s.Body)
	}
	sse.Close()
	time.Sleep(300 * time.Millisecond) // the server notices the closed stream
	idle := livetest.DialWS(t, srv.Addr, nil, reader).Acked(t)
	if code, _ := idle.Closed(t, 10*time.Second); code != 1000 {
		t.Errorf("idle WebSocket: closed with %d, want 1000 after the idle timeout", code)
	}
	// busy has run its subscription all along: still open and delivering.
	gqlPost(t, srv.Addr, writerKey, recordTouchpointsMutation, map[string]any{"in": []any{tpInput("l1", "demo", 1, "acme", "")}})
	if e := touchpointOf(t, busy.Next(t, 10*time.Second)); e.Touchpoint.ID != "crm:l1" {
		t.Errorf("the busy connection got %+v", e)
	}
}

// Shutdown ends every subscription: WebSockets are closed with 1001 (going
// away), so clients reconnect elsewhere; SSE streams get a SHUTTING_DOWN
// error, then complete; and the process stops without waiting out its
// shutdown timeout.
func TestShutdownEndsSubscriptions(t *testing.T) {
	srv := startRealServer(t, liveEnv(map[string]string{"JOURNEYGRAPH_SHUTDOWN_TIMEOUT": "30s"}), liveFixture)
	ws := livetest.DialWS(t, srv.Addr, nil, map[string]any{"Authorization": "Bearer " + readerKey}).Acked(t)
	ws.Subscribe(t, "1", touchpointSubscription, nil)
	sse := livetest.OpenSSE(t, srv.Addr, readerKey, touchpointSubscription, nil)
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	srv.Shutdown()
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("shutdown took %s with open subscriptions", took)
	}
	if code, _ := ws.Closed(t, 10*time.Second); code != 1001 {
		t.Errorf("WebSocket closed with %d, want 1001", code)
	}
	m := sse.Next(t, 10*time.Second)
	if r := livetest.Decode(t, m); m.Type != "next" || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "SHUTTING_DOWN" {
		t.Errorf("SSE got %s %s, want a SHUTTING_DOWN error", m.Type, m.Payload)
	}
	if m := sse.Next(t, 10*time.Second); m.Type != "complete" {
		t.Errorf("SSE then got %s, want complete", m.Type)
	}
}

// A browser page may open a WebSocket from the API's own origin or from one
// JOURNEYGRAPH_CORS_ORIGINS allows; other origins are refused before the
// upgrade. Clients that send no Origin (not browsers) are not affected.
func TestWebSocketOriginFollowsCORS(t *testing.T) {
	srv := startRealServer(t, liveEnv(map[string]string{"JOURNEYGRAPH_CORS_ORIGINS": "https://app.example.com"}), liveFixture)
	for origin, allowed := range map[string]bool{
		"":                             true,
		"https://app.example.com":      true,
		"http://" + srv.Addr:           true,
		"https://evil.example.net":     false,
		"https://app.example.com.evil": false,
		"null":                         false,
	} {
		header := http.Header{}
		if origin != "" {
			header.Set("Origin", origin)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		conn, resp, err := websocket.Dial(ctx, "ws://"+srv.Addr+"/graphql", &websocket.DialOptions{
			Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: header})
		cancel()
		if conn != nil {
			_ = conn.CloseNow()
		}
		switch {
		case allowed && err != nil:
			t.Errorf("origin %q: refused: %v", origin, err)
		case !allowed && (err == nil || resp == nil || resp.StatusCode != http.StatusForbidden):
			t.Errorf("origin %q: %v, want 403", origin, err)
		}
	}
}
