package journeys_test

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/journeys"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/store"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// describeMoves renders moves as "from>to:transitions/accounts", sorted.
func describeMoves(ms []journey.TransitionObservation) string {
	ms = slices.Clone(ms)
	slices.SortFunc(ms, func(a, b journey.TransitionObservation) int {
		return cmp.Or(cmp.Compare(a.FromKey, b.FromKey), cmp.Compare(a.ToKey, b.ToKey))
	})
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = fmt.Sprintf("%s>%s:%d/%d", m.FromKey, m.ToKey, m.Transitions, m.Accounts)
	}
	return strings.Join(parts, " ")
}

func window(from, to *time.Time) *journey.ObservationWindow {
	return &journey.ObservationWindow{From: from, To: to}
}

func change(id, account, stage string, minutes int) journey.StageChangeInput {
	return journey.StageChangeInput{ID: ptr(id), AccountID: account, StageKey: stage, At: at(minutes)}
}

// onlyCompared is checkMoves' want when there is no hand-worked answer.
const onlyCompared = "-"

// checkMoves compares the cache's and the store's moves with each other
// and, unless want is onlyCompared, with the hand-worked answer ("" for none).
func checkMoves(t *testing.T, st *store.Store, cache *journeys.Cache, name string, w *journey.ObservationWindow, want string) {
	t.Helper()
	ctx := context.Background()
	fromStore, err := st.StageMoves(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	fromCache, err := cache.StageMoves(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	if got, stored := describeMoves(fromCache), describeMoves(fromStore); got != stored {
		t.Errorf("%s: cache %q, store %q", name, got, stored)
	}
	if want != onlyCompared && describeMoves(fromCache) != want {
		t.Errorf("%s: got %q, want %q", name, describeMoves(fromCache), want)
	}
}

// The cache's stage moves are the store's (FROM_STAGE in Neo4j) on a
// fixture with a late change that re-links the ones after it, two changes at
// the same instant (FROM_STAGE follows the transition ids there, the cached
// entries their stages), first entries (no move) and window bounds; the
// answers are worked out by hand. The late changes arrive after the cache
// answered, so its refresh must re-read the from-stages.
func TestStageMovesFromTheCache(t *testing.T) {
	db := storetest.New(t, nil)
	ctx := context.Background()
	if err := db.Store.LoadCatalog(ctx, seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Store.UpsertAccounts(ctx, []journey.AccountInput{
		{ID: "acme", Name: "Acme"}, {ID: "globex", Name: "Globex"}, {ID: "initech", Name: "Initech"},
	}); err != nil {
		t.Fatal(err)
	}
	record := func(changes ...journey.StageChangeInput) {
		t.Helper()
		if _, err := db.Store.RecordStageChanges(ctx, changes); err != nil {
			t.Fatal(err)
		}
	}
	record(change("acme-1", "acme", "lead", 10), change("acme-3", "acme", "opportunity", 30),
		change("globex-1", "globex", "lead", 15), change("globex-2", "globex", "mql", 20), change("globex-3", "globex", "opportunity", 50),
		change("initech-1", "initech", "sql", 25))
	cache := journeys.New(db.Store)
	// Before the late changes: acme lead@10 > opportunity@30; globex
	// lead@15 > mql@20 > opportunity@50; initech sql@25 alone.
	checkMoves(t, db.Store, cache, "before", nil, "lead>mql:1/1 lead>opportunity:1/1 mql>opportunity:1/1")

	// Late: acme mql@20 between lead and opportunity, globex prospect_1@5
	// before its first; two at acme's 40 (ids order quote, then customer),
	// then acme goes adoption and churn risk back and forth.
	record(change("acme-2", "acme", "mql", 20), change("globex-0", "globex", "prospect_1", 5))
	record(change("acme-4b", "acme", "customer", 40), change("acme-4a", "acme", "quote", 40))
	record(change("acme-5", "acme", "adoption", 60), change("acme-6", "acme", "churn_risk", 70),
		change("acme-7", "acme", "adoption", 80), change("acme-8", "acme", "churn_risk", 90))
	// acme: lead@10, mql@20 (from lead), opportunity@30 (from mql),
	// quote@40 (from opportunity), customer@40 (from quote), adoption@60,
	// churn_risk@70, adoption@80, churn_risk@90.
	// globex: prospect_1@5, lead@15 (from prospect_1), mql@20, opportunity@50.
	for _, tt := range []struct {
		name string
		w    *journey.ObservationWindow
		want string
	}{
		{"all time", nil, "adoption>churn_risk:2/1 churn_risk>adoption:1/1 customer>adoption:1/1 lead>mql:2/2 " +
			"mql>opportunity:2/2 opportunity>quote:1/1 prospect_1>lead:1/1 quote>customer:1/1"},
		{"[20, 40): from inclusive, to exclusive", window(ptr(at(20)), ptr(at(40))), "lead>mql:2/2 mql>opportunity:1/1"},
		{"[40, 50): the tie", window(ptr(at(40)), ptr(at(50))), "opportunity>quote:1/1 quote>customer:1/1"},
		{"[0, 15): first entries only", window(ptr(at(0)), ptr(at(15))), ""},
		{"[15, 16)", window(ptr(at(15)), ptr(at(16))), "prospect_1>lead:1/1"},
		{"from 50", window(ptr(at(50)), nil), "adoption>churn_risk:2/1 churn_risk>adoption:1/1 customer>adoption:1/1 mql>opportunity:1/1"},
		{"to 20", window(nil, ptr(at(20))), "prospect_1>lead:1/1"},
		// Bounds inside a millisecond: mql@20 is at 20:00.000000000.
		{"from 500ns after", window(ptr(at(20).Add(500*time.Nanosecond)), ptr(at(30))), ""},
		{"to 500ns after", window(ptr(at(19)), ptr(at(20).Add(500*time.Nanosecond))), "lead>mql:2/2"},
	} {
		checkMoves(t, db.Store, cache, tt.name, tt.w, tt.want)
	}
}

// On random stage histories recorded in random batches (late changes,
// ties, times off the millisecond), the cache's moves are the store's for
// random windows, after every batch.
func TestStageMovesFromTheCacheRandomly(t *testing.T) {
	db := storetest.New(t, nil)
	ctx := context.Background()
	if err := db.Store.LoadCatalog(ctx, seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(16, 2026))
	var accounts []journey.AccountInput
	for i := range 12 {
		accounts = append(accounts, journey.AccountInput{ID: fmt.Sprintf("acct-%02d", i), Name: fmt.Sprintf("Account %d", i)})
	}
	if _, err := db.Store.UpsertAccounts(ctx, accounts); err != nil {
		t.Fatal(err)
	}
	// Times on a coarse grid so that ties are common, some a few
	// nanoseconds off it.
	instant := func() time.Time {
		tm := at(rng.IntN(20) * 5)
		if rng.IntN(4) == 0 {
			tm = tm.Add(time.Duration(rng.IntN(3)+1) * 300 * time.Nanosecond)
		}
		return tm
	}
	var times []time.Time
	cache := journeys.New(db.Store)
	n := 0
	for batch := range 8 {
		var changes []journey.StageChangeInput
		for range 4 + rng.IntN(12) {
			n++
			tm := instant()
			times = append(times, tm)
			changes = append(changes, journey.StageChangeInput{ID: ptr(fmt.Sprintf("tr-%03d", rng.IntN(1000))), // ids out of time order
				AccountID: accounts[rng.IntN(len(accounts))].ID, StageKey: seed.Stages[rng.IntN(len(seed.Stages))].Key, At: tm})
		}
		if _, err := db.Store.RecordStageChanges(ctx, changes); err != nil {
			t.Fatal(err)
		}
		checkMoves(t, db.Store, cache, fmt.Sprintf("batch %d, all time", batch), nil, onlyCompared)
		for w := range 6 {
			var from, to *time.Time
			if rng.IntN(4) > 0 {
				from = ptr(times[rng.IntN(len(times))])
			}
			if rng.IntN(4) > 0 {
				to = ptr(times[rng.IntN(len(times))].Add(time.Duration(rng.IntN(3)) * time.Minute))
			}
			checkMoves(t, db.Store, cache, fmt.Sprintf("batch %d, window %d [%v, %v)", batch, w, from, to), window(from, to), onlyCompared)
		}
	}
	all, err := cache.StageMoves(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 10 {
		t.Errorf("only %d distinct moves from %d changes: the random histories are too thin", len(all), n)
	}
}
