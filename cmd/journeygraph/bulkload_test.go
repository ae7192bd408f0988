package main

import (
	"context"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// The offline bulk load (bulkload -out, neo4j-admin import, bulkload
// -finish) builds exactly the graph `journeygraph seed` builds online from
// the same flags: every node with its labels and properties, every
// relationship (so every chain), JourneyPath and stage history; only the
// change feed differs, by design: it starts empty. Afterwards online ingest
// goes on from there.
func TestBulkloadBuildsTheGraphSeedBuilds(t *testing.T) {
	db := storetest.New(t, nil)
	runWith := commandsOn(t, db)
	const accounts = 5
	flags := []string{"-accounts", "5", "-seed", "3"}

	// What the graph must hold, from the generator's output.
	p := seed.DefaultParams()
	p.Accounts, p.Seed = accounts, 3
	var touchpoints, owners, withStages int64
	if err := seed.Generate(p, func(j seed.AccountJourney) error {
		touchpoints += int64(len(j.Touchpoints))
		contacts := map[string]bool{}
		for _, tp := range j.Touchpoints {
			if tp.ContactID != nil {
				contacts[*tp.ContactID] = true
			}
		}
		owners += 1 + int64(len(contacts))
		if len(j.StageChanges) > 0 {
			withStages++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	runWith(append([]string{"seed"}, flags...)...)
	want := db.Fingerprint()

	dir := t.TempDir()
	runWith(append([]string{"bulkload", "-out", dir}, flags...)...)
	db.ImportCSV(dir)
	runWith("bulkload", "-finish")
	for _, c := range []struct {
		cypher string
		want   int64
	}{
		{`MATCH (t:Touchpoint) RETURN count(t)`, touchpoints},
		// One chain per account: every touchpoint but the first has a predecessor.
		{`MATCH (:Touchpoint)-[r:NEXT_FOR_ACCOUNT]->(:Touchpoint) RETURN count(r)`, touchpoints - accounts},
		{`MATCH (p:JourneyPath) RETURN count(p)`, owners},
		{`MATCH (:Account)-[r:CURRENT_STAGE]->(:Stage) RETURN count(r)`, withStages},
		{`MATCH (c:Change) RETURN count(c)`, 0},
		// The catalog is complete: every type in its channel.
		{`MATCH (tt:TouchpointType)-[:IN_CHANNEL]->(:Channel) RETURN count(tt)`, int64(len(seed.Catalog().TouchpointTypes))},
	} {
		if got := db.Count(c.cypher, nil); got != c.want {
			t.Errorf("after the bulk load %s = %d, want %d", c.cypher, got, c.want)
		}
	}
	if diff := storetest.FingerprintDiff(want, db.Fingerprint()); diff != "" {
		t.Errorf("the bulk-loaded graph differs from the seeded one (%d lines):\n%s", len(want), diff)
	}

	// Online ingest continues the imported journeys: a late touchpoint lands
	// inside the chain, and the change feed numbers it 1.
	st := db.Store
	ctx := context.Background()
	first := db.Query(`MATCH (t:Touchpoint {accountId: 'acc-000001'}) WITH t ORDER BY t.occurredAt
		RETURN t.id AS id, t.occurredAt AS at, t.contactId AS contact LIMIT 2`, nil)
	account := "acc-000001"
	late := journey.TouchpointInput{Source: "test", ExternalID: "late", TypeKey: "website_visit", AccountID: &account,
		OccurredAt: first[0]["at"].(time.Time).Add(500 * time.Millisecond)}
	if err := late.Normalize("late", time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RecordTouchpoints(ctx, []journey.TouchpointInput{late}); err != nil {
		t.Fatal(err)
	}
	if head, err := st.ChangeHead(ctx); err != nil || head != 1 {
		t.Errorf("change head after one online batch = %d, %v; want 1", head, err)
	}
	chain := db.Query(`MATCH (a:Touchpoint {id: $first})-[:NEXT_FOR_ACCOUNT]->(b)-[:NEXT_FOR_ACCOUNT]->(c)
		RETURN b.id AS b, c.id AS c`, map[string]any{"first": first[0]["id"]})
	if len(chain) != 1 || chain[0]["b"] != "test:late" || chain[0]["c"] != first[1]["id"] {
		t.Errorf("chain after %v = %v, want test:late then %v", first[0]["id"], chain, first[1]["id"])
	}
}
