package segment

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/journeygraph/journeygraph/journey"
)

// Source is the touchpoint source of every Segment call: touchpoint ids are
// "segment:<messageId>", so a replayed call finds its touchpoint recorded.
const Source = "segment"

// Bounds of the pending calls (anonymous, or of a user not yet identified).
const (
	MaxPendingPerKey = 100                 // per anonymousId or userId
	MaxPendingTotal  = 100_000             // in the whole graph
	PendingTTL       = 30 * 24 * time.Hour // dropped (and counted) after
	// RecordRetention keeps the records of calls (replays recognised,
	// skipped calls listed one by one) longer than a call can be pending.
	RecordRetention = PendingTTL + 24*time.Hour
	// Each expiry run drops up to twice the calls received since the last
	// run (each call makes at most one record or pending call), so the
	// expiry outpaces the calls and drains a backlog; within these bounds
	// to keep its transactions short.
	minExpireBatch = 500
	maxExpireBatch = 10_000
)

// Reasons a call is skipped (counted in SegmentSkipped and the metrics).
const (
	ReasonUnmapped        = "UNMAPPED"          // track event name (or page path) without a mapping
	ReasonUnknownType     = "UNKNOWN_TYPE"      // mapped to a type key the catalog lacks
	ReasonNoEmail         = "NO_EMAIL"          // identify of a new contact without traits.email
	ReasonNoUserID        = "NO_USER_ID"        // identify with an anonymousId only
	ReasonEmailTaken      = "EMAIL_TAKEN"       // identify whose email belongs to another contact
	ReasonPendingFull     = "PENDING_FULL"      // pending bound reached
	ReasonPendingExpired  = "PENDING_EXPIRED"   // pending longer than PendingTTL
	ReasonRejected        = "REJECTED"          // refused by the ingest checks (e.g. contact of another account)
	ReasonUnsupportedType = "UNSUPPORTED_TYPE"  // screen, alias
	ReasonReusedMessageID = "REUSED_MESSAGE_ID" // another call already came with this messageId
)

// Store is what the source needs of the store.
type Store interface {
	SegmentLookup(ctx context.Context, q journey.SegmentLookupQuery) (journey.SegmentLookup, error)
	SegmentApplyProfiles(ctx context.Context, p journey.SegmentProfiles) error
	SegmentRecordTouchpoints(ctx context.Context, in []journey.TouchpointInput, marks []journey.SegmentMark, settledPending []string) (journey.RecordResult, error)
	SegmentWrite(ctx context.Context, w journey.SegmentWrite) error
	SegmentExpirePending(ctx context.Context, cutoff, now time.Time, limit int) (int, error)
	SegmentPruneMessages(ctx context.Context, cutoff time.Time, limit int) (int, error)
	CheckTouchpoints(ctx context.Context, in []journey.TouchpointInput) (journey.Errors, error)
}

// Counter is told what became of each call (metrics).
type Counter interface {
	Outcome(kind, outcome string)
	Skipped(kind, reason, name string)
}

// Result says what one request did.
type Result struct {
	Accounts, Contacts, Touchpoints, Pending, Skipped int
}

// Ingester writes Segment calls to the graph.
type Ingester struct {
	Store   Store
	Mapper  *Mapper
	Counter Counter // may be nil

	lastExpiry   atomic.Int64 // receipt time (Unix ns) of the last expiry run
	expiring     atomic.Bool  // an expiry run is under way in this process
	expiryBehind atomic.Bool  // the last run dropped a full batch: more may be due
	callsSince   atomic.Int64 // calls received since the last expiry run
}

// Ingest writes the calls of one request, received at receivedAt, in the
// order group and identify calls (accounts, contacts, links), touchpoints,
// the source's own state. Every call is marked applied in the transaction of
// its effect, and calls already applied are left out, so a failed request is
// safe to send again (clients retry 5xx) and a replayed one changes nothing,
// however late it comes.
//
// Two replicas may map the same calls at once (a client's retry while its
// first attempt stalls): the calls' records are claimed first in the
// transaction of the profiles, and when another request recorded one since
// this one's lookup, the write is abandoned and the calls mapped again, so an
// older identify or group is never applied over a newer one, and each call is
// counted once.
func (in *Ingester) Ingest(ctx context.Context, msgs []Message, receivedAt time.Time) (Result, error) {
	in.callsSince.Add(int64(len(msgs)))
	for attempt := 1; ; attempt++ {
		r, err := in.ingest(ctx, msgs, receivedAt)
		if !errors.Is(err, journey.ErrSegmentCallsTaken) || attempt == maxMappings {
			return r, err
		}
	}
}

