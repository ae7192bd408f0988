package store_test

import (
	"context"
	"fmt"
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
// writers end in the same graph, and the in-order graph's chains are the
// (occurredAt, id) order worked out here from the inputs.
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
	for _, j := range journeys {
		all = append(all, j.Touchpoints...)
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
	record := func(batches [][]journey.TouchpointInput, writers int) {
		var wg sync.WaitGroup
		errs := make(chan error, len(batches))
		next := make(chan []journey.TouchpointInput)
		for range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for b := range next {
					if _, err := db.Store.RecordTouchpoints(ctx, b); err != nil {
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
	inBatches := func(tps []journey.TouchpointInput, size int) [][]journey.TouchpointInput {
		var out [][]journey.TouchpointInput
		for len(tps) > 0 {
			n := min(size, len(tps))
			out, tps = append(out, tps[:n]), tps[n:]
		}
		return out
	}

	ordered := slices.Clone(all)
	slices.SortStableFunc(ordered, func(a, b journey.TouchpointInput) int { return a.OccurredAt.Compare(b.OccurredAt) })
	shuffled := slices.Clone(all)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })

	setup()
	record(inBatches(ordered, 100), 1)
	want := graphOf(db)
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
		if got := want.accountChains[account]; !slices.Equal(got, ids) {
			t.Errorf("account %s chain = %v, want %v", account, got, ids)
		}
	}
	if len(want.accountChains) != len(journeys) || want.paths == "" {
		t.Fatalf("in-order load: %d account chains, paths %q", len(want.accountChains), want.paths)
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
		record(run.batches, run.writers)
		if got := graphOf(db); !got.equal(want) {
			t.Errorf("%s: graph differs from the in-order load:\n got %+v\nwant %+v", run.name, got, want)
		}
	}
}

// graph is what the test compares: every chain, every JourneyPath and the
// number of relationships of each type.
type graph struct {
	accountChains, contactChains map[string][]string
	paths                        string
	relationships                string
}

func (g graph) equal(o graph) bool {
	return fmt.Sprint(g.accountChains) == fmt.Sprint(o.accountChains) &&
		fmt.Sprint(g.contactChains) == fmt.Sprint(o.contactChains) && g.paths == o.paths && g.relationships == o.relationships
}

func graphOf(db *storetest.DB) graph {
	chains := func(rel, owner string) map[string][]string {
		out := map[string][]string{}
		// Walk each chain from its head (no incoming link) along the links.
		rows := db.Query(`MATCH (h:Touchpoint) WHERE h.`+owner+` IS NOT NULL AND NOT ()-[:`+rel+`]->(h)
			MATCH p = (h)-[:`+rel+`*0..100000]->(last) WHERE NOT (last)-[:`+rel+`]->()
			RETURN h.`+owner+` AS owner, [n IN nodes(p) | n.id] AS ids ORDER BY owner`, nil)
		for _, r := range rows {
			owner := r["owner"].(string)
			if _, dup := out[owner]; dup { // two heads: a broken chain
				owner += " (second head)"
			}
			for _, id := range r["ids"].([]any) {
				out[owner] = append(out[owner], id.(string))
			}
		}
		return out
	}
	paths := db.Query(`MATCH (p:JourneyPath) RETURN p.id AS id, p.typeSequence AS types, p.timeDeltas AS times, p.steps AS steps ORDER BY id`, nil)
	rels := db.Query(`MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type`, nil)
	return graph{accountChains: chains("NEXT_FOR_ACCOUNT", "accountId"), contactChains: chains("NEXT_FOR_CONTACT", "contactId"),
		paths: fmt.Sprint(paths), relationships: fmt.Sprint(rels)}
}
