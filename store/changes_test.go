package store_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// readWholeFeed reads every change after `after` in pages of 7.
func readWholeFeed(t *testing.T, db *storetest.DB, after int64) []journey.Change {
	t.Helper()
	var all []journey.Change
	for {
		page, err := db.Store.Changes(context.Background(), after, 7)
		if err != nil {
			t.Fatalf("changes after %d: %v", after, err)
		}
		if len(page.Changes) == 0 {
			return all
		}
		all = append(all, page.Changes...)
		after = page.Changes[len(page.Changes)-1].Seq
	}
}

func touchpointIDsOf(changes []journey.Change) []string {
	var ids []string
	for _, c := range changes {
		for _, tp := range c.Touchpoints {
			ids = append(ids, tp.ID)
		}
	}
	return ids
}

// batchRun is one RecordTouchpoints call of a writer, with the instants
// (of a shared logical clock) it started and returned.
type batchRun struct {
	start, end int64
	ids        []string // ids it sent
}

// Eight writers send overlapping, shuffled batches while a reader follows
// the feed. The feed must hold every touchpoint created exactly once, numbered
// 1..n with no hole, in commit order: a batch that returned before another
// started has the lower number. The live reader, which never waits, must
// never see a number before the ones below it; and at any moment, once the
// counter reads H, every change below H must be visible (what the feed's
// readers rely on; change H itself may still be being applied).
func TestChangeFeedUnderConcurrentWritersIsDenseAndInCommitOrder(t *testing.T) {
	db := journeyFixture(t)
	ctx := context.Background()
	owners := []struct{ account, contact string }{{"acme", "ada"}, {"acme", "bob"}, {"globex", "cy"}, {"acme", ""}}
	var all []journey.TouchpointInput
	for i := range 240 {
		o := owners[i%len(owners)]
		all = append(all, tpAt(fmt.Sprintf("f%03d", i), "email_open", (i*37)%240, o.account, o.contact))
	}
	var clock atomic.Int64
	runs := make([][]batchRun, 8)
	done := make(chan struct{})
	var readerErrs []string
	var followed []journey.Change
	var readers sync.WaitGroup
	readers.Add(2)
	go func() { // follows the feed as a poller does
		defer readers.Done()
		var after int64
		for {
			select {
			case <-done:
				return
			default:
			}
			page, err := db.Store.Changes(ctx, after, 5)
			if err != nil {
				readerErrs = append(readerErrs, err.Error())
				return
			}
			followed = append(followed, page.Changes...)
			if n := len(page.Changes); n > 0 {
				after = page.Changes[n-1].Seq
			}
		}
	}()
	raw := rawDriver(t, db)
	var visibilityChecks atomic.Int64
	var visibilityErrs []string
	go func() { // checks the counter against what is visible, with its own driver
		defer readers.Done()
		for {
			select {
			case <-done:
				return
			default:
			}
			head, err := countOn(ctx, raw, `OPTIONAL MATCH (s:ChangeSequence {id: 'main'}) RETURN coalesce(s.value, 0) AS n`, nil)
			var visible int64
			if err == nil {
				visible, err = countOn(ctx, raw, `MATCH (c:Change) WHERE c.seq < $head RETURN count(c) AS n`, map[string]any{"head": head})
			}
			if err != nil {
				visibilityErrs = append(visibilityErrs, err.Error())
				return
			}
			if visible != max(head-1, 0) && len(visibilityErrs) < 5 {
				visibilityErrs = append(visibilityErrs, fmt.Sprintf("counter %d but %d changes below it visible", head, visible))
			}
			visibilityChecks.Add(1)
		}
	}()

	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			window := writerWindow(all, w, 3)
			batches := [][]journey.TouchpointInput{}
			for b := 0; b < len(window); b += 10 {
				batches = append(batches, window[b:b+10])
			}
			batches = append(batches, window[:10]) // a replay
			for _, batch := range batches {
				run := batchRun{start: clock.Add(1)}
				res, err := db.Store.RecordTouchpoints(ctx, batch)
				if err != nil {
					errs <- err
					return
				}
				run.end = clock.Add(1)
				for i, tp := range res.Touchpoints {
					if res.Created[i] {
						run.ids = append(run.ids, tp.ID)
					}
				}
				runs[w] = append(runs[w], run)
			}
		}()
	}
	wg.Wait()
	close(done)
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(readerErrs) > 0 {
		t.Fatalf("the live reader failed: %v", readerErrs)
	}
	if len(visibilityErrs) > 0 || visibilityChecks.Load() == 0 {
		t.Fatalf("after %d checks: %v", visibilityChecks.Load(), visibilityErrs)
	}

	feed := readWholeFeed(t, db, 0)
	// Windows cover touchpoints 0..224, each created once.
	ids := touchpointIDsOf(feed)
	if len(ids) != 225 {
		t.Errorf("feed lists %d touchpoints, want the 225 sent", len(ids))
	}
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	if len(slices.Compact(sorted)) != len(ids) {
		t.Errorf("feed lists a touchpoint twice")
	}
	if n := db.Count(`MATCH (t:Touchpoint) RETURN count(t) AS n`, nil); n != 225 {
		t.Errorf("%d touchpoints in the graph, want 225", n)
	}
	for i, c := range feed {
		if c.Seq != int64(i+1) {
			t.Fatalf("change %d has number %d: the feed is not dense", i, c.Seq)
		}
		for _, tp := range c.Touchpoints {
			if tp.AccountID == "" || tp.TypeKey != "email_open" {
				t.Fatalf("change %d carries an unread touchpoint %+v", c.Seq, tp)
			}
		}
	}
	if touchpointIDsOf(followed) == nil || !slices.Equal(touchpointIDsOf(followed), ids[:len(touchpointIDsOf(followed))]) {
		t.Errorf("the live reader saw %d touchpoints not as a prefix of the feed", len(touchpointIDsOf(followed)))
	}
	// Commit order: a batch's change lists exactly what it created; a batch
	// that returned before another started has the lower number.
	seqOf := map[string]int64{}
	for _, c := range feed {
		for _, tp := range c.Touchpoints {
			seqOf[tp.ID] = c.Seq
		}
	}
	type numbered struct {
		batchRun
		seq int64
	}
	var batches []numbered
	for _, rs := range runs {
		for _, r := range rs {
			if len(r.ids) == 0 {
				continue // created nothing: no change
			}
			seq := seqOf[r.ids[0]]
			if got := touchpointIDsOf(feed[seq-1 : seq]); !slices.Equal(got, r.ids) {
				t.Errorf("change %d lists %v, the batch created %v", seq, got, r.ids)
			}
			batches = append(batches, numbered{r, seq})
		}
	}
	if len(batches) != len(feed) {
		t.Errorf("%d batches created touchpoints, the feed has %d changes", len(batches), len(feed))
	}
	pairs := 0
	for _, a := range batches {
		for _, b := range batches {
			if a.end < b.start {
				pairs++
				if a.seq >= b.seq {
					t.Errorf("a batch numbered %d returned before a batch numbered %d started", a.seq, b.seq)
				}
			}
		}
	}
	if pairs == 0 {
		t.Error("no ordered pair of batches to check")
	}
}