// maxMappings bounds how often one request maps its calls again when other
// requests keep recording them meanwhile (each time some calls fewer remain).
const maxMappings = 5

func (in *Ingester) ingest(ctx context.Context, msgs []Message, receivedAt time.Time) (Result, error) {
	mapping := in.Mapper.Mapping()
	w := &work{msgs: msgs, receivedAt: receivedAt.UTC(), mapping: mapping,
		profiles: journey.SegmentProfiles{Aliases: map[string]string{}, GroupLinks: map[string]string{}}}
	before, err := in.Store.SegmentLookup(ctx, w.lookupQuery(journey.SegmentLookup{}))
	if err != nil {
		return Result{}, err
	}
	w.dropApplied(before)
	accounts, contacts := w.accountsAndContacts(before)
	w.profiles.Accounts, w.profiles.Contacts = accounts, contacts
	w.markProfiles()
	p := w.profiles
	if len(p.Accounts)+len(p.Contacts)+len(p.Aliases)+len(p.GroupLinks)+len(p.Marks) > 0 {
		if err := in.Store.SegmentApplyProfiles(ctx, p); err != nil {
			return Result{}, err
		}
	}
	// The contacts' accounts as stored now (the email domain may have chosen
	// one), the pending calls of the users and anonymous ids in this request
	// and the contacts their anonymous ids are linked to: read again unless
	// nothing of it can have changed.
	after := before
	if len(accounts) > 0 || len(contacts) > 0 || len(w.profiles.Aliases) > 0 || len(before.Pending) > 0 || len(before.Aliases) > 0 {
		if after, err = in.Store.SegmentLookup(ctx, w.lookupQuery(before)); err != nil {
			return Result{}, err
		}
	}
	touchpoints, drained := w.touchpoints(after)
	touchpoints, err = in.record(ctx, w, touchpoints, drained)
	if err != nil {
		return Result{}, err
	}
	for _, tp := range touchpoints {
		kind := "track"
		if _, page := tp.Attributes["segmentPath"]; page {
			kind = "page"
		}
		w.outcomes = append(w.outcomes, outcome{kind, "touchpoint"})
	}
	w.boundPending(after)
	w.dropSkippedPending(after)
	if len(w.write.Pending)+len(w.write.Skipped)+len(w.write.DropPending) > 0 {
		if err := in.Store.SegmentWrite(ctx, w.write); err != nil {
			return Result{}, err
		}
	}
	if err := in.expire(ctx, w.receivedAt); err != nil {
		return Result{}, err
	}
	w.count(in.Counter)
	return Result{Accounts: len(accounts), Contacts: len(contacts), Touchpoints: len(touchpoints),
		Pending: len(w.write.Pending), Skipped: len(w.write.Skipped)}, nil
}

// record records the touchpoints in one transaction, with their calls'
// marks, and drops there the pending calls among drained whose touchpoint is
// now recorded: a pending call is either pending or a touchpoint, never both
// (so never counted expired once it is a touchpoint). When the ingest checks
// refuse some (an unknown type key, a contact of another account), nothing
// was written: those are skipped and the others recorded.
func (in *Ingester) record(ctx context.Context, w *work, tps []journey.TouchpointInput, drained []string) ([]journey.TouchpointInput, error) {
	if len(tps) == 0 {
		return tps, nil
	}
	_, err := in.Store.SegmentRecordTouchpoints(ctx, tps, w.marksOf(tps), drained)
	var refused journey.Errors
	if !errors.As(err, &refused) {
		return tps, err
	}
	problems, err := in.Store.CheckTouchpoints(ctx, tps)
	if err != nil {
		return nil, err
	}
	if tps = w.dropRejected(tps, problems); len(tps) > 0 {
		if _, err := in.Store.SegmentRecordTouchpoints(ctx, tps, w.marksOf(tps), drained); err != nil {
			return nil, err
		}
	}
	return tps, nil
}

