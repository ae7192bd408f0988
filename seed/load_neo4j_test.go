package seed_test

import (
	"context"
	"slices"
	"testing"

	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// graphCounts counts every node label and relationship type.
func graphCounts(t *testing.T, db *storetest.DB) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, row := range db.Query("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n", nil) {
		out[":"+row["label"].(string)] = row["n"].(int64)
	}
	for _, row := range db.Query("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n", nil) {
		out["-"+row["type"].(string)] = row["n"].(int64)
	}
	return out
}

func TestSeedingTwiceIntoNeo4jCreatesEverythingOnce(t *testing.T) {
	db := storetest.New(t, nil)
	ctx := context.Background()
	p := seed.DefaultParams()
	p.Accounts = 30

	// What the generator produces, worked out without the store.
	var accounts, contacts, touchpoints, withContact, changes int64
	journeyOf := map[string][]string{} // account -> touchpoint ids in time order
	lastStage := map[string]string{}
	if err := seed.Generate(p, func(j seed.AccountJourney) error {
		accounts++
		contacts += int64(len(j.Contacts))
		touchpoints += int64(len(j.Touchpoints))
		changes += int64(len(j.StageChanges))
		for _, tp := range j.Touchpoints {
			journeyOf[j.Account.ID] = append(journeyOf[j.Account.ID], tp.ID())
			if tp.ContactID != nil {
				withContact++
			}
		}
		lastStage[j.Account.ID] = j.StageChanges[len(j.StageChanges)-1].StageKey
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	// Small batches and transactions, so accounts and chains span several
	// calls, written by 4 writers at once.
	loader := seed.Loader{BatchAccounts: 7, MaxRows: 300, Writers: 4}
	first, err := loader.Load(ctx, db.Store, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if int64(first.TouchpointsCreated) != touchpoints || int64(first.StageChangesCreated) != changes ||
		int64(first.AccountsCreated) != accounts || int64(first.ContactsCreated) != contacts {
		t.Fatalf("first run created %+v, want %d accounts, %d contacts, %d touchpoints, %d stage changes",
			first, accounts, contacts, touchpoints, changes)
	}
	counts := graphCounts(t, db)
	for key, want := range map[string]int64{
		":Account": accounts, ":Contact": contacts, ":Touchpoint": touchpoints, ":StageTransition": changes,
		"-WORKS_AT": contacts, "-FOR_ACCOUNT": touchpoints, "-OF_TYPE": touchpoints, "-BY_CONTACT": withContact,
		"-NEXT_FOR_ACCOUNT": touchpoints - accounts, "-HAD_TRANSITION": changes, "-TO_STAGE": changes,
		"-TRIGGERED_BY": changes, "-CURRENT_STAGE": accounts,
		// Every transition but each account's first has a stage it left.
		"-FROM_STAGE":     changes - accounts,
		":TouchpointType": int64(len(seed.TouchpointTypes)), ":Stage": int64(len(seed.Stages)),
	} {
		if counts[key] != want {
			t.Errorf("%s: %d, want %d", key, counts[key], want)
		}
	}

	second, err := loader.Load(ctx, db.Store, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if second.AccountsCreated+second.ContactsCreated+second.TouchpointsCreated+second.StageChangesCreated != 0 {
		t.Fatalf("second run created %+v", second)
	}
	if again := graphCounts(t, db); !mapsEqual(again, counts) {
		t.Fatalf("counts changed on the second run:\nfirst  %v\nsecond %v", counts, again)
	}

	// Each account's NEXT_FOR_ACCOUNT chain is one path through all its
	// touchpoints, in the generator's time order.
	next := map[string]string{}
	hasPrev := map[string]bool{}
	for _, row := range db.Query("MATCH (a:Touchpoint)-[:NEXT_FOR_ACCOUNT]->(b:Touchpoint) RETURN a.id AS a, b.id AS b", nil) {
		a, b := row["a"].(string), row["b"].(string)
		if _, dup := next[a]; dup {
			t.Fatalf("%s has two successors", a)
		}
		if hasPrev[b] {
			t.Fatalf("%s has two predecessors", b)
		}
		next[a], hasPrev[b] = b, true
	}
	for account, want := range journeyOf {
		if hasPrev[want[0]] {
			t.Fatalf("%s: first touchpoint %s has a predecessor", account, want[0])
		}
		got := []string{want[0]}
		for id, ok := next[want[0]]; ok; id, ok = next[id] {
			got = append(got, id)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%s: chain of %d touchpoints, want the %d in time order\n got %v\nwant %v", account, len(got), len(want), got, want)
		}
	}

	for _, row := range db.Query("MATCH (a:Account)-[:CURRENT_STAGE]->(s:Stage) RETURN a.id AS account, s.key AS stage", nil) {
		if account := row["account"].(string); row["stage"] != lastStage[account] {
			t.Errorf("%s: current stage %v, want the last generated %s", account, row["stage"], lastStage[account])
		}
	}
}

func mapsEqual(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
