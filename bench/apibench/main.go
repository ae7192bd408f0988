// Command apibench measures issue 13's everyday reads (W1, W2, W3) through
// JourneyGraph's API over real HTTP, against the same data read directly
// with one hand-written Cypher query each (the physical limit) and,
// optionally, through @neo4j/graphql (scripts/bench-peer.sh). Targets are
// measured in interleaved rounds (every target once per workload and client
// count in each round), so a machine shared with others slows them alike;
// the table shows medians of the rounds. scripts/bench-api.sh starts
// everything and runs it (`make bench-api`).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

const (
	kindDirect = "direct"
	kindAPI    = "api"
	kindPeer   = "peer"
)

// target is one thing measured: the driver directly, a JourneyGraph
// process, or the peer server.
type target struct {
	name string
	kind string
	url  string // GraphQL endpoint's base URL (api, peer)
	pid  int    // the server process, for its RSS (0: not read)
}

type apiFlags []target

func (a *apiFlags) String() string { return fmt.Sprint(*a) }

// Set reads name=pid=url.
func (a *apiFlags) Set(v string) error {
	parts := strings.SplitN(v, "=", 3)
	if len(parts) != 3 {
		return fmt.Errorf("want name=pid=url, got %q", v)
	}
	pid, err := strconv.Atoi(parts[1])
	if err != nil {
		return err
	}
	*a = append(*a, target{name: parts[0], kind: kindAPI, url: parts[2], pid: pid})
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "apibench:", err)
		os.Exit(1)
	}
}

func run() error {
	var apis apiFlags
	flag.Var(&apis, "api", "a JourneyGraph server as name=pid=url (repeatable); the first is the one compared with the others")
	uri := flag.String("neo4j-uri", "bolt://127.0.0.1:27687", "Neo4j for the direct queries")
	password := flag.String("neo4j-password", "journeygraph", "Neo4j password of user neo4j")
	peer := flag.String("peer", "", "base URL of the @neo4j/graphql server (empty: not measured)")
	peerPID := flag.Int("peer-pid", 0, "the peer server's process, for its RSS")
	rounds := flag.Int("rounds", 5, "measured rounds")
	block := flag.Duration("block", 3*time.Second, "how long each target runs each workload in a round")
	clientList := flag.String("clients", "1,8", "concurrent clients, comma-separated")
	only := flag.String("workloads", "W1,W2,W3", "workloads to run")
	flag.Parse()
	if len(apis) == 0 {
		return fmt.Errorf("no -api given")
	}
	var clients []int
	for _, s := range strings.Split(*clientList, ",") {
		n, err := strconv.Atoi(s)
		if err != nil {
			return err
		}
		clients = append(clients, n)
	}

	ctx := context.Background()
	driver, err := neo4j.NewDriverWithContext(*uri, neo4j.BasicAuth("neo4j", *password, ""), func(c *neo4j.Config) {
		c.MaxConnectionPoolSize = 64
	})
	if err != nil {
		return err
	}
	defer driver.Close(ctx)
	ids, err := accountIDs(ctx, driver)
	if err != nil {
		return err
	}
	targets := []target{{name: "direct", kind: kindDirect}}
	targets = append(targets, apis...)
	if *peer != "" {
		targets = append(targets, target{name: "peer", kind: kindPeer, url: *peer, pid: *peerPID})
	}
	var ws []workload
	for _, w := range workloads(ids) {
		if slices.Contains(strings.Split(*only, ","), w.name) {
			ws = append(ws, w)
		}
	}
	c := &client{driver: driver, http: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: time.Minute}}

	// Every target answers each workload with the same data (a few requests each).
	for _, w := range ws {
		for i := range 3 {
			if err := c.sameData(ctx, w, i, targets); err != nil {
				return err
			}
		}
	}
	fmt.Fprintf(os.Stderr, "apibench: the answers of %d targets carry the same data; %d accounts\n", len(targets), len(ids))

	results := map[key]*result{}
	// A short round first warms every target up (JIT, plan caches, pools); not counted.
	for round := 0; round <= *rounds; round++ {
		d := *block
		if round == 0 {
			d = *block / 3
		}
		for _, w := range ws {
			for _, n := range clients {
				for _, t := range targets {
					fmt.Fprintf(os.Stderr, "\rround %d/%d %s %d clients %-10s", round, *rounds, w.name, n, t.name)
					b, err := c.measure(ctx, w, t, n, d, w.name == "W1" && n == slices.Max(clients))
					if err != nil {
						return fmt.Errorf("%s %s %d clients: %w", t.name, w.name, n, err)
					}
					if round == 0 {
						continue
					}
					k := key{w.name, n, t.name}
					if results[k] == nil {
						results[k] = &result{}
					}
					results[k].add(b)
				}
			}
		}
	}
	fmt.Fprintln(os.Stderr)
	printTable(os.Stdout, ws, clients, targets, results)
	return nil
}

