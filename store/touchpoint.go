package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// RecordTouchpoints records touchpoints in one transaction: all of them, or
// none when any is invalid (then every bad item is reported, as a
// journey.Errors whose errors carry the item's position in `in`). Existing
// touchpoints are left unchanged, so replays and concurrent duplicates are
// harmless. The account and contact journeys (NEXT_FOR_ACCOUNT,
// NEXT_FOR_CONTACT) are re-chained, and their JourneyPath aggregates updated,
// from the earliest new touchpoint on. Inputs must be normalised.
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
	exists    []bool
}

// resolveTouchpoints looks up each row's type, account and contact and
// whether it is already recorded, and reports every row whose references do
// not hold.
func (r *txRunner) resolveTouchpoints(rows []touchpointRow) (resolvedTouchpoints, journey.Errors, error) {
	probe := make([]map[string]any, len(rows))
	for k, row := range rows {
		probe[k] = map[string]any{"i": k, "id": row.id, "type": row.in.TypeKey, "accountId": row.in.AccountID,
			"contactId": row.in.ContactID, "contactEmail": row.in.ContactEmail}
	}
	res := resolvedTouchpoints{accountOf: make([]string, len(rows)), contactOf: make([]*string, len(rows)), exists: make([]bool, len(rows))}
	recs, err := r.run("resolve_touchpoints", map[string]any{"rows": probe})
	if err != nil {
		return res, nil, err
	}
	var problems journey.Errors
	for _, rec := range recs {
		m := rec.AsMap()
		k := integer(m["i"])
		// A touchpoint already recorded is a replay: it changes nothing and
		// is not re-validated (its contact may have moved since).
		if res.exists[k] = boolOf(m["exists"]); res.exists[k] {
			continue
		}
		if err := resolveTouchpoint(rows[k], m, &res.accountOf[k], &res.contactOf[k]); err != nil {
			problems = append(problems, err.AtItem(rows[k].index))
		}
	}
	return res, problems, nil
}

func (s *Store) recordTouchpoints(ctx context.Context, in []journey.TouchpointInput) (journey.RecordResult, error) {
	return s.recordTouchpointsThen(ctx, in, nil)
}

// recordTouchpointsThen is recordTouchpoints that runs also, when it is not
// nil, in the same transaction before its change feed entry: what must
// commit with the touchpoints or not at all.
func (s *Store) recordTouchpointsThen(ctx context.Context, in []journey.TouchpointInput, also func(*txRunner) error) (journey.RecordResult, error) {
	rows, duplicates := distinctTouchpoints(in)
	var result journey.RecordResult
	err := s.writeTx(ctx, "record_touchpoints", func(tx *txRunner) error {
		resolved, problems, err := tx.resolveTouchpoints(rows)
		if err != nil {
			return err
		}
		if problems = append(duplicates[:len(duplicates):len(duplicates)], problems...); len(problems) > 0 {
			problems.SortByItem()
			return problems
		}
		accountOf, contactOf, exists := resolved.accountOf, resolved.contactOf, resolved.exists

		cols := newColumns("ids", "sources", "externalIds", "types", "occurredAts", "accountIds", "contactIds", "values", "sentiments", "attributes")
		var pos []int // row index of each column entry
		var accounts, contacts []string
		for k, r := range rows {
			if exists[k] {
				continue
			}
			var attributes any
			if r.in.Attributes != nil {
				b, _ := json.Marshal(r.in.Attributes) // validated by Normalize
				attributes = string(b)
			}
			cols.add(r.id, r.in.Source, r.in.ExternalID, r.in.TypeKey, r.in.OccurredAt, accountOf[k],
				contactOf[k], r.in.Value, r.in.Sentiment, attributes)
			pos = append(pos, k)
			accounts = append(accounts, accountOf[k])
			if contactOf[k] != nil {
				contacts = append(contacts, *contactOf[k])
			}
		}
		created := make([]bool, len(rows))
		if len(pos) > 0 {
			if err := tx.lockAccounts(accounts); err != nil {
				return err
			}
			if err := tx.lockContacts(contacts); err != nil {
				return err
			}
			params := cols.params(map[string]any{"batchId": tx.batchID})
			if _, err := tx.run("merge_touchpoints", params); err != nil {
				return err
			}
			recs, err := tx.run("link_touchpoints", map[string]any{"ids": params["ids"], "batchId": tx.batchID})
			if err != nil {
				return err
			}
			accountFrom, contactFrom := map[string]time.Time{}, map[string]time.Time{}
			for _, rec := range recs {
				k := pos[integer(rec.AsMap()["i"])]
				created[k] = true
				earliest(accountFrom, accountOf[k], rows[k].in.OccurredAt)
				if contactOf[k] != nil {
					earliest(contactFrom, *contactOf[k], rows[k].in.OccurredAt)
				}
			}
			if err := tx.relinkChains(accountChains, accountFrom); err != nil {
				return err
			}
			if err := tx.relinkChains(contactChains, contactFrom); err != nil {
				return err
			}
			if err := tx.updateJourneyPaths(accountPaths, accountFrom); err != nil {
				return err
			}
			if err := tx.updateJourneyPaths(contactPaths, contactFrom); err != nil {
				return err
			}
		}
		stored, err := tx.touchpointsByID(idsOf(rows))
		if err != nil {
			return err
		}
		result = journey.RecordResult{Touchpoints: stored, Created: created}
		var fresh []journey.Touchpoint
		for k, t := range stored {
			if created[k] {
				fresh = append(fresh, t)
			}
		}
		if also != nil {
			if err := also(tx); err != nil {
				return err
			}
		}
		return tx.appendTouchpointChange(fresh) // last: see append_touchpoint_change.cypher
	})
	return result, err
}

// resolveTouchpoint checks one row's references against what resolve_touchpoints
// found and sets its account and contact.
func resolveTouchpoint(r touchpointRow, m map[string]any, account *string, contact **string) *journey.Error {
	bad := func(reason journey.Reason, name, format string, args ...any) *journey.Error {
		return &journey.Error{Code: journey.CodeInvalidInput, Reason: reason, Field: name, Message: fmt.Sprintf(format, args...)}
	}
	if !boolOf(m["typeKnown"]) {
		return bad(journey.ReasonUnknownTouchpointType, "type", "unknown touchpoint type %q (see touchpointTypes)", r.in.TypeKey)
	}
	if r.in.AccountID != nil && !boolOf(m["accountKnown"]) {
		return bad(journey.ReasonUnknownAccount, "accountId", "no account has id %q", *r.in.AccountID)
	}
	byID, byEmail := optStr(m["contactById"]), optStr(m["contactByEmail"])
	contactAccount := optStr(m["accountOfContactById"])
	switch {
	case r.in.ContactID != nil && byID == nil:
		return bad(journey.ReasonUnknownContact, "contactId", "no contact has id %q", *r.in.ContactID)
	case r.in.ContactEmail != nil && byEmail == nil:
		return bad(journey.ReasonUnknownContact, "contactEmail", "no contact has email %q", *r.in.ContactEmail)
	case byID != nil && byEmail != nil && *byID != *byEmail:
		return bad(journey.ReasonUnknownContact, "contactEmail", "%q is the email of contact %q, not of %q", *r.in.ContactEmail, *byEmail, *byID)
	case byID == nil && byEmail != nil:
		byID, contactAccount = byEmail, optStr(m["accountOfContactByEmail"])
	}
	*contact = byID
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