// expire drops the pending calls older than PendingTTL and the records older
// than RecordRetention: once a minute per process while nothing due is left,
// on every request while the last run found a full batch due. A run drops up
// to twice the calls received since the last run (minExpireBatch to
// maxExpireBatch), so the records expire as fast as calls arrive; any
// replica's run serves all.
func (in *Ingester) expire(ctx context.Context, now time.Time) error {
	last := in.lastExpiry.Load()
	if !in.expiryBehind.Load() && last != 0 && now.Sub(time.Unix(0, last)) < time.Minute {
		return nil
	}
	if !in.expiring.CompareAndSwap(false, true) {
		return nil // another request of this process runs it
	}
	defer in.expiring.Store(false)
	in.lastExpiry.Store(now.UnixNano())
	calls := in.callsSince.Swap(0)
	limit := int(min(max(2*calls, minExpireBatch), maxExpireBatch))
	expired, err := in.Store.SegmentExpirePending(ctx, now.Add(-PendingTTL), now, limit)
	if err == nil {
		var pruned int
		pruned, err = in.Store.SegmentPruneMessages(ctx, now.Add(-RecordRetention), limit)
		in.expiryBehind.Store(expired == limit || pruned == limit)
	}
	if err != nil {
		in.callsSince.Add(calls) // not dropped: the next request's run drops them
		in.expiryBehind.Store(true)
	}
	return err
}

// work is one request being mapped.
type work struct {
	msgs       []Message
	receivedAt time.Time
	mapping    *Mapping
	profiles   journey.SegmentProfiles
	write      journey.SegmentWrite
	accountIDs map[string]bool // accounts known after this request's upserts
	// fingerprints of the track and page calls mapped (pending ones' as stored)
	fingerprints map[string]string
	outcomes     []outcome
}

type outcome struct{ kind, what string }

func (w *work) skip(m *Message, reason, name string) {
	w.skipMessage(m.MessageID, fingerprint(m), reason, m.Type, name)
}

func (w *work) skipMessage(messageID, fingerprint, reason, kind, name string) {
	w.write.Skipped = append(w.write.Skipped, journey.SegmentSkip{MessageID: messageID, Fingerprint: fingerprint, Reason: reason,
		Kind: kind, Name: truncate(name), At: w.receivedAt})
}

// lookupQuery names every id the calls mention, with the pending calls and
// the users of the anonymous ids that an earlier lookup found.
func (w *work) lookupQuery(prev journey.SegmentLookup) journey.SegmentLookupQuery {
	users, anons, accounts, emails, keys := set{}, set{}, set{}, set{}, set{}
	var q journey.SegmentLookupQuery
	add := func(m *Message) {
		users.add(string(m.UserID))
		anons.add(string(m.AnonymousID))
		accounts.add(string(m.GroupID))
		accounts.add(contextGroupID(m))
		if m.Type == "identify" {
			if email, ok := traitEmail(m); ok {
				emails.add(email)
			}
		}
		q.MessageIDs = append(q.MessageIDs, m.MessageID)
		q.TouchpointIDs = append(q.TouchpointIDs, journey.TouchpointID(Source, m.MessageID))
	}
	for i := range w.msgs {
		add(&w.msgs[i])
	}
	for _, p := range prev.Pending {
		var m Message
		if json.Unmarshal([]byte(p.Message), &m) == nil {
			add(&m)
		}
	}
	// Users an anonymous id was (or is now) linked to.
	for anon := range anons {
		users.add(prev.Aliases[anon])
		users.add(w.profiles.Aliases[anon])
	}
	for u := range users {
		keys.add("user:" + u)
	}
	for a := range anons {
		keys.add("anon:" + a)
	}
	q.UserIDs, q.AnonymousIDs, q.AccountIDs, q.Emails, q.PendingKeys = users.list(), anons.list(), accounts.list(), emails.list(), keys.list()
	return q
}