func accountIDs(ctx context.Context, driver neo4j.DriverWithContext) ([]string, error) {
	res, err := neo4j.ExecuteQuery(ctx, driver, directQuery("account_ids"), nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithReadersRouting(), neo4j.ExecuteQueryWithDatabase("neo4j"))
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(res.Records))
	for _, r := range res.Records {
		id, _ := r.Get("id")
		ids = append(ids, id.(string))
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("the database has no accounts: seed it first")
	}
	return ids, nil
}

type client struct {
	driver neo4j.DriverWithContext
	http   *http.Client
}

// do sends request i of w to t and returns the answer's bytes.
func (c *client) do(ctx context.Context, w workload, t target, i int) ([]byte, error) {
	var vars map[string]any
	if w.vars != nil {
		vars = w.vars(i)
	}
	if t.kind == kindDirect {
		return runDirect(ctx, c.driver, w, vars)
	}
	q := w.journeyGQL
	path := "/graphql"
	if t.kind == kindPeer {
		q, path = w.peerGQL, "/"
	}
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	resp, err := c.http.Post(t.url+path, "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK || bytes.Contains(out, []byte(`"errors"`)) {
		return nil, fmt.Errorf("HTTP %d: %.500s", resp.StatusCode, out)
	}
	return out, nil
}

func (c *client) sameData(ctx context.Context, w workload, i int, targets []target) error {
	var first string
	for k, t := range targets {
		body, err := c.do(ctx, w, t, i)
		if err != nil {
			return fmt.Errorf("%s %s: %w", t.name, w.name, err)
		}
		norm, err := w.normalise(t.kind, body)
		if err != nil {
			return fmt.Errorf("%s %s: reading the answer: %w", t.name, w.name, err)
		}
		if norm == "[]" || norm == "null" || norm == "{}" {
			return fmt.Errorf("%s %s: empty answer %.300s", t.name, w.name, body)
		}
		if k == 0 {
			first = norm
		} else if norm != first {
			return fmt.Errorf("%s: %s answers differently from %s:\n%s\n%s", w.name, t.name, targets[0].name, clip(norm), clip(first))
		}
	}
	return nil
}

func clip(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…"
	}
	return s
}

// blockResult is one target's run of one workload at one client count.
type blockResult struct {
	requests   int
	elapsed    time.Duration
	latencies  []time.Duration
	roundTrips float64 // Neo4j queries per request (api only; -1 unknown)
	rssMax     int64   // bytes; 0 unknown
}

func (c *client) measure(ctx context.Context, w workload, t target, clients int, d time.Duration, sampleRSS bool) (blockResult, error) {
	before, err := queryCount(c.http, t)
	if err != nil {
		return blockResult{}, err
	}
	var next atomic.Int64
	var mu sync.Mutex
	var firstErr error
	var latencies []time.Duration
	var rss atomic.Int64
	stop := make(chan struct{})
	var sampler sync.WaitGroup
	if sampleRSS && t.pid > 0 {
		sampler.Add(1)
		go func() {
			defer sampler.Done()
			tick := time.NewTicker(50 * time.Millisecond)
			defer tick.Stop()
			for {
				if v := vmRSS(t.pid); v > rss.Load() {
					rss.Store(v)
				}
				select {
				case <-stop:
					return
				case <-tick.C:
				}
			}
		}()
	}
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(deadline) {
				i := int(next.Add(1))
				s := time.Now()
				if _, err := c.do(ctx, w, t, i); err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					break
				}
				mine = append(mine, time.Since(s))
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(stop)
	sampler.Wait()
	if firstErr != nil {
		return blockResult{}, firstErr
	}
	b := blockResult{requests: len(latencies), elapsed: elapsed, latencies: latencies, roundTrips: -1, rssMax: rss.Load()}
	if t.kind == kindAPI {
		after, err := queryCount(c.http, t)
		if err != nil {
			return blockResult{}, err
		}
		b.roundTrips = (after - before) / float64(b.requests)
	}
	return b, nil
}

// queryCount is the number of Neo4j queries the server has run, from its
// /metrics (the query latency histogram's counts, summed over queries).
func queryCount(h *http.Client, t target) (float64, error) {
	if t.kind != kindAPI {
		return 0, nil
	}
	resp, err := h.Get(t.url + "/metrics")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s/metrics: HTTP %d", t.url, resp.StatusCode)
	}
	var n float64
	for _, line := range strings.Split(string(body), "\n") {
		if !strings.HasPrefix(line, "journeygraph_neo4j_query_duration_seconds_count{") {
			continue
		}
		v, err := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64)
		if err != nil {
			return 0, err
		}
		n += v
	}
	return n, nil
}

// vmRSS is a process's resident set (bytes), 0 when unreadable.
func vmRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// instant writes a time in one form whatever the precision it came in.
func instant(s string) (string, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return "", err
	}
	return t.UTC().Format(time.RFC3339Nano), nil
}
