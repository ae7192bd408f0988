package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// The reads behind the API's in-process journey cache (package journeys),
// which answers the analytics from memory instead of reading every journey
// per request (ObservedJourneys). It keys what it holds by the DataVersion
// and, when the version moved, re-reads only the journeys the changes since
// name.

// DataVersion is what the journey cache keys its journeys by. Every write
// that changes an analytics input moves it in its own transaction: a
// touchpoint or stage transition appends a change (Head); a new account or
// contact, a new segment, industry, region or ARR, a contact moved to another
// account, or a journey path built outside ingest bumps Profiles
// (mark_profiles.cypher). Epoch is new with every database (set when the
// counter node is created, and by NewDataEpoch after a bulk load), so a
// database wiped and filled again is never taken for the one cached, however
// its counters compare; "" while the database has no counter node.
//
// A database restored from a backup keeps its epoch, and its counters go
// back; writes after the restore number their changes and bumps as the lost
// ones were. So each change and each bump also gets a random token, and
// Last names the change and bump this version was read with by number and
// token: a refresh from the version checks that the database still holds
// them (CachedJourneysSince), and two versions are the same only with the
// same Last.
type DataVersion struct {
	Epoch    string
	Head     int64
	Profiles int64
	// ProfileMarks is how many nodes bump Profiles marked: fewer found means
	// its commit is still being applied.
	ProfileMarks int64
	// Last is Head and Profiles as read, with their tokens. The journey
	// cache lowers Head and Profiles to read the last change and bump twice,
	// and keeps Last. For the version of a read of journeys it is read again
	// after them, so it may be past Head and Profiles: the journeys may hold
	// writes committed while they were read (read committed), and only a
	// database that still holds the change and bump then last holds those.
	Last VersionMark
}

// Newer returns m with the change and the bump of o that are later than its
// own, each with its token: the mark of reads that saw both.
func (m VersionMark) Newer(o VersionMark) VersionMark {
	if o.Head > m.Head {
		m.Head, m.HeadToken = o.Head, o.HeadToken
	}
	if o.Profiles > m.Profiles {
		m.Profiles, m.ProfileToken = o.Profiles, o.ProfileToken
	}
	return m
}

// VersionMark is the change numbered Head and the profile bump numbered
// Profiles, by their random tokens. A token is "" for none (number 0) and
// for a change or bump written before tokens were (migration 0014): such a
// change or bump is told only from one written since with a token, not from
// another without (a restore of a backup taken before the upgrade), and one
// no longer found is not checked (see holds).
type VersionMark struct {
	Head         int64
	HeadToken    string
	Profiles     int64
	ProfileToken string
}

// ProfileBumpsKept is how many of the last profile bumps keep the
// ProfileBump node that CachedJourneysSince checks a cached version's last
// bump against: a cache whose last bump is older loads everything again.
const ProfileBumpsKept = 100000

// DataVersion reads the current data version (one node, one small read).
func (s *Store) DataVersion(ctx context.Context) (DataVersion, error) {
	res, err := s.read(ctx, "data_version", nil)
	if err != nil {
		return DataVersion{}, err
	}
	return dataVersionFromMap(res.Records[0].AsMap()), nil
}

func dataVersionFromMap(m map[string]any) DataVersion {
	v := DataVersion{Epoch: str(m["epoch"]), Head: int64(integer(m["head"])),
		Profiles: int64(integer(m["profiles"])), ProfileMarks: int64(integer(m["profileMarks"]))}
	v.Last = VersionMark{Head: v.Head, HeadToken: str(m["headToken"]), Profiles: v.Profiles, ProfileToken: str(m["profileToken"])}
	return v
}

func (r *txRunner) dataVersion() (DataVersion, error) {
	recs, err := r.run("data_version", nil)
	if err != nil {
		return DataVersion{}, err
	}
	return dataVersionFromMap(recs[0].AsMap()), nil
}

// markEnd reads the data version again at the end of a read of journeys
// that read v first, and moves v.Last to the change and bump it names (see
// DataVersion.Last); ErrJourneysStale when the database was replaced.
func (r *txRunner) markEnd(v *DataVersion) error {
	end, err := r.dataVersion()
	if err != nil {
		return err
	}
	if end.Epoch != v.Epoch {
		return fmt.Errorf("journey cache: the database was replaced during a read: %w", ErrJourneysStale)
	}
	v.Last = v.Last.Newer(end.Last)
	return nil
}