// accountsAndContacts maps group and identify calls (and the group links
// they imply) to upserts.
func (w *work) accountsAndContacts(l journey.SegmentLookup) ([]journey.AccountInput, []journey.ContactInput) {
	w.accountIDs = map[string]bool{}
	for id := range l.Accounts {
		w.accountIDs[id] = true
	}
	var accounts []journey.AccountInput
	accountAt := map[string]int{}
	links := map[string]string{}
	for user, account := range l.GroupLinks {
		links[user] = account
		w.accountIDs[account] = true // the lookup returns links to existing accounts only
	}
	for i := range w.msgs {
		m := &w.msgs[i]
		switch m.Type {
		case "group":
			a := groupAccount(m, l.Accounts)
			if j, seen := accountAt[a.ID]; seen {
				accounts[j] = mergeAccount(accounts[j], a)
			} else {
				accountAt[a.ID] = len(accounts)
				accounts = append(accounts, a)
			}
			w.accountIDs[a.ID] = true
			w.outcomes = append(w.outcomes, outcome{"group", "account"})
			if m.UserID != "" {
				links[string(m.UserID)] = string(m.GroupID)
				w.profiles.GroupLinks[string(m.UserID)] = string(m.GroupID)
			}
		case "identify":
			if m.UserID != "" && m.AnonymousID != "" {
				w.profiles.Aliases[string(m.AnonymousID)] = string(m.UserID)
			}
		case "screen", "alias":
			w.skip(m, ReasonUnsupportedType, m.Type)
		}
	}

	var contacts []journey.ContactInput
	contactAt := map[string]int{}
	emailOf := map[string]string{} // email → contact id within this request
	upsert := func(c journey.ContactInput) {
		if j, seen := contactAt[c.ID]; seen {
			contacts[j] = mergeContact(contacts[j], c)
			return
		}
		contactAt[c.ID] = len(contacts)
		contacts = append(contacts, c)
	}
	accountFor := func(m *Message) *string {
		for _, id := range []string{contextGroupID(m), links[string(m.UserID)]} {
			if id != "" && w.accountIDs[id] {
				return &id
			}
		}
		return nil
	}
	for i := range w.msgs {
		m := &w.msgs[i]
		if m.Type != "identify" {
			continue
		}
		if m.UserID == "" {
			w.skip(m, ReasonNoUserID, string(m.AnonymousID))
			continue
		}
		id := string(m.UserID)
		email, ok := traitEmail(m)
		if !ok {
			if stored, known := l.Contacts[id]; known {
				email = stored.Email
			} else if j, seen := contactAt[id]; seen {
				email = contacts[j].Email
			} else {
				w.skip(m, ReasonNoEmail, id)
				continue
			}
		}
		if owner, taken := l.EmailOwners[email]; taken && owner != id {
			w.skip(m, ReasonEmailTaken, id)
			continue
		}
		if owner, taken := emailOf[email]; taken && owner != id {
			w.skip(m, ReasonEmailTaken, id)
			continue
		}
		emailOf[email] = id
		c := journey.ContactInput{ID: id, Email: email, AccountID: accountFor(m)}
		first, last := names(m.Traits)
		c.FirstName, c.LastName = first, last
		c.Title = textTrait(m.Traits, "title")
		if c.Normalize("identify") != nil {
			// An optional trait that does not validate is left out.
			c = journey.ContactInput{ID: id, Email: email, AccountID: c.AccountID}
			if c.Normalize("identify") != nil {
				w.skip(m, ReasonNoEmail, id)
				continue
			}
		}
		upsert(c)
		w.outcomes = append(w.outcomes, outcome{"identify", "contact"})
	}
	// A group call moves a known contact that no identify of this request
	// already placed.
	for user, group := range w.profiles.GroupLinks {
		if _, seen := contactAt[user]; seen {
			if j := contactAt[user]; contacts[j].AccountID == nil {
				contacts[j].AccountID = &group
			}
			continue
		}
		if stored, known := l.Contacts[user]; known && (stored.AccountID == nil || *stored.AccountID != group) {
			g := group
			upsert(journey.ContactInput{ID: user, Email: stored.Email, AccountID: &g})
		}
	}
	sort.SliceStable(contacts, func(i, j int) bool { return contacts[i].ID < contacts[j].ID })
	return accounts, contacts
}

