package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/store"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// The data version names its last change and profile bump by random
// tokens, which the counter node, the Change and the ProfileBump share; a
// replay that writes nothing keeps the version as it was.
func TestDataVersionTokens(t *testing.T) {
	db, mid := versionFixture(t)
	ctx := context.Background()
	v := dataVersion(t, db)
	if v.Head != mid.Head+1 || v.Profiles != mid.Profiles+1 || v.Last.Head != v.Head || v.Last.Profiles != v.Profiles {
		t.Fatalf("version %+v after %+v: want one change and one bump more, Last at the counters", v, mid)
	}
	if v.Last.HeadToken == "" || v.Last.ProfileToken == "" || v.Last.HeadToken == mid.Last.HeadToken || v.Last.ProfileToken == mid.Last.ProfileToken {
		t.Fatalf("tokens %+v after %+v: want new, non-empty ones", v.Last, mid.Last)
	}
	for _, c := range []struct {
		query string
		want  string
		n     int64
	}{
		{"MATCH (c:Change {seq: $n}) RETURN c.token AS token", mid.Last.HeadToken, mid.Head},
		{"MATCH (c:Change {seq: $n}) RETURN c.token AS token", v.Last.HeadToken, v.Head},
		{"MATCH (c:Change {seq: $n}) RETURN c.prevToken AS token", mid.Last.HeadToken, v.Head},
		{"MATCH (b:ProfileBump {seq: $n}) RETURN b.token AS token", mid.Last.ProfileToken, mid.Profiles},
		{"MATCH (b:ProfileBump {seq: $n}) RETURN b.token AS token", v.Last.ProfileToken, v.Profiles},
	} {
		if rows := db.Query(c.query, map[string]any{"n": c.n}); len(rows) != 1 || rows[0]["token"] != c.want {
			t.Errorf("%s (n=%d): %v, want token %s", c.query, c.n, rows, c.want)
		}
	}
	if n := db.Count("MATCH (b:ProfileBump) RETURN count(b)", nil); n != v.Profiles {
		t.Errorf("%d ProfileBump nodes, want one per bump: %d", n, v.Profiles)
	}
	// Replays: the same touchpoint and the same account again.
	if _, err := db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{versionTouchpoint("t2", 20)}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Store.UpsertAccount(ctx, acmeWithARR(2000)); err != nil {
		t.Fatal(err)
	}
	if again := dataVersion(t, db); again != v {
		t.Errorf("after replays: %+v, want %+v", again, v)
	}
}

// A refresh starts from a version only while the database holds its last
// change and bump under the tokens it names; a mark written before tokens
// ("") is not checked.
func TestCachedJourneysSinceChecksTheLastChangeAndBump(t *testing.T) {
	db, mid := versionFixture(t)
	ctx := context.Background()
	now := dataVersion(t, db)
	since := func(v store.DataVersion, edit func(*store.VersionMark)) store.DataVersion {
		edit(&v.Last)
		return v
	}
	same := func(*store.VersionMark) {}
	cases := []struct {
		name  string
		setup string // Cypher run first
		since store.DataVersion
		stale bool
	}{
		{"an earlier version as read", "", since(mid, same), false},
		{"the current version as read", "", since(now, same), false},
		{"an earlier change under another token", "", since(mid, func(m *store.VersionMark) { m.HeadToken = "other" }), true},
		{"an earlier bump under another token", "", since(mid, func(m *store.VersionMark) { m.ProfileToken = "other" }), true},
		{"the head change under another token", "", since(now, func(m *store.VersionMark) { m.HeadToken = "other" }), true},
		{"the last bump under another token", "", since(now, func(m *store.VersionMark) { m.ProfileToken = "other" }), true},
		{"a change above the head", "", since(now, func(m *store.VersionMark) { m.Head++ }), true},
		{"a bump above the counter", "", since(now, func(m *store.VersionMark) { m.Profiles++ }), true},
		{"the last bump, with a token, seen without", "", since(now, func(m *store.VersionMark) { m.ProfileToken = "" }), true},
		{"a bump no longer kept", "MATCH (b:ProfileBump {seq: $profiles}) DELETE b", since(mid, same), true},
		{"a bump of before tokens, not kept", "", since(mid, func(m *store.VersionMark) { m.ProfileToken = "" }), false},
		{"a change with a token, seen without", "", since(mid, func(m *store.VersionMark) { m.HeadToken = ""; m.ProfileToken = "" }), true},
		{"a change of before tokens", "MATCH (c:Change {seq: $head}) REMOVE c.token",
			since(mid, func(m *store.VersionMark) { m.HeadToken = ""; m.ProfileToken = "" }), false},
		{"a change of before tokens, seen with one", "",
			since(mid, func(m *store.VersionMark) { m.ProfileToken = "" }), true},
		{"a change pruned from the feed, the next keeping its token", "MATCH (c:Change {seq: $head}) DETACH DELETE c",
			since(mid, func(m *store.VersionMark) { m.ProfileToken = "" }), false},
		{"a change pruned from the feed, seen under another token", "",
			since(mid, func(m *store.VersionMark) { m.HeadToken = "other"; m.ProfileToken = "" }), true},
		{"a change of before tokens no longer in the feed", "",
			since(mid, func(m *store.VersionMark) { m.HeadToken = ""; m.ProfileToken = "" }), false},
		{"a pruned change the next one names by another token", "MATCH (c:Change {seq: $head + 1}) SET c.prevToken = 'other'",
			since(mid, func(m *store.VersionMark) { m.ProfileToken = "" }), true},
		{"a pruned change the next one names by no token", "MATCH (c:Change {seq: $head + 1}) REMOVE c.prevToken",
			since(mid, func(m *store.VersionMark) { m.ProfileToken = "" }), true},
	}
	for _, c := range cases {
		if c.setup != "" {
			db.Query(c.setup, map[string]any{"head": mid.Head, "profiles": mid.Profiles})
		}
		_, err := db.Store.CachedJourneysSince(ctx, c.since, true, 1000)
		if stale := errors.Is(err, store.ErrJourneysStale); stale != c.stale || (err != nil && !stale) {
			t.Errorf("%s: %v, want stale %v", c.name, err, c.stale)
		}
	}
}

