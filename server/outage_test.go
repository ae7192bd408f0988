package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/server/apitest"
)

// TestNeo4jOutageAndRecovery stops the real test Neo4j under a running API,
// checks that requests fail fast with a stable code and no driver internals,
// that /readyz reports 503, and that the API recovers on its own once Neo4j
// is back.
func TestNeo4jOutageAndRecovery(t *testing.T) {
	api := apitest.New(t, nil)
	srv := api.Serve(t)
	httpc := &http.Client{Timeout: time.Minute}

	// post reports its failures with t.Errorf (never t.Fatal): the
	// concurrent requests below call it off the test goroutine.
	post := func(query string) (int, []apitest.Error, json.RawMessage) {
		t.Helper()
		body, _ := json.Marshal(map[string]string{"query": query})
		resp, err := httpc.Post(srv.URL+"/graphql", "application/json", strings.NewReader(string(body)))
		if err != nil {
			t.Errorf("post: %v", err)
			return 0, nil, nil
		}
		defer resp.Body.Close()
		var out struct {
			Data   json.RawMessage
			Errors []apitest.Error
		}
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Errorf("decode: %v", err)
		}
		return resp.StatusCode, out.Errors, out.Data
	}
	readyz := func() int {
		t.Helper()
		resp, err := httpc.Get(srv.URL + "/readyz")
		if err != nil {
			t.Fatalf("readyz: %v", err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}

	const read = `{ account(id: "acc-1") { id name } }`
	if status, errs, _ := post(`mutation { upsertAccount(input: {id: "acc-1", name: "Before"}) { created } }`); status != http.StatusOK || len(errs) > 0 {
		t.Fatalf("setup: %d %+v", status, errs)
	}

	api.StopServer()
	restarted := false
	defer func() {
		if !restarted { // leave a running Neo4j for the other tests whatever happens
			api.StartServer()
		}
	}()

	// Concurrent reads and a write while Neo4j is down.
	var wg sync.WaitGroup
	type outcome struct {
		errs []apitest.Error
		took time.Duration
	}
	outcomes := make([]outcome, 6)
	for i := range outcomes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := read
			if i == 0 {
				q = `mutation { upsertAccount(input: {id: "acc-2", name: "During"}) { created } }`
			}
			start := time.Now()
			_, errs, _ := post(q)
			outcomes[i] = outcome{errs, time.Since(start)}
		}()
	}
	wg.Wait()
	for i, o := range outcomes {
		if len(o.errs) != 1 || o.errs[0].Code() != "SERVICE_UNAVAILABLE" {
			t.Errorf("request %d while down: errors = %+v, want one SERVICE_UNAVAILABLE", i, o.errs)
			continue
		}
		// "Fast" means bounded by the configured retry time (3s in tests), not a hang.
		if o.took > 20*time.Second {
			t.Errorf("request %d took %s while Neo4j was down", i, o.took)
		}
		for _, leak := range []string{"onnectivity", "dial", "bolt", "127.0.0.1", "MATCH", "MERGE", "neo4j"} {
			if strings.Contains(o.errs[0].Message, leak) {
				t.Errorf("error message leaks %q: %s", leak, o.errs[0].Message)
			}
		}
	}
	if code := readyz(); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz while down = %d, want 503", code)
	}
	if !strings.Contains(api.Logs.String(), "request_id=") {
		t.Error("failures were not logged with a request id")
	}

	api.StartServer()
	restarted = true
	deadline := time.Now().Add(90 * time.Second)
	for readyz() != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("/readyz did not return to 200 after Neo4j restarted")
		}
		time.Sleep(500 * time.Millisecond)
	}
	_, errs, data := post(read)
	if len(errs) > 0 || !strings.Contains(string(data), `"name":"Before"`) {
		t.Fatalf("after recovery: errors=%+v data=%s", errs, data)
	}
	if n := api.Count(`MATCH (a:Account {id: 'acc-2'}) RETURN count(a) AS n`, nil); n != 0 {
		t.Errorf("the write that failed during the outage left %d accounts", n)
	}
}