// touchpoints maps track and page calls, and the pending calls of the users
// and anonymous ids of this request, to touchpoints; those no contact or
// account can take yet become pending. drained lists the pending calls
// mapped to touchpoints.
func (w *work) touchpoints(l journey.SegmentLookup) (tps []journey.TouchpointInput, drained []string) {
	type candidate struct {
		m       Message
		pending *journey.SegmentPending
	}
	isPending := map[string]bool{}
	for _, p := range l.Pending {
		isPending[p.MessageID] = true
	}
	// A call of this request that is pending already is a replay: it is
	// mapped once, as the pending call, and never pended (or bounded) again.
	var cands []candidate
	for i := range w.msgs {
		if t := w.msgs[i].Type; (t == "track" || t == "page") && !isPending[w.msgs[i].MessageID] {
			cands = append(cands, candidate{m: w.msgs[i]})
		}
	}
	for i := range l.Pending {
		p := &l.Pending[i]
		var m Message
		if err := json.Unmarshal([]byte(p.Message), &m); err != nil {
			continue
		}
		if m.Type == "" {
			m.Type = p.Kind // stored before the type was kept in the call
		}
		m.OccurredAt = p.ReceivedAt // replaced below by the stored event time
		if t, ok := pendingTime(p.Message); ok {
			m.OccurredAt = t
		}
		cands = append(cands, candidate{m: m, pending: p})
	}
	seen := map[string]bool{}
	w.fingerprints = map[string]string{}
	for _, c := range cands {
		m := c.m
		if seen[m.MessageID] {
			continue
		}
		seen[m.MessageID] = true
		if c.pending != nil {
			w.fingerprints[m.MessageID] = c.pending.Fingerprint
		} else {
			w.fingerprints[m.MessageID] = fingerprint(&m)
		}
		if c.pending == nil && l.Settled[m.MessageID] {
			continue // replayed: its touchpoint is recorded
		}
		typeKey, name, ok := w.mapType(&m)
		if !ok {
			w.skip(&m, ReasonUnmapped, name)
			continue
		}
		tp := journey.TouchpointInput{Source: Source, ExternalID: m.MessageID, TypeKey: typeKey, OccurredAt: m.OccurredAt,
			Value: numberProperty(m.Properties, "revenue", "value"), Attributes: attributes(&m, name)}
		user := string(m.UserID)
		if user == "" {
			user = l.Aliases[string(m.AnonymousID)]
			if u := w.profiles.Aliases[string(m.AnonymousID)]; u != "" {
				user = u
			}
		}
		group := contextGroupID(&m)
		if group != "" && !w.accountIDs[group] {
			if _, ok := l.Accounts[group]; !ok {
				group = ""
			}
		}
		contact, known := l.Contacts[user]
		switch {
		case user != "" && known && contact.AccountID != nil:
			tp.ContactID = &user
		case group != "":
			// No contact, or one of no account: the account's touchpoint. A
			// contact joins an account by identify or group, not by a track.
			tp.AccountID = &group
		default:
			if c.pending == nil {
				w.pend(&m, user, typeKey, name)
				w.outcomes = append(w.outcomes, outcome{m.Type, "pending"})
			}
			continue
		}
		if err := tp.Normalize("", w.receivedAt.Add(MaxFutureSkew)); err != nil {
			tp.Attributes = nil // e.g. properties beyond 16 KB: the touchpoint without them
			if tp.Normalize("", w.receivedAt.Add(MaxFutureSkew)) != nil {
				w.skip(&m, ReasonRejected, name)
				continue
			}
		}
		tps = append(tps, tp)
		if isPending[m.MessageID] {
			drained = append(drained, m.MessageID)
		}
	}
	return tps, drained
}

// pendingTime reads the event time a pending call was stored with.
func pendingTime(raw string) (time.Time, bool) {
	var v struct {
		At *time.Time `json:"_journeygraphOccurredAt"`
	}
	if json.Unmarshal([]byte(raw), &v) != nil || v.At == nil {
		return time.Time{}, false
	}
	return v.At.UTC(), true
}

func (w *work) pend(m *Message, user, typeKey, name string) {
	key := "anon:" + string(m.AnonymousID)
	if user != "" {
		key = "user:" + user
	}
	// The corrected event time travels with the raw call: sentAt and the
	// receipt time are gone when it is mapped again.
	var raw map[string]any
	_ = json.Unmarshal(m.Raw, &raw)
	if raw == nil {
		raw = map[string]any{}
	}
	raw["_journeygraphOccurredAt"] = m.OccurredAt.Format(time.RFC3339Nano)
	// A call to /v1/track or /v1/page need not carry "type" (the endpoint
	// gives it): without it, it would be mapped again as a page call.
	raw["type"] = m.Type
	if m.Context != nil {
		raw["context"] = m.Context
	}
	b, _ := json.Marshal(raw)
	w.write.Pending = append(w.write.Pending, journey.SegmentPending{MessageID: m.MessageID, Fingerprint: fingerprint(m), Key: key, Kind: m.Type,
		Name: truncate(name), ReceivedAt: w.receivedAt, Message: string(b)})
}

