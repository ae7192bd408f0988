package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/store"
)

// Late events are inserted between their two neighbours: worked out by hand
// on one account's journey, step by step, the exact chains (with no stray
// link) and JourneyPaths after each. Covered: one event into the middle, one
// within the millisecond of a stored touchpoint but before it (the path's
// millisecond is spliced, not duplicated), one before the first touchpoint, a
// batch with late events in two gaps plus one in order, and journeys whose
// path is missing, for a late and for an in-order event (built whole).
func TestLateEventsAreInsertedBetweenTheirNeighbours(t *testing.T) {
	db := journeyFixture(t)
	ctx := context.Background()
	at := func(ext, typ string, d time.Duration, contact string) journey.TouchpointInput {
		in := journey.TouchpointInput{Source: "crm", ExternalID: ext, TypeKey: typ, OccurredAt: t0.Add(d), AccountID: ptr("acme")}
		if contact != "" {
			in.ContactID = ptr(contact)
		}
		return in
	}
	min := time.Minute
	// In order: e1 10 ada, e2 20 bob, e3 30 min 0.5 ms ada, e4 40 (no
	// contact), e5 50 ada.
	recordEach(t, db,
		at("e1", "website_visit", 10*min, "ada"),
		at("e2", "outbound_call", 20*min, "bob"),
		at("e3", "demo", 30*min+500*time.Microsecond, "ada"),
		at("e4", "invoice", 40*min, ""),
		at("e5", "proposal", 50*min, "ada"),
	)
	item := func(typ string, minute int) string { return fmt.Sprintf("%s@%d", typ, ms(minute)) }
	steps := []struct {
		name           string
		record         []journey.TouchpointInput
		dropPath       string // a JourneyPath deleted before recording
		acme, ada, bob []string
		paths          map[string][]string
	}{
		{name: "one late event between e2 and e3", record: []journey.TouchpointInput{at("l1", "email_open", 25*min, "ada")},
			acme: []string{"e1", "e2", "l1", "e3", "e4", "e5"}, ada: []string{"e1", "l1", "e3", "e5"}, bob: []string{"e2"},
			paths: map[string][]string{
				"ACCOUNT:acme": {item("website_visit", 10), item("outbound_call", 20), item("email_open", 25), item("demo", 30),
					item("invoice", 40), item("proposal", 50)},
				"CONTACT:ada": {item("website_visit", 10), item("email_open", 25), item("demo", 30), item("proposal", 50)},
				"CONTACT:bob": {item("outbound_call", 20)},
			}},
		{name: "in e3's millisecond, before it", record: []journey.TouchpointInput{at("l2", "email_click", 30*min+200*time.Microsecond, "bob")},
			acme: []string{"e1", "e2", "l1", "l2", "e3", "e4", "e5"}, ada: []string{"e1", "l1", "e3", "e5"}, bob: []string{"e2", "l2"},
			paths: map[string][]string{
				"ACCOUNT:acme": {item("website_visit", 10), item("outbound_call", 20), item("email_open", 25), item("email_click", 30),
					item("demo", 30), item("invoice", 40), item("proposal", 50)},
				"CONTACT:ada": {item("website_visit", 10), item("email_open", 25), item("demo", 30), item("proposal", 50)},
				"CONTACT:bob": {item("outbound_call", 20), item("email_click", 30)},
			}},
		{name: "before the first", record: []journey.TouchpointInput{at("l0", "email_open", 5*min, "ada")},
			acme: []string{"l0", "e1", "e2", "l1", "l2", "e3", "e4", "e5"}, ada: []string{"l0", "e1", "l1", "e3", "e5"}, bob: []string{"e2", "l2"},
			paths: map[string][]string{
				"ACCOUNT:acme": {item("email_open", 5), item("website_visit", 10), item("outbound_call", 20), item("email_open", 25),
					item("email_click", 30), item("demo", 30), item("invoice", 40), item("proposal", 50)},
				"CONTACT:ada": {item("email_open", 5), item("website_visit", 10), item("email_open", 25), item("demo", 30), item("proposal", 50)},
			}},
		{name: "a batch: late in two gaps and one after the last",
			record: []journey.TouchpointInput{at("m3", "demo", 60*min, "ada"), at("m2", "email_open", 45*min, "bob"), at("m1", "invoice", 15*min, "")},
			acme:   []string{"l0", "e1", "m1", "e2", "l1", "l2", "e3", "e4", "m2", "e5", "m3"},
			ada:    []string{"l0", "e1", "l1", "e3", "e5", "m3"}, bob: []string{"e2", "l2", "m2"},
			paths: map[string][]string{
				"ACCOUNT:acme": {item("email_open", 5), item("website_visit", 10), item("invoice", 15), item("outbound_call", 20),
					item("email_open", 25), item("email_click", 30), item("demo", 30), item("invoice", 40), item("email_open", 45),
					item("proposal", 50), item("demo", 60)},
				"CONTACT:ada": {item("email_open", 5), item("website_visit", 10), item("email_open", 25), item("demo", 30), item("proposal", 50),
					item("demo", 60)},
				"CONTACT:bob": {item("outbound_call", 20), item("email_click", 30), item("email_open", 45)},
			}},
		{name: "into a journey without a path", dropPath: "ACCOUNT:acme", record: []journey.TouchpointInput{at("n1", "demo", 35*min, "")},
			acme: []string{"l0", "e1", "m1", "e2", "l1", "l2", "e3", "n1", "e4", "m2", "e5", "m3"},
			ada:  []string{"l0", "e1", "l1", "e3", "e5", "m3"}, bob: []string{"e2", "l2", "m2"},
			paths: map[string][]string{
				"ACCOUNT:acme": {item("email_open", 5), item("website_visit", 10), item("invoice", 15), item("outbound_call", 20),
					item("email_open", 25), item("email_click", 30), item("demo", 30), item("demo", 35), item("invoice", 40),
					item("email_open", 45), item("proposal", 50), item("demo", 60)},
			}},
		{name: "in order, into a journey without a path", dropPath: "CONTACT:bob", record: []journey.TouchpointInput{at("n2", "proposal", 70*min, "bob")},
			acme: []string{"l0", "e1", "m1", "e2", "l1", "l2", "e3", "n1", "e4", "m2", "e5", "m3", "n2"},
			ada:  []string{"l0", "e1", "l1", "e3", "e5", "m3"}, bob: []string{"e2", "l2", "m2", "n2"},
			paths: map[string][]string{
				"CONTACT:bob": {item("outbound_call", 20), item("email_click", 30), item("email_open", 45), item("proposal", 70)},
				"ACCOUNT:acme": {item("email_open", 5), item("website_visit", 10), item("invoice", 15), item("outbound_call", 20),
					item("email_open", 25), item("email_click", 30), item("demo", 30), item("demo", 35), item("invoice", 40),
					item("email_open", 45), item("proposal", 50), item("demo", 60), item("proposal", 70)},
			}},
	}
	for _, s := range steps {
		if s.dropPath != "" {
			db.Query("MATCH (p:JourneyPath {id: $id}) DELETE p", map[string]any{"id": s.dropPath})
		}
		res, err := db.Store.RecordTouchpoints(ctx, s.record)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if slices.Contains(res.Created, false) {
			t.Fatalf("%s: created = %v", s.name, res.Created)
		}
		assertChain(t, db, "NEXT_FOR_ACCOUNT", "accountId", "acme", s.acme...)
		assertChain(t, db, "NEXT_FOR_CONTACT", "contactId", "ada", s.ada...)
		assertChain(t, db, "NEXT_FOR_CONTACT", "contactId", "bob", s.bob...)
		for id, want := range s.paths {
			if got := storedPath(t, db, id); !slices.Equal(got, want) {
				t.Errorf("%s: %s = %v, want %v", s.name, id, got, want)
			}
		}
	}
}

