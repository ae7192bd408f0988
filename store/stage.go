package store

import (
	"context"
	"fmt"

	"github.com/journeygraph/journeygraph/journey"
)

// RecordStageChange records one stage change; see RecordStageChanges.
func (s *Store) RecordStageChange(ctx context.Context, in journey.StageChangeInput) (journey.StageTransition, bool, error) {
	transitions, created, err := s.recordStageChanges(ctx, []journey.StageChangeInput{in})
	if err != nil {
		return journey.StageTransition{}, false, journey.SingleItem(err, "input")
	}
	return transitions[0], created[0], nil
}

// RecordStageChanges records stage changes in one transaction, all or
// nothing, and returns how many it created. Existing transitions (same id) are
// left unchanged. Each affected account's FROM_STAGE links and CURRENT_STAGE
// are recomputed from its whole history. Inputs must be normalised.
func (s *Store) RecordStageChanges(ctx context.Context, in []journey.StageChangeInput) (int, error) {
	_, created, err := s.recordStageChanges(ctx, in)
	return countTrue(created), err
}

func (s *Store) recordStageChanges(ctx context.Context, in []journey.StageChangeInput) ([]journey.StageTransition, []bool, error) {
	// The same change twice in one batch is recorded once.
	ids := make([]string, len(in))
	var distinct []int // index in `in` of each first occurrence
	seen := map[string]bool{}
	for i := range in {
		ids[i] = in[i].TransitionID()
		if !seen[ids[i]] {
			seen[ids[i]] = true
			distinct = append(distinct, i)
		}
	}
	rows := make([]map[string]any, len(distinct))
	for k, i := range distinct {
		c := in[i]
		rows[k] = map[string]any{"i": i, "id": ids[i], "accountId": c.AccountID, "stage": c.StageKey,
			"at": c.At, "source": c.Source, "triggeredBy": c.TriggeredByID}
	}
	var transitions []journey.StageTransition
	var created []bool
	err := s.writeTx(ctx, "record_stage_changes", func(tx *txRunner) error {
		recs, err := tx.run("resolve_stage_changes", map[string]any{"rows": rows})
		if err != nil {
			return err
		}
		var problems journey.Errors
		bad := func(i int, reason journey.Reason, name, format string, args ...any) {
			problems = append(problems, (&journey.Error{Code: journey.CodeInvalidInput, Reason: reason,
				Field: name, Message: fmt.Sprintf(format, args...)}).AtItem(i))
		}
		for _, rec := range recs {
			m := rec.AsMap()
			i := integer(m["i"])
			c := in[i]
			if boolOf(m["exists"]) {
				continue // a replay changes nothing and is not re-validated
			}
			switch {
			case !boolOf(m["accountKnown"]):
				bad(i, journey.ReasonUnknownAccount, "accountId", "no account has id %q", c.AccountID)
			case !boolOf(m["stageKnown"]):
				bad(i, journey.ReasonUnknownStage, "stage", "unknown stage %q (see stages)", c.StageKey)
			case c.TriggeredByID != nil && !boolOf(m["triggerKnown"]):
				bad(i, journey.ReasonUnknownTouchpoint, "triggeredByTouchpointId", "no touchpoint has id %q", *c.TriggeredByID)
			case c.TriggeredByID != nil && str(m["triggerAccount"]) != c.AccountID:
				bad(i, journey.ReasonTouchpointOfAnotherAcct, "triggeredByTouchpointId", "touchpoint %q belongs to another account", *c.TriggeredByID)
			}
		}
		if len(problems) > 0 {
			return problems
		}
		if err := tx.lockAccounts(accountIDs(in)); err != nil {
			return err
		}
		cols := newColumns("ids", "accountIds", "stages", "ats", "sources", "triggeredBy")
		for _, i := range distinct {
			c := in[i]
			cols.add(ids[i], c.AccountID, c.StageKey, c.At, c.Source, c.TriggeredByID)
		}
		if _, err := tx.run("merge_stage_transitions", cols.params(map[string]any{"batchId": tx.batchID})); err != nil {
			return err
		}
		distinctIDs := make([]string, len(distinct))
		for k, i := range distinct {
			distinctIDs[k] = ids[i]
		}
		recs, err = tx.run("link_stage_transitions", map[string]any{"ids": distinctIDs, "batchId": tx.batchID})
		if err != nil {
			return err
		}
		created = make([]bool, len(in))
		var changed []string
		for _, rec := range recs {
			i := distinct[integer(rec.AsMap()["i"])]
			created[i] = true
			changed = append(changed, in[i].AccountID)
		}
		if len(changed) > 0 {
			if _, err := tx.run("refresh_stage_history", map[string]any{"accountIds": sortedUnique(changed)}); err != nil {
				return err
			}
		}
		recs, err = tx.run("stage_transitions_by_id", map[string]any{"ids": ids})
		if err != nil {
			return err
		}
		byID := map[string]journey.StageTransition{}
		for _, rec := range recs {
			m, _ := rec.Get("transition")
			tm := m.(map[string]any)
			t := transitionFromMap(str(tm["accountId"]), tm)
			byID[t.ID] = t
		}
		transitions = make([]journey.StageTransition, len(ids))
		for i, id := range ids {
			transitions[i] = byID[id]
		}
		var fresh []journey.StageTransition
		for _, i := range distinct {
			if created[i] {
				fresh = append(fresh, transitions[i])
			}
		}
		return tx.appendStageChange(fresh) // last: see append_touchpoint_change.cypher
	})
	return transitions, created, err
}

func accountIDs(in []journey.StageChangeInput) []string {
	out := make([]string, len(in))
	for i, c := range in {
		out[i] = c.AccountID
	}
	return out
}
