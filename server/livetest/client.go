// Package livetest holds test clients of the two subscription transports,
// GraphQL over WebSocket (graphql-transport-ws) and GraphQL over SSE
// (graphql-sse, distinct connections): enough of each protocol to drive the
// server from Go tests. The interop test uses the reference JavaScript
// clients. Reading happens on goroutines that only hand messages over.
package livetest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// Msg is one graphql-transport-ws message or one SSE event, as JSON.
type Msg struct {
	Type    string          `json:"type"` // WebSocket message type; SSE event name
	ID      string          `json:"id,omitempty"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// WS is a graphql-transport-ws connection.
type WS struct {
	conn *websocket.Conn
	msgs chan Msg
	// closeCode is the close status the server sent, once msgs is closed.
	closeCode   websocket.StatusCode
	closeReason string
}

// DialWS opens a WebSocket on /graphql with the graphql-transport-ws
// subprotocol and sends connection_init with payload (nil: no payload).
func DialWS(t testing.TB, addr string, header http.Header, payload map[string]any) *WS {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws://"+addr+"/graphql", &websocket.DialOptions{
		Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: header})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	conn.SetReadLimit(16 << 20)
	c := &WS{conn: conn, msgs: make(chan Msg, 4096)}
	t.Cleanup(func() { _ = conn.CloseNow() })
	go c.read()
	init := map[string]any{"type": "connection_init"}
	if payload != nil {
		init["payload"] = payload
	}
	c.Send(t, init)
	return c
}

func (c *WS) read() {
	defer close(c.msgs)
	for {
		_, b, err := c.conn.Read(context.Background())
		if err != nil {
			c.closeCode = websocket.CloseStatus(err)
			var ce websocket.CloseError
			if errors.As(err, &ce) {
				c.closeReason = ce.Reason
			}
			return
		}
		var m Msg
		if json.Unmarshal(b, &m) != nil {
			continue
		}
		if m.Type == "ping" {
			_ = c.conn.Write(context.Background(), websocket.MessageText, []byte(`{"type":"pong"}`))
			continue
		}
		c.msgs <- m
	}
}

// Send sends one message.
func (c *WS) Send(t testing.TB, msg map[string]any) {
	t.Helper()
	b, _ := json.Marshal(msg)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.conn.Write(ctx, websocket.MessageText, b); err != nil {
		t.Fatalf("send %s: %v", b, err)
	}
}

// Next returns the next message, failing the test after timeout.
func (c *WS) Next(t testing.TB, timeout time.Duration) Msg {
	t.Helper()
	select {
	case m, ok := <-c.msgs:
		if !ok {
			t.Fatalf("connection closed (%d %q) while waiting for a message", c.closeCode, c.closeReason)
		}
		return m
	case <-time.After(timeout):
		t.Fatalf("no message within %s", timeout)
	}
	return Msg{}
}

// Acked waits for connection_ack.
func (c *WS) Acked(t testing.TB) *WS {
	t.Helper()
	if m := c.Next(t, 10*time.Second); m.Type != "connection_ack" {
		t.Fatalf("got %s %s, want connection_ack", m.Type, m.Payload)
	}
	return c
}

// Subscribe starts operation id.
func (c *WS) Subscribe(t testing.TB, id, query string, vars map[string]any) {
	t.Helper()
	c.Send(t, map[string]any{"type": "subscribe", "id": id, "payload": map[string]any{"query": query, "variables": vars}})
}

// Closed waits until the server closes the connection and returns its code.
func (c *WS) Closed(t testing.TB, timeout time.Duration) (websocket.StatusCode, string) {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case _, ok := <-c.msgs:
			if !ok {
				return c.closeCode, c.closeReason
			}
		case <-deadline:
			t.Fatalf("connection still open after %s", timeout)
		}
	}
}

// SSE is one graphql-sse (distinct connections) request.
type SSE struct {
	Status int
	Body   string // the body when the server refused the stream
	events chan Msg
	cancel context.CancelFunc
}

// OpenSSE posts an operation with Accept: text/event-stream and follows its
// events until the stream ends or Close is called.
func OpenSSE(t testing.TB, addr, key, query string, vars map[string]any) *SSE {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatalf("sse: %v", err)
	}
	s := &SSE{Status: resp.StatusCode, events: make(chan Msg, 4096), cancel: cancel}
	t.Cleanup(s.Close)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		var b strings.Builder
		_, _ = bufio.NewReader(resp.Body).WriteTo(&b)
		resp.Body.Close()
		s.Body = b.String()
		close(s.events)
		return s
	}
	go func() {
		defer close(s.events)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		var ev Msg
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.Type != "" {
					s.events <- ev
				}
				ev = Msg{}
			case strings.HasPrefix(line, "event:"):
				ev.Type = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
			case strings.HasPrefix(line, "data:"):
				ev.Payload = append(ev.Payload, strings.TrimSpace(strings.TrimPrefix(line, "data:"))...)
			}
		}
	}()
	return s
}

// Close ends the stream.
func (s *SSE) Close() { s.cancel() }

// Events are the stream's events; the channel closes when it ends.
func (s *SSE) Events() <-chan Msg { return s.events }

// Messages are the connection's messages (pings answered); the channel
// closes when the connection does.
func (c *WS) Messages() <-chan Msg { return c.msgs }

// CloseNow drops the connection without a close handshake.
func (c *WS) CloseNow() { _ = c.conn.CloseNow() }

// Next returns the next event, failing the test after timeout.
func (s *SSE) Next(t testing.TB, timeout time.Duration) Msg {
	t.Helper()
	select {
	case m, ok := <-s.events:
		if !ok {
			t.Fatalf("stream ended while waiting for an event")
		}
		return m
	case <-time.After(timeout):
		t.Fatalf("no event within %s", timeout)
	}
	return Msg{}
}

// Result is a next payload's data and errors.
type Result struct {
	Data   map[string]json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// Decode reads a next payload.
func Decode(t testing.TB, m Msg) Result {
	t.Helper()
	var r Result
	if err := json.Unmarshal(m.Payload, &r); err != nil {
		t.Fatalf("event payload %s: %v", m.Payload, err)
	}
	return r
}

// Post runs one operation over HTTP with key and returns its data; an
// operation with errors is an error. Safe off the test goroutine.
func Post(addr, key, query string, vars map[string]any) (map[string]any, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out struct {
		Data   map[string]any    `json:"data"`
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || len(out.Errors) > 0 {
		return nil, fmt.Errorf("%s: %v %s", query, err, out.Errors)
	}
	return out.Data, nil
}
