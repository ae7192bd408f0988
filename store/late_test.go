package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
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
