package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/auth"
	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// buildBinary builds the real command once per test.
func buildBinary(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "journeygraph")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// killFixture: the catalog, one account and two contacts for the journeys.
func killFixture(t testing.TB) *storetest.DB {
	t.Helper()
	db := storetest.New(t, nil)
	ctx := context.Background()
	if err := db.Store.LoadCatalog(ctx, seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	acme := "acme.com"
	if _, _, err := db.Store.UpsertAccount(ctx, journey.AccountInput{ID: "acme", Name: "Acme", Domain: &acme}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"ada", "bob"} {
		acc := "acme"
		if _, _, err := db.Store.UpsertContact(ctx, journey.ContactInput{ID: c, Email: c + "@acme.com", AccountID: &acc}); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// assertJourneys checks the exact graph of n touchpoints of account acme,
// alternating between contacts ada and bob, each with its account, contact and
// type, chained in time order.
func assertJourneys(t *testing.T, db *storetest.DB, n int64) {
	t.Helper()
	for _, tc := range []struct {
		cypher string
		want   int64
	}{
		{`MATCH (t:Touchpoint) RETURN count(t) AS n`, n},
		{`MATCH (:Touchpoint)-[:FOR_ACCOUNT]->(:Account {id: 'acme'}) RETURN count(*) AS n`, n},
		{`MATCH (:Touchpoint)-[:BY_CONTACT]->(:Contact) RETURN count(*) AS n`, n},
		{`MATCH (:Touchpoint)-[:OF_TYPE]->(:TouchpointType) RETURN count(*) AS n`, n},
		// One chain per account: n-1 links; one per contact: n/2-1 each.
		{`MATCH (:Touchpoint)-[r:NEXT_FOR_ACCOUNT]->(:Touchpoint) RETURN count(r) AS n`, n - 1},
		{`MATCH (:Touchpoint)-[r:NEXT_FOR_CONTACT]->(:Touchpoint) RETURN count(r) AS n`, n - 2},
		// Intact: one head, and every link goes forward in time.
		{`MATCH (t:Touchpoint) WHERE NOT ()-[:NEXT_FOR_ACCOUNT]->(t) RETURN count(t) AS n`, 1},
		{`MATCH (a:Touchpoint)-[:NEXT_FOR_ACCOUNT]->(b) WHERE a.occurredAt >= b.occurredAt RETURN count(*) AS n`, 0},
		{`MATCH (t:Touchpoint) WHERE NOT ()-[:NEXT_FOR_CONTACT]->(t) RETURN count(t) AS n`, 2},
	} {
		if got := db.Count(tc.cypher, nil); got != tc.want {
			t.Errorf("%s = %d, want %d", tc.cypher, got, tc.want)
		}
	}
}

// freeAddr returns a loopback address no one listens on.
func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// serverProcess is a running `journeygraph serve`; one goroutine waits for
// it, so tests and cleanup can both wait without racing on exec.Cmd.
type serverProcess struct {
	cmd  *exec.Cmd
	done chan struct{}
	err  error
}

// wait blocks until the process has exited and returns its exit error.
func (p *serverProcess) wait() error { <-p.done; return p.err }

// exitedYet reports whether the process has exited.
func (p *serverProcess) exitedYet() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// startServer starts `journeygraph serve` on addr with one writer key (and
// env, NAME=value settings) and waits until /readyz answers 200; stderr
// (optional) receives its logs.
func startServer(t testing.TB, bin string, db *storetest.DB, addr, writerKey string, stderr io.Writer, env ...string) *serverProcess {
	t.Helper()
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "NEO4J_URI="+db.Config.URI, "NEO4J_PASSWORD="+db.Config.Password,
		"JOURNEYGRAPH_LISTEN_ADDR="+addr, "JOURNEYGRAPH_API_KEYS=writer:kill-test:"+auth.Hash(writerKey))
	cmd.Env = append(cmd.Env, env...)
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serverProcess{cmd: cmd, done: make(chan struct{})}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = p.wait() })
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get("http://" + addr + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return p
			}
		}
		if p.exitedYet() || time.Now().After(deadline) {
			t.Fatalf("server not ready (exited: %v)", p.exitedYet())
		}
	}
}

