package journeys_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/journeys"
	"github.com/journeygraph/journeygraph/store"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// backup is what restoring a backup of the database brings back that these
// tests change: the change feed's counter node as it was (counters, epoch
// and whatever else it carries), and the nodes given by id (an account, a
// journey path) as they were.
type backup struct {
	counter map[string]any
	nodes   map[string]map[string]any
}

func takeBackup(t *testing.T, db *storetest.DB, ids ...string) backup {
	t.Helper()
	b := backup{nodes: map[string]map[string]any{}}
	b.counter, _ = db.Query("MATCH (seq:ChangeSequence {id: 'main'}) RETURN properties(seq) AS p", nil)[0]["p"].(map[string]any)
	for _, id := range ids {
		rows := db.Query("MATCH (n {id: $id}) WHERE n:Account OR n:JourneyPath RETURN properties(n) AS p", map[string]any{"id": id})
		if len(rows) != 1 {
			t.Fatalf("backup of %s: %d nodes", id, len(rows))
		}
		b.nodes[id], _ = rows[0]["p"].(map[string]any)
	}
	return b
}

// restore simulates restoring b: every node written after it is removed
// (the touchpoints given, changes and profile bumps numbered above its
// counters) and the counter node and the nodes backed up are set back. The
// database keeps its epoch, as a restored one does.
func (b backup) restore(t *testing.T, db *storetest.DB, touchpoints ...string) {
	t.Helper()
	db.Query("MATCH (t:Touchpoint) WHERE t.externalId IN $ext DETACH DELETE t", map[string]any{"ext": touchpoints})
	db.Query("MATCH (c:Change) WHERE c.seq > $head DETACH DELETE c", map[string]any{"head": b.counter["value"]})
	db.Query("MATCH (p:ProfileBump) WHERE p.seq > $profiles DETACH DELETE p", map[string]any{"profiles": b.counter["profiles"]})
	db.Query("MATCH (seq:ChangeSequence {id: 'main'}) SET seq = $p", map[string]any{"p": b.counter})
	for id, p := range b.nodes {
		db.Query("MATCH (n {id: $id}) WHERE n:Account OR n:JourneyPath SET n = $p", map[string]any{"id": id, "p": p})
	}
}

// settled queries twice, so the cache has read its last change and bump a
// second time and holds the version as settled; the answer must be want.
func settled(t *testing.T, cache *journeys.Cache, want, label string) {
	t.Helper()
	for i := range 2 {
		if got := query(t, cache, journey.AnalysisScope{}); got != want {
			t.Fatalf("%s, query %d: cached\n%s\nwant\n%s", label, i, got, want)
		}
	}
}

// A database restored from a backup keeps its epoch and its counters go
// back; live writes after the restore number their changes as the lost ones
// were, and reach the cached version before this (idle) replica asks again.
// The cache must not take the restored database for the one it cached:
// acme's touchpoint written after the backup is gone, globex's written after
// the restore is there.
func TestRestoredDatabaseThenChanges(t *testing.T) {
	db, cache := warmFixture(t)
	ctx := context.Background()
	settled(t, cache, fixtureAccounts, "before")
	b := takeBackup(t, db, "ACCOUNT:acme")
	if _, err := db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{tpAt("a5", "proposal", 60, "acme", "")}); err != nil {
		t.Fatal(err)
	}
	settled(t, cache, "acme/acme[1000]: website_visit@10 email_open@20 demo@30 invoice@40 proposal@60 | lead@25 opportunity@35\n"+
		"globex/globex: email_click@15 proposal@50 | lead@12", "after a5")
	b.restore(t, db, "a5")
	if got := describe(mustStore(t, db, journey.AnalysisScope{})); got != fixtureAccounts {
		t.Fatalf("the simulated restore is not the fixture:\n%s", got)
	}
	if _, err := db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{tpAt("g3", "invoice", 70, "globex", "")}); err != nil {
		t.Fatal(err)
	}
	want := "acme/acme[1000]: website_visit@10 email_open@20 demo@30 invoice@40 | lead@25 opportunity@35\n" +
		"globex/globex: email_click@15 proposal@50 invoice@70 | lead@12"
	if got := describe(mustStore(t, db, journey.AnalysisScope{})); got != want {
		t.Fatalf("store after the restore and a write:\n%s", got)
	}
	settled(t, cache, want, "after the restore and a write")
}

