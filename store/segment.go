package store

import (
	"context"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// SegmentLookup reads, in one query, what the Segment source needs to map
// one call (see journey.SegmentLookupQuery).
func (s *Store) SegmentLookup(ctx context.Context, q journey.SegmentLookupQuery) (journey.SegmentLookup, error) {
	params := map[string]any{
		"userIds": anyList(q.UserIDs), "emails": anyList(q.Emails), "accountIds": anyList(q.AccountIDs),
		"anonymousIds": anyList(q.AnonymousIDs), "messageIds": anyList(q.MessageIDs),
		"touchpointIds": anyList(q.TouchpointIDs), "pendingKeys": anyList(q.PendingKeys),
	}
	out := journey.SegmentLookup{Contacts: map[string]journey.SegmentContact{}, EmailOwners: map[string]string{},
		Accounts: map[string]string{}, Aliases: map[string]string{}, GroupLinks: map[string]string{}, Settled: map[string]bool{},
		Applied: map[string][]string{}}
	res, err := s.read(ctx, "segment_lookup", params)
	if err != nil {
		return out, err
	}
	if len(res.Records) == 0 {
		return out, nil
	}
	m := res.Records[0].AsMap()
	each := func(col string, f func(map[string]any)) {
		list, _ := m[col].([]any)
		for _, v := range list {
			if row, ok := v.(map[string]any); ok {
				f(row)
			}
		}
	}
	each("contacts", func(r map[string]any) {
		out.Contacts[str(r["id"])] = journey.SegmentContact{Email: str(r["email"]), AccountID: optStr(r["accountId"])}
	})
	each("emailOwners", func(r map[string]any) { out.EmailOwners[str(r["email"])] = str(r["id"]) })
	each("accounts", func(r map[string]any) { out.Accounts[str(r["id"])] = str(r["name"]) })
	each("aliases", func(r map[string]any) { out.Aliases[str(r["anonymousId"])] = str(r["userId"]) })
	each("groupLinks", func(r map[string]any) { out.GroupLinks[str(r["userId"])] = str(r["groupId"]) })
	each("applied", func(r map[string]any) {
		out.Applied[str(r["messageId"])] = append(out.Applied[str(r["messageId"])], str(r["fingerprint"]))
	})
	each("pending", func(r map[string]any) {
		out.Pending = append(out.Pending, journey.SegmentPending{MessageID: str(r["messageId"]), Fingerprint: str(r["fingerprint"]), Key: str(r["key"]),
			Kind: str(r["kind"]), Name: str(r["name"]), ReceivedAt: timeOf(r["receivedAt"]), Message: str(r["message"])})
	})
	settled, _ := m["settled"].([]any)
	for _, id := range settled {
		out.Settled[str(id)] = true
	}
	out.PendingTotal = integer(m["pendingTotal"])
	return out, nil
}

// SegmentApplyProfiles writes what a request's group and identify calls
// change — accounts, contacts, the anonymousId and group links — and their
// marks in one transaction: a call is recorded as applied exactly when its
// effect is written.
func (s *Store) SegmentApplyProfiles(ctx context.Context, p journey.SegmentProfiles) error {
	aliases, links := newColumns("anonymousIds", "userIds"), newColumns("userIds", "groupIds")
	for _, anon := range sortedKeys(p.Aliases) {
		aliases.add(anon, p.Aliases[anon])
	}
	for _, user := range sortedKeys(p.GroupLinks) {
		links.add(user, p.GroupLinks[user])
	}
	taken := false
	err := s.writeTx(ctx, "segment_apply_profiles", func(tx *txRunner) error {
		claimed, err := tx.claimMarks(p.Marks)
		if err != nil {
			return err
		}
		if taken = !claimed; taken {
			return journey.ErrSegmentCallsTaken // rolled back: nothing written
		}
		if len(p.Accounts) > 0 {
			if _, _, err := tx.upsertAccounts(p.Accounts); err != nil {
				return err
			}
		}
		if len(p.Contacts) > 0 {
			if _, _, err := tx.upsertContacts(p.Contacts); err != nil {
				return err
			}
		}
		return tx.runEach(
			segmentQuery{"segment_set_aliases", aliases, len(p.Aliases)},
			segmentQuery{"segment_set_group_links", links, len(p.GroupLinks)})
	})
	if taken {
		return journey.ErrSegmentCallsTaken
	}
	return emailTakenAsInput(err)
}

// claimMarks records the calls as applied before their effect is written
// (segment_claim_messages), and says whether every record is new and the
// only one of its messageId: else another request applied (or took) one of
// the calls since the lookup, and the effect must not be written.
func (r *txRunner) claimMarks(marks []journey.SegmentMark) (bool, error) {
	q := markQuery(marks)
	if q.rows == 0 {
		return true, nil
	}
	recs, err := r.run("segment_claim_messages", q.cols.params(nil))
	if err != nil || len(recs) == 0 {
		return false, err
	}
	taken, _ := recs[0].Get("taken")
	return integer(taken) == 0, nil
}

// SegmentRecordTouchpoints records the touchpoints of track and page calls
// (see RecordTouchpoints), marks their calls applied and drops the pending
// calls among settledPending whose touchpoint is recorded, in one transaction.
func (s *Store) SegmentRecordTouchpoints(ctx context.Context, in []journey.TouchpointInput, marks []journey.SegmentMark, settledPending []string) (journey.RecordResult, error) {
	settled := newColumns("messageIds", "touchpointIds")
	for _, id := range settledPending {
		settled.add(id, journey.TouchpointID("segment", id))
	}
	return s.recordTouchpointsThen(ctx, in, func(tx *txRunner) error {
		return tx.runEach(markQuery(marks), segmentQuery{"segment_drop_settled_pending", settled, len(settledPending)})
	})
}

// SegmentWrite writes the Segment source's own state for one call in one
// transaction: pending calls (marked applied: they are kept) and skipped
// ones (their record is their mark). Every part is keyed by messageId (and
// content), so a retry or a replay changes nothing.
func (s *Store) SegmentWrite(ctx context.Context, w journey.SegmentWrite) error {
	pending := newColumns("messageIds", "fingerprints", "keys", "kinds", "names", "receivedAts", "messages")
	marks := make([]journey.SegmentMark, len(w.Pending))
	for i, p := range w.Pending {
		pending.add(p.MessageID, p.Fingerprint, p.Key, p.Kind, p.Name, p.ReceivedAt.UTC(), p.Message)
		marks[i] = journey.SegmentMark{MessageID: p.MessageID, Fingerprint: p.Fingerprint, At: p.ReceivedAt}
	}
	skipped := newColumns("ids", "messageIds", "fingerprints", "reasons", "kinds", "names", "ats", "countKeys", "countNames")
	for _, k := range w.Skipped {
		mark := journey.SegmentMark{MessageID: k.MessageID, Fingerprint: k.Fingerprint}
		skipped.add(mark.ID(), k.MessageID, k.Fingerprint, k.Reason, k.Kind, k.Name, k.At.UTC(),
			journey.SegmentSkipCountKey(k.Reason, k.Kind, k.CountedName()), k.CountedName())
	}
	drop := newColumns("messageIds")
	for _, id := range w.DropPending {
		drop.add(id)
	}
	return s.writeTx(ctx, "segment_write", func(tx *txRunner) error {
		return tx.runEach(
			segmentQuery{"segment_add_pending", pending, len(w.Pending)}, markQuery(marks),
			segmentQuery{"segment_add_skipped", skipped, len(w.Skipped)},
			segmentQuery{"segment_drop_pending", drop, len(w.DropPending)})
	})
}

// segmentQuery is one query of a Segment write, run when it has rows.
type segmentQuery struct {
	name string
	cols *columns
	rows int
}

func (tx *txRunner) runEach(queries ...segmentQuery) error {
	for _, q := range queries {
		if q.rows == 0 {
			continue
		}
		if _, err := tx.run(q.name, q.cols.params(nil)); err != nil {
			return err
		}
	}
	return nil
}

// markQuery records calls as applied (segment_mark_messages).
func markQuery(marks []journey.SegmentMark) segmentQuery {
	cols := newColumns("ids", "messageIds", "fingerprints", "ats")
	seen := map[string]bool{}
	for _, m := range marks {
		if id := m.ID(); !seen[id] {
			seen[id] = true
			cols.add(id, m.MessageID, m.Fingerprint, m.At.UTC())
		}
	}
	return segmentQuery{"segment_mark_messages", cols, len(seen)}
}

// SegmentExpirePending drops at most limit pending calls received before
// cutoff, counting each as skipped (PENDING_EXPIRED), and returns how many.
func (s *Store) SegmentExpirePending(ctx context.Context, cutoff, now time.Time, limit int) (int, error) {
	res, err := s.write(ctx, "segment_expire_pending", map[string]any{"cutoff": cutoff.UTC(), "now": now.UTC(), "limit": limit})
	if err != nil || len(res.Records) == 0 {
		return 0, err
	}
	n, _ := res.Records[0].Get("expired")
	return integer(n), nil
}

// SegmentPruneMessages drops at most limit records of calls (SegmentMessage)
// older than cutoff and returns how many; the skip counts stay.
func (s *Store) SegmentPruneMessages(ctx context.Context, cutoff time.Time, limit int) (int, error) {
	res, err := s.write(ctx, "segment_prune_messages", map[string]any{"cutoff": cutoff.UTC(), "limit": limit})
	if err != nil || len(res.Records) == 0 {
		return 0, err
	}
	n, _ := res.Records[0].Get("pruned")
	return integer(n), nil
}

// SegmentSkippedCounts counts skipped Segment calls by reason, kind and name
// (reason nil: every reason), most frequent first, at most limit rows.
func (s *Store) SegmentSkippedCounts(ctx context.Context, reason *string, limit int) ([]journey.SegmentSkippedCount, error) {
	query, params := "segment_skipped_counts", map[string]any{"limit": limit}
	if reason != nil {
		query, params["reason"] = "segment_skipped_counts_by_reason", *reason
	}
	res, err := s.read(ctx, query, params)
	if err != nil {
		return nil, err
	}
	out := make([]journey.SegmentSkippedCount, 0, len(res.Records))
	for _, rec := range res.Records {
		m := rec.AsMap()
		out = append(out, journey.SegmentSkippedCount{Reason: str(m["reason"]), Kind: str(m["kind"]), Name: str(m["name"]),
			Count: integer(m["count"]), FirstSeen: timeOf(m["firstSeen"]), LastSeen: timeOf(m["lastSeen"])})
	}
	return out, nil
}

// anyList passes a string slice as a Cypher list (never null, also when empty).
func anyList(in []string) []any {
	out := make([]any, len(in))
	for i, s := range in {
		out[i] = s
	}
	return out
}
