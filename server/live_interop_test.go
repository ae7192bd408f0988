package server_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// The reference clients, graphql-ws and graphql-sse (pinned npm packages that
// scripts/ensure-live-interop.sh installs; `make test` runs it), against the
// real server: both subscriptions, a refused key, and resuming from a cursor.
func TestReferenceClientsInterop(t *testing.T) {
	srv := startRealServer(t, liveEnv(nil), liveFixture)
	out := runInteropScript(t, "interop.mjs", srv)
	type result struct {
		Got   []json.RawMessage `json:"got"`
		Error string            `json:"error"`
	}
	var res struct {
		WrongKeyClose int `json:"wrongKeyClose"`
		WS, SSE       result
		Stages        result
		WSResumed     result `json:"wsResumed"`
		SSEResumed    result `json:"sseResumed"`
		Readme        result `json:"readme"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("output %s: %v", out, err)
	}
	if res.WrongKeyClose != 4403 {
		t.Errorf("graphql-ws with a wrong key saw close code %d, want 4403", res.WrongKeyClose)
	}
	ids := func(name string, r result) []string {
		if r.Error != "" {
			t.Errorf("%s: %s after %d results", name, r.Error, len(r.Got))
		}
		var out []string
		for _, g := range r.Got {
			var e struct {
				Data struct {
					TouchpointRecorded struct {
						Touchpoint struct {
							ID   string
							Type struct{ Key string }
						}
					}
				}
			}
			if err := json.Unmarshal(g, &e); err != nil {
				t.Errorf("%s: %s", name, g)
			}
			out = append(out, e.Data.TouchpointRecorded.Touchpoint.ID+"/"+e.Data.TouchpointRecorded.Touchpoint.Type.Key)
		}
		return out
	}
	all := []string{"crm:i1/demo", "crm:i2/email_open", "crm:i3/demo"}
	for name, r := range map[string]result{"graphql-ws": res.WS, "graphql-sse": res.SSE} {
		if got := ids(name, r); !slices.Equal(got, all) {
			t.Errorf("%s: %v, want %v", name, got, all)
		}
	}
	for name, r := range map[string]result{"graphql-ws resumed": res.WSResumed, "graphql-sse resumed": res.SSEResumed} {
		if got := ids(name, r); !slices.Equal(got, all[1:]) {
			t.Errorf("%s: %v, want %v", name, got, all[1:])
		}
	}
	// README's example through a dropped socket: i4, then i5 once, no i4 again.
	if got, want := ids("README example", res.Readme), []string{"crm:i4/demo", "crm:i5/demo"}; !slices.Equal(got, want) {
		t.Errorf("README example through a reconnect: %v, want %v", got, want)
	}
	if len(res.Stages.Got) != 1 || res.Stages.Error != "" {
		t.Fatalf("graphql-sse stageChanged: %+v", res.Stages)
	}
	var stage struct {
		Data struct {
			StageChanged struct {
				ToStage, FromStage struct{ Key string }
				Account            struct{ ID string }
			}
		}
	}
	if err := json.Unmarshal(res.Stages.Got[0], &stage); err != nil {
		t.Fatal(err)
	}
	if s := stage.Data.StageChanged; s.ToStage.Key != "mql" || s.FromStage.Key != "lead" || s.Account.ID != "acme" {
		t.Errorf("graphql-sse stageChanged: %s, want acme from lead to mql", res.Stages.Got[0])
	}
}

// runInteropScript runs one of livetest/interop's scripts with node against
// srv and returns what it printed (one JSON object).
func runInteropScript(t *testing.T, name string, srv *realServer) []byte {
	t.Helper()
	dir := os.Getenv("JOURNEYGRAPH_LIVE_INTEROP_DIR")
	if dir == "" {
		t.Fatal("JOURNEYGRAPH_LIVE_INTEROP_DIR is not set: run the tests with `make test` (scripts/ensure-live-interop.sh installs the clients)")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "graphql-ws")); err != nil {
		t.Fatalf("the reference clients are not installed in %s: run scripts/ensure-live-interop.sh: %v", dir, err)
	}
	script, err := os.ReadFile(filepath.Join("livetest", "interop", name))
	if err != nil {
		t.Fatal(err)
	}
	// Run from the cache, where its imports resolve.
	run := filepath.Join(dir, name)
	if err := os.WriteFile(run, script, 0o644); err != nil {
		t.Fatal(err)
	}
	// A wait, not a measurement: a loaded machine slows every step.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", run)
	cmd.Env = append(os.Environ(), "ADDR="+srv.Addr, "READER_KEY="+readerKey, "WRITER_KEY="+writerKey)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %s: %v\n%s\n%s\nserver log:\n%s", name, err, out, stderr.String(), tail(srv.Logs.String(), 60))
	}
	return out
}

// A key at its connection limit: graphql-ws, configured to retry as README's
// example is, is refused while another stream of the key holds the only
// slot, keeps retrying, and subscribes once that stream ends. (With a close
// code the client treats as fatal, it would stop for good on the first
// refusal.)
func TestReferenceClientRetriesAtTheConnectionLimit(t *testing.T) {
	srv := startRealServer(t, liveEnv(map[string]string{"JOURNEYGRAPH_MAX_CONNECTIONS_PER_KEY": "1"}), liveFixture)
	out := runInteropScript(t, "limit.mjs", srv)
	var res struct {
		Refusals []int            `json:"refusals"`
		Got      []map[string]any `json:"got"`
		Error    string           `json:"error"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("output %s: %v", out, err)
	}
	if res.Error != "" {
		t.Fatalf("the waiting client: %s (close codes seen: %v)", res.Error, res.Refusals)
	}
	if len(res.Refusals) == 0 || res.Refusals[0] != 1013 {
		t.Errorf("close codes the waiting client saw while the slot was taken: %v, want 1013 first", res.Refusals)
	}
	if len(res.Got) == 0 {
		t.Fatal("the waiting client got no event after it connected")
	}
	for _, g := range res.Got {
		got, _ := json.Marshal(g)
		if !strings.Contains(string(got), `"id":"crm:lim`) {
			t.Errorf("the waiting client got %s, want a touchpoint crm:limN recorded after it connected", got)
		}
	}
}

// tail is the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