// versionFixture writes the catalog, acme (a bump) and a touchpoint (a
// change), reads that version, then writes another touchpoint and changes
// acme's ARR.
func versionFixture(t *testing.T) (*storetest.DB, store.DataVersion) {
	t.Helper()
	db := storetest.New(t, nil)
	ctx := context.Background()
	if err := db.Store.LoadCatalog(ctx, seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Store.UpsertAccount(ctx, acmeWithARR(1000)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{versionTouchpoint("t1", 10)}); err != nil {
		t.Fatal(err)
	}
	mid := dataVersion(t, db)
	if _, err := db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{versionTouchpoint("t2", 20)}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Store.UpsertAccount(ctx, acmeWithARR(2000)); err != nil {
		t.Fatal(err)
	}
	return db, mid
}

func acmeWithARR(arr float64) journey.AccountInput {
	return journey.AccountInput{ID: "acme", Name: "Acme", ARR: &arr}
}

func versionTouchpoint(ext string, minute int) journey.TouchpointInput {
	acme := "acme"
	return journey.TouchpointInput{Source: "crm", ExternalID: ext, TypeKey: "demo",
		OccurredAt: time.Date(2026, 3, 1, 9, minute, 0, 0, time.UTC), AccountID: &acme}
}

func dataVersion(t *testing.T, db *storetest.DB) store.DataVersion {
	t.Helper()
	v, err := db.Store.DataVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Owners marked by profile bumps count against the refresh's limit, as
// changes do: a mass upsert is read whole again, not owner by owner.
func TestCachedJourneysSinceLimitsProfileMarks(t *testing.T) {
	db, _ := versionFixture(t)
	ctx := context.Background()
	before := dataVersion(t, db)
	// Two bumps marking three new accounts and one new contact: four owners.
	if _, err := db.Store.UpsertAccounts(ctx, []journey.AccountInput{{ID: "a1", Name: "A1"}, {ID: "a2", Name: "A2"}, {ID: "a3", Name: "A3"}}); err != nil {
		t.Fatal(err)
	}
	acme := "acme"
	if _, err := db.Store.UpsertContacts(ctx, []journey.ContactInput{{ID: "c1", Email: "c1@acme.com", AccountID: &acme}}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		limit int
		stale bool
	}{{1, true}, {3, true}, {4, false}, {10, false}} {
		read, err := db.Store.CachedJourneysSince(ctx, before, true, c.limit)
		if stale := errors.Is(err, store.ErrJourneysStale); stale != c.stale || (err != nil && !stale) {
			t.Errorf("limit %d: %v, want stale %v", c.limit, err, c.stale)
			continue
		}
		if err == nil && (fmt.Sprint(read.AccountIDs) != "[a1 a2 a3]" || fmt.Sprint(read.ContactIDs) != "[c1]") {
			t.Errorf("limit %d: accounts %v, contacts %v; want [a1 a2 a3] and [c1]", c.limit, read.AccountIDs, read.ContactIDs)
		}
	}
}