// boundPending turns pending calls beyond the bounds into skipped ones.
func (w *work) boundPending(l journey.SegmentLookup) {
	perKey := map[string]int{}
	for _, p := range l.Pending {
		perKey[p.Key]++
	}
	total := l.PendingTotal
	kept := w.write.Pending[:0]
	for _, p := range w.write.Pending {
		if perKey[p.Key] >= MaxPendingPerKey || total >= MaxPendingTotal {
			w.skipMessage(p.MessageID, p.Fingerprint, ReasonPendingFull, p.Kind, p.Name)
			continue
		}
		perKey[p.Key]++
		total++
		kept = append(kept, p)
	}
	w.write.Pending = kept
}

// dropRejected skips the touchpoints the ingest checks refuse (an unknown
// type key, a contact of another account), so the others are recorded.
func (w *work) dropRejected(tps []journey.TouchpointInput, problems journey.Errors) []journey.TouchpointInput {
	if len(problems) == 0 {
		return tps
	}
	bad := map[int]journey.Reason{}
	for _, p := range problems {
		if p.Item != nil {
			bad[*p.Item] = p.Reason
		}
	}
	kept := tps[:0:0]
	for i, tp := range tps {
		reason, refused := bad[i]
		if !refused {
			kept = append(kept, tp)
			continue
		}
		kind, name := "track", tp.TypeKey
		if a, ok := tp.Attributes["segmentEvent"].(string); ok {
			name = a
		}
		if p, ok := tp.Attributes["segmentPath"].(string); ok {
			kind, name = "page", p
		}
		r := ReasonRejected
		if reason == journey.ReasonUnknownTouchpointType {
			r = ReasonUnknownType
		}
		w.skipMessage(tp.ExternalID, w.fingerprints[tp.ExternalID], r, kind, name)
	}
	return kept
}

// mapType returns the touchpoint type of a track or page call, and the name
// it was looked up by.
func (w *work) mapType(m *Message) (typeKey, name string, ok bool) {
	if m.Type == "track" {
		typeKey, ok = w.mapping.Track(m.Event)
		return typeKey, m.Event, ok
	}
	path := pagePath(m)
	typeKey, ok = w.mapping.Page(path)
	return typeKey, path, ok
}

func (w *work) count(c Counter) {
	if c == nil {
		return
	}
	for _, o := range w.outcomes {
		c.Outcome(o.kind, o.what)
	}
	for _, s := range w.write.Skipped {
		c.Skipped(s.Kind, s.Reason, s.Name)
	}
}

// pagePath is the page's path: properties.path, else context.page.path,
// else the path of properties.url, else "/".
func pagePath(m *Message) string {
	if p, ok := m.Properties["path"].(string); ok && p != "" {
		return p
	}
	if page, ok := m.Context["page"].(map[string]any); ok {
		if p, ok := page["path"].(string); ok && p != "" {
			return p
		}
	}
	if u, ok := m.Properties["url"].(string); ok {
		if i := strings.Index(u, "://"); i >= 0 {
			u = u[i+3:]
			if j := strings.IndexByte(u, '/'); j >= 0 {
				return strings.SplitN(strings.SplitN(u[j:], "?", 2)[0], "#", 2)[0]
			}
		}
	}
	return "/"
}

// attributes keeps the call's properties on the touchpoint, with the event
// name (or page path and name) it came from.
func attributes(m *Message, name string) map[string]any {
	out := map[string]any{}
	for k, v := range m.Properties {
		out[k] = v
	}
	if m.Type == "track" {
		out["segmentEvent"] = m.Event
	} else {
		out["segmentPath"] = name
		if m.Name != "" {
			out["segmentPageName"] = m.Name
		}
	}
	if m.AnonymousID != "" {
		out["segmentAnonymousId"] = string(m.AnonymousID)
	}
	return out
}