func waitForCount(t *testing.T, db *storetest.DB, atLeast int64, timeout time.Duration) int64 {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		n := db.Count(`MATCH (t:Touchpoint) RETURN count(t) AS n`, nil)
		if n >= atLeast {
			return n
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d touchpoints after %s, waiting for %d", n, timeout, atLeast)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestImportKilledHalfwayCompletesOnRerun SIGKILLs `journeygraph import` of
// a large file half-way, runs it again, and checks the exact graph.
func TestImportKilledHalfwayCompletesOnRerun(t *testing.T) {
	bin := buildBinary(t)
	db := killFixture(t)
	const rows = 20000
	var csv strings.Builder
	csv.WriteString("ActivityId,ActivityType,Timestamp,Email\n")
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range rows {
		typ := []string{"Email Open", "Page View"}[i%3%2]
		fmt.Fprintf(&csv, "ev-%05d,%s,%s,%s@acme.com\n", i, typ, start.Add(time.Duration(i)*time.Minute).Format("2006-01-02 15:04:05"),
			[]string{"ada", "bob"}[i%2])
	}
	file := filepath.Join(t.TempDir(), "activity.csv")
	if err := os.WriteFile(file, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	importCmd := func() *exec.Cmd {
		cmd := exec.Command(bin, "import", "-kind", "marketing-activity", "-batch", "200", file)
		cmd.Env = append(os.Environ(), "NEO4J_URI="+db.Config.URI, "NEO4J_PASSWORD="+db.Config.Password)
		return cmd
	}

	first := importCmd()
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	waitForCount(t, db, rows/2, 3*time.Minute)
	if err := first.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	_ = first.Wait()
	committed := db.Count(`MATCH (t:Touchpoint) RETURN count(t) AS n`, nil)
	if committed < rows/2 || committed >= rows || committed%200 != 0 {
		// Whole batches only: a transaction commits all of its rows or none.
		t.Fatalf("%d touchpoints after the kill: want whole batches of 200, at least half and not all", committed)
	}
	t.Logf("killed with %d of %d committed", committed, rows)

	var stderr bytes.Buffer
	second := importCmd()
	second.Stderr = &stderr
	if err := second.Run(); err != nil {
		t.Fatalf("re-run: %v\n%s", err, stderr.String())
	}
	want := fmt.Sprintf("%d rows, %d touchpoints created, %d already present, 0 rows rejected", rows, rows-committed, committed)
	if !strings.Contains(stderr.String(), want) {
		t.Errorf("re-run summary:\n%s\nwant %q", stderr.String(), want)
	}
	assertJourneys(t, db, rows)
}

// TestServerKilledDuringBatchIngest SIGKILLs `journeygraph serve` while a
// client sends recordTouchpoints batches, restarts it, lets the client send
// everything again, and checks the exact graph.
func TestServerKilledDuringBatchIngest(t *testing.T) {
	bin := buildBinary(t)
	db := killFixture(t)
	const batches, size = 40, 100
	const key = "writer-key-for-the-kill-test"
	addr := freeAddr(t)
	serve := func() *serverProcess { return startServer(t, bin, db, addr, key, nil) }
	start := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	send := func(b int) (created, existing int, err error) {
		items := make([]map[string]any, size)
		for i := range items {
			n := b*size + i
			items[i] = map[string]any{"source": "crm", "externalId": fmt.Sprintf("api-%05d", n), "type": "demo",
				"occurredAt": start.Add(time.Duration(n) * time.Minute).Format(time.RFC3339), "accountId": "acme",
				"contactId": []string{"ada", "bob"}[n%2]}
		}
		body, _ := json.Marshal(map[string]any{"query": `mutation($in: [RecordTouchpointInput!]!) { recordTouchpoints(inputs: $in) { createdCount existingCount } }`,
			"variables": map[string]any{"in": items}})
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, 0, err
		}
		defer resp.Body.Close()
		var out struct {
			Data struct {
				RecordTouchpoints struct{ CreatedCount, ExistingCount int }
			}
			Errors []any
		}
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || len(out.Errors) > 0 {
			return 0, 0, fmt.Errorf("batch %d: %v %v", b, err, out.Errors)
		}
		return out.Data.RecordTouchpoints.CreatedCount, out.Data.RecordTouchpoints.ExistingCount, nil
	}

	server := serve()
	failed := make(chan int, 1)
	go func() {
		for b := range batches {
			if _, _, err := send(b); err != nil {
				failed <- b
				return
			}
		}
		failed <- batches
	}()
	waitForCount(t, db, batches*size/2, 2*time.Minute)
	if err := server.cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	_ = server.wait()
	stoppedAt := <-failed
	committed := db.Count(`MATCH (t:Touchpoint) RETURN count(t) AS n`, nil)
	if stoppedAt == batches || committed >= batches*size || committed%size != 0 {
		t.Fatalf("client got to batch %d, %d touchpoints committed: the kill was not half-way or split a batch", stoppedAt, committed)
	}
	t.Logf("killed during batch %d with %d touchpoints committed", stoppedAt, committed)

	serve()
	created, existing := 0, 0
	for b := range batches {
		c, e, err := send(b)
		if err != nil {
			t.Fatal(err)
		}
		created, existing = created+c, existing+e
	}
	if created != batches*size-int(committed) || existing != int(committed) {
		t.Errorf("re-send: %d created, %d existing; want %d and %d", created, existing, batches*size-int(committed), committed)
	}
	assertJourneys(t, db, batches*size)
}

// TestSeedKilledHalfwayThenRerunBuildsTheSameGraph is the fourth way of the
// arrival-order identity (store's TestArrivalOrderDoesNotChangeTheGraph has
// in order, shuffled and 4 writers): `journeygraph seed` SIGKILLed after its
// first touchpoint transaction committed, then run again, builds the graph an
// uninterrupted seed builds — every node and relationship, so chains,
// JourneyPaths and stage history (storetest.Fingerprint; the change feed,
// which records transactions, aside).
func TestSeedKilledHalfwayThenRerunBuildsTheSameGraph(t *testing.T) {
	bin := buildBinary(t)
	db := storetest.New(t, nil)
	// 60 accounts are ~9,400 touchpoints: two touchpoint transactions of
	// at most 5,000 rows (seed.DefaultMaxRows), then the stage changes.
	args := []string{"seed", "-accounts", "60", "-seed", "5"}
	seedCmd := func() *exec.Cmd {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "NEO4J_URI="+db.Config.URI, "NEO4J_PASSWORD="+db.Config.Password)
		return cmd
	}
	var total int64
	p := seed.DefaultParams()
	p.Accounts, p.Seed = 60, 5
	if err := seed.Generate(p, func(j seed.AccountJourney) error { total += int64(len(j.Touchpoints)); return nil }); err != nil {
		t.Fatal(err)
	}

	first := seedCmd()
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	waitForCount(t, db, 1, 5*time.Minute)
	if err := first.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	_ = first.Wait()
	committed := db.Count(`MATCH (t:Touchpoint) RETURN count(t) AS n`, nil)
	stages := db.Count(`MATCH (s:StageTransition) RETURN count(s) AS n`, nil)
	if committed == 0 || committed >= total || stages != 0 {
		t.Fatalf("killed with %d of %d touchpoints and %d stage transitions committed: not half-way", committed, total, stages)
	}
	t.Logf("killed with %d of %d touchpoints committed", committed, total)
	var stderr bytes.Buffer
	second := seedCmd()
	second.Stderr = &stderr
	if err := second.Run(); err != nil {
		t.Fatalf("re-run: %v\n%s", err, stderr.String())
	}
	got := db.Fingerprint()

	db.Query(`MATCH (n) DETACH DELETE n`, nil)
	if out, err := seedCmd().CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted seed: %v\n%s", err, out)
	}
	if n := db.Count(`MATCH (t:Touchpoint) RETURN count(t) AS n`, nil); n != total {
		t.Fatalf("uninterrupted seed: %d touchpoints, want %d", n, total)
	}
	if diff := storetest.FingerprintDiff(db.Fingerprint(), got); diff != "" {
		t.Errorf("killed and re-run seed differs from an uninterrupted one:\n%s", diff)
	}
}
