package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// RecordTouchpoints records touchpoints in one transaction: all of them, or
// none when any is invalid (then every bad item is reported, as a
// journey.Errors whose errors carry the item's position in `in`). Existing
// touchpoints are left unchanged, so replays and concurrent duplicates are
// harmless. New touchpoints are linked into their account and contact
// journeys (NEXT_FOR_ACCOUNT, NEXT_FOR_CONTACT) in (occurredAt, id) order,
// late ones between their neighbours, and the JourneyPath aggregates updated
// (append.go). Inputs must be normalised.
func (s *Store) RecordTouchpoints(ctx context.Context, in []journey.TouchpointInput) (journey.RecordResult, error) {
	return s.recordTouchpoints(ctx, in)
}

// RecordTouchpoint records one touchpoint; see RecordTouchpoints. Its errors
// name fields of "input".
func (s *Store) RecordTouchpoint(ctx context.Context, in journey.TouchpointInput) (journey.Touchpoint, bool, error) {
	res, err := s.recordTouchpoints(ctx, []journey.TouchpointInput{in})
	if err != nil {
		return journey.Touchpoint{}, false, journey.SingleItem(err, "input")
	}
	return res.Touchpoints[0], res.Created[0], nil
}

// CheckTouchpoints reports, without writing, every problem RecordTouchpoints
// would find in normalised inputs: conflicting duplicates and unknown types,
// accounts and contacts, each with its item's position in `in`. A caller
// that refused other items of a batch before the graph was asked uses it to
// report these items' problems too.
func (s *Store) CheckTouchpoints(ctx context.Context, in []journey.TouchpointInput) (journey.Errors, error) {
	rows, problems := distinctTouchpoints(in)
	err := s.readTx(ctx, "check_touchpoints", func(tx *txRunner) error {
		_, found, err := tx.resolveTouchpoints(rows)
		problems = append(problems[:len(problems):len(problems)], found...)
		return err
	})
	if err != nil {
		return nil, err
	}
	problems.SortByItem()
	return problems, nil
}

// touchpointRow is one distinct input as sent to Cypher.
type touchpointRow struct {
	index int // position of its first occurrence in the input
	in    journey.TouchpointInput
	id    string
}

// distinctTouchpoints drops repeated touchpoints: the same touchpoint twice
// in one batch is recorded once, while the same id with different content is
// a client bug worth reporting.
func distinctTouchpoints(in []journey.TouchpointInput) ([]touchpointRow, journey.Errors) {
	var rows []touchpointRow
	var problems journey.Errors
	firstByID := map[string]int{}
	for i, t := range in {
		id := t.ID()
		if j, dup := firstByID[id]; dup {
			if !journey.SameTouchpoint(in[j], t) {
				problems = append(problems, journey.ConflictingDuplicate(i, id))
			}
			continue
		}
		firstByID[id] = i
		rows = append(rows, touchpointRow{index: i, in: t, id: id})
	}
	return rows, problems
}

// resolvedTouchpoints is what resolveTouchpoints found, by row.
type resolvedTouchpoints struct {
	accountOf []string
	contactOf []*string
	category  []any            // the type's category, copied onto a new touchpoint
	stored    []map[string]any // the touchpoint as recorded, nil when it is new
}

// resolveTouchpoints looks up each row's type, account and contact and
// whether it is already recorded, and reports every row whose references do
// not hold. Each distinct type, account, contact and email is looked up once.
func (r *txRunner) resolveTouchpoints(rows []touchpointRow) (resolvedTouchpoints, journey.Errors, error) {
	var types, accounts, contacts, emails []string
	ids := make([]string, len(rows))
	for k, row := range rows {
		ids[k] = row.id
		types = append(types, row.in.TypeKey)
		for _, v := range []struct {
			list *[]string
			val  *string
		}{{&accounts, row.in.AccountID}, {&contacts, row.in.ContactID}, {&emails, row.in.ContactEmail}} {
			if v.val != nil {
				*v.list = append(*v.list, *v.val)
			}
		}
	}
	res := resolvedTouchpoints{accountOf: make([]string, len(rows)), contactOf: make([]*string, len(rows)),
		category: make([]any, len(rows)), stored: make([]map[string]any, len(rows))}
	recs, err := r.run("resolve_touchpoints", map[string]any{"typeKeys": sortedUnique(types),
		"accountIds": sortedUnique(accounts), "contactIds": sortedUnique(contacts),
		"contactEmails": sortedUnique(emails), "ids": ids})
	if err != nil {
		return res, nil, err
	}
	found := foundReferencesOf(recs[0].AsMap())
	var problems journey.Errors
	for k, row := range rows {
		// A touchpoint already recorded is a replay: it changes nothing and
		// is not re-validated (its contact may have moved since).
		if res.stored[k] = found.stored[row.id]; res.stored[k] != nil {
			continue
		}
		res.category[k] = found.categoryOf[row.in.TypeKey]
		if err := resolveTouchpoint(row, found, &res.accountOf[k], &res.contactOf[k]); err != nil {
			problems = append(problems, err.AtItem(row.index))
		}
	}
	return res, problems, nil
}

