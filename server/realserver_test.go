package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/config"
	"github.com/journeygraph/journeygraph/server"
	"github.com/journeygraph/journeygraph/server/apitest"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// realServer is `journeygraph serve` in process: server.Run with a
// configuration loaded from env as the command loads it, on a free loopback
// port, over the test's own Neo4j database, logging JSON into Logs.
type realServer struct {
	*storetest.DB
	Addr string // host:port it listens on
	Logs *apitest.SafeBuffer
	// Shutdown stops it as a signal does and waits until Run returns.
	Shutdown func()
}

// startRealServer serves until the test ends. env adds to (or overrides) the
// development mode on 127.0.0.1:0 with JSON logs at debug level; setup (may
// be nil) writes to the database before the server starts.
func startRealServer(t *testing.T, env map[string]string, setup func(*storetest.DB)) *realServer {
	t.Helper()
	db := storetest.New(t, nil)
	if setup != nil {
		setup(db)
	}
	settings := map[string]string{
		"NEO4J_URI":                  db.Config.URI,
		"NEO4J_USERNAME":             db.Config.Username,
		"NEO4J_PASSWORD":             db.Config.Password,
		"NEO4J_DATABASE":             db.Config.Database,
		"JOURNEYGRAPH_LISTEN_ADDR":   "127.0.0.1:0",
		"JOURNEYGRAPH_AUTH_DISABLED": "true",
		"JOURNEYGRAPH_LOG_FORMAT":    "json",
		"JOURNEYGRAPH_LOG_LEVEL":     "debug",
	}
	for k, v := range env {
		settings[k] = v
	}
	cfg, _, err := config.Load("serve", nil, func(k string) string { return settings[k] }, &strings.Builder{})
	if err != nil {
		t.Fatal(err)
	}
	logs := &apitest.SafeBuffer{}
	ctx, stop := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- server.Run(ctx, cfg, server.NewLogger(cfg, logs), func(addr string) { ready <- addr }) }()
	var once sync.Once
	shutdown := func() {
		once.Do(func() {
			stop()
			if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
				t.Errorf("server.Run: %v", err)
			}
		})
	}
	t.Cleanup(shutdown)
	select {
	case addr := <-ready:
		return &realServer{DB: db, Addr: addr, Logs: logs, Shutdown: shutdown}
	case err := <-done:
		t.Fatalf("server.Run returned before listening: %v\n%s", err, logs)
	case <-time.After(2 * time.Minute):
		t.Fatalf("server not listening after 2 minutes:\n%s", logs)
	}
	return nil
}

// logLines returns the JSON log lines whose attribute key has value want.
func (s *realServer) logLines(t *testing.T, key, want string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(s.Logs.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if rec[key] == want {
			out = append(out, rec)
		}
	}
	return out
}
