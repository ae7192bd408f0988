package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/server/livetest"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// Two `journeygraph serve` processes on one Neo4j, writers through both and
// an offline `journeygraph import` at the same time, subscribers on both:
// every subscriber receives exactly the events the graph's change feed
// lists, in its order, whichever process the writes went through. One
// subscriber drops its connection half-way and resumes on the other process
// with its last cursor: together its two streams are the whole feed.
func TestTwoAPIProcessesDeliverEveryChangeInCommitOrder(t *testing.T) {
	bin := buildBinary(t)
	db := killFixture(t)
	const key = "wk-live-two-processes"
	fast := "JOURNEYGRAPH_FEED_POLL_INTERVAL=50ms"
	a := freeAddr(t)
	startServer(t, bin, db, a, key, nil, fast)
	b := freeAddr(t)
	startServer(t, bin, db, b, key, nil, fast)

	const touchpoints = `subscription($f: TouchpointRecordedFilter, $after: String) {
	  touchpointRecorded(filter: $f, after: $after) { cursor touchpoint { id contact { id } } } }`
	const stages = `subscription { stageChanged { cursor toStage { key } transition { id } } }`
	initPayload := map[string]any{"Authorization": "Bearer " + key}
	wsA := livetest.DialWS(t, a, nil, initPayload).Acked(t)
	wsA.Subscribe(t, "all", touchpoints, nil)
	wsB := livetest.DialWS(t, b, nil, initPayload).Acked(t)
	wsB.Subscribe(t, "ada", touchpoints, map[string]any{"f": map[string]any{"contactIds": []string{"ada"}}})
	sseB := livetest.OpenSSE(t, b, key, touchpoints, nil)
	stagesA := livetest.OpenSSE(t, a, key, stages, nil)
	dropper := livetest.DialWS(t, a, nil, initPayload).Acked(t)
	dropper.Subscribe(t, "d", touchpoints, nil)
	time.Sleep(500 * time.Millisecond) // every subscription has joined its process's feed

	// Four writers, two through each process: 10 batches of 5 each, every
	// batch repeating one touchpoint of the one before (a replay, no event);
	// the first also records stage changes. An import of 40 rows runs along.
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w, addr := range []string{a, a, b, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for batch := range 10 {
				var in []any
				for i := range 5 {
					n := batch*5 + i
					in = append(in, liveTouchpoint(fmt.Sprintf("w%d-%02d", w, n), w*1000+n, []string{"ada", "bob"}[n%2]))
				}
				if batch > 0 {
					n := batch*5 - 1
					in = append(in, liveTouchpoint(fmt.Sprintf("w%d-%02d", w, n), w*1000+n, []string{"ada", "bob"}[n%2]))
				}
				if _, err := livetest.Post(addr, key, `mutation($in: [RecordTouchpointInput!]!) { recordTouchpoints(inputs: $in) { touchpoints { id } } }`, map[string]any{"in": in}); err != nil {
					errs <- err
					return
				}
				if w == 0 && batch%3 == 0 {
					stage := []string{"lead", "mql", "sql", "opportunity"}[batch/3]
					if _, err := livetest.Post(addr, key, `mutation($in: RecordStageChangeInput!) { recordStageChange(input: $in) { created } }`,
						map[string]any{"in": map[string]any{"accountId": "acme", "stage": stage, "at": fmt.Sprintf("2026-01-%02dT00:00:00Z", batch+1)}}); err != nil {
						errs <- err
						return
					}
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		errs <- importLive(bin, db, t.TempDir(), 40)
	}()

	// The dropper reads 30 events, drops the connection, and resumes on B.
	first, err := collectTouchpoints(dropper.Messages(), 30, time.Minute)
	if err != nil {
		t.Fatalf("dropper: %v", err)
	}
	dropper.CloseNow()
	resumed := livetest.DialWS(t, b, nil, initPayload).Acked(t)
	resumed.Subscribe(t, "r", touchpoints, map[string]any{"after": first[len(first)-1].Cursor})

	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}

	// The feed as the graph lists it, read directly.
	var feed, adas []string
	for _, row := range db.Query(`MATCH (c:Change {kind: 'touchpoints'}) WITH c ORDER BY c.seq UNWIND c.ids AS id
		MATCH (t:Touchpoint {id: id}) RETURN id, t.contactId AS contact`, nil) {
		feed = append(feed, row["id"].(string))
		if row["contact"] == "ada" {
			adas = append(adas, row["id"].(string))
		}
	}
	if n := db.Count(`MATCH (t:Touchpoint) RETURN count(t) AS n`, nil); len(feed) != 4*50+40 || n != int64(len(feed)) {
		t.Fatalf("the feed lists %d touchpoints, the graph holds %d; want %d", len(feed), n, 4*50+40)
	}
	for name, sub := range map[string]struct {
		msgs <-chan livetest.Msg
		want []string
	}{
		"WebSocket on A": {wsA.Messages(), feed},
		"SSE on B":       {sseB.Events(), feed},
		"ada's, WS on B": {wsB.Messages(), adas},
		"resumed on B":   {resumed.Messages(), feed[len(first):]},
	} {
		got, err := collectTouchpoints(sub.msgs, len(sub.want), time.Minute)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if ids := idsOf(got); !slices.Equal(ids, sub.want) {
			t.Errorf("%s: %d events, not the feed's %d in order\n got %v\nwant %v", name, len(ids), len(sub.want), ids, sub.want)
		}
		if extra, err := collectTouchpoints(sub.msgs, 1, 300*time.Millisecond); err == nil {
			t.Errorf("%s: an event more than the feed: %v", name, extra)
		}
	}
	if ids := idsOf(first); !slices.Equal(ids, feed[:len(first)]) {
		t.Errorf("the dropper's first events %v are not the feed's first", ids)
	}

	var wantStages []string
	for _, row := range db.Query(`MATCH (c:Change {kind: 'stages'}) WITH c ORDER BY c.seq UNWIND c.ids AS id RETURN id`, nil) {
		wantStages = append(wantStages, row["id"].(string))
	}
	var gotStages []string
	for range wantStages {
		select {
		case m := <-stagesA.Events():
			var r struct {
				Data struct {
					StageChanged struct{ Transition struct{ ID string } }
				}
			}
			_ = json.Unmarshal(m.Payload, &r)
			gotStages = append(gotStages, r.Data.StageChanged.Transition.ID)
		case <-time.After(time.Minute):
			t.Fatalf("stage events: %v of %v", gotStages, wantStages)
		}
	}
	if len(wantStages) != 4 || !slices.Equal(gotStages, wantStages) {
		t.Errorf("stage events %v, want the feed's %v (4)", gotStages, wantStages)
	}
}

func liveTouchpoint(ext string, minute int, contact string) map[string]any {
	return map[string]any{"source": "crm", "externalId": ext, "type": "demo", "accountId": "acme", "contactId": contact,
		"occurredAt": time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(minute) * time.Minute).Format(time.RFC3339)}
}