// holds reports whether the database at version v (read in this
// transaction) still holds the change and profile bump of mark, by number
// and token: false when its counters are below them, or the one under a
// number has another token ("" included: a change seen without a token is
// not one written since with a token). A change pruned from the feed is
// checked by the token the change after it keeps of it (both pruned: the
// feed is pruned past mark, which the refresh reloads for anyway). A change
// or bump otherwise not found (past the ProfileBump nodes kept, or written
// before tokens) is taken as held only when mark has no token for it.
func (r *txRunner) holds(v DataVersion, mark VersionMark) (bool, error) {
	if v.Last.Head < mark.Head || v.Last.Profiles < mark.Profiles {
		return false, nil
	}
	// At the counters' own numbers the tokens are on the counter node.
	if v.Last.Head == mark.Head && v.Last.HeadToken != mark.HeadToken ||
		v.Last.Profiles == mark.Profiles && v.Last.ProfileToken != mark.ProfileToken {
		return false, nil
	}
	checkHead := mark.Head > 0 && v.Last.Head > mark.Head
	checkBump := mark.Profiles > 0 && v.Last.Profiles > mark.Profiles
	if !checkHead && !checkBump {
		return true, nil
	}
	recs, err := r.run("version_tokens", map[string]any{"head": mark.Head, "profiles": mark.Profiles})
	if err != nil {
		return false, err
	}
	m := recs[0].AsMap()
	heldAs := func(found any, token any, want string) bool {
		if found != true {
			return want == ""
		}
		return str(token) == want
	}
	if checkHead {
		held := heldAs(m["changeFound"], m["changeToken"], mark.HeadToken)
		if m["changeFound"] != true && mark.HeadToken != "" {
			// Pruned: the change after it (never pruned before it, and
			// present, since the head is past it) keeps its token.
			held = m["nextFound"] == true && str(m["nextPrevToken"]) == mark.HeadToken
		}
		if !held {
			return false, nil
		}
	}
	if checkBump && !heldAs(m["bumpFound"], m["bumpToken"], mark.ProfileToken) {
		return false, nil
	}
	return true, nil
}

// NewDataEpoch gives the database a new data epoch (see DataVersion): for a
// database that online ingest did not write, the offline bulk load's.
func (s *Store) NewDataEpoch(ctx context.Context) error {
	_, err := s.write(ctx, "new_data_epoch", nil)
	return err
}

// CachedAccount is an account's whole journey as the journey cache holds
// it: every step of its path and every stage entry, with the attributes an
// analysis scope selects accounts by.
type CachedAccount struct {
	ID                        string
	Segment, Industry, Region *string
	ARR                       *float64
	// Steps is never nil (empty without a path), in path order.
	Steps []journey.JourneyStep
	// StageEntries are in (at, stage) order with At to the millisecond, as
	// ObservedJourneys returns them; StageTimes are the same times at full
	// precision, which a scope's window is compared with.
	StageEntries []journey.StageEntry
	StageTimes   []time.Time
	// StageFroms are, per entry, the stage that transition left ("" for the
	// account's first): its fromStage, which FROM_STAGE mirrors, so the
	// stage moves (Store.StageMoves) can be derived from the cache.
	StageFroms []string
}

// CachedContact is a contact's whole journey for the journey cache; its
// stage entries and attributes are its account's.
type CachedContact struct {
	ID        string
	AccountID *string
	Steps     []journey.JourneyStep // never nil
}

// CachedJourneys is one read of journeys for the journey cache.
type CachedJourneys struct {
	// Version is the data version the read includes: every change up to
	// Head and every profile bump up to Profiles (the journeys may include
	// later ones too, up to Version.Last, read at the end). Head and Profiles
	// are lowered by one when the last change or bump was read while its
	// commit was still being applied.
	Version DataVersion
	// Accounts and Contacts are in id order. For a refresh they are the
	// owners named since the version given that exist; AccountIDs and
	// ContactIDs are all the owners named (one missing from the journeys no
	// longer exists).
	Accounts   []CachedAccount
	Contacts   []CachedContact
	AccountIDs []string
	ContactIDs []string
}

// ErrJourneysStale says a journey cache refresh cannot start from the version
// it was given: another database (epoch), counters read lower than it, its
// last change or profile bump no longer there under its token (a database
// restored from a backup and written to since: see DataVersion), changes
// pruned past it, or more changes, or more owners marked by profile bumps,
// than the refresh reads one by one. The cache then loads everything again.
var ErrJourneysStale = errors.New("journey cache: cannot refresh from this version; reload")

