package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/server/apitest"
)

// TestConcurrentWritersThroughTheAPI: 8 clients ingest overlapping windows of
// the same 200 touchpoints through the API at once (contact upserts
// included), in shuffled batches, then every client replays everything. The
// graph ends exactly as one clean load would leave it, and the payloads'
// created/existing counts add up.
func TestConcurrentWritersThroughTheAPI(t *testing.T) {
	api := apitest.New(t, nil)
	ctx := context.Background()
	if err := api.Store.LoadCatalog(ctx, seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	api.MustDo(t, `mutation { a: upsertAccount(input: {id: "acme", name: "Acme"}) { created }
		b: upsertAccount(input: {id: "beta", name: "Beta"}) { created } }`, nil, nil)
	// Touchpoint i: minute i, account i%2 (acme, beta), contact i%4 (c0, c2 at
	// acme; c1, c3 at beta). Per account 100 touchpoints, per contact 50.
	start := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	item := func(i int) map[string]any {
		return map[string]any{"source": "crm", "externalId": fmt.Sprintf("cw-%03d", i), "type": []string{"demo", "webinar_attendance"}[i/100],
			"occurredAt": start.Add(time.Duration(i) * time.Minute).Format(time.RFC3339),
			"accountId":  []string{"acme", "beta"}[i%2], "contactId": fmt.Sprintf("c%d", i%4)}
	}
	const upsertContacts = `mutation { c0: upsertContact(input: {id: "c0", email: "c0@acme.example", accountId: "acme"}) { contact { id } }
		c1: upsertContact(input: {id: "c1", email: "c1@beta.example", accountId: "beta"}) { contact { id } }
		c2: upsertContact(input: {id: "c2", email: "c2@acme.example", accountId: "acme"}) { contact { id } }
		c3: upsertContact(input: {id: "c3", email: "c3@beta.example", accountId: "beta"}) { contact { id } } }`
	const record = `mutation($in: [RecordTouchpointInput!]!) { recordTouchpoints(inputs: $in) { createdCount existingCount } }`

	// Writer w sends touchpoints w*25 … w*25+99 (mod 200): each overlaps its
	// neighbours, together they cover all 200. 8 × 100 = 800 items per round.
	var mu sync.Mutex
	created, existing := [2]int{}, [2]int{}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			window := make([]map[string]any, 0, 100)
			for k := range 100 {
				window = append(window, item((w*25+k)%200))
			}
			rng := rand.New(rand.NewPCG(uint64(w), 3))
			for round := range 2 {
				// Off the test goroutine: errors are reported with t.Errorf, never t.Fatal.
				if res, err := api.Try(upsertContacts, nil); err != nil || len(res.Errors) != 0 {
					t.Errorf("writer %d contacts: %v %+v", w, err, res.Errors)
					return
				}
				rng.Shuffle(len(window), func(i, j int) { window[i], window[j] = window[j], window[i] })
				for b := 0; b < len(window); b += 25 {
					res, err := api.Try(record, map[string]any{"in": window[b : b+25]})
					var out struct {
						RecordTouchpoints struct{ CreatedCount, ExistingCount int }
					}
					if err != nil || len(res.Errors) != 0 || json.Unmarshal(res.Data, &out) != nil {
						t.Errorf("writer %d round %d: %v %+v", w, round, err, res.Errors)
						return
					}
					mu.Lock()
					created[round] += out.RecordTouchpoints.CreatedCount
					existing[round] += out.RecordTouchpoints.ExistingCount
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	// Round 0: each of the 200 created once, the other 600 sends found them;
	// round 1 (every writer replays its window): nothing new.
	if created != [2]int{200, 0} || existing != [2]int{600, 800} {
		t.Errorf("created %v existing %v, want [200 0] and [600 800]", created, existing)
	}
	for _, tc := range []struct {
		cypher string
		want   int64
	}{
		{`MATCH (t:Touchpoint) RETURN count(t) AS n`, 200},
		{`MATCH (c:Contact) RETURN count(c) AS n`, 4},
		{`MATCH (:Contact)-[r:WORKS_AT]->(:Account) RETURN count(r) AS n`, 4},
		{`MATCH (:Touchpoint)-[r:FOR_ACCOUNT]->(:Account) RETURN count(r) AS n`, 200},
		{`MATCH (:Touchpoint)-[r:BY_CONTACT]->(:Contact) RETURN count(r) AS n`, 200},
		{`MATCH (:Touchpoint)-[r:OF_TYPE]->(:TouchpointType) RETURN count(r) AS n`, 200},
		// Two account chains of 100: 99 links each; four contact chains of 50: 49 each.
		{`MATCH ()-[r:NEXT_FOR_ACCOUNT]->() RETURN count(r) AS n`, 198},
		{`MATCH ()-[r:NEXT_FOR_CONTACT]->() RETURN count(r) AS n`, 196},
		{`MATCH (t:Touchpoint) WHERE NOT ()-[:NEXT_FOR_ACCOUNT]->(t) RETURN count(t) AS n`, 2},
		{`MATCH (t:Touchpoint) WHERE NOT ()-[:NEXT_FOR_CONTACT]->(t) RETURN count(t) AS n`, 4},
		{`MATCH (a:Touchpoint)-[:NEXT_FOR_ACCOUNT]->(b) WHERE a.occurredAt >= b.occurredAt OR a.accountId <> b.accountId RETURN count(*) AS n`, 0},
		{`MATCH (a:Touchpoint)-[:NEXT_FOR_CONTACT]->(b) WHERE a.occurredAt >= b.occurredAt OR a.contactId <> b.contactId RETURN count(*) AS n`, 0},
	} {
		if got := api.Count(tc.cypher, nil); got != tc.want {
			t.Errorf("%s = %d, want %d", tc.cypher, got, tc.want)
		}
	}
	// The maintained journey paths agree: acme has touchpoints 0, 2, …, 198
	// in that order (demo for i < 100, webinar_attendance after).
	scope := journey.AnalysisScope{}
	if err := scope.Normalize("scope"); err != nil {
		t.Fatal(err)
	}
	journeys, err := api.Store.ObservedJourneys(ctx, scope)
	if err != nil {
		t.Fatal(err)
	}
	if len(journeys) != 2 || journeys[0].ID != "acme" || len(journeys[0].Steps) != 100 {
		t.Fatalf("journeys: %d, first %q with %d steps", len(journeys), journeys[0].ID, len(journeys[0].Steps))
	}
	for k, step := range journeys[0].Steps {
		i := 2 * k
		if want := start.Add(time.Duration(i) * time.Minute); !step.At.Equal(want) || step.TypeKey != []string{"demo", "webinar_attendance"}[i/100] {
			t.Fatalf("acme step %d = %s at %s, want touchpoint %d", k, step.TypeKey, step.At, i)
		}
	}
}
