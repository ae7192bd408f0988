// Package journeys keeps the decoded journeys in the API process, so the
// analytics (every query that reads all journeys in scope) cost their
// computation only, instead of reading every JourneyPath and stage entry from
// Neo4j per request (store.ObservedJourneys: seconds at ten million
// touchpoints).
//
// The cache holds immutable snapshots keyed by the data version
// (store.DataVersion). Every request reads the version from Neo4j (one small
// read); if it moved, the cache reads the changes and profile bumps since its
// snapshot, re-reads only the journeys they name and answers from a new
// snapshot. So several API replicas need no invalidation between them: a
// write committed, through any replica or tool, before a request read the
// version is in its answer. The version's epoch tells a database wiped and
// filled again (or replaced by a bulk load) from the one cached, and the
// tokens of the last change and profile bump the snapshot saw (by the end of
// the reads that made it) tell a database restored from a backup (whose
// writes since reuse their numbers); a change
// feed pruned past the snapshot, counters that went back, or too many changes
// or marked owners to read one by one make the cache load everything again.
//
// A change or bump is read a second time by the refresh after the one that
// first read it: the last change of a version can be read while its commit is
// still being applied (see store.Changes), and the completeness check (every
// node it names found) is then backed by a later read of the same journeys.
package journeys

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/store"
)

// Store is what the cache reads; *store.Store implements it.
type Store interface {
	DataVersion(ctx context.Context) (store.DataVersion, error)
	ExcludedTypes(ctx context.Context, scope journey.AnalysisScope) (map[string]bool, error)
	AllCachedJourneys(ctx context.Context, withContacts bool) (store.CachedJourneys, error)
	CachedContacts(ctx context.Context) (store.DataVersion, []store.CachedContact, error)
	CachedJourneysSince(ctx context.Context, since store.DataVersion, withContacts bool, maxChanges int) (store.CachedJourneys, error)
}

// Defaults of the cache's limits.
const (
	// DefaultMaxChanges is how many changes, and how many accounts and
	// contacts marked by profile bumps, a refresh reads one by one; with more
	// since the snapshot (a replica that was idle during a bulk ingest or a
	// mass upsert) it loads everything again.
	DefaultMaxChanges = 10000
	// loadTimeout bounds one refresh, which runs on its own (see refreshed).
	loadTimeout = 10 * time.Minute
	// fullLoadAttempts bounds the retries of a full load during which the
	// database was replaced.
	fullLoadAttempts = 3
)

// Cache answers ObservedJourneys from memory. Safe for concurrent use.
type Cache struct {
	st         Store
	maxChanges int
	current    atomic.Pointer[snapshot]

	mu       sync.Mutex
	inflight *flight // the refresh running, if any
	flights  uint64  // refreshes started so far
}

// New returns an empty cache over st; the first query loads it.
func New(st Store) *Cache {
	return &Cache{st: st, maxChanges: DefaultMaxChanges}
}

// flight is one refresh; readers wait for it and share its result.
type flight struct {
	id       uint64
	contacts bool // it loads the contacts' journeys too
	done     chan struct{}
	snap     *snapshot
	err      error
}

// ObservedJourneys returns the journeys of a scope (normalized by the
// caller) exactly as store.ObservedJourneys does, from memory. The slices of
// steps and stage entries are shared with the cache and other requests:
// callers must not modify them (their capacity ends at their length, so an
// append copies).
func (c *Cache) ObservedJourneys(ctx context.Context, scope journey.AnalysisScope) ([]journey.ObservedJourney, error) {
	excluded, err := c.st.ExcludedTypes(ctx, scope)
	if err != nil {
		return nil, err
	}
	snap, err := c.snapshot(ctx, scope.Level == journey.LevelContact)
	if err != nil {
		return nil, err
	}
	return snap.journeys(scope, excluded), nil
}

// snapshot returns a snapshot that includes every write committed before it
// was called, refreshing the cache first when needed.
func (c *Cache) snapshot(ctx context.Context, contacts bool) (*snapshot, error) {
	c.mu.Lock()
	started := c.flights // a refresh started after this point read a newer version than v below
	c.mu.Unlock()
	v, err := c.st.DataVersion(ctx)
	if err != nil {
		return nil, err
	}
	if s := c.current.Load(); s.fresh(v, contacts) {
		return s, nil
	}
	return c.refreshed(ctx, v, started, contacts)
}

