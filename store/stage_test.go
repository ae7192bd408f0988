package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

func TestStageChangesOutOfOrderKeepHistoryAndCurrentStage(t *testing.T) {
	db := journeyFixture(t)
	ctx := context.Background()
	if _, _, err := db.Store.RecordTouchpoint(ctx, tpAt("demo1", "demo", 100, "acme", "ada")); err != nil {
		t.Fatal(err)
	}
	day := func(d int) time.Time { return t0.AddDate(0, 0, d) }
	// Recorded in the order mql(day 3), lead(day 1), opportunity(day 10), sql(day 5).
	changes := []journey.StageChangeInput{
		{AccountID: "acme", StageKey: "mql", At: day(3)},
		{AccountID: "acme", StageKey: "lead", At: day(1), Source: ptr("hubspot")},
		{AccountID: "acme", StageKey: "opportunity", At: day(10), TriggeredByID: ptr("crm:demo1")},
		{AccountID: "acme", StageKey: "sql", At: day(5)},
	}
	for _, c := range changes {
		if _, created, err := db.Store.RecordStageChange(ctx, c); err != nil || !created {
			t.Fatalf("%s: created=%v err=%v", c.StageKey, created, err)
		}
	}
	rows := db.Query(`MATCH (:Account {id: 'acme'})-[:HAD_TRANSITION]->(st)-[:TO_STAGE]->(s)
		OPTIONAL MATCH (st)-[:FROM_STAGE]->(f)
		RETURN s.key AS to, f.key AS from, st.fromStage AS fromProp ORDER BY st.at`, nil)
	want := [][2]any{{"lead", nil}, {"mql", "lead"}, {"sql", "mql"}, {"opportunity", "sql"}}
	if len(rows) != len(want) {
		t.Fatalf("history = %v", rows)
	}
	for i, w := range want {
		if rows[i]["to"] != w[0] || rows[i]["from"] != w[1] || rows[i]["fromProp"] != w[1] {
			t.Errorf("transition %d = %v, want to %v from %v", i, rows[i], w[0], w[1])
		}
	}
	current := db.Query(`MATCH (:Account {id: 'acme'})-[c:CURRENT_STAGE]->(s) RETURN s.key AS key, c.since AS since`, nil)
	if len(current) != 1 || current[0]["key"] != "opportunity" || !current[0]["since"].(time.Time).Equal(day(10)) {
		t.Errorf("current stage = %v, want opportunity since day 10", current)
	}
	if n := db.Count(`MATCH (:StageTransition {toStage: 'opportunity'})-[:TRIGGERED_BY]->(:Touchpoint {id: 'crm:demo1'}) RETURN count(*) AS n`, nil); n != 1 {
		t.Errorf("TRIGGERED_BY links = %d, want 1", n)
	}

	// Replaying changes nothing; a change dated earlier than the latest keeps
	// the current stage.
	before := graphCounts(db)
	for _, c := range changes {
		if _, created, err := db.Store.RecordStageChange(ctx, c); err != nil || created {
			t.Fatalf("replay %s: created=%v err=%v", c.StageKey, created, err)
		}
	}
	if after := graphCounts(db); after != before {
		t.Errorf("replay changed the graph: %v -> %v", before, after)
	}
	if _, _, err := db.Store.RecordStageChange(ctx, journey.StageChangeInput{AccountID: "acme", StageKey: "prospect_1", At: day(2)}); err != nil {
		t.Fatal(err)
	}
	current = db.Query(`MATCH (:Account {id: 'acme'})-[:CURRENT_STAGE]->(s) RETURN s.key AS key`, nil)
	if len(current) != 1 || current[0]["key"] != "opportunity" {
		t.Errorf("after a late earlier change, current = %v, want opportunity", current)
	}
	from := db.Query(`MATCH (:Account {id: 'acme'})-[:HAD_TRANSITION]->(st {toStage: 'mql'})-[:FROM_STAGE]->(f) RETURN f.key AS key`, nil)
	if len(from) != 1 || from[0]["key"] != "prospect_1" {
		t.Errorf("mql now comes from %v, want prospect_1", from)
	}
}

func TestStageChangeValidation(t *testing.T) {
	db := journeyFixture(t)
	ctx := context.Background()
	if _, _, err := db.Store.RecordTouchpoint(ctx, tpAt("g1", "demo", 1, "globex", "")); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		in     journey.StageChangeInput
		reason journey.Reason
		field  string
	}{
		{journey.StageChangeInput{AccountID: "nobody", StageKey: "lead", At: t0}, journey.ReasonUnknownAccount, "input.accountId"},
		{journey.StageChangeInput{AccountID: "acme", StageKey: "nirvana", At: t0}, journey.ReasonUnknownStage, "input.stage"},
		{journey.StageChangeInput{AccountID: "acme", StageKey: "lead", At: t0, TriggeredByID: ptr("crm:none")}, journey.ReasonUnknownTouchpoint, "input.triggeredByTouchpointId"},
		{journey.StageChangeInput{AccountID: "acme", StageKey: "lead", At: t0, TriggeredByID: ptr("crm:g1")}, journey.ReasonTouchpointOfAnotherAcct, "input.triggeredByTouchpointId"},
	} {
		_, _, err := db.Store.RecordStageChange(ctx, tt.in)
		var errs journey.Errors
		if !errors.As(err, &errs) || errs[0].Reason != tt.reason || errs[0].Field != tt.field {
			t.Errorf("%+v: err = %v, want %s at %s", tt.in, err, tt.reason, tt.field)
		}
	}
	if n := db.Count(`MATCH (s:StageTransition) RETURN count(s) AS n`, nil); n != 0 {
		t.Errorf("rejected changes wrote %d transitions", n)
	}
}

func TestTheSameStageChangeTwiceInOneBatchIsRecordedOnce(t *testing.T) {
	db := journeyFixture(t)
	change := journey.StageChangeInput{AccountID: "acme", StageKey: "lead", At: t0}
	created, err := db.Store.RecordStageChanges(context.Background(), []journey.StageChangeInput{change, change})
	if err != nil || created != 1 {
		t.Fatalf("created=%d err=%v, want 1", created, err)
	}
	if n := db.Count(`MATCH (:Account {id: 'acme'})-[r:HAD_TRANSITION]->() RETURN count(r) AS n`, nil); n != 1 {
		t.Errorf("HAD_TRANSITION = %d, want 1", n)
	}
	if n := db.Count(`MATCH (:StageTransition)-[r:TO_STAGE]->() RETURN count(r) AS n`, nil); n != 1 {
		t.Errorf("TO_STAGE = %d, want 1", n)
	}
}