// foundReferences is what resolve_touchpoints found, by value.
type foundReferences struct {
	categoryOf       map[string]any // by type key; a known type is a key, its category may be nil
	accounts         map[string]bool
	accountOfContact map[string]*string // by contact id; nil when the contact works at no account
	contactByEmail   map[string]string  // contact id by email
	stored           map[string]map[string]any
}

func foundReferencesOf(m map[string]any) foundReferences {
	f := foundReferences{categoryOf: map[string]any{}, accounts: map[string]bool{}, accountOfContact: map[string]*string{},
		contactByEmail: map[string]string{}, stored: map[string]map[string]any{}}
	for _, v := range m["types"].([]any) {
		t := v.(map[string]any)
		f.categoryOf[str(t["key"])] = t["category"]
	}
	for _, v := range m["accounts"].([]any) {
		f.accounts[str(v)] = true
	}
	for _, key := range []string{"contactsById", "contactsByEmail"} {
		for _, v := range m[key].([]any) {
			c := v.(map[string]any)
			f.accountOfContact[str(c["id"])] = optStr(c["accountId"])
			if email, ok := c["email"].(string); ok {
				f.contactByEmail[email] = str(c["id"])
			}
		}
	}
	for _, v := range m["stored"].([]any) {
		t := v.(map[string]any)
		f.stored[str(t["id"])] = t
	}
	return f
}

// errConcurrentTouchpoint rolls an attempt back when a touchpoint it was about
// to create was recorded meanwhile by a transaction holding other owners'
// locks (the same id sent for another account); the next attempt sees it as
// recorded.
var errConcurrentTouchpoint = errors.New("a touchpoint of the batch was recorded concurrently")

// maxTouchpointAttempts bounds the attempts errConcurrentTouchpoint starts.
const maxTouchpointAttempts = 5

func (s *Store) recordTouchpoints(ctx context.Context, in []journey.TouchpointInput) (journey.RecordResult, error) {
	return s.recordTouchpointsThen(ctx, in, nil)
}

// recordTouchpointsThen is recordTouchpoints that runs also, when it is not
// nil, in the same transaction before its change feed entry: what must
// commit with the touchpoints or not at all.
func (s *Store) recordTouchpointsThen(ctx context.Context, in []journey.TouchpointInput, also func(*txRunner) error) (journey.RecordResult, error) {
	rows, duplicates := distinctTouchpoints(in)
	for attempt := 1; ; attempt++ {
		var result journey.RecordResult
		err := s.writeTx(ctx, "record_touchpoints", func(tx *txRunner) error {
			var err error
			result, err = tx.recordTouchpoints(rows, duplicates, also)
			return err
		})
		if errors.Is(err, errConcurrentTouchpoint) && attempt < maxTouchpointAttempts {
			continue
		}
		return result, err
	}
}