// The same for the profile counter: acme's ARR changed after the backup is
// lost with the restore, and an upsert of globex after it bumps the profile
// counter back to the number the cache saw. No change is written, so the
// change feed's head is what the cache saw too.
func TestRestoredDatabaseThenUpserts(t *testing.T) {
	db, cache := warmFixture(t)
	ctx := context.Background()
	settled(t, cache, fixtureAccounts, "before")
	b := takeBackup(t, db, "acme")
	enterprise, smb := journey.SegmentEnterprise, journey.SegmentSMB
	if _, _, err := db.Store.UpsertAccount(ctx, journey.AccountInput{ID: "acme", Name: "Acme", Domain: ptr("acme.com"),
		Segment: &enterprise, Region: ptr("EMEA"), ARR: ptr(2000.0)}); err != nil {
		t.Fatal(err)
	}
	settled(t, cache, "acme/acme[2000]: website_visit@10 email_open@20 demo@30 invoice@40 | lead@25 opportunity@35\n"+
		"globex/globex: email_click@15 proposal@50 | lead@12", "after acme's ARR")
	b.restore(t, db)
	if got := describe(mustStore(t, db, journey.AnalysisScope{})); got != fixtureAccounts {
		t.Fatalf("the simulated restore is not the fixture:\n%s", got)
	}
	if _, _, err := db.Store.UpsertAccount(ctx, journey.AccountInput{ID: "globex", Name: "Globex", Domain: ptr("globex.com"),
		Segment: &smb, ARR: ptr(500.0)}); err != nil {
		t.Fatal(err)
	}
	want := "acme/acme[1000]: website_visit@10 email_open@20 demo@30 invoice@40 | lead@25 opportunity@35\n" +
		"globex/globex[500]: email_click@15 proposal@50 | lead@12"
	if got := describe(mustStore(t, db, journey.AnalysisScope{})); got != want {
		t.Fatalf("store after the restore and an upsert:\n%s", got)
	}
	if v, err := db.Store.DataVersion(ctx); err != nil || v.Profiles != integerOf(b.counter["profiles"])+1 {
		t.Fatalf("version after the restore and an upsert: %+v (%v); want the profile counter one above the backup's, as the cache saw", v, err)
	}
	settled(t, cache, want, "after the restore and an upsert")
}

// countingStore counts the cache's full loads and, when versionBefore is
// set, makes the next full load report that version as read at its start:
// one read before writes whose data the load's journeys include. A full load reads the version and
// then the journeys, and Neo4j's read-committed isolation shows a later
// statement the writes committed in between; the interleaving is legal, and
// forced here because a test cannot pause the store between statements.
type countingStore struct {
	*store.Store
	mu            sync.Mutex
	versionBefore *store.DataVersion
	fullLoads     atomic.Int64
}

func (s *countingStore) AllCachedJourneys(ctx context.Context, withContacts bool) (store.CachedJourneys, error) {
	s.fullLoads.Add(1)
	read, err := s.Store.AllCachedJourneys(ctx, withContacts)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil && s.versionBefore != nil {
		// The version read at the end (Last) is the store's own.
		last := read.Version.Last
		read.Version, s.versionBefore = *s.versionBefore, nil
		read.Version.Last = read.Version.Last.Newer(last)
	}
	return read, err
}

// A backup taken after the version a full load read but before the load
// read the journeys: the cache holds a write (acme's a5) the backup lacks,
// while the last change the load's version names (globex's g3) is in the
// backup under its token. After the restore the cache must not keep serving
// a5, whether or not globex is written to after it; without a restore it
// catches up with a5 by refreshes, not by loading everything again.
func TestRestoreBetweenFullLoadsVersionAndJourneys(t *testing.T) {
	for _, c := range []struct {
		name                string
		restore, writeAfter bool
	}{
		{"no restore", false, false},
		{"no write after the restore", true, false},
		{"a globex write after the restore", true, true},
	} {
		restore, writeAfter := c.restore, c.writeAfter
		t.Run(c.name, func(t *testing.T) {
			db, _ := warmFixture(t)
			ctx := context.Background()
			if _, err := db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{tpAt("g3", "invoice", 70, "globex", "")}); err != nil {
				t.Fatal(err)
			}
			v, err := db.Store.DataVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			b := takeBackup(t, db, "ACCOUNT:acme")
			if _, err := db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{tpAt("a5", "proposal", 60, "acme", "")}); err != nil {
				t.Fatal(err)
			}
			st := &countingStore{Store: db.Store, versionBefore: &v}
			cache := journeys.New(st)
			if got := query(t, cache, journey.AnalysisScope{}); got == "" {
				t.Fatal("empty")
			}
			if !restore {
				settled(t, cache, "acme/acme[1000]: website_visit@10 email_open@20 demo@30 invoice@40 proposal@60 | lead@25 opportunity@35\n"+
					"globex/globex: email_click@15 proposal@50 invoice@70 | lead@12", "without a restore")
				if n := st.fullLoads.Load(); n != 1 {
					t.Errorf("%d full loads, want one", n)
				}
				return
			}
			b.restore(t, db, "a5")
			want := "acme/acme[1000]: website_visit@10 email_open@20 demo@30 invoice@40 | lead@25 opportunity@35\n" +
				"globex/globex: email_click@15 proposal@50 invoice@70 | lead@12"
			if writeAfter {
				if _, err := db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{tpAt("g4", "demo", 80, "globex", "")}); err != nil {
					t.Fatal(err)
				}
				want = "acme/acme[1000]: website_visit@10 email_open@20 demo@30 invoice@40 | lead@25 opportunity@35\n" +
					"globex/globex: email_click@15 proposal@50 invoice@70 demo@80 | lead@12"
			}
			if got := describe(mustStore(t, db, journey.AnalysisScope{})); got != want {
				t.Fatalf("store after the restore:\n%s\nwant\n%s", got, want)
			}
			settled(t, cache, want, "after the restore")
		})
	}
}

