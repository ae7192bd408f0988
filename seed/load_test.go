package seed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// fakeSink is an in-memory store that checks what the real one would refuse:
// references to rows not written yet, and oversized calls.
type fakeSink struct {
	maxRows      int
	catalogLoads int
	calls        []string
	accounts     map[string]journey.AccountInput
	contacts     map[string]journey.ContactInput
	touchpoints  map[string]journey.TouchpointInput
	changes      map[string]journey.StageChangeInput
	callOf       map[string][]int // account id -> indexes of the RecordTouchpoints calls carrying its touchpoints
	tpCalls      int
	failOn       string

	// Concurrent touchpoint calls: what writers run at once, and where they
	// broke the partitioning (an account in two calls at once, an account's
	// touchpoints arriving out of time order).
	mu         sync.Mutex
	inFlight   map[string]bool
	running    int
	maxRunning int
	overlaps   []string
	lastAt     map[string]time.Time
	outOfOrder []string
}

func newFakeSink(maxRows int) *fakeSink {
	return &fakeSink{maxRows: maxRows, accounts: map[string]journey.AccountInput{}, contacts: map[string]journey.ContactInput{},
		touchpoints: map[string]journey.TouchpointInput{}, changes: map[string]journey.StageChangeInput{}, callOf: map[string][]int{},
		inFlight: map[string]bool{}, lastAt: map[string]time.Time{}}
}

func (f *fakeSink) call(name string, rows int) error {
	f.calls = append(f.calls, name)
	if name == f.failOn {
		return errors.New("boom")
	}
	if rows == 0 || rows > f.maxRows {
		return fmt.Errorf("%s with %d rows, want 1..%d", name, rows, f.maxRows)
	}
	return nil
}

func (f *fakeSink) LoadCatalog(_ context.Context, c journey.Catalog) error {
	f.catalogLoads++
	f.calls = append(f.calls, "catalog")
	if len(c.TouchpointTypes) != len(TouchpointTypes) || len(c.Stages) != len(Stages) {
		return errors.New("incomplete catalog")
	}
	return nil
}

func (f *fakeSink) UpsertAccounts(_ context.Context, in []journey.AccountInput) (int, error) {
	if err := f.call("accounts", len(in)); err != nil {
		return 0, err
	}
	created := 0
	for _, a := range in {
		if _, ok := f.accounts[a.ID]; !ok {
			created++
		}
		f.accounts[a.ID] = a
	}
	return created, nil
}

func (f *fakeSink) UpsertContacts(_ context.Context, in []journey.ContactInput) (int, error) {
	if err := f.call("contacts", len(in)); err != nil {
		return 0, err
	}
	created := 0
	for _, c := range in {
		if _, ok := f.accounts[*c.AccountID]; !ok {
			return 0, fmt.Errorf("contact %s before its account", c.ID)
		}
		if _, ok := f.contacts[c.ID]; !ok {
			created++
		}
		f.contacts[c.ID] = c
	}
	return created, nil
}

func (f *fakeSink) RecordTouchpoints(_ context.Context, in []journey.TouchpointInput) (journey.RecordResult, error) {
	accounts := map[string]bool{}
	for _, tp := range in {
		accounts[*tp.AccountID] = true
	}
	f.mu.Lock()
	for a := range accounts {
		if f.inFlight[a] {
			f.overlaps = append(f.overlaps, a)
		}
		f.inFlight[a] = true
	}
	f.running++
	f.maxRunning = max(f.maxRunning, f.running)
	f.mu.Unlock()
	time.Sleep(time.Millisecond) // lets other writers' calls overlap this one
	f.mu.Lock()
	defer f.mu.Unlock()
	defer func() {
		f.running--
		for a := range accounts {
			delete(f.inFlight, a)
		}
	}()
	for _, tp := range in {
		if last, ok := f.lastAt[*tp.AccountID]; ok && !tp.OccurredAt.After(last) {
			f.outOfOrder = append(f.outOfOrder, tp.ExternalID)
		}
		f.lastAt[*tp.AccountID] = tp.OccurredAt
	}
	if err := f.call("touchpoints", len(in)); err != nil {
		return journey.RecordResult{}, err
	}
	res := journey.RecordResult{Created: make([]bool, len(in))}
	for i, tp := range in {
		if _, ok := f.accounts[*tp.AccountID]; !ok {
			return journey.RecordResult{}, fmt.Errorf("touchpoint %s before its account", tp.ExternalID)
		}
		if tp.ContactID != nil {
			if _, ok := f.contacts[*tp.ContactID]; !ok {
				return journey.RecordResult{}, fmt.Errorf("touchpoint %s before its contact", tp.ExternalID)
			}
		}
		if _, ok := f.touchpoints[tp.ID()]; !ok {
			res.Created[i] = true
			f.touchpoints[tp.ID()] = tp
		}
		calls := f.callOf[*tp.AccountID]
		if len(calls) == 0 || calls[len(calls)-1] != f.tpCalls {
			f.callOf[*tp.AccountID] = append(calls, f.tpCalls)
		}
	}
	f.tpCalls++
	return res, nil
}

