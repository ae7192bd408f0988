package store_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// storedPath reads one JourneyPath ("ACCOUNT:acme", ...) as "type@ms" items,
// decoding its format independently of the store: typeSequence is the type
// keys joined by spaces (a key's `\` and space escaped as `\\` and `\s`),
// timeDeltas one zig-zag varint per step, the first absolute, the others the
// difference from the previous step; steps is their count.
func storedPath(t *testing.T, db *storetest.DB, id string) []string {
	t.Helper()
	rows := db.Query(`MATCH (p:JourneyPath {id: $id}) RETURN p.typeSequence AS types, p.timeDeltas AS times, p.steps AS steps`,
		map[string]any{"id": id})
	if len(rows) != 1 {
		t.Fatalf("JourneyPath %s: %d nodes, want 1", id, len(rows))
	}
	seq, _ := rows[0]["types"].(string)
	times, ok := rows[0]["times"].([]byte)
	if !ok {
		t.Fatalf("JourneyPath %s: timeDeltas = %#v, want bytes", id, rows[0]["times"])
	}
	var keys []string
	if seq != "" {
		for _, k := range strings.Split(seq, " ") {
			keys = append(keys, strings.NewReplacer(`\\`, `\`, `\s`, ` `).Replace(k))
		}
	}
	out := make([]string, 0, len(keys))
	at := int64(0)
	for _, k := range keys {
		d, n := binary.Varint(times)
		if n <= 0 {
			t.Fatalf("JourneyPath %s: timeDeltas end after %d of %d steps", id, len(out), len(keys))
		}
		times, at = times[n:], at+d
		out = append(out, fmt.Sprintf("%s@%d", k, at))
	}
	if len(times) != 0 || rows[0]["steps"] != int64(len(out)) {
		t.Fatalf("JourneyPath %s: %d bytes of timeDeltas left, steps = %v, want %d", id, len(times), rows[0]["steps"], len(out))
	}
	return out
}

// derivedPath is the same list computed from the touchpoints themselves.
func derivedPath(t *testing.T, db *storetest.DB, prop, owner string) []string {
	t.Helper()
	rows := db.Query(`MATCH (t:Touchpoint) WHERE t[$prop] = $owner
		RETURN t.type AS type, t.occurredAt.epochMillis AS ms ORDER BY t.occurredAt, t.id`,
		map[string]any{"prop": prop, "owner": owner})
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprintf("%v@%v", r["type"], r["ms"])
	}
	return out
}

func ms(minutes int) int64 { return t0.Add(time.Duration(minutes) * time.Minute).UnixMilli() }

func TestJourneyPathsFollowOutOfOrderArrivals(t *testing.T) {
	db := journeyFixture(t)
	ctx := context.Background()
	// e1..e5 at minutes 10..50 arrive 3, 1, 5, 2, 4; then a reversed batch
	// lands between e3 and e4, with a tie at minute 33 ordered by id (f1 < f2).
	recordEach(t, db,
		tpAt("e3", "demo", 30, "acme", "ada"),
		tpAt("e1", "website_visit", 10, "acme", "ada"),
		tpAt("e5", "proposal", 50, "acme", "ada"),
		tpAt("e2", "outbound_call", 20, "acme", "bob"),
		tpAt("e4", "invoice", 40, "acme", ""),
	)
	if _, err := db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{
		tpAt("f3", "email_open", 36, "acme", "ada"),
		tpAt("f2", "email_open", 33, "acme", "bob"),
		tpAt("f1", "email_click", 33, "acme", "ada"),
	}); err != nil {
		t.Fatal(err)
	}
	item := func(typ string, minute int) string { return fmt.Sprintf("%s@%d", typ, ms(minute)) }
	want := map[string][]string{
		"ACCOUNT:acme": {item("website_visit", 10), item("outbound_call", 20), item("demo", 30), item("email_click", 33),
			item("email_open", 33), item("email_open", 36), item("invoice", 40), item("proposal", 50)},
		"CONTACT:ada": {item("website_visit", 10), item("demo", 30), item("email_click", 33), item("email_open", 36), item("proposal", 50)},
		"CONTACT:bob": {item("outbound_call", 20), item("email_open", 33)},
	}
	for id, w := range want {
		if got := storedPath(t, db, id); !slices.Equal(got, w) {
			t.Errorf("%s = %v, want %v", id, got, w)
		}
	}
	// A replay changes nothing.
	if _, _, err := db.Store.RecordTouchpoint(ctx, tpAt("e1", "website_visit", 10, "acme", "ada")); err != nil {
		t.Fatal(err)
	}
	if got := storedPath(t, db, "ACCOUNT:acme"); !slices.Equal(got, want["ACCOUNT:acme"]) {
		t.Errorf("after a replay ACCOUNT:acme = %v", got)
	}
}

// Paths hold milliseconds while touchpoints keep nanoseconds: a late event in
// the same millisecond as a stored one must not drop it.
func TestJourneyPathsKeepEventsWithinOneMillisecond(t *testing.T) {
	db := journeyFixture(t)
	at := func(ext, typ string, d time.Duration) journey.TouchpointInput {
		return journey.TouchpointInput{Source: "crm", ExternalID: ext, TypeKey: typ, OccurredAt: t0.Add(d), AccountID: ptr("globex")}
	}
	// x1 at 5 ms and x2 at 10.05 ms, then x3 at 10.1 ms: x3's time truncates
	// to 10 ms, the same millisecond as x2, which must survive the update.
	recordEach(t, db,
		at("x1", "demo", 5*time.Millisecond),
		at("x2", "proposal", 10*time.Millisecond+50*time.Microsecond),
		at("x3", "invoice", 10*time.Millisecond+100*time.Microsecond),
	)
	base := t0.UnixMilli()
	want := []string{fmt.Sprintf("demo@%d", base+5), fmt.Sprintf("proposal@%d", base+10), fmt.Sprintf("invoice@%d", base+10)}
	if got := storedPath(t, db, "ACCOUNT:globex"); !slices.Equal(got, want) {
		t.Errorf("ACCOUNT:globex = %v, want %v", got, want)
	}
}

func TestBuildMissingJourneyPathsRebuildsExactlyTheMissingOnes(t *testing.T) {
	db := journeyFixture(t)
	ctx := context.Background()
	recordThreeTouchpoints(t, db, "g")
	// The fixture's accounts and contacts all have touchpoints now except none:
	// acme, globex, ada, bob, cy — 5 paths. Remove three, as if written before
	// paths were maintained.
	if n := db.Count(`MATCH (p:JourneyPath) RETURN count(p) AS n`, nil); n != 5 {
		t.Fatalf("paths after ingest = %d, want 5", n)
	}
	db.Query(`MATCH (p:JourneyPath) WHERE p.id IN ['ACCOUNT:acme', 'CONTACT:bob', 'CONTACT:cy'] DETACH DELETE p`, nil)
	built, err := db.Store.BuildMissingJourneyPaths(ctx)
	if err != nil || built != 3 {
		t.Fatalf("built %d (err %v), want 3", built, err)
	}
	for _, o := range []struct{ id, prop, owner string }{
		{"ACCOUNT:acme", "accountId", "acme"}, {"ACCOUNT:globex", "accountId", "globex"},
		{"CONTACT:ada", "contactId", "ada"}, {"CONTACT:bob", "contactId", "bob"}, {"CONTACT:cy", "contactId", "cy"},
	} {
		if got, want := storedPath(t, db, o.id), derivedPath(t, db, o.prop, o.owner); !slices.Equal(got, want) {
			t.Errorf("%s = %v, want %v", o.id, got, want)
		}
	}
	if got := storedPath(t, db, "ACCOUNT:acme"); len(got) != 2 {
		t.Errorf("ACCOUNT:acme has %d entries, want 2 (g1, g2)", len(got))
	}
	// An account and a contact without touchpoints get no path: nothing is
	// missing, however often it runs.
	if _, _, err := db.Store.UpsertAccount(ctx, journey.AccountInput{ID: "initech", Name: "Initech"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Store.UpsertContact(ctx, journey.ContactInput{ID: "peter", Email: "peter@initech.com"}); err != nil {
		t.Fatal(err)
	}
	for run := 2; run <= 3; run++ {
		if built, err := db.Store.BuildMissingJourneyPaths(ctx); err != nil || built != 0 {
			t.Fatalf("run %d built %d (err %v), want 0", run, built, err)
		}
	}
	if err := db.Store.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if n := db.Count(`MATCH (p:JourneyPath) RETURN count(p) AS n`, nil); n != 5 {
		t.Errorf("paths after rebuilding and migrating again = %d, want still 5", n)
	}
}

// A path left empty by earlier versions (for an owner without touchpoints) is
// dropped by Migrate; paths with steps stay.
func TestMigrateDropsEmptyJourneyPaths(t *testing.T) {
	db := journeyFixture(t)
	ctx := context.Background()
	if _, _, err := db.Store.RecordTouchpoint(ctx, tpAt("g1", "demo", 1, "acme", "ada")); err != nil {
		t.Fatal(err)
	}
	db.Query(`CREATE (:JourneyPath {id: 'ACCOUNT:globex', level: 'ACCOUNT', ownerId: 'globex', typeSequence: '', timeDeltas: $none, steps: 0})`,
		map[string]any{"none": []byte{}})
	if err := db.Store.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	rows := db.Query(`MATCH (p:JourneyPath) RETURN p.id AS id ORDER BY id`, nil)
	var ids []string
	for _, r := range rows {
		ids = append(ids, r["id"].(string))
	}
	if want := []string{"ACCOUNT:acme", "CONTACT:ada"}; !slices.Equal(ids, want) {
		t.Errorf("paths after Migrate = %v, want %v", ids, want)
	}
}

// Type keys may contain spaces and backslashes (only NUL is refused), which
// the space-separated typeSequence escapes; the keys must come back exactly,
// in the stored path and through ObservedJourneys.
func TestJourneyPathsKeepTypeKeysWithSpacesAndBackslashes(t *testing.T) {
	db := journeyFixture(t)
	ctx := context.Background()
	db.Query(`UNWIND ['trade show', 'a\\s b', 'x\\'] AS key
		CREATE (:TouchpointType {key: key, name: key, category: 'MARKETING', phase: 'BEFORE_PURCHASE'})`, nil)
	// Keys written out: "trade show", `a\s b` (backslash, s, space, b), `x\`.
	if _, err := db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{
		tpAt("k1", "trade show", 1, "globex", ""),
		tpAt("k2", `a\s b`, 2, "globex", ""),
		tpAt("k3", `x\`, 3, "globex", ""),
		tpAt("k4", "demo", 4, "globex", ""),
	}); err != nil {
		t.Fatal(err)
	}
	// Escaped: "trade\sshow", `a\\s\sb`, `x\\`, "demo".
	seq := db.Query(`MATCH (p:JourneyPath {id: 'ACCOUNT:globex'}) RETURN p.typeSequence AS s`, nil)[0]["s"]
	if want := `trade\sshow a\\s\sb x\\ demo`; seq != want {
		t.Errorf("typeSequence = %q, want %q", seq, want)
	}
	want := []string{fmt.Sprintf("trade show@%d", ms(1)), fmt.Sprintf(`a\s b@%d`, ms(2)), fmt.Sprintf(`x\@%d`, ms(3)), fmt.Sprintf("demo@%d", ms(4))}
	if got := storedPath(t, db, "ACCOUNT:globex"); !slices.Equal(got, want) {
		t.Errorf("stored path = %q, want %q", got, want)
	}
	scope := journey.AnalysisScope{}
	if err := scope.Normalize("scope"); err != nil {
		t.Fatal(err)
	}
	js, err := db.Store.ObservedJourneys(ctx, scope)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, j := range js {
		if j.ID == "globex" {
			for _, st := range j.Steps {
				got = append(got, fmt.Sprintf("%s@%d", st.TypeKey, st.At.UnixMilli()))
			}
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("ObservedJourneys globex = %q, want %q", got, want)
	}
}

// Migration 0006 replaces paths in the old format (lists types and times)
// with the compact one: Migrate drops them and rebuilds them from the
// touchpoints, and a second Migrate changes nothing.
func TestMigrateRebuildsOldFormatJourneyPaths(t *testing.T) {
	db := journeyFixture(t)
	ctx := context.Background()
	recordThreeTouchpoints(t, db, "m")
	// Turn ACCOUNT:acme and CONTACT:ada into old-format paths, with stale
	// content (only demo) to show they are rebuilt, not converted.
	db.Query(`MATCH (p:JourneyPath) WHERE p.id IN ['ACCOUNT:acme', 'CONTACT:ada']
		REMOVE p.typeSequence, p.timeDeltas, p.steps SET p.types = ['demo'], p.times = [$ms]`, map[string]any{"ms": ms(1)})
	if err := db.Store.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"ACCOUNT:acme":   {fmt.Sprintf("demo@%d", ms(1)), fmt.Sprintf("proposal@%d", ms(2))},
		"CONTACT:ada":    {fmt.Sprintf("demo@%d", ms(1))},
		"CONTACT:bob":    {fmt.Sprintf("proposal@%d", ms(2))},
		"ACCOUNT:globex": {fmt.Sprintf("invoice@%d", ms(3))},
		"CONTACT:cy":     {fmt.Sprintf("invoice@%d", ms(3))},
	}
	for id, w := range want {
		if got := storedPath(t, db, id); !slices.Equal(got, w) {
			t.Errorf("%s = %v, want %v", id, got, w)
		}
	}
	if n := db.Count(`MATCH (p:JourneyPath) WHERE p.types IS NOT NULL OR p.times IS NOT NULL RETURN count(p) AS n`, nil); n != 0 {
		t.Errorf("%d paths keep old-format properties", n)
	}
	if n := db.Count(`MATCH (p:JourneyPath) RETURN count(p) AS n`, nil); n != 5 {
		t.Errorf("paths = %d, want 5", n)
	}
	if built, err := db.Store.BuildMissingJourneyPaths(ctx); err != nil || built != 0 {
		t.Errorf("after Migrate BuildMissingJourneyPaths built %d (err %v), want 0", built, err)
	}
}

// recordEach records the touchpoints one at a time, each in its own
// transaction, in the order given.
func recordEach(t *testing.T, db *storetest.DB, inputs ...journey.TouchpointInput) {
	t.Helper()
	for _, in := range inputs {
		if _, _, err := db.Store.RecordTouchpoint(context.Background(), in); err != nil {
			t.Fatal(err)
		}
	}
}

// recordThreeTouchpoints gives each of the fixture's accounts and contacts a
// touchpoint: prefix1 (demo, acme/ada), prefix2 (proposal, acme/bob) and
// prefix3 (invoice, globex/cy).
func recordThreeTouchpoints(t *testing.T, db *storetest.DB, prefix string) {
	t.Helper()
	recordEach(t, db,
		tpAt(prefix+"1", "demo", 1, "acme", "ada"),
		tpAt(prefix+"2", "proposal", 2, "acme", "bob"),
		tpAt(prefix+"3", "invoice", 3, "globex", "cy"),
	)
}