// Live ingest never makes a warm cache load everything again: writers of
// touchpoints and upserts run concurrently with readers.
func TestLiveIngestNeverReloadsWholeCache(t *testing.T) {
	db, _ := warmFixture(t)
	ctx := context.Background()
	st := &countingStore{Store: db.Store}
	cache := journeys.New(st)
	query(t, cache, journey.AnalysisScope{})
	if n := st.fullLoads.Load(); n != 1 {
		t.Fatalf("%d full loads to warm", n)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 15 {
				var err error
				switch (w + i) % 3 {
				case 0:
					_, err = db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{tpAt("w"+string(rune('a'+w))+string(rune('a'+i)), "demo", 100+i, "acme", "")})
				case 1:
					arr := float64(1000 + 10*w + i)
					_, _, err = db.Store.UpsertAccount(ctx, journey.AccountInput{ID: "globex", Name: "Globex", ARR: &arr})
				default:
					_, err = db.Store.UpsertAccounts(ctx, []journey.AccountInput{{ID: "n" + string(rune('a'+w)) + string(rune('a'+i)), Name: "N"}})
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for range 2 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			scope := journey.AnalysisScope{}
			_ = scope.Normalize("scope")
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := cache.ObservedJourneys(ctx, scope); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	settled(t, cache, describe(mustStore(t, db, journey.AnalysisScope{})), "after live ingest")
	if n := st.fullLoads.Load(); n != 1 {
		t.Errorf("%d full loads, want the warming one only", n)
	}
}

// A quiet period longer than the feed's retention: the replica saw change N
// (the head, never pruned while it is the head); a write makes N+1 the head
// and the pruner then deletes N. Every change after N is still in the feed,
// so the next refresh reads N+1 alone; it must not load everything again.
func TestPrunedLastSeenChangeRefreshesWithoutReload(t *testing.T) {
	db, _ := warmFixture(t)
	ctx := context.Background()
	st := &countingStore{Store: db.Store}
	cache := journeys.New(st)
	settled(t, cache, fixtureAccounts, "before")
	head, err := db.Store.ChangeHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	db.Query("MATCH (c:Change) SET c.at = datetime() - duration('P2D')", nil)
	if _, err := db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{tpAt("g3", "invoice", 70, "globex", "")}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Store.PruneChanges(ctx, time.Now().Add(-24*time.Hour), 1000); err != nil {
		t.Fatal(err)
	}
	if n := db.Count("MATCH (c:Change {seq: $n}) RETURN count(c)", map[string]any{"n": head}); n != 0 {
		t.Fatalf("change %d not pruned", head)
	}
	want := "acme/acme[1000]: website_visit@10 email_open@20 demo@30 invoice@40 | lead@25 opportunity@35\n" +
		"globex/globex: email_click@15 proposal@50 invoice@70 | lead@12"
	settled(t, cache, want, "after the write and the prune")
	if n := st.fullLoads.Load(); n != 1 {
		t.Errorf("%d full loads, want the warming one only", n)
	}
}

func integerOf(v any) int64 { n, _ := v.(int64); return n }

func mustStore(t *testing.T, db *storetest.DB, scope journey.AnalysisScope) []journey.ObservedJourney {
	t.Helper()
	if err := scope.Normalize("scope"); err != nil {
		t.Fatal(err)
	}
	js, err := db.Store.ObservedJourneys(context.Background(), scope)
	if err != nil {
		t.Fatal(err)
	}
	return js
}