// importLive runs `journeygraph import` of n marketing activities of ada and
// bob, in batches of 7; safe off the test goroutine.
func importLive(bin string, db *storetest.DB, dir string, n int) error {
	var csv strings.Builder
	csv.WriteString("ActivityId,ActivityType,Timestamp,Email\n")
	for i := range n {
		fmt.Fprintf(&csv, "im-%03d,Email Open,2026-03-01 %02d:%02d:00,%s@acme.com\n", i, i/60, i%60, []string{"ada", "bob"}[i%2])
	}
	file := filepath.Join(dir, "activity.csv")
	if err := os.WriteFile(file, []byte(csv.String()), 0o600); err != nil {
		return err
	}
	cmd := exec.Command(bin, "import", "-kind", "marketing-activity", "-batch", "7", file)
	cmd.Env = append(os.Environ(), "NEO4J_URI="+db.Config.URI, "NEO4J_PASSWORD="+db.Config.Password)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("import: %v\n%s", err, out)
	}
	return nil
}

type liveEvent struct {
	Cursor string
	ID     string
}

func idsOf(es []liveEvent) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

// collectTouchpoints reads n touchpointRecorded events from msgs.
func collectTouchpoints(msgs <-chan livetest.Msg, n int, timeout time.Duration) ([]liveEvent, error) {
	var out []liveEvent
	deadline := time.After(timeout)
	for len(out) < n {
		select {
		case m, ok := <-msgs:
			if !ok {
				return out, errors.New("the stream ended")
			}
			var r struct {
				Data struct {
					TouchpointRecorded struct {
						Cursor     string
						Touchpoint struct{ ID string }
					}
				}
				Errors []json.RawMessage
			}
			if m.Type != "next" || json.Unmarshal(m.Payload, &r) != nil || len(r.Errors) > 0 {
				return out, fmt.Errorf("got %s %s after %d events", m.Type, m.Payload, len(out))
			}
			out = append(out, liveEvent{r.Data.TouchpointRecorded.Cursor, r.Data.TouchpointRecorded.Touchpoint.ID})
		case <-deadline:
			return out, fmt.Errorf("%d of %d events within %s", len(out), n, timeout)
		}
	}
	return out, nil
}