// AllCachedJourneys reads every account's journey and, when withContacts,
// every contact's, for a full load of the journey cache. Like
// ObservedJourneys it reads the paths and the stage entries at the same time,
// in two read transactions (and the contacts in a third); each reads the data
// version first, and the lowest is returned: whatever a transaction saw after
// it is re-read by the next refresh. Each reads it again at its end, and the
// version's Last is the latest change and bump those name.
func (s *Store) AllCachedJourneys(ctx context.Context, withContacts bool) (CachedJourneys, error) {
	var (
		out              CachedJourneys
		stages           map[string]stageRows
		contacts         []CachedContact
		vStages, vContac DataVersion
	)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, 3)
	go func() {
		errs <- s.readTx(ctx, "cached_stage_entries", func(tx *txRunner) (err error) {
			if vStages, err = tx.dataVersion(); err != nil {
				return err
			}
			if stages, err = tx.cachedStageEntries("cached_stage_entries", nil); err != nil {
				return err
			}
			return tx.markEnd(&vStages)
		})
	}()
	go func() {
		if !withContacts {
			errs <- nil
			return
		}
		errs <- s.readTx(ctx, "cached_contacts", func(tx *txRunner) (err error) {
			if vContac, err = tx.dataVersion(); err != nil {
				return err
			}
			if contacts, err = tx.cachedContacts("cached_contacts", nil); err != nil {
				return err
			}
			return tx.markEnd(&vContac)
		})
	}()
	errs <- s.readTx(ctx, "cached_accounts", func(tx *txRunner) (err error) {
		if out.Version, err = tx.dataVersion(); err != nil {
			return err
		}
		if out.Accounts, err = tx.cachedAccounts("cached_accounts", nil); err != nil {
			return err
		}
		return tx.markEnd(&out.Version)
	})
	var firstErr error
	for range 3 {
		if err := <-errs; err != nil && firstErr == nil {
			firstErr = err
			cancel()
		}
	}
	if firstErr != nil {
		return CachedJourneys{}, firstErr
	}
	versions := []DataVersion{vStages}
	if withContacts {
		versions = append(versions, vContac)
	}
	for _, v := range versions {
		if v.Epoch != out.Version.Epoch {
			return CachedJourneys{}, fmt.Errorf("journey cache: the database was replaced during a full load: %w", ErrJourneysStale)
		}
		out.Version.Head = min(out.Version.Head, v.Head)
		out.Version.Profiles = min(out.Version.Profiles, v.Profiles)
		out.Version.Last = out.Version.Last.Newer(v.Last)
	}
	attachStages(out.Accounts, stages)
	out.Contacts = contacts
	return out, nil
}

// CachedContacts reads every contact's journey: the journey cache's first
// contact-level query. The version is read first, and its Last again at the
// end (see DataVersion.Last).
func (s *Store) CachedContacts(ctx context.Context) (DataVersion, []CachedContact, error) {
	var v DataVersion
	var contacts []CachedContact
	err := s.readTx(ctx, "cached_contacts", func(tx *txRunner) (err error) {
		if v, err = tx.dataVersion(); err != nil {
			return err
		}
		if contacts, err = tx.cachedContacts("cached_contacts", nil); err != nil {
			return err
		}
		return tx.markEnd(&v)
	})
	return v, contacts, err
}

