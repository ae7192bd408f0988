package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/store"
	"github.com/journeygraph/journeygraph/store/storetest"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// journeyFixture is a database with the catalog, two accounts and three contacts:
// ada and bob at acme, cy at globex.
func journeyFixture(t *testing.T) *storetest.DB {
	t.Helper()
	db := storetest.New(t, nil)
	ctx := context.Background()
	if err := db.Store.LoadCatalog(ctx, seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	for _, a := range []journey.AccountInput{
		{ID: "acme", Name: "Acme", Domain: ptr("acme.com")},
		{ID: "globex", Name: "Globex", Domain: ptr("globex.com")},
	} {
		if _, _, err := db.Store.UpsertAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []journey.ContactInput{
		{ID: "ada", Email: "ada@acme.com", AccountID: ptr("acme")},
		{ID: "bob", Email: "bob@acme.com", AccountID: ptr("acme")},
		{ID: "cy", Email: "cy@globex.com", AccountID: ptr("globex")},
	} {
		if _, _, err := db.Store.UpsertContact(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func tpAt(ext, typ string, minutes int, account, contact string) journey.TouchpointInput {
	in := journey.TouchpointInput{Source: "crm", ExternalID: ext, TypeKey: typ, OccurredAt: t0.Add(time.Duration(minutes) * time.Minute)}
	if account != "" {
		in.AccountID = ptr(account)
	}
	if contact != "" {
		in.ContactID = ptr(contact)
	}
	return in
}

// chain returns the external ids along NEXT_FOR_ACCOUNT (or NEXT_FOR_CONTACT)
// from the first touchpoint of the owner, and the number of such links the
// owner's touchpoints have in total, so a stray link is caught too.
func chain(t *testing.T, db *storetest.DB, rel, ownerProp, owner string) ([]string, int64) {
	t.Helper()
	q := fmt.Sprintf(`MATCH (first:Touchpoint {%[2]s: $owner}) WHERE NOT ()-[:%[1]s]->(first)
		MATCH p = (first)-[:%[1]s*0..1000]->(last) WHERE NOT (last)-[:%[1]s]->()
		RETURN [n IN nodes(p) | n.externalId] AS ids`, rel, ownerProp)
	rows := db.Query(q, map[string]any{"owner": owner})
	if len(rows) != 1 {
		t.Fatalf("%s of %s: %d chains, want exactly 1", rel, owner, len(rows))
	}
	var ids []string
	for _, id := range rows[0]["ids"].([]any) {
		ids = append(ids, id.(string))
	}
	links := db.Count(fmt.Sprintf(`MATCH (a:Touchpoint {%[2]s: $owner})-[r:%[1]s]->() RETURN count(r) AS n`, rel, ownerProp),
		map[string]any{"owner": owner})
	return ids, links
}

func assertChain(t *testing.T, db *storetest.DB, rel, ownerProp, owner string, want ...string) {
	t.Helper()
	got, links := chain(t, db, rel, ownerProp, owner)
	if fmt.Sprint(got) != fmt.Sprint(want) || links != int64(len(want)-1) {
		t.Errorf("%s of %s = %v with %d links, want %v with %d links", rel, owner, got, links, want, len(want)-1)
	}
}

func TestTouchpointsOutOfOrderAreChainedInTimeOrder(t *testing.T) {
	db := journeyFixture(t)
	ctx := context.Background()
	// Minutes: e1=10 e2=20 e3=30 e4=40 e5=50 (ada: e1 e3 e5, bob: e2, account-only: e4).
	// They arrive 3, 1, 5, 2, 4: each arrival lands before, after or between.
	arrivals := []journey.TouchpointInput{
		tpAt("e3", "demo", 30, "acme", "ada"),
		func() journey.TouchpointInput { // only an email: resolves to ada, and ada's account
			in := tpAt("e1", "website_visit", 10, "", "")
			in.ContactEmail = ptr("ada@acme.com")
			return in
		}(),
		tpAt("e5", "proposal", 50, "acme", "ada"),
		tpAt("e2", "outbound_call", 20, "acme", "bob"),
		tpAt("e4", "invoice", 40, "acme", ""),
	}
	for _, in := range arrivals {
		if _, created, err := db.Store.RecordTouchpoint(ctx, in); err != nil || !created {
			t.Fatalf("record %s: created=%v err=%v", in.ExternalID, created, err)
		}
	}
	assertChain(t, db, "NEXT_FOR_ACCOUNT", "accountId", "acme", "e1", "e2", "e3", "e4", "e5")
	assertChain(t, db, "NEXT_FOR_CONTACT", "contactId", "ada", "e1", "e3", "e5")
	assertChain(t, db, "NEXT_FOR_CONTACT", "contactId", "bob", "e2")

	// A batch arriving in reverse order, with two touchpoints at the same instant
	// (ties are ordered by id: crm:f1 < crm:f2), lands between e3 and e4.
	batch := []journey.TouchpointInput{
		tpAt("f3", "email_open", 36, "acme", "ada"),
		tpAt("f2", "email_open", 33, "acme", "bob"),
		tpAt("f1", "email_click", 33, "acme", "ada"),
	}
	if _, err := db.Store.RecordTouchpoints(ctx, batch); err != nil {
		t.Fatal(err)
	}
	assertChain(t, db, "NEXT_FOR_ACCOUNT", "accountId", "acme", "e1", "e2", "e3", "f1", "f2", "f3", "e4", "e5")
	assertChain(t, db, "NEXT_FOR_CONTACT", "contactId", "ada", "e1", "e3", "f1", "f3", "e5")
	assertChain(t, db, "NEXT_FOR_CONTACT", "contactId", "bob", "e2", "f2")

	// The email-only touchpoint resolved to ada, the account came from her.
	rows := db.Query(`MATCH (t:Touchpoint {id: 'crm:e1'})-[:FOR_ACCOUNT]->(a), (t)-[:BY_CONTACT]->(c), (t)-[:OF_TYPE]->(ty)
		RETURN a.id AS account, c.id AS contact, ty.key AS type, t.category AS category`, nil)
	if len(rows) != 1 || rows[0]["account"] != "acme" || rows[0]["contact"] != "ada" || rows[0]["type"] != "website_visit" || rows[0]["category"] != "MARKETING" {
		t.Errorf("e1 links = %v", rows)
	}
}

func TestRecordTouchpointsReplayChangesNothing(t *testing.T) {
	db := journeyFixture(t)
	ctx := context.Background()
	batch := []journey.TouchpointInput{
		tpAt("r1", "webinar_attendance", 5, "acme", "ada"),
		tpAt("r2", "demo", 15, "acme", "bob"),
		tpAt("r3", "support_call", 25, "globex", "cy"),
		tpAt("r1", "webinar_attendance", 5, "acme", "ada"), // the same event twice in one batch
	}
	first, err := db.Store.RecordTouchpoints(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(first.Created) != "[true true true]" || len(first.Touchpoints) != 3 {
		t.Fatalf("first: created %v, %d touchpoints", first.Created, len(first.Touchpoints))
	}
	before := graphCounts(db)
	again, err := db.Store.RecordTouchpoints(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(again.Created) != "[false false false]" {
		t.Errorf("replay created %v", again.Created)
	}
	if after := graphCounts(db); after != before {
		t.Errorf("replay changed the graph: %v -> %v", before, after)
	}
	if again.Touchpoints[1].ID != "crm:r2" || again.Touchpoints[1].TypeKey != "demo" || !again.Touchpoints[1].OccurredAt.Equal(t0.Add(15*time.Minute)) {
		t.Errorf("replay returned %+v", again.Touchpoints[1])
	}
}

// writerWindow is writer w's share of all in the concurrent-writer tests:
// 120 touchpoints starting at w*15, so neighbours overlap, shuffled by a
// seed of the writer's own.
func writerWindow(all []journey.TouchpointInput, w int, stream uint64) []journey.TouchpointInput {
	window := append([]journey.TouchpointInput(nil), all[w*15:w*15+120]...)
	r := rand.New(rand.NewPCG(uint64(w), stream))
	r.Shuffle(len(window), func(i, j int) { window[i], window[j] = window[j], window[i] })
	return window
}

// graphCounts counts nodes and relationships by label and type.
func graphCounts(db *storetest.DB) string {
	rows := db.Query(`CALL { MATCH (n) RETURN labels(n)[0] AS k, count(*) AS n
		UNION ALL MATCH ()-[r]->() RETURN type(r) AS k, count(*) AS n } RETURN k, n ORDER BY k`, nil)
	return fmt.Sprint(rows)
}

func TestConcurrentOverlappingWritersEndWithExactGraph(t *testing.T) {
	db := journeyFixture(t)
	ctx := context.Background()
	// 240 distinct touchpoints over 2 accounts and 3 contacts (every 4th has no
	// contact), at distinct minutes in a scrambled order.
	rng := rand.New(rand.NewPCG(7, 7))
	minutes := rng.Perm(240)
	owners := []struct{ account, contact string }{{"acme", "ada"}, {"acme", "bob"}, {"globex", "cy"}, {"acme", ""}}
	var all []journey.TouchpointInput
	for i := range 240 {
		o := owners[i%len(owners)]
		all = append(all, tpAt(fmt.Sprintf("c%03d", i), "email_open", minutes[i], o.account, o.contact))
	}
	// 8 writers each send an overlapping window of 120 touchpoints (start 0, 15,
	// 30, ...) in shuffled batches of 40, then replay their first batch.
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			window := writerWindow(all, w, 1)
			for b := 0; b < len(window); b += 40 {
				if _, err := db.Store.RecordTouchpoints(ctx, window[b:b+40]); err != nil {
					errs <- err
					return
				}
			}
			if _, err := db.Store.RecordTouchpoints(ctx, window[:40]); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// Windows cover touchpoints 0..224; 225..239 were never sent.
	sent := 225
	sentAccount, sentContact := map[string]int{}, map[string]int{}
	sentWithContact := 0
	for _, in := range all[:sent] {
		sentAccount[*in.AccountID]++
		if in.ContactID != nil {
			sentContact[*in.ContactID]++
			sentWithContact++
		}
	}
	want := map[string]int64{
		"Touchpoint":       int64(sent),
		"OF_TYPE":          int64(sent),
		"FOR_ACCOUNT":      int64(sent),
		"BY_CONTACT":       int64(sentWithContact),
		"NEXT_FOR_ACCOUNT": int64(sent - len(sentAccount)),            // one chain per account
		"NEXT_FOR_CONTACT": int64(sentWithContact - len(sentContact)), // one chain per contact
	}
	for k, n := range want {
		var got int64
		if k == "Touchpoint" {
			got = db.Count(`MATCH (t:Touchpoint) RETURN count(t) AS n`, nil)
		} else {
			got = db.Count(`MATCH ()-[r]->() WHERE type(r) = $k RETURN count(r) AS n`, map[string]any{"k": k})
		}
		if got != n {
			t.Errorf("%s = %d, want %d", k, got, n)
		}
	}
	// And each chain is the time order of what was sent.
	for _, owner := range []struct{ rel, prop, id string }{
		{"NEXT_FOR_ACCOUNT", "accountId", "acme"}, {"NEXT_FOR_ACCOUNT", "accountId", "globex"},
		{"NEXT_FOR_CONTACT", "contactId", "ada"}, {"NEXT_FOR_CONTACT", "contactId", "bob"}, {"NEXT_FOR_CONTACT", "contactId", "cy"},
	} {
		var expected []journey.TouchpointInput
		for _, in := range all[:sent] {
			if (owner.prop == "accountId" && *in.AccountID == owner.id) || (owner.prop == "contactId" && in.ContactID != nil && *in.ContactID == owner.id) {
				expected = append(expected, in)
			}
		}
		sort.Slice(expected, func(i, j int) bool { return expected[i].OccurredAt.Before(expected[j].OccurredAt) })
		ids := make([]string, len(expected))
		for i, in := range expected {
			ids[i] = in.ExternalID
		}
		assertChain(t, db, owner.rel, owner.prop, owner.id, ids...)
		// The owner's JourneyPath lists the same touchpoints' times in order.
		level := map[string]string{"accountId": "ACCOUNT:", "contactId": "CONTACT:"}[owner.prop]
		path := storedPath(t, db, level+owner.id)
		want := make([]string, len(expected))
		for i, in := range expected {
			want[i] = fmt.Sprintf("%s@%d", in.TypeKey, in.OccurredAt.UnixMilli())
		}
		if !slices.Equal(path, want) {
			t.Errorf("JourneyPath of %s = %v, want %v", owner.id, path, want)
		}
	}
}

func TestRecordTouchpointsValidatesAllOrNothing(t *testing.T) {
	db := journeyFixture(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		in     journey.TouchpointInput
		reason journey.Reason
		field  string
	}{
		{"unknown type", tpAt("v1", "carrier_pigeon", 1, "acme", ""), journey.ReasonUnknownTouchpointType, "inputs[1].type"},
		{"unknown account", tpAt("v1", "demo", 1, "initech", ""), journey.ReasonUnknownAccount, "inputs[1].accountId"},
		{"unknown contact", tpAt("v1", "demo", 1, "acme", "zed"), journey.ReasonUnknownContact, "inputs[1].contactId"},
		{"contact of another account", tpAt("v1", "demo", 1, "globex", "ada"), journey.ReasonContactOfAnotherAcct, "inputs[1].contactId"},
		{"unknown email", func() journey.TouchpointInput {
			in := tpAt("v1", "demo", 1, "", "")
			in.ContactEmail = ptr("nobody@acme.com")
			return in
		}(), journey.ReasonUnknownContact, "inputs[1].contactEmail"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			good := tpAt("ok", "website_visit", 0, "acme", "ada")
			_, err := db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{good, tt.in})
			var errs journey.Errors
			if !errors.As(err, &errs) || len(errs) != 1 {
				t.Fatalf("err = %v, want one domain error", err)
			}
			if errs[0].Reason != tt.reason || errs[0].ItemField("inputs") != tt.field || errs[0].Code != journey.CodeInvalidInput {
				t.Errorf("got %s/%s/%s, want %s/%s", errs[0].Code, errs[0].Reason, errs[0].ItemField("inputs"), tt.reason, tt.field)
			}
			if n := db.Count(`MATCH (t:Touchpoint) RETURN count(t) AS n`, nil); n != 0 {
				t.Errorf("a rejected batch wrote %d touchpoints", n)
			}
		})
	}
	// A conflicting duplicate (item 3, of item 1) is found before the graph
	// is asked; the items the graph refuses are reported with it, in batch
	// order, each with its position.
	for _, check := range []struct {
		name string
		run  func([]journey.TouchpointInput) (journey.Errors, error)
	}{
		{"every bad item is reported", func(in []journey.TouchpointInput) (journey.Errors, error) {
			_, err := db.Store.RecordTouchpoints(ctx, in)
			var errs journey.Errors
			if !errors.As(err, &errs) {
				return nil, err
			}
			return errs, nil
		}},
		{"CheckTouchpoints reports the same", func(in []journey.TouchpointInput) (journey.Errors, error) {
			return db.Store.CheckTouchpoints(ctx, in)
		}},
	} {
		t.Run(check.name, func(t *testing.T) {
			errs, err := check.run([]journey.TouchpointInput{
				tpAt("a", "nope", 1, "acme", ""), tpAt("b", "demo", 2, "acme", ""), tpAt("c", "demo", 3, "nowhere", ""),
				tpAt("b", "demo", 4, "acme", ""),
			})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range errs {
				got = append(got, fmt.Sprintf("%d %s %s", *e.Item, e.Field, e.Reason))
			}
			want := []string{"0 type UNKNOWN_TOUCHPOINT_TYPE", "2 accountId UNKNOWN_ACCOUNT", "3 externalId CONFLICTING_DUPLICATE_ID"}
			if !slices.Equal(got, want) {
				t.Errorf("errors = %q, want %q", got, want)
			}
		})
	}
	if n := db.Count(`MATCH (t:Touchpoint) RETURN count(t) AS n`, nil); n != 0 {
		t.Errorf("rejected batches wrote %d touchpoints", n)
	}
}

// RecordTouchpoint (one item) names the fields of "input", with no item.
func TestRecordTouchpointErrorNamesTheInput(t *testing.T) {
	db := journeyFixture(t)
	_, _, err := db.Store.RecordTouchpoint(context.Background(), tpAt("v1", "carrier_pigeon", 1, "acme", ""))
	var errs journey.Errors
	if !errors.As(err, &errs) || len(errs) != 1 || errs[0].Item != nil || errs[0].Field != "input.type" {
		t.Errorf("err = %v, want one error on input.type", err)
	}
}

// A replay is not re-validated: after ada moves to globex, re-sending her old
// acme touchpoint still answers created=false instead of an error.
func TestReplayAfterTheContactMoved(t *testing.T) {
	db := journeyFixture(t)
	ctx := context.Background()
	in := tpAt("m1", "demo", 1, "acme", "ada")
	if _, created, err := db.Store.RecordTouchpoint(ctx, in); err != nil || !created {
		t.Fatalf("first: created=%v err=%v", created, err)
	}
	if _, _, err := db.Store.UpsertContact(ctx, journey.ContactInput{ID: "ada", Email: "ada@acme.com", AccountID: ptr("globex")}); err != nil {
		t.Fatal(err)
	}
	tp, created, err := db.Store.RecordTouchpoint(ctx, in)
	if err != nil || created || tp.AccountID != "acme" {
		t.Errorf("replay: %+v created=%v err=%v, want the stored acme touchpoint", tp, created, err)
	}
}

// Touchpoints that come after an owner's last one are appended without
// re-reading the journey; one at the last one's instant but with a smaller
// id belongs before it and must be re-chained. The recorded touchpoints the
// write returns are the ones stored (every field, recordedAt too).
func TestAppendingAtTheLastTouchpointsInstantFollowsIDOrder(t *testing.T) {
	db := journeyFixture(t)
	ctx := context.Background()
	g2 := tpAt("g2", "demo", 60, "acme", "ada")
	g2.Value, g2.Sentiment = ptr(1500.5), ptr(-0.25)
	g2.Attributes = map[string]any{"stage": "trial", "seats": 12}
	for _, batch := range [][]journey.TouchpointInput{
		{g2},
		{tpAt("g1", "email_open", 60, "acme", "ada")},                                      // same instant, crm:g1 < crm:g2: before g2
		{tpAt("g4", "invoice", 70, "acme", ""), tpAt("g3", "proposal", 60, "acme", "ada")}, // both after g2
	} {
		res, err := db.Store.RecordTouchpoints(ctx, batch)
		if err != nil {
			t.Fatal(err)
		}
		stored, err := db.Store.TouchpointsByID(ctx, []string{res.Touchpoints[0].ID})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(res.Touchpoints[0], stored[0]) {
			t.Errorf("returned %+v\nstored   %+v", res.Touchpoints[0], stored[0])
		}
	}
	assertChain(t, db, "NEXT_FOR_ACCOUNT", "accountId", "acme", "g1", "g2", "g3", "g4")
	assertChain(t, db, "NEXT_FOR_CONTACT", "contactId", "ada", "g1", "g2", "g3")
	wantAccount := []string{
		fmt.Sprintf("email_open@%d", ms(60)), fmt.Sprintf("demo@%d", ms(60)),
		fmt.Sprintf("proposal@%d", ms(60)), fmt.Sprintf("invoice@%d", ms(70)),
	}
	if got := storedPath(t, db, "ACCOUNT:acme"); !slices.Equal(got, wantAccount) {
		t.Errorf("ACCOUNT:acme = %v, want %v", got, wantAccount)
	}
	if got := storedPath(t, db, "CONTACT:ada"); !slices.Equal(got, wantAccount[:3]) {
		t.Errorf("CONTACT:ada = %v, want %v", got, wantAccount[:3])
	}
}

// The same touchpoint sent for two accounts at once: the writer for acme
// checks under acme's locks that the id is new, while the writer for globex
// (other locks) has created it and not yet committed. acme's create then waits
// for globex's transaction and, when it commits, matches globex's node
// instead of creating one; that must send acme's batch round again, where it
// finds the touchpoint recorded (for globex) and creates nothing.
func TestSameTouchpointForTwoAccountsAtOnceIsRecordedOnce(t *testing.T) {
	db := journeyFixture(t)
	ctx := context.Background()
	forGlobex := tpAt("x", "demo", 10, "globex", "cy")
	forAcme := tpAt("x", "demo", 20, "acme", "ada") // same source and external id: the same touchpoint id

	held, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	type outcome struct {
		res journey.RecordResult
		err error
	}
	globexDone, acmeDone := make(chan outcome, 1), make(chan outcome, 1)
	go func() {
		res, err := db.Store.RecordTouchpointsHolding(ctx, []journey.TouchpointInput{forGlobex}, func() error {
			once.Do(func() { close(held) })
			<-release
			return nil
		})
		globexDone <- outcome{res, err}
	}()
	select {
	case <-held:
	case o := <-globexDone:
		t.Fatalf("globex's batch ended before it was held: %v", o.err)
	}
	go func() {
		res, err := db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{forAcme})
		acmeDone <- outcome{res, err}
	}()
	// acme's create waits for globex's uncommitted touchpoint of the same id.
	createText, _ := store.QueryText("create_touchpoints")
	deadline := time.Now().Add(time.Minute)
	for db.Count(`SHOW TRANSACTIONS YIELD currentQuery, status
		WHERE currentQuery = $q AND status STARTS WITH 'Blocked' RETURN count(*) AS n`, map[string]any{"q": createText}) == 0 {
		if time.Now().After(deadline) {
			close(release)
			t.Fatal("acme's create_touchpoints never waited for globex's transaction")
		}
		time.Sleep(20 * time.Millisecond)
	}
	close(release)
	globex, acme := <-globexDone, <-acmeDone
	if globex.err != nil || !globex.res.Created[0] {
		t.Fatalf("globex: created %v, err %v; want created", globex.res.Created, globex.err)
	}
	if acme.err != nil {
		t.Fatalf("acme: %v; want the touchpoint reported as already recorded", acme.err)
	}
	if got := acme.res.Touchpoints[0]; acme.res.Created[0] || got.AccountID != "globex" || !got.OccurredAt.Equal(forGlobex.OccurredAt) {
		t.Errorf("acme: created %v, touchpoint %+v; want not created, globex's touchpoint at %v", acme.res.Created[0], got, forGlobex.OccurredAt)
	}
	// One touchpoint, globex's, in globex's and cy's journeys only, and one
	// change feed entry (acme's batch created nothing).
	for q, want := range map[string]int64{
		`MATCH (t:Touchpoint) RETURN count(t) AS n`:                                                1,
		`MATCH (:Touchpoint)-[:FOR_ACCOUNT]->(:Account {id: 'globex'}) RETURN count(*) AS n`:       1,
		`MATCH (:Touchpoint)-[:BY_CONTACT]->(:Contact {id: 'cy'}) RETURN count(*) AS n`:            1,
		`MATCH (:Touchpoint)-[r]->() RETURN count(r) AS n`:                                         3, // OF_TYPE, FOR_ACCOUNT, BY_CONTACT
		`MATCH (p:JourneyPath) RETURN count(p) AS n`:                                               2,
		`MATCH (p:JourneyPath) WHERE p.id IN ['ACCOUNT:acme', 'CONTACT:ada'] RETURN count(p) AS n`: 0,
		`MATCH (c:Change {kind: 'touchpoints'}) RETURN count(c) AS n`:                              1,
	} {
		if got := db.Count(q, nil); got != want {
			t.Errorf("%s = %d, want %d", q, got, want)
		}
	}
}
