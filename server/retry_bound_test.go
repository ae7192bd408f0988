package server_test

import (
	"bufio"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/server"
	"github.com/journeygraph/journeygraph/server/apitest"
	"github.com/journeygraph/journeygraph/store"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// The documented promise: while Neo4j cannot serve, a request fails with
// SERVICE_UNAVAILABLE within NEO4J_MAX_RETRY_TIME plus a small margin. A
// short retry time keeps the tests quick; the bound is 1.5x of it, a
// correctness bound (the defect was 2-3x), not a performance target. 2.5s is
// chosen so that the driver's own back-off (pauses of ~2s, then ~4s, checked
// only before each pause) overshoots it whatever its jitter.
const (
	testMaxRetry    = 2500 * time.Millisecond
	unavailableWait = testMaxRetry * 3 / 2
)

const (
	boundedRead  = `{ account(id: "acc-1") { id name } }`
	boundedWrite = `mutation { upsertAccount(input: {id: "acc-2", name: "During"}) { created } }`
	// GraphQL runs a mutation's fields one after another: the bound is the
	// request's, not each field's.
	boundedWrites = `mutation { a: upsertAccount(input: {id: "acc-3", name: "A"}) { created }
	  b: upsertAccount(input: {id: "acc-4", name: "B"}) { created } c: upsertAccount(input: {id: "acc-5", name: "C"}) { created }
	  d: upsertAccount(input: {id: "acc-6", name: "D"}) { created } }`
)

// boundedAPI serves the real API handler over HTTP, on a store of its own
// that reaches Neo4j through cfg with testMaxRetry as its retry time.
func boundedAPI(t *testing.T, cfg store.Config) *httptest.Server {
	t.Helper()
	cfg.MaxRetryTime = testMaxRetry
	st, err := store.Open(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close(t.Context()) })
	srv := httptest.NewUnstartedServer(nil)
	opts := apitest.DefaultOptions()
	opts.ListenAddr = srv.Listener.Addr().String() // development mode's Host check
	srv.Config.Handler = server.NewHandler(st, opts, slog.New(slog.NewTextHandler(io.Discard, nil)))
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

type timedResult struct {
	query   string
	started time.Time
	took    time.Duration
	codes   []string // extensions.code of each GraphQL error
	err     error    // transport or decoding failure
}

// postTimed sends one GraphQL request over real HTTP and times it; safe off
// the test goroutine.
func postTimed(srv *httptest.Server, query string) timedResult {
	body, _ := json.Marshal(map[string]string{"query": query})
	r := timedResult{query: query, started: time.Now()}
	resp, err := (&http.Client{Timeout: time.Minute}).Post(srv.URL+"/graphql", "application/json", strings.NewReader(string(body)))
	if err != nil {
		r.err = err
		return r
	}
	defer resp.Body.Close()
	var out struct{ Errors []apitest.Error }
	r.err = json.NewDecoder(resp.Body).Decode(&out)
	r.took = time.Since(r.started)
	for _, e := range out.Errors {
		r.codes = append(r.codes, e.Code())
	}
	return r
}

func (r timedResult) unavailable() bool {
	return r.err == nil && len(r.codes) == 1 && r.codes[0] == "SERVICE_UNAVAILABLE"
}

// assertUnavailableInTime sends a read, a write and a mutation of four
// writes and checks that each fails with SERVICE_UNAVAILABLE (every field of
// it) within the bound. One at a time: a new
// driver's first concurrent connects race inside the driver (its connector
// sets a field lazily), which the race detector would report.
func assertUnavailableInTime(t *testing.T, srv *httptest.Server) {
	t.Helper()
	for _, q := range []string{boundedRead, boundedWrite, boundedWrites} {
		r := postTimed(srv, q)
		want := strings.Count(q, "upsertAccount")
		if q == boundedRead {
			want = 1
		}
		if r.err != nil || len(r.codes) != want || slices.ContainsFunc(r.codes, func(c string) bool { return c != "SERVICE_UNAVAILABLE" }) {
			t.Errorf("%s: codes %v, err %v; want %d SERVICE_UNAVAILABLE", r.query, r.codes, r.err, want)
		}
		if r.took > unavailableWait {
			t.Errorf("%s failed after %s; NEO4J_MAX_RETRY_TIME is %s, bound %s", r.query, r.took, testMaxRetry, unavailableWait)
		}
	}
}

// TestRequestsFailWithinMaxRetryTimeWhileNeo4jIsDownOrStarting stops the real
// test Neo4j, checks the bound while it is down, then starts it and keeps
// requests in flight through its whole start-up (JVM launched, Bolt not yet
// bound, then bound while the server still starts and its first queries are
// slow): each must end within the bound, failing with SERVICE_UNAVAILABLE or,
// once Neo4j serves, succeeding.
func TestRequestsFailWithinMaxRetryTimeWhileNeo4jIsDownOrStarting(t *testing.T) {
	api := apitest.New(t, nil)
	srv := boundedAPI(t, api.Config)
	if r := postTimed(srv, `mutation { upsertAccount(input: {id: "acc-1", name: "Before"}) { created } }`); r.err != nil || len(r.codes) > 0 {
		t.Fatalf("setup: codes %v, err %v", r.codes, r.err)
	}

	api.StopServer()
	running := false
	t.Cleanup(func() {
		if !running { // leave a running Neo4j for the other tests whatever happens
			api.StartServer()
		}
	})

	t.Run("down", func(t *testing.T) { assertUnavailableInTime(t, srv) })

	t.Run("starting", func(t *testing.T) {
		// The control script logs "starting Neo4j" just before it launches
		// the JVM and returns once Bolt answers: requests started between
		// the two hit a server that is starting.
		ctl := exec.Command(os.Getenv(storetest.EnvCtl), "start")
		ctl.Env = append(os.Environ(), "NEO4J_FRESH=0")
		stderr, err := ctl.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := ctl.Start(); err != nil {
			t.Fatal(err)
		}
		launched := make(chan time.Time, 1)
		var ctlLog strings.Builder
		logRead := make(chan struct{})
		go func() {
			defer close(logRead)
			lines := bufio.NewScanner(stderr)
			for lines.Scan() {
				if strings.Contains(lines.Text(), "starting Neo4j") {
					launched <- time.Now()
				}
				ctlLog.WriteString(lines.Text() + "\n")
			}
		}()

		// Clients keep going until the script has returned and a read has
		// succeeded: the first queries of a just-started server are part of
		// start-up too.
		scriptDone := make(chan struct{})
		served := make(chan struct{})
		var servedOnce sync.Once
		var mu sync.Mutex
		var results []timedResult
		var wg sync.WaitGroup
		for range 3 { // a few clients, so start-up is sampled densely
			wg.Add(1)
			go func() {
				defer wg.Done()
				giveUp := time.After(5 * time.Minute)
				for {
					select {
					case <-served:
						return
					case <-giveUp:
						return
					default:
					}
					r := postTimed(srv, boundedRead)
					mu.Lock()
					results = append(results, r)
					mu.Unlock()
					if r.err == nil && len(r.codes) == 0 {
						select {
						case <-scriptDone:
							servedOnce.Do(func() { close(served) })
						default:
						}
					}
				}
			}()
		}
		<-logRead // the script's stderr closes when it exits
		ctlErr := ctl.Wait()
		close(scriptDone)
		wg.Wait()
		running = ctlErr == nil
		if ctlErr != nil {
			t.Fatalf("neo4j start: %v\n%s", ctlErr, ctlLog.String())
		}
		select {
		case <-served:
		default:
			t.Error("no read succeeded after Neo4j had started")
		}
		var jvmLaunched time.Time
		select {
		case jvmLaunched = <-launched:
		default:
			t.Fatalf("the control script never said it was launching Neo4j:\n%s", ctlLog.String())
		}

		duringStartUp := 0
		for _, r := range results {
			if r.took > unavailableWait {
				t.Errorf("request started %s after the JVM launch took %s; bound %s",
					r.started.Sub(jvmLaunched).Round(time.Millisecond), r.took, unavailableWait)
			}
			if r.err != nil || (len(r.codes) > 0 && !r.unavailable()) {
				t.Errorf("request during start-up: codes %v, err %v; want success or one SERVICE_UNAVAILABLE", r.codes, r.err)
			}
			if r.unavailable() && r.started.After(jvmLaunched) {
				duringStartUp++
			}
		}
		// Neo4j takes seconds to start, so failed requests that began after
		// the launch must exist; otherwise this test did not test start-up.
		if duringStartUp == 0 {
			t.Errorf("no request failed while Neo4j was starting (%d requests); start-up was not exercised", len(results))
		}
		t.Logf("%d requests during start-up, %d of them SERVICE_UNAVAILABLE after the JVM launch", len(results), duringStartUp)

	})
}

// TestRequestsFailWithinMaxRetryTimeWhenNeo4jDoesNotAnswer covers a server
// that accepts TCP connections but never speaks Bolt, as a starting (or
// wedged) Neo4j can between binding its port and serving. A real Neo4j
// passes through that state too briefly to hold it in a test, so a real
// local listener that accepts and then stays silent stands in for it: the
// driver's connect, handshake and retries are the real ones.
func TestRequestsFailWithinMaxRetryTimeWhenNeo4jDoesNotAnswer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var held []net.Conn // kept open, never answered, closed at the end
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range held {
			c.Close()
		}
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, c)
			mu.Unlock()
		}
	}()

	srv := boundedAPI(t, store.Config{URI: "bolt://" + ln.Addr().String(), Username: "neo4j", Password: "unused", Database: "neo4j"})
	assertUnavailableInTime(t, srv)
	mu.Lock()
	accepted := len(held)
	mu.Unlock()
	if accepted == 0 {
		t.Error("the driver never connected to the silent listener")
	}
}