// CachedJourneysSince reads, in one read transaction (so on a cluster the
// version and the journeys come from one member, consistently), the data
// version and the journeys of every owner that the changes and profile bumps
// after since name, once it found since.Last still in the database: the accounts, and the contacts when withContacts. It
// reads at most maxChanges changes and maxChanges owners marked by profile
// bumps; ErrJourneysStale when it cannot start from since.
func (s *Store) CachedJourneysSince(ctx context.Context, since DataVersion, withContacts bool, maxChanges int) (CachedJourneys, error) {
	var out CachedJourneys
	err := s.readTx(ctx, "cached_journeys_since", func(tx *txRunner) error {
		out = CachedJourneys{}
		v, err := tx.dataVersion()
		if err != nil {
			return err
		}
		if v.Epoch != since.Epoch || v.Head < since.Head || v.Profiles < since.Profiles || v.Head-since.Head > int64(maxChanges) {
			return ErrJourneysStale
		}
		if held, err := tx.holds(v, since.Last); err != nil || !held {
			return cmp.Or(err, ErrJourneysStale)
		}
		out.Version = v
		accounts, contacts := map[string]bool{}, map[string]bool{}
		if v.Head > since.Head {
			complete, err := tx.changedOwners(since.Head, v.Head, accounts, contacts)
			if err != nil {
				return err
			}
			if !complete {
				out.Version.Head--
			}
		}
		if v.Profiles > since.Profiles {
			recs, err := tx.run("profile_marks", map[string]any{"after": since.Profiles, "at": v.Profiles, "limit": maxChanges + 1})
			if err != nil {
				return err
			}
			m := recs[0].AsMap()
			if len(optStrList(m["accounts"]))+len(optStrList(m["contacts"])) > maxChanges {
				return ErrJourneysStale // a mass upsert: cheaper read whole than owner by owner
			}
			for _, id := range optStrList(m["accounts"]) {
				accounts[id] = true
			}
			for _, id := range optStrList(m["contacts"]) {
				contacts[id] = true
			}
			if int64(integer(m["atHead"])) < v.ProfileMarks {
				out.Version.Profiles--
			}
		}
		out.AccountIDs = sortedKeys(accounts)
		if withContacts {
			out.ContactIDs = sortedKeys(contacts)
		}
		if len(out.AccountIDs) > 0 {
			params := map[string]any{"ids": out.AccountIDs}
			if out.Accounts, err = tx.cachedAccounts("cached_accounts_by_id", params); err != nil {
				return err
			}
			stages, err := tx.cachedStageEntries("cached_stage_entries_by_id", params)
			if err != nil {
				return err
			}
			attachStages(out.Accounts, stages)
		}
		if len(out.ContactIDs) > 0 {
			if out.Contacts, err = tx.cachedContacts("cached_contacts_by_id", map[string]any{"ids": out.ContactIDs}); err != nil {
				return err
			}
		}
		return tx.markEnd(&out.Version)
	})
	if err != nil {
		return CachedJourneys{}, err
	}
	return out, nil
}

// changedOwners adds the owners the changes after..head name to accounts
// and contacts, and reports whether the head's change was complete (else
// only its commit being applied can explain it; a change below it found
// incomplete, or a missing one, is an error or a pruned feed).
func (r *txRunner) changedOwners(after, head int64, accounts, contacts map[string]bool) (bool, error) {
	recs, err := r.run("changed_journey_owners", map[string]any{"after": after, "head": head})
	if err != nil {
		return false, err
	}
	if int64(len(recs)) != head-after {
		// A prefix of the feed was pruned (its numbers are dense otherwise).
		return false, ErrJourneysStale
	}
	complete := true
	for i, rec := range recs {
		m := rec.AsMap()
		seq := int64(integer(m["seq"]))
		if seq != after+int64(i)+1 {
			return false, ErrJourneysStale
		}
		for _, id := range optStrList(m["accounts"]) {
			accounts[id] = true
		}
		for _, id := range optStrList(m["contacts"]) {
			contacts[id] = true
		}
		if integer(m["found"]) < integer(m["named"]) {
			if seq != head {
				return false, fmt.Errorf("change feed: change %d names nodes that do not exist", seq)
			}
			complete = false
		}
	}
	return complete, nil
}

// stageRows is one account's stage entries as read.
type stageRows struct {
	entries []journey.StageEntry
	times   []time.Time
	froms   []string
}

func attachStages(accounts []CachedAccount, stages map[string]stageRows) {
	for i := range accounts {
		rows, ok := stages[accounts[i].ID]
		if !ok {
			rows = stageRows{entries: []journey.StageEntry{}, times: []time.Time{}, froms: []string{}}
		}
		accounts[i].StageEntries, accounts[i].StageTimes, accounts[i].StageFroms = rows.entries, rows.times, rows.froms
	}
}

// readRows is Store.readRows inside a transaction.
func (r *txRunner) readRows(name string, params map[string]any) ([]any, error) {
	p := map[string]any{"rowsPerRecord": rowsPerRecord}
	for k, v := range params {
		p[k] = v
	}
	recs, err := r.run(name, p)
	if err != nil {
		return nil, err
	}
	var rows []any
	for _, rec := range recs {
		v, _ := rec.Get("rows")
		batch, _ := v.([]any)
		rows = append(rows, batch...)
	}
	return rows, nil
}

// keyInterner shares equal type and stage keys, so a million steps hold one
// string per distinct key.
type keyInterner map[string]string

func (in keyInterner) key(k string) string {
	if shared, ok := in[k]; ok {
		return shared
	}
	k = strings.Clone(k)
	in[k] = k
	return k
}

