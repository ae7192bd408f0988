package journeys_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/journeys"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/store"
	"github.com/journeygraph/journeygraph/store/storetest"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

func at(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }

func tpAt(ext, typ string, minutes int, account, contact string) journey.TouchpointInput {
	in := journey.TouchpointInput{Source: "crm", ExternalID: ext, TypeKey: typ, OccurredAt: at(minutes), AccountID: ptr(account)}
	if contact != "" {
		in.ContactID = ptr(contact)
	}
	return in
}

// describe renders journeys as the fixture reads (storetest.DescribeJourneys).
func describe(js []journey.ObservedJourney) string { return storetest.DescribeJourneys(js, t0) }

// fixture writes the analytics fixture of store's TestObservedJourneysApplyTheScope:
//
//	acme (ENTERPRISE, EMEA, 1000): website_visit@10 (ada), email_open@20 (bob), demo@30 (ada), invoice@40;
//	  stages lead@25, opportunity@35
//	globex (SMB, no region): email_click@15 (cy), proposal@50 (cy); stage lead@12
//
// shift moves every touchpoint by that many minutes (a different database of
// the same shape: the same writes, so the same data version counters).
func fixture(t *testing.T, st *store.Store, shift int) {
	t.Helper()
	ctx := context.Background()
	if err := st.LoadCatalog(ctx, seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	enterprise, smb := journey.SegmentEnterprise, journey.SegmentSMB
	if _, err := st.UpsertAccounts(ctx, []journey.AccountInput{
		{ID: "acme", Name: "Acme", Domain: ptr("acme.com"), Segment: &enterprise, Region: ptr("EMEA"), ARR: ptr(1000.0)},
		{ID: "globex", Name: "Globex", Domain: ptr("globex.com"), Segment: &smb},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UpsertContacts(ctx, []journey.ContactInput{
		{ID: "ada", Email: "ada@acme.com", AccountID: ptr("acme")},
		{ID: "bob", Email: "bob@acme.com", AccountID: ptr("acme")},
		{ID: "cy", Email: "cy@globex.com", AccountID: ptr("globex")},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RecordTouchpoints(ctx, []journey.TouchpointInput{
		tpAt("a3", "demo", 30+shift, "acme", "ada"),
		tpAt("g2", "proposal", 50+shift, "globex", "cy"),
		tpAt("a1", "website_visit", 10+shift, "acme", "ada"),
		tpAt("a4", "invoice", 40+shift, "acme", ""),
		tpAt("g1", "email_click", 15+shift, "globex", "cy"),
		tpAt("a2", "email_open", 20+shift, "acme", "bob"),
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RecordStageChanges(ctx, []journey.StageChangeInput{
		{AccountID: "acme", StageKey: "opportunity", At: at(35)},
		{AccountID: "acme", StageKey: "lead", At: at(25)},
		{AccountID: "globex", StageKey: "lead", At: at(12)},
	}); err != nil {
		t.Fatal(err)
	}
}

const (
	fixtureAccounts = "acme/acme[1000]: website_visit@10 email_open@20 demo@30 invoice@40 | lead@25 opportunity@35\n" +
		"globex/globex: email_click@15 proposal@50 | lead@12"
	fixtureContacts = "ada/acme[1000]: website_visit@10 demo@30 | lead@25 opportunity@35\n" +
		"bob/acme[1000]: email_open@20 | lead@25 opportunity@35\n" +
		"cy/globex: email_click@15 proposal@50 | lead@12"
)

func query(t *testing.T, c *journeys.Cache, scope journey.AnalysisScope) string {
	t.Helper()
	if err := scope.Normalize("scope"); err != nil {
		t.Fatal(err)
	}
	js, err := c.ObservedJourneys(context.Background(), scope)
	if err != nil {
		t.Fatal(err)
	}
	return describe(js)
}

// warmFixture returns the fixture's database and a cache that answered a
// first query from it.
func warmFixture(t *testing.T) (*storetest.DB, *journeys.Cache) {
	t.Helper()
	db := storetest.New(t, nil)
	fixture(t, db.Store, 0)
	cache := journeys.New(db.Store)
	if got := query(t, cache, journey.AnalysisScope{}); got != fixtureAccounts {
		t.Fatalf("before: %s", got)
	}
	return db, cache
}

var contactLevel = journey.AnalysisScope{Level: journey.LevelContact}

// The cache answers every scope exactly as the store reads it, on both
// levels; a few answers are also checked against the fixture by hand.
func TestCacheAnswersAsTheStore(t *testing.T) {
	db := storetest.New(t, nil)
	ctx := context.Background()
	fixture(t, db.Store, 0)
	cache := journeys.New(db.Store)
	scopes := []struct {
		name  string
		scope journey.AnalysisScope
		want  string // by hand; "" when only compared with the store
	}{
		{"everything", journey.AnalysisScope{}, fixtureAccounts},
		{"contacts", contactLevel, fixtureContacts},
		// invoice is FINANCE; journeys stay when their steps go.
		{"exclusions", journey.AnalysisScope{ExcludeTypes: []string{"email_open"}, ExcludeCategories: []journey.Category{journey.CategoryFinance}},
			"acme/acme[1000]: website_visit@10 demo@30 | lead@25 opportunity@35\nglobex/globex: email_click@15 proposal@50 | lead@12"},
		// [20, 40): invoice@40 and lead@12 fall out; globex keeps an empty journey.
		{"window", journey.AnalysisScope{From: ptr(at(20)), To: ptr(at(40))},
			"acme/acme[1000]: email_open@20 demo@30 | lead@25 opportunity@35\nglobex/globex: |"},
		// A window bound inside a millisecond: lead@25 is at 25:00.000, kept
		// from 24:59.9995, dropped from 25:00.0000005.
		{"window to the nanosecond, stage kept", journey.AnalysisScope{From: ptr(at(25).Add(-500 * time.Microsecond))}, ""},
		{"window to the nanosecond, stage dropped", journey.AnalysisScope{From: ptr(at(25).Add(500 * time.Nanosecond))}, ""},
		{"window and exclusion", journey.AnalysisScope{From: ptr(at(15)), To: ptr(at(45)), ExcludeTypes: []string{"demo"}},
			"acme/acme[1000]: email_open@20 invoice@40 | lead@25 opportunity@35\nglobex/globex: email_click@15 |"},
		{"cohort from 12", journey.AnalysisScope{CohortFrom: ptr(at(12))}, "globex/globex: email_click@15 proposal@50 | lead@12"},
		{"cohort to 15", journey.AnalysisScope{CohortTo: ptr(at(15))},
			"acme/acme[1000]: website_visit@10 email_open@20 demo@30 invoice@40 | lead@25 opportunity@35"},
		{"segment", journey.AnalysisScope{Segments: []journey.Segment{journey.SegmentSMB}}, "globex/globex: email_click@15 proposal@50 | lead@12"},
		{"region", journey.AnalysisScope{Regions: []string{"EMEA"}},
			"acme/acme[1000]: website_visit@10 email_open@20 demo@30 invoice@40 | lead@25 opportunity@35"},
		{"industry nobody has", journey.AnalysisScope{Industries: []string{"Retail"}}, ""},
		{"contact cohort", journey.AnalysisScope{Level: journey.LevelContact, CohortFrom: ptr(at(12))},
			"bob/acme[1000]: email_open@20 | lead@25 opportunity@35\ncy/globex: email_click@15 proposal@50 | lead@12"},
		{"contact window and segment", journey.AnalysisScope{Level: journey.LevelContact, From: ptr(at(20)), Segments: []journey.Segment{journey.SegmentEnterprise}},
			"ada/acme[1000]: demo@30 | lead@25 opportunity@35\nbob/acme[1000]: email_open@20 | lead@25 opportunity@35"},
		{"contact exclusions", journey.AnalysisScope{Level: journey.LevelContact, ExcludeTypes: []string{"website_visit", "proposal"}}, ""},
	}
	for _, tt := range scopes {
		t.Run(tt.name, func(t *testing.T) {
			scope := tt.scope
			if err := scope.Normalize("scope"); err != nil {
				t.Fatal(err)
			}
			want, err := db.Store.ObservedJourneys(ctx, scope)
			if err != nil {
				t.Fatal(err)
			}
			got, err := cache.ObservedJourneys(ctx, scope)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("cached\n%s\nstore\n%s", describe(got), describe(want))
			}
			if tt.want != "" && describe(got) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", describe(got), tt.want)
			}
		})
	}
	// The two nanosecond windows differ by lead@25 alone.
	kept := query(t, cache, scopes[4].scope)
	dropped := query(t, cache, scopes[5].scope)
	if !strings.Contains(kept, "| lead@25 opportunity@35") || !strings.Contains(dropped, "| opportunity@35") || strings.Contains(dropped, "lead@25") {
		t.Errorf("nanosecond windows:\n%s\n--\n%s", kept, dropped)
	}
}

// After each kind of write, the next query's answer is the hand-worked one.
// The writes go through the store, never through the cache.
func TestCacheSeesEveryWrite(t *testing.T) {
	db, cache := warmFixture(t)
	ctx := context.Background()
	if got := query(t, cache, contactLevel); got != fixtureContacts {
		t.Fatalf("before, contacts: %s", got)
	}
	record := func(in ...journey.TouchpointInput) {
		t.Helper()
		if _, err := db.Store.RecordTouchpoints(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name  string
		write func(t *testing.T)
		scope journey.AnalysisScope
		want  string
	}{
		{"touchpoints in order", func(t *testing.T) { record(tpAt("a5", "proposal", 60, "acme", "ada")) }, journey.AnalysisScope{},
			"acme/acme[1000]: website_visit@10 email_open@20 demo@30 invoice@40 proposal@60 | lead@25 opportunity@35\n" +
				"globex/globex: email_click@15 proposal@50 | lead@12"},
		{"the same touchpoint's contact journey", nil, contactLevel,
			"ada/acme[1000]: website_visit@10 demo@30 proposal@60 | lead@25 opportunity@35\n" +
				"bob/acme[1000]: email_open@20 | lead@25 opportunity@35\n" +
				"cy/globex: email_click@15 proposal@50 | lead@12"},
		{"a late touchpoint in the middle", func(t *testing.T) { record(tpAt("g0", "demo", 30, "globex", "cy")) }, journey.AnalysisScope{},
			"acme/acme[1000]: website_visit@10 email_open@20 demo@30 invoice@40 proposal@60 | lead@25 opportunity@35\n" +
				"globex/globex: email_click@15 demo@30 proposal@50 | lead@12"},
		{"a stage change", func(t *testing.T) {
			if _, _, err := db.Store.RecordStageChange(ctx, journey.StageChangeInput{AccountID: "globex", StageKey: "opportunity", At: at(55)}); err != nil {
				t.Fatal(err)
			}
		}, journey.AnalysisScope{},
			"acme/acme[1000]: website_visit@10 email_open@20 demo@30 invoice@40 proposal@60 | lead@25 opportunity@35\n" +
				"globex/globex: email_click@15 demo@30 proposal@50 | lead@12 opportunity@55"},
		{"an account's segment and ARR", func(t *testing.T) {
			if _, _, err := db.Store.UpsertAccount(ctx, journey.AccountInput{ID: "globex", Name: "Globex", Segment: ptr(journey.SegmentEnterprise), ARR: ptr(500.0)}); err != nil {
				t.Fatal(err)
			}
		}, journey.AnalysisScope{Segments: []journey.Segment{journey.SegmentEnterprise}},
			"acme/acme[1000]: website_visit@10 email_open@20 demo@30 invoice@40 proposal@60 | lead@25 opportunity@35\n" +
				"globex/globex[500]: email_click@15 demo@30 proposal@50 | lead@12 opportunity@55"},
		{"a contact moved to another account", func(t *testing.T) {
			if _, _, err := db.Store.UpsertContact(ctx, journey.ContactInput{ID: "bob", Email: "bob@acme.com", AccountID: ptr("globex")}); err != nil {
				t.Fatal(err)
			}
		}, contactLevel,
			"ada/acme[1000]: website_visit@10 demo@30 proposal@60 | lead@25 opportunity@35\n" +
				"bob/globex[500]: email_open@20 | lead@12 opportunity@55\n" +
				"cy/globex[500]: email_click@15 demo@30 proposal@50 | lead@12 opportunity@55"},
		{"a new account without touchpoints, and a new contact", func(t *testing.T) {
			if _, _, err := db.Store.UpsertAccount(ctx, journey.AccountInput{ID: "initech", Name: "Initech", Region: ptr("EMEA")}); err != nil {
				t.Fatal(err)
			}
			if _, _, err := db.Store.UpsertContact(ctx, journey.ContactInput{ID: "dee", Email: "dee@initech.com", AccountID: ptr("initech")}); err != nil {
				t.Fatal(err)
			}
		}, journey.AnalysisScope{Regions: []string{"EMEA"}},
			"acme/acme[1000]: website_visit@10 email_open@20 demo@30 invoice@40 proposal@60 | lead@25 opportunity@35\n" +
				"initech/initech: |"},
		{"the new contact", nil, journey.AnalysisScope{Level: journey.LevelContact, Regions: []string{"EMEA"}, ExcludeTypes: []string{"demo", "proposal", "website_visit"}},
			"ada/acme[1000]: | lead@25 opportunity@35\n" +
				"dee/initech: |"},
	}
	for _, s := range steps {
		if s.write != nil {
			s.write(t)
		}
		// Asked twice: the second query makes the second read of the
		// write's journeys, so the next write starts from a settled cache
		// (else that read would re-read them and hide a missed write).
		for range 2 {
			if got := query(t, cache, s.scope); got != s.want {
				t.Errorf("after %s: got\n%s\nwant\n%s", s.name, got, s.want)
			}
		}
	}

	// A replay that changes nothing moves no version.
	before, err := db.Store.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	record(tpAt("a5", "proposal", 60, "acme", "ada"))
	if _, _, err := db.Store.UpsertAccount(ctx, journey.AccountInput{ID: "globex", Name: "Globex", Segment: ptr(journey.SegmentEnterprise), ARR: ptr(500.0)}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Store.UpsertContact(ctx, journey.ContactInput{ID: "bob", Email: "bob@acme.com", AccountID: ptr("globex")}); err != nil {
		t.Fatal(err)
	}
	// A new name is no analytics input either.
	if _, _, err := db.Store.UpsertAccount(ctx, journey.AccountInput{ID: "acme", Name: "Acme Corp"}); err != nil {
		t.Fatal(err)
	}
	if after, err := db.Store.DataVersion(ctx); err != nil || after != before {
		t.Errorf("replays moved the data version from %+v to %+v (%v)", before, after, err)
	}
}

// Two replicas on one database: each reads the version itself, so a write
// through one is in the other's next answer.
func TestTwoReplicas(t *testing.T) {
	db := storetest.New(t, nil)
	ctx := context.Background()
	fixture(t, db.Store, 0)
	other, err := store.Open(db.Config, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close(ctx)
	one, two := journeys.New(db.Store), journeys.New(other)
	for _, c := range []*journeys.Cache{one, two} {
		if got := query(t, c, journey.AnalysisScope{}); got != fixtureAccounts {
			t.Fatalf("before: %s", got)
		}
	}
	if _, err := other.RecordTouchpoints(ctx, []journey.TouchpointInput{tpAt("g3", "invoice", 70, "globex", "")}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Store.UpsertAccount(ctx, journey.AccountInput{ID: "acme", Name: "Acme", ARR: ptr(2000.0)}); err != nil {
		t.Fatal(err)
	}
	want := "acme/acme[2000]: website_visit@10 email_open@20 demo@30 invoice@40 | lead@25 opportunity@35\n" +
		"globex/globex: email_click@15 proposal@50 invoice@70 | lead@12"
	for i, c := range []*journeys.Cache{one, two} {
		if got := query(t, c, journey.AnalysisScope{}); got != want {
			t.Errorf("replica %d: got\n%s\nwant\n%s", i+1, got, want)
		}
	}
}

// A database wiped and filled again with the same writes has the same
// counters; its epoch tells it from the one cached.
func TestWipedAndRefilledDatabase(t *testing.T) {
	db, cache := warmFixture(t)
	ctx := context.Background()
	// A second query makes the second read of the last change: the cache
	// then holds the version as settled.
	if got := query(t, cache, journey.AnalysisScope{}); got != fixtureAccounts {
		t.Fatalf("before: %s", got)
	}
	before, err := db.Store.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	db.Query("MATCH (n) DETACH DELETE n", nil)
	fixture(t, db.Store, 1) // every touchpoint a minute later
	after, err := db.Store.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.Head != before.Head || after.Profiles != before.Profiles || after.Epoch == before.Epoch {
		t.Fatalf("versions %+v then %+v: want the same counters, another epoch", before, after)
	}
	want := "acme/acme[1000]: website_visit@11 email_open@21 demo@31 invoice@41 | lead@25 opportunity@35\n" +
		"globex/globex: email_click@16 proposal@51 | lead@12"
	if got := query(t, cache, journey.AnalysisScope{}); got != want {
		t.Errorf("after the refill: got\n%s\nwant\n%s", got, want)
	}
	// A bulk-loaded database has no change feed at all; finishing the load
	// gives it an epoch of its own.
	if err := db.Store.NewDataEpoch(ctx); err != nil {
		t.Fatal(err)
	}
	if v, err := db.Store.DataVersion(ctx); err != nil || v.Epoch == after.Epoch || v.Head != after.Head {
		t.Errorf("after NewDataEpoch: %+v (%v), was %+v", v, err, after)
	}
}

// Changes pruned past the cached version cannot be read one by one: the
// cache loads everything again.
func TestFeedPrunedPastTheCache(t *testing.T) {
	db, cache := warmFixture(t)
	ctx := context.Background()
	// Two changes: globex's, then acme's (the head, never pruned).
	if _, err := db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{tpAt("g3", "invoice", 70, "globex", "")}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{tpAt("a5", "proposal", 60, "acme", "")}); err != nil {
		t.Fatal(err)
	}
	if n, err := db.Store.PruneChanges(ctx, time.Now().Add(time.Hour), 1000); err != nil || n == 0 {
		t.Fatalf("pruned %d, %v", n, err)
	}
	want := "acme/acme[1000]: website_visit@10 email_open@20 demo@30 invoice@40 proposal@60 | lead@25 opportunity@35\n" +
		"globex/globex: email_click@15 proposal@50 invoice@70 | lead@12"
	if got := query(t, cache, journey.AnalysisScope{}); got != want {
		t.Errorf("after pruning: got\n%s\nwant\n%s", got, want)
	}
}

// Queries racing a stream of writes: each answer is a state the database
// went through (acme's ARR is bumped after each of its touchpoints), never
// older than what was committed before the query started, never older than
// the reader's previous answer; at the end the cache answers as the store.
func TestQueriesRacingWrites(t *testing.T) {
	db, cache := warmFixture(t)
	ctx := context.Background()
	const writes = 25
	var committedTouchpoints, committedARR atomic.Int64
	done := make(chan struct{})
	writeErr := make(chan error, 1)
	go func() {
		defer close(done)
		for i := range writes {
			if _, err := db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{tpAt(fmt.Sprintf("w%d", i), "webinar_attendance", 100+i, "acme", "")}); err != nil {
				writeErr <- err
				return
			}
			committedTouchpoints.Add(1)
			if _, _, err := db.Store.UpsertAccount(ctx, journey.AccountInput{ID: "acme", Name: "Acme", ARR: ptr(float64(1001 + i))}); err != nil {
				writeErr <- err
				return
			}
			committedARR.Add(1)
		}
	}()
	var mu sync.Mutex
	var problems []string
	report := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(problems) < 10 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	var readers sync.WaitGroup
	for r := range 3 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			lastWebinars, lastARR := int64(-1), int64(-1)
			for running := true; running; {
				select {
				case <-done:
					running = false // one more query after the last write
				default:
				}
				minWebinars, minARR := committedTouchpoints.Load(), committedARR.Load()
				scope := journey.AnalysisScope{Level: journey.LevelAccount}
				if r == 2 {
					scope.Level = journey.LevelContact // loads the contacts while writes go on
				}
				js, err := cache.ObservedJourneys(ctx, scope)
				if err != nil {
					report("reader %d: %v", r, err)
					return
				}
				var acme *journey.ObservedJourney
				for i := range js {
					if js[i].AccountID == "acme" {
						acme = &js[i]
						break
					}
				}
				if acme == nil || acme.ARR == nil {
					report("reader %d: no acme with an ARR in %s", r, describe(js))
					return
				}
				webinars := int64(0)
				if scope.Level == journey.LevelAccount {
					for k, s := range acme.Steps {
						if s.TypeKey == "webinar_attendance" {
							if want := at(100 + int(webinars)); !s.At.Equal(want) || k != 4+int(webinars) {
								report("reader %d: step %d is %s at %s", r, k, s.TypeKey, s.At)
							}
							webinars++
						}
					}
				} else {
					webinars = minWebinars // contact journeys do not hold acme's webinars
				}
				arr := int64(*acme.ARR) - 1000
				switch {
				case webinars < minWebinars || arr < minARR:
					report("reader %d: %d webinars and ARR +%d, but %d and +%d were committed before the query", r, webinars, arr, minWebinars, minARR)
				case scope.Level == journey.LevelAccount && arr != webinars && arr != webinars-1:
					report("reader %d: %d webinars with ARR +%d: never a state of the database", r, webinars, arr)
				case webinars < lastWebinars || arr < lastARR:
					report("reader %d: went back from %d webinars, ARR +%d to %d, +%d", r, lastWebinars, lastARR, webinars, arr)
				}
				lastWebinars, lastARR = webinars, arr
			}
		}()
	}
	readers.Wait()
	<-done
	select {
	case err := <-writeErr:
		t.Fatal(err)
	default:
	}
	for _, p := range problems {
		t.Error(p)
	}
	for _, scope := range []journey.AnalysisScope{{Level: journey.LevelAccount}, contactLevel} {
		want, err := db.Store.ObservedJourneys(ctx, scope)
		if err != nil {
			t.Fatal(err)
		}
		got, err := cache.ObservedJourneys(ctx, scope)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s level at the end: cached\n%s\nstore\n%s", scope.Level, describe(got), describe(want))
		}
	}
}