func contextGroupID(m *Message) string {
	if m.Context == nil {
		return ""
	}
	switch v := m.Context["groupId"].(type) {
	case string:
		return strings.TrimSpace(v)
	case float64:
		return strings.TrimSpace(json.Number(formatNumber(v)).String())
	}
	return ""
}

func formatNumber(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

// traitEmail is traits.email (or context.traits.email), validated and
// lower-cased.
func traitEmail(m *Message) (string, bool) {
	for _, traits := range []map[string]any{m.Traits, contextTraits(m)} {
		if s, ok := traits["email"].(string); ok {
			if email, err := journey.NormalizeEmail("email", s); err == nil {
				return email, true
			}
		}
	}
	return "", false
}

func contextTraits(m *Message) map[string]any {
	t, _ := m.Context["traits"].(map[string]any)
	return t
}

func textTrait(traits map[string]any, keys ...string) *string {
	for _, k := range keys {
		if s, ok := traits[k].(string); ok && strings.TrimSpace(s) != "" {
			s = strings.TrimSpace(s)
			return &s
		}
	}
	return nil
}

// names reads firstName/lastName, else splits name at its first space.
func names(traits map[string]any) (first, last *string) {
	first, last = textTrait(traits, "firstName", "first_name"), textTrait(traits, "lastName", "last_name")
	if first == nil && last == nil {
		if full := textTrait(traits, "name"); full != nil {
			f, l, found := strings.Cut(*full, " ")
			first = &f
			if found {
				l = strings.TrimSpace(l)
				last = &l
			}
		}
	}
	return first, last
}

// groupAccount maps a group call's traits to an account. Without a name the
// account keeps its stored one, or is named by its groupId.
func groupAccount(m *Message, stored map[string]string) journey.AccountInput {
	id := string(m.GroupID)
	a := journey.AccountInput{ID: id, Name: id}
	if name, ok := stored[id]; ok && name != "" {
		a.Name = name
	}
	if n := textTrait(m.Traits, "name", "company"); n != nil {
		a.Name = *n
	}
	a.Domain = textTrait(m.Traits, "domain", "website")
	a.Industry = textTrait(m.Traits, "industry")
	a.Tier = textTrait(m.Traits, "plan")
	if n := numberProperty(m.Traits, "employees"); n != nil {
		s := segmentOf(*n)
		a.Segment = &s
	}
	if a.Normalize("group") != nil {
		// Traits that do not validate (a website that is no domain, a name too
		// long) are left out; the account is still written.
		for _, drop := range []func(){func() { a.Domain = nil }, func() { a.Industry, a.Tier = nil, nil }, func() { a.Name = id }} {
			drop()
			if a.Normalize("group") == nil {
				break
			}
		}
	}
	return a
}

// segmentOf reads traits.employees as the go-to-market segment: fewer than
// 100 SMB, fewer than 1000 MID_MARKET, else ENTERPRISE.
func segmentOf(employees float64) journey.Segment {
	switch {
	case employees < 100:
		return journey.SegmentSMB
	case employees < 1000:
		return journey.SegmentMidMarket
	default:
		return journey.SegmentEnterprise
	}
}

func numberProperty(props map[string]any, keys ...string) *float64 {
	for _, k := range keys {
		if f, ok := props[k].(float64); ok && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return &f
		}
	}
	return nil
}

// mergeAccount lays a later group call's traits over an earlier one's.
func mergeAccount(a, b journey.AccountInput) journey.AccountInput {
	if b.Name != b.ID || a.Name == "" {
		a.Name = b.Name
	}
	a.Domain = later(a.Domain, b.Domain)
	a.Industry = later(a.Industry, b.Industry)
	a.Tier = later(a.Tier, b.Tier)
	if b.Segment != nil {
		a.Segment = b.Segment
	}
	return a
}

func mergeContact(a, b journey.ContactInput) journey.ContactInput {
	a.Email = b.Email
	a.FirstName, a.LastName, a.Title = later(a.FirstName, b.FirstName), later(a.LastName, b.LastName), later(a.Title, b.Title)
	a.AccountID = later(a.AccountID, b.AccountID)
	return a
}

func later[T any](a, b *T) *T {
	if b != nil {
		return b
	}
	return a
}