// recordTouchpoints is one attempt of RecordTouchpoints: validate, lock the
// owners, create what is new with its links, append it to the owners'
// journeys (appendToJourneys) and to the change feed.
func (tx *txRunner) recordTouchpoints(rows []touchpointRow, duplicates journey.Errors, also func(*txRunner) error) (journey.RecordResult, error) {
	resolved, problems, err := tx.resolveTouchpoints(rows)
	if err != nil {
		return journey.RecordResult{}, err
	}
	if problems = append(duplicates[:len(duplicates):len(duplicates)], problems...); len(problems) > 0 {
		problems.SortByItem()
		return journey.RecordResult{}, problems
	}
	stored := resolved.stored
	var fresh []int // rows not recorded yet
	var accounts, contacts []string
	for k := range rows {
		if stored[k] != nil {
			continue
		}
		fresh = append(fresh, k)
		accounts = append(accounts, resolved.accountOf[k])
		if c := resolved.contactOf[k]; c != nil {
			contacts = append(contacts, *c)
		}
	}
	result := journey.RecordResult{Touchpoints: make([]journey.Touchpoint, len(rows)), Created: make([]bool, len(rows))}
	var tails ownerTails
	if len(fresh) > 0 {
		accounts, contacts = sortedUnique(accounts), sortedUnique(contacts)
		if _, err := tx.run("lock_touchpoint_owners", map[string]any{"accountIds": accounts, "contactIds": contacts}); err != nil {
			return result, err
		}
		ids := make([]string, len(fresh))
		for i, k := range fresh {
			ids[i] = rows[k].id
		}
		var recordedMeanwhile map[string]map[string]any
		tails, recordedMeanwhile, err = tx.ownerTails(ids, accounts, contacts)
		if err != nil {
			return result, err
		}
		fresh = slices.DeleteFunc(fresh, func(k int) bool {
			stored[k] = recordedMeanwhile[rows[k].id]
			return stored[k] != nil
		})
	}
	var created []newTouchpoint
	if len(fresh) > 0 {
		if created, err = tx.createTouchpoints(rows, fresh, resolved); err != nil {
			return result, err
		}
		if err := tx.appendToJourneys(created, tails); err != nil {
			return result, err
		}
	}
	for k := range rows {
		if stored[k] != nil {
			result.Touchpoints[k] = touchpointFromMap(stored[k])
		}
	}
	changed := make([]journey.Touchpoint, len(created))
	for i, c := range created {
		result.Touchpoints[c.row], result.Created[c.row] = c.touchpoint, true
		changed[i] = c.touchpoint
	}
	if also != nil {
		if err := also(tx); err != nil {
			return result, err
		}
	}
	return result, tx.appendTouchpointChange(changed) // last: see append_touchpoint_change.cypher
}

// newTouchpoint is a touchpoint this attempt created: its row, its node's
// element id and the touchpoint as stored.
type newTouchpoint struct {
	row        int
	node       string
	touchpoint journey.Touchpoint
}

// createTouchpoints creates the rows at fresh (none of which exists: checked
// under the owners' locks) with their type, account and contact links, and
// returns them as stored, in the order of fresh.
func (r *txRunner) createTouchpoints(rows []touchpointRow, fresh []int, resolved resolvedTouchpoints) ([]newTouchpoint, error) {
	cols := newColumns("ids", "sources", "externalIds", "types", "categories", "occurredAts", "accountIds", "contactIds", "values", "sentiments", "attributes")
	attributes := make([]any, len(fresh))
	for i, k := range fresh {
		in := rows[k].in
		if in.Attributes != nil {
			b, _ := json.Marshal(in.Attributes) // validated by Normalize
			attributes[i] = string(b)
		}
		cols.add(rows[k].id, in.Source, in.ExternalID, in.TypeKey, resolved.category[k], in.OccurredAt,
			resolved.accountOf[k], resolved.contactOf[k], in.Value, in.Sentiment, attributes[i])
	}
	recs, summary, err := r.runSummarised("create_touchpoints", cols.params(map[string]any{"batchId": r.batchID}))
	if err != nil {
		return nil, err
	}
	if summary.Counters().NodesCreated() != len(fresh) {
		return nil, errConcurrentTouchpoint
	}
	out := make([]newTouchpoint, len(fresh))
	for _, rec := range recs {
		m := rec.AsMap()
		i := integer(m["i"])
		k := fresh[i]
		in := rows[k].in
		// The stored touchpoint is what the statement wrote, converted as
		// every read converts it.
		stored := map[string]any{"id": rows[k].id, "source": in.Source, "externalId": in.ExternalID, "type": in.TypeKey,
			"category": resolved.category[k], "occurredAt": in.OccurredAt, "accountId": resolved.accountOf[k],
			"attributes": attributes[i], "recordedAt": m["recordedAt"]}
		if c := resolved.contactOf[k]; c != nil {
			stored["contactId"] = *c
		}
		if in.Value != nil {
			stored["value"] = *in.Value
		}
		if in.Sentiment != nil {
			stored["sentiment"] = *in.Sentiment
		}
		out[i] = newTouchpoint{row: k, node: str(m["node"]), touchpoint: touchpointFromMap(stored)}
	}
	return out, nil
}

