package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// Test clients of the two subscription transports: enough of each protocol
// to drive the server (the interop test uses the reference JavaScript
// clients). Reading happens on goroutines that only hand messages over.

// liveMsg is one graphql-transport-ws message or one SSE event, as JSON.
type liveMsg struct {
	Type    string          `json:"type"` // WebSocket message type; SSE event name
	ID      string          `json:"id,omitempty"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// wsClient is a graphql-transport-ws connection.
type wsClient struct {
	conn *websocket.Conn
	msgs chan liveMsg
	// closeCode is the close status the server sent, once msgs is closed.
	closeCode   websocket.StatusCode
	closeReason string
}

// dialWS opens a WebSocket on /graphql with the graphql-transport-ws
// subprotocol and sends connection_init with payload (nil: no payload).
func dialWS(t *testing.T, addr string, header http.Header, payload map[string]any) *wsClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws://"+addr+"/graphql", &websocket.DialOptions{
		Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: header})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	conn.SetReadLimit(16 << 20)
	c := &wsClient{conn: conn, msgs: make(chan liveMsg, 4096)}
	t.Cleanup(func() { _ = conn.CloseNow() })
	go c.read()
	init := map[string]any{"type": "connection_init"}
	if payload != nil {
		init["payload"] = payload
	}
	c.send(t, init)
	return c
}

func (c *wsClient) read() {
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
		var m liveMsg
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

func (c *wsClient) send(t *testing.T, msg map[string]any) {
	t.Helper()
	b, _ := json.Marshal(msg)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.conn.Write(ctx, websocket.MessageText, b); err != nil {
		t.Fatalf("send %s: %v", b, err)
	}
}

// next returns the next message, failing the test after timeout.
func (c *wsClient) next(t *testing.T, timeout time.Duration) liveMsg {
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
	return liveMsg{}
}

// acked waits for connection_ack.
func (c *wsClient) acked(t *testing.T) *wsClient {
	t.Helper()
	if m := c.next(t, 10*time.Second); m.Type != "connection_ack" {
		t.Fatalf("got %s %s, want connection_ack", m.Type, m.Payload)
	}
	return c
}

// subscribe starts operation id.
func (c *wsClient) subscribe(t *testing.T, id, query string, vars map[string]any) {
	t.Helper()
	c.send(t, map[string]any{"type": "subscribe", "id": id, "payload": map[string]any{"query": query, "variables": vars}})
}

// closed waits until the server closes the connection and returns its code.
func (c *wsClient) closed(t *testing.T, timeout time.Duration) (websocket.StatusCode, string) {
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

// sseStream is one graphql-sse (distinct connections) request.
type sseStream struct {
	Status int
	Body   string // the body when the server refused the stream
	events chan liveMsg
	cancel context.CancelFunc
}

// openSSE posts an operation with Accept: text/event-stream and follows its
// events until the stream ends or close is called.
func openSSE(t *testing.T, addr, key, query string, vars map[string]any) *sseStream {
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
	s := &sseStream{Status: resp.StatusCode, events: make(chan liveMsg, 4096), cancel: cancel}
	t.Cleanup(s.close)
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
		var ev liveMsg
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.Type != "" {
					s.events <- ev
				}
				ev = liveMsg{}
			case strings.HasPrefix(line, "event:"):
				ev.Type = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
			case strings.HasPrefix(line, "data:"):
				ev.Payload = append(ev.Payload, strings.TrimSpace(strings.TrimPrefix(line, "data:"))...)
			}
		}
	}()
	return s
}

func (s *sseStream) close() { s.cancel() }

// next returns the next event, failing the test after timeout.
func (s *sseStream) next(t *testing.T, timeout time.Duration) liveMsg {
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
	return liveMsg{}
}

// eventData decodes a next payload's data and errors.
type eventResult struct {
	Data   map[string]json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func decodeEvent(t *testing.T, m liveMsg) eventResult {
	t.Helper()
	var r eventResult
	if err := json.Unmarshal(m.Payload, &r); err != nil {
		t.Fatalf("event payload %s: %v", m.Payload, err)
	}
	return r
}

// collector gathers the touchpoint ids (or stage keys) of a subscription's
// events as they arrive; safe for use from its reader goroutine.
type collector struct {
	mu  sync.Mutex
	ids []string
}

func (c *collector) add(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ids = append(c.ids, id)
}

func (c *collector) snapshot() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.ids...)
}

func (c *collector) String() string { return fmt.Sprint(c.snapshot()) }
