package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/store/storetest"
)

func TestMigrateIsIdempotentAndCoversEveryKey(t *testing.T) {
	db := storetest.New(t, nil) // New already migrated once
	ctx := context.Background()
	if err := db.Store.Migrate(ctx); err != nil {
		t.Fatalf("second migrate: %v", err)
	}

	// Every node key of the model, written out independently of the migration files.
	wantUnique := map[string]string{
		"Account": "id", "Contact": "email", "Persona": "key", "TouchpointType": "key",
		"Touchpoint": "id", "Stage": "key", "Department": "key", "Channel": "key",
		"Technology": "key", "Vendor": "key", "DataField": "key", "StageTransition": "id", "JourneyPath": "id",
		"CatalogVersion": "id", "ChangeSequence": "id", "Change": "seq", "ProfileBump": "seq",
		"SegmentAlias": "anonymousId", "SegmentGroupLink": "userId", "SegmentPending": "messageId", "SegmentMessage": "id", "SegmentSkipCount": "key",
	}
	rows := db.Query(`SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties
		WHERE type = 'UNIQUENESS' RETURN labelsOrTypes[0] AS label, properties AS props`, nil)
	got := map[string][]string{}
	for _, r := range rows {
		label := r["label"].(string)
		for _, p := range r["props"].([]any) {
			got[label] = append(got[label], p.(string))
		}
	}
	for label, prop := range wantUnique {
		found := false
		for _, p := range got[label] {
			found = found || p == prop
		}
		if !found {
			t.Errorf("no uniqueness constraint on :%s(%s); have %v", label, prop, got)
		}
	}
	// 12 constraints in 0001_keys.cypher (Contact has two), 1 in
	// 0003_stage_transition_key.cypher, 1 in 0004_journey_paths.cypher, 1 in
	// 0008_catalog_version.cypher, 2 in 0009_change_feed.cypher, 4 in
	// 0010_segment.cypher, of which 0011_segment_records.cypher drops 1
	// (SegmentSkipped.messageId: a skipped call's record is its SegmentMessage)
	// and adds 2, 1 in 0014_profile_bumps.cypher, nothing duplicated by the
	// rerun.
	if n := len(rows); n != 23 {
		t.Errorf("uniqueness constraints = %d, want 23", n)
	}
	if n := db.Count(`SHOW INDEXES YIELD name, state WHERE state <> 'ONLINE' RETURN count(*) AS n`, nil); n != 0 {
		t.Errorf("%d indexes not online after Migrate", n)
	}
}

// Every Touchpoint index is maintained by every touchpoint created, so only
// those some query seeks are kept; a database migrated by an older version
// loses the (type) and (source) indexes no query seeks.
func TestMigrateKeepsOnlyTheTouchpointIndexesQueriesSeek(t *testing.T) {
	db := storetest.New(t, nil)
	ctx := context.Background()
	db.Query(`CREATE INDEX touchpoint_type IF NOT EXISTS FOR (t:Touchpoint) ON (t.type)`, nil)
	db.Query(`CREATE INDEX touchpoint_source IF NOT EXISTS FOR (t:Touchpoint) ON (t.source)`, nil)
	if err := db.Store.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	rows := db.Query(`SHOW INDEXES YIELD labelsOrTypes, properties WHERE labelsOrTypes = ['Touchpoint']
		RETURN properties ORDER BY properties`, nil)
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprint(r["properties"]))
	}
	// The key, the two journey orders, the blueprint's observations and time windows.
	want := []string{"[accountId occurredAt]", "[contactId occurredAt]", "[id]", "[occurredAt]", "[type source occurredAt]"}
	if !slices.Equal(got, want) {
		t.Errorf("Touchpoint indexes on %v, want %v", got, want)
	}
}

// TestMigrateWaitsUntilIndexesAreBuilt: an index still being built over
// existing nodes when Migrate runs (as every index is after a bulk load) is
// online when Migrate returns.
func TestMigrateWaitsUntilIndexesAreBuilt(t *testing.T) {
	db := storetest.New(t, nil)
	t.Cleanup(func() { db.Query(`DROP INDEX migrate_probe IF EXISTS`, nil) })
	db.Query(`UNWIND range(1, 100000) AS i CREATE (:MigrateProbe {n: i})`, nil)
	db.Query(`CREATE INDEX migrate_probe FOR (p:MigrateProbe) ON (p.n)`, nil)

	if err := db.Store.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	rows := db.Query(`SHOW INDEXES YIELD name, state WHERE name = 'migrate_probe' RETURN state`, nil)
	if len(rows) != 1 || rows[0]["state"] != "ONLINE" {
		t.Errorf("migrate_probe after Migrate: %v, want ONLINE", rows)
	}
}

// TestMigrateReportsAnIndexThatFailedToBuild: an index whose build failed
// (here a value beyond a range index's key size) is an error naming it, not
// a wait without end.
func TestMigrateReportsAnIndexThatFailedToBuild(t *testing.T) {
	db := storetest.New(t, nil)
	t.Cleanup(func() { db.Query(`DROP INDEX migrate_probe_failed IF EXISTS`, nil) })
	db.Query(`CREATE (:MigrateProbe {text: $text})`, map[string]any{"text": strings.Repeat("x", 40000)})
	db.Query(`CREATE INDEX migrate_probe_failed FOR (p:MigrateProbe) ON (p.text)`, nil)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := db.Store.Migrate(ctx)
	if err == nil || !strings.Contains(err.Error(), "migrate_probe_failed") || ctx.Err() != nil {
		t.Fatalf("migrate with a failed index: %v (context: %v), want an error naming migrate_probe_failed", err, ctx.Err())
	}
}