func (f *fakeSink) RecordStageChanges(_ context.Context, in []journey.StageChangeInput) (int, error) {
	if err := f.call("stageChanges", len(in)); err != nil {
		return 0, err
	}
	created := 0
	for _, sc := range in {
		if _, ok := f.touchpoints[*sc.TriggeredByID]; !ok {
			return 0, fmt.Errorf("stage change %s before its trigger", sc.TransitionID())
		}
		if _, ok := f.changes[sc.TransitionID()]; !ok {
			created++
			f.changes[sc.TransitionID()] = sc
		}
	}
	return created, nil
}

func TestLoadWritesEverythingOnceInDependencyOrder(t *testing.T) {
	p := params(57)
	var want Stats
	touchpointsOf := map[string]int{}
	for _, j := range collect(t, p) {
		want.Accounts++
		want.Contacts += len(j.Contacts)
		want.Touchpoints += len(j.Touchpoints)
		want.StageChanges += len(j.StageChanges)
		touchpointsOf[j.Account.ID] = len(j.Touchpoints)
	}
	const maxRows = 250
	sink := newFakeSink(maxRows)
	const writers = 4
	loader := Loader{BatchAccounts: 10, MaxRows: maxRows, Writers: writers}
	var progress bytes.Buffer
	got, err := loader.Load(context.Background(), sink, p, &progress)
	if err != nil {
		t.Fatal(err)
	}
	if got.Accounts != want.Accounts || got.Contacts != want.Contacts || got.Touchpoints != want.Touchpoints || got.StageChanges != want.StageChanges {
		t.Fatalf("sent %+v, want %+v", got, want)
	}
	if got.AccountsCreated != want.Accounts || got.ContactsCreated != want.Contacts ||
		got.TouchpointsCreated != want.Touchpoints || got.StageChangesCreated != want.StageChanges {
		t.Fatalf("created %+v, want everything sent", got)
	}
	if len(sink.accounts) != want.Accounts || len(sink.contacts) != want.Contacts ||
		len(sink.touchpoints) != want.Touchpoints || len(sink.changes) != want.StageChanges {
		t.Fatalf("sink holds %d/%d/%d/%d", len(sink.accounts), len(sink.contacts), len(sink.touchpoints), len(sink.changes))
	}
	if sink.calls[0] != "catalog" {
		t.Fatalf("first call %s, want the catalog", sink.calls[0])
	}
	split := 0
	for id, calls := range sink.callOf {
		if len(calls) > 1 {
			split++
			if touchpointsOf[id] <= maxRows {
				t.Errorf("%s's %d touchpoints were split over calls %v although they fit in %d", id, touchpointsOf[id], calls, maxRows)
			}
		}
	}
	if split == 0 {
		t.Errorf("no account has more than %d touchpoints: the split path went untested", maxRows)
	}
	// Writers ran side by side, never on the same account, and each account's
	// touchpoints (a split account's parts too) arrived in time order.
	if sink.maxRunning < 2 || sink.maxRunning > writers {
		t.Errorf("%d touchpoint calls ran at once, want 2..%d", sink.maxRunning, writers)
	}
	if len(sink.overlaps) > 0 {
		t.Errorf("accounts written by two calls at once: %v", sink.overlaps)
	}
	if len(sink.outOfOrder) > 0 {
		t.Errorf("touchpoints sent out of their account's time order: %v", sink.outOfOrder)
	}
	if !strings.Contains(progress.String(), "accounts 57/57 (100%)") || !strings.Contains(progress.String(), "created:") {
		t.Fatalf("progress does not end with a summary:\n%s", progress.String())
	}

	again, err := loader.Load(context.Background(), sink, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.AccountsCreated+again.ContactsCreated+again.TouchpointsCreated+again.StageChangesCreated != 0 {
		t.Fatalf("a re-run created %+v", again)
	}
	if again.Touchpoints != want.Touchpoints {
		t.Fatalf("a re-run sent %d touchpoints, want %d", again.Touchpoints, want.Touchpoints)
	}
}

func TestLoadStopsAtTheFirstWriteError(t *testing.T) {
	for _, failing := range []string{"accounts", "contacts", "touchpoints", "stageChanges"} {
		sink := newFakeSink(DefaultMaxRows)
		sink.failOn = failing
		_, err := Load(context.Background(), sink, params(20), nil)
		if err == nil || !strings.Contains(err.Error(), "boom") {
			t.Errorf("%s failing: err = %v", failing, err)
		}
		if last := sink.calls[len(sink.calls)-1]; last != failing {
			t.Errorf("%s failing: kept writing (%s) after the error", failing, last)
		}
	}
}

func TestLoadStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sink := newFakeSink(DefaultMaxRows)
	if _, err := Load(ctx, sink, params(20), nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if len(sink.accounts) != 0 {
		t.Fatalf("wrote %d accounts after cancellation", len(sink.accounts))
	}
}

func TestLoadRefusesBadParamsBeforeWriting(t *testing.T) {
	sink := newFakeSink(DefaultMaxRows)
	if _, err := Load(context.Background(), sink, Params{}, nil); err == nil {
		t.Fatal("zero params accepted")
	}
	if len(sink.calls) != 0 {
		t.Fatalf("wrote %v", sink.calls)
	}
}

func TestProgressOnATerminalRewritesOneLine(t *testing.T) {
	var out bytes.Buffer
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := start
	r := &reporter{w: &out, interactive: true, total: 100, start: start, every: time.Second, last: start, now: func() time.Time { return clock }}
	clock = clock.Add(500 * time.Millisecond)
	r.update(Stats{Accounts: 10, Touchpoints: 1000}, false) // too soon: nothing
	if out.Len() != 0 {
		t.Fatalf("reported before the interval: %q", out.String())
	}
	clock = start.Add(10 * time.Second)
	r.update(Stats{Accounts: 20, Touchpoints: 3000}, false)
	// 20 accounts in 10s: 80 more take 40s; 3000 touchpoints in 10s is 300/s.
	if got := out.String(); !strings.HasPrefix(got, "\rseed: accounts 20/100 (20%)") || !strings.Contains(got, "300 events/s") ||
		!strings.Contains(got, "ETA 40s") || strings.Contains(got, "\n") {
		t.Fatalf("progress line %q", got)
	}
	out.Reset()
	clock = start.Add(50 * time.Second)
	r.update(Stats{Accounts: 100, Touchpoints: 15000, TouchpointsCreated: 15000}, true)
	if got := out.String(); !strings.HasPrefix(got, "\rseed: accounts 100/100 (100%)") || !strings.HasSuffix(got, "\n") ||
		!strings.Contains(got, "15000 touchpoints,") {
		t.Fatalf("final line %q", got)
	}
}

func TestProgressElsewherePrintsPlainLines(t *testing.T) {
	var out bytes.Buffer
	r := newReporter(&out, 10, time.Now(), time.Nanosecond)
	if r.interactive {
		t.Fatal("a buffer is not a terminal")
	}
	r.update(Stats{Accounts: 5}, false)
	r.update(Stats{Accounts: 10}, true)
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 2 || strings.ContainsAny(out.String(), "\r\033") {
		t.Fatalf("output %q", out.String())
	}
}

// The seed inputs go through the same validation as the API's: a generated
// journey whose ids, keys or emails hide an invisible character is refused,
// naming the field.
func TestNormalizeRefusesInvisibleCharactersInSeedInputs(t *testing.T) {
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name, field string
		spoil       func(*AccountJourney)
	}{
		{"account id", "account.id", func(j *AccountJourney) { j.Account.ID += "\u200b" }},
		{"contact email", "contacts[0].email", func(j *AccountJourney) { j.Contacts[0].Email = "a\u2060" + j.Contacts[0].Email }},
		{"touchpoint external id", "touchpoints[0].externalId", func(j *AccountJourney) { j.Touchpoints[0].ExternalID += "\x1b" }},
		{"touchpoint type", "touchpoints[0].type", func(j *AccountJourney) { j.Touchpoints[0].TypeKey += "\ufeff" }},
		{"stage key", "stageChanges[0].stage", func(j *AccountJourney) { j.StageChanges[0].StageKey += "\u00a0x" }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			j := generateAccount(DefaultParams(), 0)
			if err := NormalizeJourney(&j, now); err != nil {
				t.Fatalf("the generated journey itself is refused: %v", err)
			}
			j = generateAccount(DefaultParams(), 0)
			tt.spoil(&j)
			var e *journey.Error
			if err := NormalizeJourney(&j, now); !errors.As(err, &e) || e.Code != journey.CodeInvalidInput || e.Field != tt.field {
				t.Errorf("err = %v, want BAD_USER_INPUT on %s", err, tt.field)
			}
		})
	}
}