// A batch of late events, several per owner, is merged with the stretch of
// the journey it falls into, read once (or, when that stretch is long for the
// number of events, each event between its neighbours): both ways must give
// the same exact chains and paths, worked out by hand. The batch puts two
// account events in one gap (b1, b2), others in different gaps (b3, b4), one
// at the same instant as a stored touchpoint but with a smaller id, so before
// it (a5 at e2's instant: "crm:a5" < "crm:e2"); ada's and bob's contact
// chains get two events each. Replaying the batch changes nothing; a second
// batch lands before the first touchpoint and after the last.
func TestBatchesOfLateEventsAreMergedWithTheirNeighbours(t *testing.T) {
	for _, way := range []struct {
		name          string
		factor, slack int
	}{
		{"one range read per owner", 0, 1 << 20},
		{"each event between its neighbours", 0, 0},
	} {
		t.Run(way.name, func(t *testing.T) {
			defer store.SetLateRange(way.factor, way.slack)()
			db := journeyFixture(t)
			ctx := context.Background()
			at := func(ext, typ string, minute int, contact string) journey.TouchpointInput {
				return tpAt(ext, typ, minute, "acme", contact)
			}
			// In order: e1 10 ada, e2 20 bob, e3 30 ada, e4 40 (no contact),
			// e5 50 ada, e6 60 bob.
			recordEach(t, db,
				at("e1", "website_visit", 10, "ada"),
				at("e2", "outbound_call", 20, "bob"),
				at("e3", "demo", 30, "ada"),
				at("e4", "invoice", 40, ""),
				at("e5", "proposal", 50, "ada"),
				at("e6", "email_open", 60, "bob"),
			)
			item := func(typ string, minute int) string { return fmt.Sprintf("%s@%d", typ, ms(minute)) }
			batch := []journey.TouchpointInput{
				at("b4", "demo", 45, "ada"),
				at("b1", "email_open", 12, "ada"),
				at("b3", "email_open", 35, "bob"),
				at("a5", "email_click", 20, "bob"),
				at("b2", "invoice", 15, ""),
			}
			wantAcme := []string{"e1", "b1", "b2", "a5", "e2", "e3", "b3", "e4", "b4", "e5", "e6"}
			wantAda := []string{"e1", "b1", "e3", "b4", "e5"}
			wantBob := []string{"a5", "e2", "b3", "e6"}
			wantPaths := map[string][]string{
				"ACCOUNT:acme": {item("website_visit", 10), item("email_open", 12), item("invoice", 15), item("email_click", 20),
					item("outbound_call", 20), item("demo", 30), item("email_open", 35), item("invoice", 40), item("demo", 45),
					item("proposal", 50), item("email_open", 60)},
				"CONTACT:ada": {item("website_visit", 10), item("email_open", 12), item("demo", 30), item("demo", 45), item("proposal", 50)},
				"CONTACT:bob": {item("email_click", 20), item("outbound_call", 20), item("email_open", 35), item("email_open", 60)},
			}
			check := func(step string) {
				t.Helper()
				assertChain(t, db, "NEXT_FOR_ACCOUNT", "accountId", "acme", wantAcme...)
				assertChain(t, db, "NEXT_FOR_CONTACT", "contactId", "ada", wantAda...)
				assertChain(t, db, "NEXT_FOR_CONTACT", "contactId", "bob", wantBob...)
				for id, want := range wantPaths {
					if got := storedPath(t, db, id); !slices.Equal(got, want) {
						t.Errorf("%s: %s = %v, want %v", step, id, got, want)
					}
				}
			}
			for _, step := range []struct {
				name    string
				created bool
			}{{"the batch", true}, {"the batch replayed", false}} {
				res, err := db.Store.RecordTouchpoints(ctx, batch)
				if err != nil {
					t.Fatalf("%s: %v", step.name, err)
				}
				for i, c := range res.Created {
					if c != step.created {
						t.Errorf("%s: item %d created = %v, want %v", step.name, i, c, step.created)
					}
				}
				check(step.name)
			}
			if _, err := db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{
				at("c2", "proposal", 70, "bob"), at("c1", "email_open", 5, "ada"),
			}); err != nil {
				t.Fatal(err)
			}
			wantAcme = append(append([]string{"c1"}, wantAcme...), "c2")
			wantAda = append([]string{"c1"}, wantAda...)
			wantBob = append(wantBob, "c2")
			wantPaths["ACCOUNT:acme"] = append(append([]string{item("email_open", 5)}, wantPaths["ACCOUNT:acme"]...), item("proposal", 70))
			wantPaths["CONTACT:ada"] = append([]string{item("email_open", 5)}, wantPaths["CONTACT:ada"]...)
			wantPaths["CONTACT:bob"] = append(wantPaths["CONTACT:bob"], item("proposal", 70))
			check("before the first and after the last")
		})
	}
}