// resolveTouchpoint checks one row's references against what resolve_touchpoints
// found and sets its account and contact.
func resolveTouchpoint(r touchpointRow, found foundReferences, account *string, contact **string) *journey.Error {
	bad := func(reason journey.Reason, name, format string, args ...any) *journey.Error {
		return &journey.Error{Code: journey.CodeInvalidInput, Reason: reason, Field: name, Message: fmt.Sprintf(format, args...)}
	}
	if _, known := found.categoryOf[r.in.TypeKey]; !known {
		return bad(journey.ReasonUnknownTouchpointType, "type", "unknown touchpoint type %q (see touchpointTypes)", r.in.TypeKey)
	}
	if r.in.AccountID != nil && !found.accounts[*r.in.AccountID] {
		return bad(journey.ReasonUnknownAccount, "accountId", "no account has id %q", *r.in.AccountID)
	}
	var byID, byEmail *string
	if r.in.ContactID != nil {
		if _, known := found.accountOfContact[*r.in.ContactID]; known {
			byID = r.in.ContactID
		}
	}
	if r.in.ContactEmail != nil {
		if id, known := found.contactByEmail[*r.in.ContactEmail]; known {
			byEmail = &id
		}
	}
	switch {
	case r.in.ContactID != nil && byID == nil:
		return bad(journey.ReasonUnknownContact, "contactId", "no contact has id %q", *r.in.ContactID)
	case r.in.ContactEmail != nil && byEmail == nil:
		return bad(journey.ReasonUnknownContact, "contactEmail", "no contact has email %q", *r.in.ContactEmail)
	case byID != nil && byEmail != nil && *byID != *byEmail:
		return bad(journey.ReasonUnknownContact, "contactEmail", "%q is the email of contact %q, not of %q", *r.in.ContactEmail, *byEmail, *byID)
	case byID == nil && byEmail != nil:
		byID = byEmail
	}
	*contact = byID
	var contactAccount *string
	if byID != nil {
		contactAccount = found.accountOfContact[*byID]
	}
	switch {
	case r.in.AccountID != nil && byID != nil && (contactAccount == nil || *contactAccount != *r.in.AccountID):
		return bad(journey.ReasonContactOfAnotherAcct, "contactId", "contact %q does not work at account %q", *byID, *r.in.AccountID)
	case r.in.AccountID != nil:
		*account = *r.in.AccountID
	case contactAccount != nil:
		*account = *contactAccount
	default:
		return bad(journey.ReasonNoAccount, "accountId", "contact %q works at no account; pass accountId", *byID)
	}
	return nil
}

func earliest(m map[string]time.Time, key string, t time.Time) {
	if cur, ok := m[key]; !ok || t.Before(cur) {
		m[key] = t
	}
}

func idsOf(rows []touchpointRow) []string {
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.id
	}
	return ids
}

// chainsParams passes owners and their earliest new touchpoint times as
// $chains, in id order.
func chainsParams(from map[string]time.Time) map[string]any {
	chains := make([]map[string]any, 0, len(from))
	for _, id := range sortedKeys(from) {
		chains = append(chains, map[string]any{"id": id, "from": from[id]})
	}
	return map[string]any{"chains": chains}
}

// touchpointsByID reads touchpoints back, in the order of ids.
func (r *txRunner) touchpointsByID(ids []string) ([]journey.Touchpoint, error) {
	recs, err := r.run("touchpoints_by_id", map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	byID := make(map[string]journey.Touchpoint, len(recs))
	for _, rec := range recs {
		m, _ := rec.Get("touchpoint")
		t := touchpointFromMap(m.(map[string]any))
		byID[t.ID] = t
	}
	out := make([]journey.Touchpoint, len(ids))
	for i, id := range ids {
		out[i] = byID[id]
	}
	return out, nil
}
