package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/server/apitest"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// testEnv points the command at the isolated test database.
func testEnv(t *testing.T, extra map[string]string) func(string) string {
	db := storetest.New(t, nil)
	m := map[string]string{
		"NEO4J_URI": db.Config.URI, "NEO4J_PASSWORD": db.Config.Password, "NEO4J_MAX_RETRY_TIME": "3s",
	}
	for k, v := range extra {
		m[k] = v
	}
	return func(k string) string { return m[k] }
}

func TestMigrateCommand(t *testing.T) {
	getenv := testEnv(t, nil)
	var stderr bytes.Buffer
	for i := 0; i < 2; i++ { // twice: migrations are idempotent
		if err := run(context.Background(), []string{"migrate"}, getenv, &stderr); err != nil {
			t.Fatalf("migrate run %d: %v\n%s", i+1, err, stderr.String())
		}
	}
}

func TestBadConfigurationFailsAtStart(t *testing.T) {
	getenv := func(k string) string {
		if k == "NEO4J_URI" {
			return "http://localhost:7474"
		}
		return ""
	}
	err := run(context.Background(), []string{"serve"}, getenv, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "NEO4J_URI") {
		t.Fatalf("err = %v, want a message naming NEO4J_URI", err)
	}
	// Closed by default: no keys and no development mode, no server.
	err = run(context.Background(), []string{"serve"}, func(string) string { return "" }, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "no API keys configured") {
		t.Errorf("serve without keys: err = %v", err)
	}
	if err := run(context.Background(), []string{"frobnicate"}, func(string) string { return "" }, &bytes.Buffer{}); err == nil ||
		!strings.Contains(err.Error(), "unknown command") {
		t.Errorf("unknown command: err = %v", err)
	}
}

func TestServeStartsAndShutsDownOnSignal(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	getenv := testEnv(t, map[string]string{"JOURNEYGRAPH_LISTEN_ADDR": addr, "JOURNEYGRAPH_AUTH_DISABLED": "true"})

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var stderr apitest.SafeBuffer
	go func() { done <- run(ctx, nil, getenv, &stderr) }()

	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server never became ready: %v\n%s", err, stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	// The process wires the store's query observer to /metrics: one account
	// lookup shows up as a Neo4j query with its latency.
	resp, err := http.Post("http://"+addr+"/graphql", "application/json", strings.NewReader(`{"query":"{ account(id: \"m\") { id } }"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := `journeygraph_neo4j_query_duration_seconds_count{outcome="ok",query="accounts_by_id"} 1`; !strings.Contains(string(metrics), want) {
		t.Errorf("/metrics lacks %s", want)
	}
	cancel() // what SIGINT/SIGTERM do through signal.NotifyContext
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop after cancellation")
	}
	logs := stderr.String()
	for _, want := range []string{"schema migrations applied", "graphiql=http://" + addr + "/", "stopped",
		"!!! AUTHENTICATION DISABLED (JOURNEYGRAPH_AUTH_DISABLED=true): every caller is ADMIN"} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}
}
