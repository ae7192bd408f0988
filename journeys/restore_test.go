package journeys_test

import (
	"context"
	"testing"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/journeys"
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