// rawDriver is a driver of the test's own, for checks that run off the test
// goroutine (where db.Query's t.Fatal may not be called).
func rawDriver(t *testing.T, db *storetest.DB) neo4j.DriverWithContext {
	t.Helper()
	d, err := neo4j.NewDriverWithContext(db.Config.URI, neo4j.BasicAuth(db.Config.Username, db.Config.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close(context.Background()) })
	return d
}

// countOn runs a query returning one integer in its own transaction.
func countOn(ctx context.Context, d neo4j.DriverWithContext, cypher string, params map[string]any) (int64, error) {
	res, err := neo4j.ExecuteQuery(ctx, d, cypher, params, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase("neo4j"))
	if err != nil {
		return 0, err
	}
	n, _ := res.Records[0].Values[0].(int64)
	return n, nil
}

// A replay creates nothing and so appends nothing; a batch mixing old and new
// touchpoints lists only the new ones. The same for stage changes, whose
// events keep the stage left as it was when they were recorded.
func TestReplaysAppendNothingToTheFeed(t *testing.T) {
	db := journeyFixture(t)
	ctx := context.Background()
	batch := []journey.TouchpointInput{tpAt("r1", "demo", 5, "acme", "ada"), tpAt("r2", "demo", 6, "globex", "cy")}
	for range 2 {
		if _, err := db.Store.RecordTouchpoints(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Store.RecordTouchpoints(ctx, append(batch, tpAt("r3", "demo", 7, "acme", ""))); err != nil {
		t.Fatal(err)
	}
	day := func(d int) time.Time { return t0.AddDate(0, 0, d) }
	stages := []journey.StageChangeInput{{AccountID: "acme", StageKey: "mql", At: day(3)}}
	for range 2 {
		if _, err := db.Store.RecordStageChanges(ctx, stages); err != nil {
			t.Fatal(err)
		}
	}
	// Earlier than mql: the mql transition's fromStage becomes lead, its event stays.
	if _, err := db.Store.RecordStageChanges(ctx, []journey.StageChangeInput{{AccountID: "acme", StageKey: "lead", At: day(1)}}); err != nil {
		t.Fatal(err)
	}

	feed := readWholeFeed(t, db, 0)
	if len(feed) != 4 {
		t.Fatalf("feed has %d changes, want 4 (two touchpoint batches, two stage changes): %+v", len(feed), feed)
	}
	if got := touchpointIDsOf(feed[:1]); !slices.Equal(got, []string{"crm:r1", "crm:r2"}) {
		t.Errorf("change 1 lists %v", got)
	}
	if got := touchpointIDsOf(feed[1:2]); !slices.Equal(got, []string{"crm:r3"}) {
		t.Errorf("change 2 lists %v, want only the new touchpoint", got)
	}
	if feed[0].Touchpoints[1].AccountID != "globex" || feed[0].Touchpoints[1].ContactID == nil || *feed[0].Touchpoints[1].ContactID != "cy" {
		t.Errorf("change 1's second touchpoint = %+v", feed[0].Touchpoints[1])
	}
	mql, lead := feed[2].Stages, feed[3].Stages
	if len(mql) != 1 || mql[0].ToStageKey != "mql" || mql[0].FromStageKey != nil || mql[0].AccountID != "acme" || !mql[0].At.Equal(day(3)) {
		t.Errorf("change 3 = %+v, want acme entering mql from nothing", mql)
	}
	if len(lead) != 1 || lead[0].ToStageKey != "lead" || lead[0].FromStageKey != nil {
		t.Errorf("change 4 = %+v, want acme entering lead from nothing", lead)
	}
	if n := db.Count(`MATCH (st:StageTransition {toStage: 'mql'}) WHERE st.fromStage = 'lead' RETURN count(st) AS n`, nil); n != 1 {
		t.Errorf("the graph's mql transition should now come from lead")
	}
}

// Pruning deletes the oldest changes before the cutoff, at most limit at a
// time, and never past a change young enough to keep. A reader resuming
// before the retained feed is told its cursor expired; one inside it reads on.
func TestPruneChangesKeepsAPrefixFreeFeed(t *testing.T) {
	db := journeyFixture(t)
	ctx := context.Background()
	for i := range 5 {
		if _, err := db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{tpAt(fmt.Sprintf("p%d", i), "demo", i, "acme", "")}); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	db.Query(`MATCH (c:Change) WHERE c.seq IN [1, 2, 3, 5] SET c.at = $old`, map[string]any{"old": old})
	cutoff := old.AddDate(1, 0, 0)

	n, err := db.Store.PruneChanges(ctx, cutoff, 2)
	if err != nil || n != 2 {
		t.Fatalf("first prune: %d, %v; want 2 (the limit)", n, err)
	}
	n, err = db.Store.PruneChanges(ctx, cutoff, 10)
	if err != nil || n != 1 {
		t.Fatalf("second prune: %d, %v; want 1 (change 3; 4 is young, so 5 stays)", n, err)
	}
	left := db.Query(`MATCH (c:Change) RETURN c.seq AS seq ORDER BY seq`, nil)
	if fmt.Sprint(left) != "[map[seq:4] map[seq:5]]" {
		t.Errorf("left %v, want changes 4 and 5", left)
	}
	for _, after := range []int64{0, 2} {
		if _, err := db.Store.Changes(ctx, after, 10); journey.ErrorCode(err) != journey.CodeCursorExpired {
			t.Errorf("reading after %d: %v, want %s", after, err, journey.CodeCursorExpired)
		}
	}
	got, err := db.Store.Changes(ctx, 3, 10)
	if err != nil || len(got.Changes) != 2 || got.Head != 5 || got.Changes[0].Seq != 4 {
		t.Errorf("reading after 3: %+v, %v; want changes 4 and 5", got, err)
	}
	if got, err := db.Store.Changes(ctx, 5, 10); err != nil || len(got.Changes) != 0 || got.Head != 5 {
		t.Errorf("reading after the head: %+v, %v", got, err)
	}
	// All old: everything goes but the head change, so a reader that misses
	// the head knows it is still being committed, not pruned.
	db.Query(`MATCH (c:Change) SET c.at = $old`, map[string]any{"old": old})
	if n, err := db.Store.PruneChanges(ctx, cutoff, 10); err != nil || n != 1 {
		t.Fatalf("third prune: %d, %v; want 1 (change 4, not the head)", n, err)
	}
	if got, err := db.Store.Changes(ctx, 4, 10); err != nil || len(got.Changes) != 1 || got.Changes[0].Seq != 5 {
		t.Errorf("reading after 4: %+v, %v; want the head change 5", got, err)
	}
	if _, err := db.Store.Changes(ctx, 3, 10); journey.ErrorCode(err) != journey.CodeCursorExpired {
		t.Errorf("reading after 3: %v, want expired", err)
	}
	if _, err := db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{tpAt("p9", "demo", 9, "acme", "")}); err != nil {
		t.Fatal(err)
	}
	if got, err := db.Store.Changes(ctx, 5, 10); err != nil || len(got.Changes) != 1 || got.Changes[0].Seq != 6 {
		t.Errorf("the next change after pruning all: %+v, %v; want number 6", got, err)
	}
}