// refreshed waits for a refresh that covers version v (starting one when none
// runs) and returns its snapshot. One refresh runs at a time; it runs on its
// own context, so a request that gives up does not waste a load others wait
// for. A refresh that started after v was read is taken as it is even if its
// version is lower: it lowered the version past a change still being applied,
// which no request could have been told was committed.
func (c *Cache) refreshed(ctx context.Context, v store.DataVersion, started uint64, contacts bool) (*snapshot, error) {
	for {
		c.mu.Lock()
		if s := c.current.Load(); s.covers(v, started, contacts) && sameVersion(s.through, s.seen) {
			c.mu.Unlock()
			return s, nil // refreshed by another request meanwhile
		}
		f := c.inflight
		if f == nil {
			c.flights++
			f = &flight{id: c.flights, contacts: contacts, done: make(chan struct{})}
			c.inflight = f
			go c.run(f, contacts)
		}
		c.mu.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if f.err != nil {
			return nil, f.err
		}
		if f.snap.covers(v, started, contacts) || (f.id > started && (!contacts || f.contacts)) {
			return f.snap, nil
		}
	}
}

func (c *Cache) run(f *flight, contacts bool) {
	ctx, cancel := context.WithTimeout(context.Background(), loadTimeout)
	defer cancel()
	s, err := c.update(ctx, c.current.Load(), contacts)
	if err == nil {
		s.flight = f.id
		c.current.Store(s)
	}
	c.mu.Lock()
	f.snap, f.err = s, err
	c.inflight = nil
	c.mu.Unlock()
	close(f.done)
}

// update returns the snapshot after old (nil for none) at the current
// version, with the contacts' journeys when contacts or old had them.
func (c *Cache) update(ctx context.Context, old *snapshot, contacts bool) (*snapshot, error) {
	if old == nil {
		return c.load(ctx, contacts)
	}
	withContacts := old.contacts != nil
	read, err := c.st.CachedJourneysSince(ctx, old.through, withContacts, c.maxChanges)
	if errors.Is(err, store.ErrJourneysStale) {
		return c.load(ctx, contacts || withContacts)
	}
	if err != nil {
		return nil, err
	}
	s := old.apply(read)
	if contacts && s.contacts == nil {
		v, cs, err := c.st.CachedContacts(ctx)
		if errors.Is(err, store.ErrJourneysStale) { // another database since the read began
			return c.load(ctx, true)
		}
		if err != nil {
			return nil, err
		}
		if v.Epoch != s.seen.Epoch {
			return c.load(ctx, true)
		}
		// Read at v or later, which is not before s.through: the next
		// refresh re-reads every contact a later change names. What the
		// read saw up to its end is held only while the database holds
		// the change and bump then last (store.DataVersion.Last).
		s.contacts = sortContacts(cs)
		s.seen.Last = s.seen.Last.Newer(v.Last)
		s.through.Last = s.through.Last.Newer(v.Last)
	}
	return s, nil
}

// load reads every journey.
func (c *Cache) load(ctx context.Context, contacts bool) (*snapshot, error) {
	var err error
	for range fullLoadAttempts {
		var read store.CachedJourneys
		read, err = c.st.AllCachedJourneys(ctx, contacts)
		if errors.Is(err, store.ErrJourneysStale) {
			continue
		}
		if err != nil {
			return nil, err
		}
		s := &snapshot{seen: read.Version, accounts: sortAccounts(read.Accounts)}
		if contacts {
			s.contacts = sortContacts(read.Contacts)
		}
		// The last change and bump are read once more by the next refresh.
		s.through = read.Version
		s.through.Head = max(read.Version.Head-1, 0)
		s.through.Profiles = max(read.Version.Profiles-1, 0)
		s.index()
		return s, nil
	}
	return nil, err
}

// snapshot is one immutable state of the cache.
type snapshot struct {
	// seen is the version last read; through is the version whose changes
	// and bumps the snapshot is known to hold for good: below seen when the
	// last ones still need their second read. Their Last is the latest
	// change and bump the reads saw by their end, which a refresh checks the
	// database still holds; past seen's counters when writes committed
	// while the journeys were read (the next refresh reads those again).
	seen, through store.DataVersion
	flight        uint64                // the refresh that made it
	accounts      []store.CachedAccount // in id order
	accountAt     map[string]int        // account id → index in accounts
	contacts      []store.CachedContact // in id order; nil until a contact-level query
}

// fresh reports whether s answers a request that read version v, with no
// refresh due.
func (s *snapshot) fresh(v store.DataVersion, contacts bool) bool {
	return s != nil && sameVersion(s.seen, v) && sameVersion(s.through, s.seen) && (!contacts || s.contacts != nil)
}

