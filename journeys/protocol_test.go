package journeys

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/store"
)

// fakeStore plays the database's side of the refresh protocol: the version
// it reports, the version its next read returns (lower when the last change
// is read while its commit is being applied), and the reads asked of it.
type fakeStore struct {
	mu      sync.Mutex
	version store.DataVersion
	readAt  *store.DataVersion // the version the next read returns; nil: version
	reads   []string
	gate    chan struct{} // when set, a full load waits for it
	// contactsStale makes the next contacts read find another database.
	contactsStale bool
}

func (f *fakeStore) DataVersion(context.Context) (store.DataVersion, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.version, nil
}

func (f *fakeStore) ExcludedTypes(context.Context, journey.AnalysisScope) (map[string]bool, error) {
	return nil, nil
}

func (f *fakeStore) read(what string) store.DataVersion {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads = append(f.reads, what)
	v := f.version
	if f.readAt != nil {
		v, f.readAt = *f.readAt, nil
	}
	return v
}

func (f *fakeStore) AllCachedJourneys(_ context.Context, withContacts bool) (store.CachedJourneys, error) {
	if f.gate != nil {
		<-f.gate
	}
	return store.CachedJourneys{Version: f.read(fmt.Sprintf("all contacts=%v", withContacts))}, nil
}

func (f *fakeStore) CachedContacts(context.Context) (store.DataVersion, []store.CachedContact, error) {
	f.mu.Lock()
	stale := f.contactsStale
	f.contactsStale = false
	f.mu.Unlock()
	if stale { // as the store when the epoch changed during the read
		f.read("contacts: stale")
		return store.DataVersion{}, nil, fmt.Errorf("read contacts: %w", store.ErrJourneysStale)
	}
	return f.read("contacts"), nil, nil
}

func (f *fakeStore) CachedJourneysSince(_ context.Context, since store.DataVersion, withContacts bool, _ int) (store.CachedJourneys, error) {
	f.mu.Lock()
	stale := since.Epoch != f.version.Epoch
	f.mu.Unlock()
	if stale { // as the store: another database
		f.read("since: stale")
		return store.CachedJourneys{}, store.ErrJourneysStale
	}
	return store.CachedJourneys{Version: f.read(fmt.Sprintf("since head %d profiles %d contacts=%v", since.Head, since.Profiles, withContacts))}, nil
}

func (f *fakeStore) takeReads() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.reads
	f.reads = nil
	return out
}