// decodeSteps decodes a JourneyPath row's typeSequence and timeDeltas (nil
// for none) into steps, never nil.
func decodeSteps(owner string, types, times any, steps any, keys keyInterner) ([]journey.JourneyStep, error) {
	t, _ := types.(string)
	b, _ := times.([]byte)
	n, _ := steps.(int64)
	out := make([]journey.JourneyStep, 0, n)
	rd := pathReader{types: t, times: b}
	for {
		k, ms, ok := rd.next()
		if !ok {
			break
		}
		out = append(out, journey.JourneyStep{TypeKey: keys.key(k), At: time.UnixMilli(ms).UTC()})
	}
	if rd.err != nil {
		return nil, &journey.Error{Code: journey.CodeInternal, Message: "internal error", Err: fmt.Errorf("journey %s: %w", owner, rd.err)}
	}
	return out, nil
}

func (r *txRunner) cachedAccounts(name string, params map[string]any) ([]CachedAccount, error) {
	rows, err := r.readRows(name, params)
	if err != nil {
		return nil, err
	}
	keys := keyInterner{}
	out := make([]CachedAccount, 0, len(rows))
	for _, row := range rows {
		// [id, segment, industry, region, arr, typeSequence, timeDeltas, steps]
		c, _ := row.([]any)
		if len(c) != 8 {
			return nil, fmt.Errorf("cached accounts: row %v has %d columns, want 8", row, len(c))
		}
		a := CachedAccount{ID: str(c[0]), Segment: optStr(c[1]), Industry: optStr(c[2]), Region: optStr(c[3]), ARR: optFloat(c[4])}
		if a.Steps, err = decodeSteps("ACCOUNT:"+a.ID, c[5], c[6], c[7], keys); err != nil {
			return nil, err
		}
		if n := len(out); n > 0 && out[n-1].ID == a.ID {
			continue // an id given twice
		}
		out = append(out, a)
	}
	return out, nil
}

func (r *txRunner) cachedContacts(name string, params map[string]any) ([]CachedContact, error) {
	rows, err := r.readRows(name, params)
	if err != nil {
		return nil, err
	}
	keys := keyInterner{}
	out := make([]CachedContact, 0, len(rows))
	for _, row := range rows {
		// [id, accountId, typeSequence, timeDeltas, steps]
		c, _ := row.([]any)
		if len(c) != 5 {
			return nil, fmt.Errorf("cached contacts: row %v has %d columns, want 5", row, len(c))
		}
		ct := CachedContact{ID: str(c[0]), AccountID: optStr(c[1])}
		if ct.Steps, err = decodeSteps("CONTACT:"+ct.ID, c[2], c[3], c[4], keys); err != nil {
			return nil, err
		}
		if n := len(out); n > 0 && out[n-1].ID == ct.ID {
			continue
		}
		out = append(out, ct)
	}
	return out, nil
}

func (r *txRunner) cachedStageEntries(name string, params map[string]any) (map[string]stageRows, error) {
	p := map[string]any{"from": minTime, "to": maxTime}
	for k, v := range params {
		p[k] = v
	}
	rows, err := r.readRows(name, p)
	if err != nil {
		return nil, err
	}
	keys := keyInterner{}
	out := make(map[string]stageRows, len(rows))
	for _, row := range rows {
		// [accountId, stages, seconds, nanos, froms]
		c, _ := row.([]any)
		if len(c) != 5 {
			return nil, fmt.Errorf("cached stage entries: row %v has %d columns, want 5", row, len(c))
		}
		stages, _ := c[1].([]any)
		secs, _ := c[2].([]any)
		nanos, _ := c[3].([]any)
		froms, _ := c[4].([]any)
		if len(secs) != len(stages) || len(nanos) != len(stages) || len(froms) != len(stages) {
			return nil, fmt.Errorf("cached stage entries of %v: %d stages, %d times, %d from-stages", c[0], len(stages), len(secs), len(froms))
		}
		sr := stageRows{entries: make([]journey.StageEntry, len(stages)), times: make([]time.Time, len(stages)), froms: make([]string, len(stages))}
		for i := range stages {
			k, _ := stages[i].(string)
			from, _ := froms[i].(string)
			sr.froms[i] = keys.key(from)
			sec, _ := secs[i].(int64)
			ns, _ := nanos[i].(int64)
			at := time.Unix(sec, ns).UTC()
			sr.times[i] = at
			sr.entries[i] = journey.StageEntry{StageKey: keys.key(k), At: time.UnixMilli(at.UnixMilli()).UTC()}
		}
		out[str(c[0])] = sr
	}
	return out, nil
}
