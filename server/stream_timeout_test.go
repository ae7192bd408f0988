package server_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/server/apitest"
)

// A mutation sent over SSE (Accept: text/event-stream, which gqlgen's SSE
// transport serves for any operation) keeps the request timeout: only
// subscriptions are exempt. Before, asking for a stream lifted the deadline
// from any operation, and this request waited on the account lock for good.
func TestStreamedMutationKeepsTheRequestTimeout(t *testing.T) {
	opts := apitest.DefaultOptions()
	opts.RequestTimeout = 1500 * time.Millisecond
	setup := apitest.New(t, nil)
	setup.MustDo(t, `mutation { upsertAccount(input: {id: "slow", name: "Before"}) { created } }`, nil, nil)
	api := setup.WithOptions(opts)
	srv := api.Serve(t)
	release, _ := lockAccount(t, api.DB, "slow")
	defer func() { _ = release() }()

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	body := `{"query":"mutation { upsertAccount(input: {id: \"slow\", name: \"After\"}) { created } }"}`
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/graphql", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	took := time.Since(start)
	if err != nil {
		t.Fatalf("after %s the stream was still open (no deadline): %v; read %q", took, err, got)
	}
	if !strings.Contains(string(got), `"TIMEOUT"`) {
		t.Fatalf("after %s the stream said %q, want a TIMEOUT error", took, got)
	}
	if n := api.Count(`MATCH (a:Account {id: 'slow', name: 'After'}) RETURN count(a) AS n`, nil); n != 0 {
		t.Errorf("the timed-out mutation was applied")
	}
}