// The refresh protocol, step by step: the last change and profile bump of a
// read are read once more by the next request; a version read lower (the
// head's commit still being applied) is read again; an unchanged version
// costs no read but the version's.
func TestRefreshProtocol(t *testing.T) {
	f := &fakeStore{version: store.DataVersion{Epoch: "e1", Head: 5, Profiles: 2}}
	c := New(f)
	ctx := context.Background()
	steps := []struct {
		name   string
		set    func()
		level  journey.JourneyLevel
		reads  []string
		wanted store.DataVersion // the snapshot's seen version after the query
	}{
		{"first query: full load, head and bump to be read again", nil, journey.LevelAccount,
			[]string{"all contacts=false"}, store.DataVersion{Epoch: "e1", Head: 5, Profiles: 2}},
		{"same version: the second read of change 5 and bump 2", nil, journey.LevelAccount,
			[]string{"since head 4 profiles 1 contacts=false"}, store.DataVersion{Epoch: "e1", Head: 5, Profiles: 2}},
		{"same version again: nothing to read", nil, journey.LevelAccount, nil, store.DataVersion{Epoch: "e1", Head: 5, Profiles: 2}},
		{"change 6 read while its commit is applied", func() {
			f.version.Head = 6
			f.readAt = &store.DataVersion{Epoch: "e1", Head: 5, Profiles: 2}
		}, journey.LevelAccount, []string{"since head 5 profiles 2 contacts=false"}, store.DataVersion{Epoch: "e1", Head: 5, Profiles: 2}},
		{"change 6 read whole", nil, journey.LevelAccount,
			[]string{"since head 5 profiles 2 contacts=false"}, store.DataVersion{Epoch: "e1", Head: 6, Profiles: 2}},
		{"change 6 read again", nil, journey.LevelAccount,
			[]string{"since head 5 profiles 2 contacts=false"}, store.DataVersion{Epoch: "e1", Head: 6, Profiles: 2}},
		{"a profile bump", func() { f.version.Profiles = 3 }, journey.LevelAccount,
			[]string{"since head 6 profiles 2 contacts=false"}, store.DataVersion{Epoch: "e1", Head: 6, Profiles: 3}},
		{"first contact query: the bump's second read, then the contacts", nil, journey.LevelContact,
			[]string{"since head 6 profiles 2 contacts=false", "contacts"}, store.DataVersion{Epoch: "e1", Head: 6, Profiles: 3}},
		{"contacts held: nothing to read", nil, journey.LevelContact, nil, store.DataVersion{Epoch: "e1", Head: 6, Profiles: 3}},
		{"another database with the same counters: a full load, with the contacts held", func() { f.version.Epoch = "e2" }, journey.LevelAccount,
			[]string{"since: stale", "all contacts=true"}, store.DataVersion{Epoch: "e2", Head: 6, Profiles: 3}},
	}
	for _, s := range steps {
		if s.set != nil {
			s.set()
		}
		if _, err := c.ObservedJourneys(ctx, journey.AnalysisScope{Level: s.level}); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := f.takeReads(); !slices.Equal(got, s.reads) {
			t.Errorf("%s: reads %q, want %q", s.name, got, s.reads)
		}
		if got := c.current.Load().seen; !sameVersion(got, s.wanted) {
			t.Errorf("%s: snapshot at %+v, want %+v", s.name, got, s.wanted)
		}
	}
}

// Concurrent first queries share one full load.
func TestOneLoadAtATime(t *testing.T) {
	f := &fakeStore{version: store.DataVersion{Epoch: "e1", Head: 1}, gate: make(chan struct{})}
	c := New(f)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.ObservedJourneys(context.Background(), journey.AnalysisScope{Level: journey.LevelAccount})
			errs <- err
		}()
	}
	// Every query is waiting for the load (or about to) when it is let go.
	for {
		c.mu.Lock()
		started := c.flights
		c.mu.Unlock()
		if started > 0 {
			break
		}
		runtime.Gosched()
	}
	close(f.gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	// A query that came after the load may have made the second read of
	// change 1; none made another load.
	reads := f.takeReads()
	if len(reads) == 0 || reads[0] != "all contacts=false" || len(reads) > 2 || (len(reads) == 2 && reads[1] != "since head 0 profiles 0 contacts=false") {
		t.Errorf("reads %q, want one full load and at most one second read", reads)
	}
}

// A database replaced while the first contact-level query reads the contacts
// (the store reports it as ErrJourneysStale) is loaded whole again, with the
// contacts, instead of failing the queries waiting for that refresh.
func TestDatabaseReplacedWhileTheContactsAreRead(t *testing.T) {
	f := &fakeStore{version: store.DataVersion{Epoch: "e1", Head: 5, Profiles: 2}}
	c := New(f)
	ctx := context.Background()
	if _, err := c.ObservedJourneys(ctx, journey.AnalysisScope{Level: journey.LevelAccount}); err != nil {
		t.Fatal(err)
	}
	f.takeReads()
	f.contactsStale = true
	if _, err := c.ObservedJourneys(ctx, journey.AnalysisScope{Level: journey.LevelContact}); err != nil {
		t.Fatalf("contact-level query: %v", err)
	}
	want := []string{"since head 4 profiles 1 contacts=false", "contacts: stale", "all contacts=true"}
	if got := f.takeReads(); !slices.Equal(got, want) {
		t.Errorf("reads %q, want %q", got, want)
	}
	if c.current.Load().contacts == nil {
		t.Error("the snapshot after the reload holds no contacts")
	}
}