// truncate cuts s to at most journey.MaxIDLength bytes (see CutAtRune).
func truncate(s string) string { return CutAtRune(s, journey.MaxIDLength) }

// CutAtRune cuts s to at most n bytes at a character boundary: a cut inside
// a multi-byte character is not valid UTF-8, which Neo4j stores mangled and
// Prometheus refuses as a label value (it panicked).
func CutAtRune(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

type set map[string]bool

func (s set) add(v string) {
	if v != "" {
		s[v] = true
	}
}

func (s set) list() []string {
	out := make([]string, 0, len(s))
	for v := range s {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// fingerprint identifies a call's content: a replay (the same call sent
// again) has its messageId and its fingerprint; another call that reuses the
// messageId has another. What a client may change when it sends a call again
// (sentAt, context other than groupId, integrations) is left out.
func fingerprint(m *Message) string {
	ts := m.Timestamp
	if ts == nil {
		ts = m.OriginalTimestamp
	}
	var at string
	if ts != nil {
		at = ts.UTC().Format(time.RFC3339Nano)
	}
	b, _ := json.Marshal([]any{m.Type, m.UserID, m.AnonymousID, m.GroupID, contextGroupID(m), m.Event, m.Name, at, m.Properties, m.Traits})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// dropApplied leaves out the calls recorded with the same content (replays,
// also of skipped calls, and a call repeated in this request) and skips, as
// REUSED_MESSAGE_ID, those whose messageId came with other content: the
// messageId is taken (a touchpoint's id is made of it), but the call is
// counted, not lost. A recorded fingerprint "" is of an earlier version,
// which did not keep the content: taken as the same call.
func (w *work) dropApplied(l journey.SegmentLookup) {
	kept := w.msgs[:0:0]
	inRequest := map[string][]string{}
	for _, m := range w.msgs {
		fp := fingerprint(&m)
		recorded := slices.Concat(l.Applied[m.MessageID], inRequest[m.MessageID])
		switch {
		case slices.Contains(recorded, fp) || slices.Contains(recorded, ""):
			w.outcomes = append(w.outcomes, outcome{m.Type, "replay"})
			continue
		case len(recorded) > 0:
			w.skipMessage(m.MessageID, fp, ReasonReusedMessageID, m.Type, "")
		case (m.Type == "track" || m.Type == "page") && l.Settled[m.MessageID]:
			// Its touchpoint is recorded but its record is gone (past the
			// retention): a replay, as far as can be told.
			w.outcomes = append(w.outcomes, outcome{m.Type, "replay"})
			continue
		default:
			kept = append(kept, m)
		}
		inRequest[m.MessageID] = append(inRequest[m.MessageID], fp)
	}
	w.msgs = kept
}

// markProfiles marks the group calls and the identify calls not skipped: they
// are applied with the profiles.
func (w *work) markProfiles() {
	skipped := map[string]bool{}
	for _, s := range w.write.Skipped {
		skipped[s.MessageID] = true
	}
	for i := range w.msgs {
		m := &w.msgs[i]
		if m.Type == "group" || (m.Type == "identify" && !skipped[m.MessageID]) {
			w.profiles.Marks = append(w.profiles.Marks, w.mark(m.MessageID, fingerprint(m)))
		}
	}
}

// marksOf marks the calls of the touchpoints applied.
func (w *work) marksOf(tps []journey.TouchpointInput) []journey.SegmentMark {
	marks := make([]journey.SegmentMark, len(tps))
	for i, tp := range tps {
		marks[i] = w.mark(tp.ExternalID, w.fingerprints[tp.ExternalID])
	}
	return marks
}

func (w *work) mark(messageID, fingerprint string) journey.SegmentMark {
	return journey.SegmentMark{MessageID: messageID, Fingerprint: fingerprint, At: w.receivedAt}
}

// dropSkippedPending drops, with their skip, the pending calls that were
// mapped again and skipped (a mapping removed, a type the catalog lost): one
// count each, never a later PENDING_EXPIRED too.
func (w *work) dropSkippedPending(l journey.SegmentLookup) {
	pending := map[string]bool{}
	for _, p := range l.Pending {
		pending[p.MessageID] = true
	}
	for _, s := range w.write.Skipped {
		if pending[s.MessageID] {
			w.write.DropPending = append(w.write.DropPending, s.MessageID)
		}
	}
}