// Random late batches — some close together in time, some spread over the
// whole journey, ties at one instant and within one millisecond — give every
// account and contact the chain and JourneyPath of its touchpoints sorted by
// (occurredAt, id), computed here from the inputs; whichever way the store
// inserts them (one range read per owner, each event between its neighbours,
// or its own choice), and a replay of every batch changes nothing.
func TestRandomLateBatchesMatchTheTimeOrder(t *testing.T) {
	for _, way := range []struct {
		name          string
		factor, slack int
	}{
		{"the store's choice", -1, -1},
		{"one range read per owner", 0, 1 << 20},
		{"each event between its neighbours", 0, 0},
	} {
		t.Run(way.name, func(t *testing.T) {
			if way.factor >= 0 {
				defer store.SetLateRange(way.factor, way.slack)()
			}
			db := journeyFixture(t)
			ctx := context.Background()
			rng := rand.New(rand.NewPCG(16, 2))
			owners := []struct{ account, contact string }{{"acme", "ada"}, {"acme", "bob"}, {"acme", ""}, {"globex", "cy"}, {"globex", ""}}
			types := []string{"website_visit", "email_open", "demo", "proposal", "invoice"}
			var all []journey.TouchpointInput
			for k := range 160 {
				o := owners[rng.IntN(len(owners))]
				// Minutes 0-119, a tenth of them at minute 60 exactly (ties
				// by id), a quarter with a sub-millisecond offset.
				d := time.Duration(rng.IntN(120)) * time.Minute
				if rng.IntN(10) == 0 {
					d = 60 * time.Minute
				}
				if rng.IntN(4) == 0 {
					d += time.Duration(rng.IntN(3)) * 300 * time.Microsecond
				}
				in := tpAt(fmt.Sprintf("r%03d", rng.IntN(1000)*1000+k), types[rng.IntN(len(types))], 0, o.account, o.contact)
				in.OccurredAt = t0.Add(d)
				all = append(all, in)
			}
			// A random half in time order first, then the rest in batches of
			// 1-12: every other batch a run of consecutive times (clustered),
			// the others random picks (spread).
			rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
			base, rest := slices.Clone(all[:80]), slices.Clone(all[80:])
			slices.SortFunc(base, func(a, b journey.TouchpointInput) int { return a.OccurredAt.Compare(b.OccurredAt) })
			batches := inBatches(base, 20)
			slices.SortFunc(rest, func(a, b journey.TouchpointInput) int { return a.OccurredAt.Compare(b.OccurredAt) })
			for clustered := true; len(rest) > 0; clustered = !clustered {
				n := min(1+rng.IntN(12), len(rest))
				var batch []journey.TouchpointInput
				if clustered {
					s := rng.IntN(len(rest) - n + 1)
					batch = slices.Clone(rest[s : s+n])
					rest = slices.Delete(rest, s, s+n)
				} else {
					for range n {
						k := rng.IntN(len(rest))
						batch = append(batch, rest[k])
						rest = slices.Delete(rest, k, k+1)
					}
				}
				rng.Shuffle(len(batch), func(i, j int) { batch[i], batch[j] = batch[j], batch[i] })
				batches = append(batches, batch)
			}
			for _, b := range batches {
				if _, err := db.Store.RecordTouchpoints(ctx, b); err != nil {
					t.Fatal(err)
				}
			}
			for _, b := range batches {
				res, err := db.Store.RecordTouchpoints(ctx, b)
				if err != nil || slices.Contains(res.Created, true) {
					t.Fatalf("replay: created %v, err %v", res.Created, err)
				}
			}
			// Independently: each owner's touchpoints by (occurredAt, id).
			slices.SortFunc(all, func(a, b journey.TouchpointInput) int {
				if c := a.OccurredAt.Compare(b.OccurredAt); c != 0 {
					return c
				}
				return strings.Compare(a.ID(), b.ID())
			})
			for _, level := range []struct {
				rel, prop, path string
				owner           func(journey.TouchpointInput) string
				owners          []string
			}{
				{"NEXT_FOR_ACCOUNT", "accountId", "ACCOUNT", func(in journey.TouchpointInput) string { return *in.AccountID },
					[]string{"acme", "globex"}},
				{"NEXT_FOR_CONTACT", "contactId", "CONTACT", func(in journey.TouchpointInput) string {
					if in.ContactID == nil {
						return ""
					}
					return *in.ContactID
				}, []string{"ada", "bob", "cy"}},
			} {
				for _, owner := range level.owners {
					var ids, steps []string
					for _, in := range all {
						if level.owner(in) == owner {
							ids = append(ids, in.ExternalID)
							steps = append(steps, fmt.Sprintf("%s@%d", in.TypeKey, in.OccurredAt.UnixMilli()))
						}
					}
					assertChain(t, db, level.rel, level.prop, owner, ids...)
					if got := storedPath(t, db, level.path+":"+owner); !slices.Equal(got, steps) {
						t.Errorf("%s:%s = %v, want %v", level.path, owner, got, steps)
					}
				}
			}
		})
	}
}