// covers reports whether s includes every write of version v, read after
// refresh number started began: v is the version s saw, or s was read after
// v (by a refresh that started later) and is not behind it. Higher counters
// alone prove nothing: a database restored from a backup reaches them again
// with other writes (see store.DataVersion).
func (s *snapshot) covers(v store.DataVersion, started uint64, contacts bool) bool {
	if s == nil || s.seen.Epoch != v.Epoch || (contacts && s.contacts == nil) {
		return false
	}
	return s.seen.Head >= v.Head && s.seen.Profiles >= v.Profiles && (s.seen.Last == v.Last || s.flight > started)
}

// sameVersion reports whether a and b are the same version, with the same
// last change and bump (store.VersionMark), not only the same counters.
func sameVersion(a, b store.DataVersion) bool {
	return a.Epoch == b.Epoch && a.Head == b.Head && a.Profiles == b.Profiles && a.Last == b.Last
}

// apply returns a new snapshot: s with the journeys read replaced, added or
// removed (an owner named but no longer found), at the version read.
func (s *snapshot) apply(read store.CachedJourneys) *snapshot {
	next := &snapshot{seen: read.Version, through: read.Version}
	// A change or bump read here for the first time is read again next time.
	if read.Version.Head > s.seen.Head {
		next.through.Head = read.Version.Head - 1
	}
	if read.Version.Profiles > s.seen.Profiles {
		next.through.Profiles = read.Version.Profiles - 1
	}
	var reshaped bool
	next.accounts, reshaped = merge(s.accounts, sortAccounts(read.Accounts), read.AccountIDs,
		func(a store.CachedAccount) string { return a.ID })
	if reshaped {
		next.index()
	} else {
		next.accountAt = s.accountAt
	}
	if s.contacts != nil {
		next.contacts, _ = merge(s.contacts, sortContacts(read.Contacts), read.ContactIDs,
			func(c store.CachedContact) string { return c.ID })
	}
	return next
}

func (s *snapshot) index() {
	s.accountAt = make(map[string]int, len(s.accounts))
	for i, a := range s.accounts {
		s.accountAt[a.ID] = i
	}
}

// merge returns old (in id order) with every id in named replaced by its
// entry in read (in id order), added, or removed when read lacks it, as a new
// slice; reshaped reports whether ids were added or removed.
func merge[T any](old, read []T, named []string, id func(T) string) (out []T, reshaped bool) {
	if len(named) == 0 {
		return old, false
	}
	gone := make(map[string]bool, len(named))
	for _, n := range named {
		gone[n] = true
	}
	for _, r := range read {
		delete(gone, id(r))
	}
	out = make([]T, 0, len(old)+len(read))
	i, j := 0, 0
	for i < len(old) || j < len(read) {
		switch {
		case j == len(read) || (i < len(old) && id(old[i]) < id(read[j])):
			if gone[id(old[i])] {
				reshaped = true
			} else {
				out = append(out, old[i])
			}
			i++
		case i == len(old) || id(read[j]) < id(old[i]):
			out = append(out, read[j])
			reshaped = true
			j++
		default: // the same id: replaced
			out = append(out, read[j])
			i++
			j++
		}
	}
	return out, reshaped
}

func sortAccounts(as []store.CachedAccount) []store.CachedAccount {
	slices.SortFunc(as, func(a, b store.CachedAccount) int { return strings.Compare(a.ID, b.ID) })
	return as
}

// sortContacts sorts cs, never nil: a snapshot's contacts are nil until loaded.
func sortContacts(cs []store.CachedContact) []store.CachedContact {
	if cs == nil {
		cs = []store.CachedContact{}
	}
	slices.SortFunc(cs, func(a, b store.CachedContact) int { return strings.Compare(a.ID, b.ID) })
	return cs
}

// Size is what a snapshot holds.
type Size struct {
	Accounts, Contacts, Steps, StageEntries int
}

// Size reports what the cache holds now (zero before the first query).
func (c *Cache) Size() Size {
	s := c.current.Load()
	if s == nil {
		return Size{}
	}
	out := Size{Accounts: len(s.accounts), Contacts: len(s.contacts)}
	for _, a := range s.accounts {
		out.Steps += len(a.Steps)
		out.StageEntries += len(a.StageEntries)
	}
	for _, ct := range s.contacts {
		out.Steps += len(ct.Steps)
	}
	return out
}
