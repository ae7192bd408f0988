package store_test

import (
	"context"
	"testing"

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
		"CatalogVersion": "id", "ChangeSequence": "id", "Change": "seq",
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
	// and adds 2, nothing duplicated by the rerun.
	if n := len(rows); n != 22 {
		t.Errorf("uniqueness constraints = %d, want 22", n)
	}
	if n := db.Count(`SHOW INDEXES YIELD name, state WHERE state <> 'ONLINE' RETURN count(*) AS n`, nil); n != 0 {
		t.Errorf("%d indexes not online after Migrate", n)
	}
}
