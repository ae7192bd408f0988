package store_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// The same journeys recorded in time order, shuffled (late events landing
// inside existing chains, ties and all) and shuffled from 4 concurrent
// writers end in the same graph — every node with its labels and properties
// and every relationship, so chains, JourneyPaths and stage history
// (storetest.Fingerprint) — and the in-order graph's chains are the
// (occurredAt, id) order worked out here from the inputs. The fourth way, a
// load SIGKILLed half-way and run again, is
// cmd/journeygraph's TestSeedKilledHalfwayThenRerunBuildsTheSameGraph.
func TestArrivalOrderDoesNotChangeTheGraph(t *testing.T) {
	db := storetest.New(t, nil)
	ctx := context.Background()
	p := seed.DefaultParams()
	p.Accounts = 4
	var journeys []seed.AccountJourney
	now := time.Now()
	if err := seed.Generate(p, func(j seed.AccountJourney) error {
		for i := range j.Touchpoints {
			if err := j.Touchpoints[i].Normalize("touchpoint", now); err != nil {
				return err
			}
		}
		journeys = append(journeys, j)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var all []journey.TouchpointInput
	var stageChanges []journey.StageChangeInput
	for _, j := range journeys {
		all = append(all, j.Touchpoints...)
		for i := range j.StageChanges {
			if err := j.StageChanges[i].Normalize("stageChange", now); err != nil {
				t.Fatal(err)
			}
		}
		stageChanges = append(stageChanges, j.StageChanges...)
	}
	// Two touchpoints of one account at one instant: ties are ordered by id.
	tie := all[5]
	tie.ExternalID += "-tie"
	all = append(all, tie)

	setup := func() {
		db.Query("MATCH (n) DETACH DELETE n", nil)
		if err := db.Store.LoadCatalog(ctx, seed.Catalog()); err != nil {
			t.Fatal(err)
		}
		for _, j := range journeys {
			if _, err := db.Store.UpsertAccounts(ctx, []journey.AccountInput{j.Account}); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Store.UpsertContacts(ctx, j.Contacts); err != nil {
				t.Fatal(err)
			}
		}
	}
	// record sends the touchpoint batches, then (their triggers recorded)
	// the stage changes in batches of 10, from `writers` goroutines at once.
	record := func(batches [][]journey.TouchpointInput, changes []journey.StageChangeInput, writers int) {
		sendAll(t, batches, writers, func(b []journey.TouchpointInput) error {
			_, err := db.Store.RecordTouchpoints(ctx, b)
			return err
		})
		sendAll(t, inBatches(changes, 10), writers, func(b []journey.StageChangeInput) error {
			_, err := db.Store.RecordStageChanges(ctx, b)
			return err
		})
	}

	ordered := slices.Clone(all)
	slices.SortStableFunc(ordered, func(a, b journey.TouchpointInput) int { return a.OccurredAt.Compare(b.OccurredAt) })
	shuffled := slices.Clone(all)
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	shuffledChanges := slices.Clone(stageChanges)
	rng.Shuffle(len(shuffledChanges), func(i, j int) {
		shuffledChanges[i], shuffledChanges[j] = shuffledChanges[j], shuffledChanges[i]
	})

	setup()
	record(inBatches(ordered, 100), stageChanges, 1)
	want := chainsOf(db)
	wantGraph := db.Fingerprint()
	// Independently: each account's chain is its touchpoints by (occurredAt, id).
	byAccount := map[string][]journey.TouchpointInput{}
	for _, tp := range all {
		byAccount[*tp.AccountID] = append(byAccount[*tp.AccountID], tp)
	}
	for account, tps := range byAccount {
		slices.SortFunc(tps, func(a, b journey.TouchpointInput) int {
			if c := a.OccurredAt.Compare(b.OccurredAt); c != 0 {
				return c
			}
			return strings.Compare(a.ID(), b.ID())
		})
		var ids []string
		for _, tp := range tps {
			ids = append(ids, tp.ID())
		}
		if got := want[account]; !slices.Equal(got, ids) {
			t.Errorf("account %s chain = %v, want %v", account, got, ids)
		}
	}
	if len(want) != len(journeys) || db.Count(`MATCH (p:JourneyPath) RETURN count(p)`, nil) == 0 ||
		db.Count(`MATCH (:Account)-[r:CURRENT_STAGE]->() RETURN count(r)`, nil) != int64(len(journeys)) {
		t.Fatalf("in-order load: %d account chains, or no paths, or not every account in a stage", len(want))
	}

	for _, run := range []struct {
		name    string
		batches [][]journey.TouchpointInput
		writers int
	}{
		{"shuffled", inBatches(shuffled, 37), 1},
		{"shuffled, one at a time", inBatches(shuffled[:60], 1), 1},
		{"shuffled from 4 writers", inBatches(shuffled, 23), 4},
	} {
		setup()
		if run.name == "shuffled, one at a time" { // then the rest in larger batches
			run.batches = append(run.batches, inBatches(shuffled[60:], 50)...)
		}
		record(run.batches, shuffledChanges, run.writers)
		if diff := storetest.FingerprintDiff(wantGraph, db.Fingerprint()); diff != "" {
			t.Errorf("%s: graph differs from the in-order load:\n%s", run.name, diff)
		}
	}
}

func inBatches[T any](rows []T, size int) [][]T {
	var out [][]T
	for len(rows) > 0 {
		n := min(size, len(rows))
		out, rows = append(out, rows[:n]), rows[n:]
	}
	return out
}

// sendAll writes the batches from `writers` goroutines at once and fails
// the test (on its own goroutine) on the first error.
func sendAll[T any](t *testing.T, batches [][]T, writers int, write func([]T) error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, len(batches))
	next := make(chan []T)
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range next {
				if err := write(b); err != nil {
					errs <- err
				}
			}
		}()
	}
	for _, b := range batches {
		next <- b
	}
	close(next)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// chainsOf returns each account's NEXT_FOR_ACCOUNT chain, walked from its
// head (no incoming link); a second head shows as a chain of its own.
func chainsOf(db *storetest.DB) map[string][]string {
	out := map[string][]string{}
	rows := db.Query(`MATCH (h:Touchpoint) WHERE NOT ()-[:NEXT_FOR_ACCOUNT]->(h)
		MATCH p = (h)-[:NEXT_FOR_ACCOUNT*0..100000]->(last) WHERE NOT (last)-[:NEXT_FOR_ACCOUNT]->()
		RETURN h.accountId AS owner, [n IN nodes(p) | n.id] AS ids ORDER BY owner`, nil)
	for _, r := range rows {
		owner := r["owner"].(string)
		if _, dup := out[owner]; dup {
			owner += " (second head)"
		}
		for _, id := range r["ids"].([]any) {
			out[owner] = append(out[owner], id.(string))
		}
	}
	return out
}
