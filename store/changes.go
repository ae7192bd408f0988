package store

import (
	"context"
	"fmt"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// The change feed behind subscriptions (see journey.Change). Every write
// path that creates touchpoints or stage transitions goes through
// recordTouchpoints or recordStageChanges, and both end their transaction
// with appendTouchpointChange / appendStageChange, so the feed lists every
// committed creation once: a replay creates nothing and appends nothing.

// appendTouchpointChange appends the feed entry for created, which must be
// the transaction's last statement.
func (r *txRunner) appendTouchpointChange(created []journey.Touchpoint) error {
	if len(created) == 0 {
		return nil
	}
	ids := make([]string, len(created))
	for i, t := range created {
		ids[i] = t.ID
	}
	_, err := r.run("append_touchpoint_change", map[string]any{"ids": ids})
	return err
}

// appendStageChange appends the feed entry for created, which must be the
// transaction's last statement.
func (r *txRunner) appendStageChange(created []journey.StageTransition) error {
	if len(created) == 0 {
		return nil
	}
	ids := make([]string, len(created))
	from := make([]string, len(created))
	for i, t := range created {
		ids[i] = t.ID
		if t.FromStageKey != nil {
			from[i] = *t.FromStageKey
		}
	}
	_, err := r.run("append_stage_change", map[string]any{"ids": ids, "fromStages": from})
	return err
}

// ChangeHead returns the highest change number committed, 0 before the first.
func (s *Store) ChangeHead(ctx context.Context) (int64, error) {
	res, err := s.read(ctx, "change_head", nil)
	if err != nil {
		return 0, err
	}
	return int64(integer(res.Records[0].AsMap()["head"])), nil
}

// Changes reads up to limit changes numbered above after, in order, with
// their touchpoints and transitions: a gap-free run of the feed.
//
// The head H is read first. A transaction's commit is not applied atomically
// for readers (the counter's new value can be read a moment before the index
// entries of the nodes it created), but every change below H is complete:
// its transaction released the counter's lock, which it holds until its
// commit has been applied, before H's could take it. So only change H may be
// seen half-written; then it is left for the next read. A number below H
// that is missing was pruned: when it is the first one asked for, the error
// has journey.CodeCursorExpired.
func (s *Store) Changes(ctx context.Context, after int64, limit int) (journey.Changes, error) {
	var out journey.Changes
	err := s.readTx(ctx, "read_changes", func(tx *txRunner) error {
		out = journey.Changes{}
		recs, err := tx.run("change_head", nil)
		if err != nil {
			return err
		}
		out.Head = int64(integer(recs[0].AsMap()["head"]))
		if out.Head <= after {
			return nil
		}
		recs, err = tx.run("read_changes", map[string]any{"after": after, "head": out.Head, "limit": limit})
		if err != nil {
			return err
		}
		for i, rec := range recs {
			c := changeFromMap(rec.AsMap())
			if want := after + int64(i) + 1; c.Seq != want {
				if i == 0 {
					return journey.ErrCursorExpired("after")
				}
				return fmt.Errorf("change feed: change %d missing after %d", want, c.Seq)
			}
			out.Changes = append(out.Changes, c)
		}
		if len(recs) == 0 && after+1 < out.Head {
			return journey.ErrCursorExpired("after")
		}
		complete, err := tx.fillChanges(out.Changes)
		if err != nil {
			return err
		}
		if complete < len(out.Changes) {
			if incomplete := out.Changes[complete]; complete < len(out.Changes)-1 || incomplete.Seq != out.Head {
				return fmt.Errorf("change feed: change %d names nodes that do not exist", incomplete.Seq)
			}
			out.Changes = out.Changes[:complete]
		}
		return nil
	})
	if err != nil {
		return journey.Changes{}, err
	}
	return out, nil
}

// changeFromMap reads a read_changes row; its touchpoints and transitions
// carry only their ids (and the stage left) until fillChanges.
func changeFromMap(m map[string]any) journey.Change {
	c := journey.Change{Seq: int64(integer(m["seq"])), At: timeOf(m["at"])}
	ids := optStrList(m["ids"])
	switch str(m["kind"]) {
	case "touchpoints":
		c.Touchpoints = make([]journey.Touchpoint, len(ids))
		for k, id := range ids {
			c.Touchpoints[k].ID = id
		}
	case "stages":
		from := optStrList(m["fromStages"])
		c.Stages = make([]journey.StageTransition, len(ids))
		for k, id := range ids {
			c.Stages[k].ID = id
			if k < len(from) && from[k] != "" {
				c.Stages[k].FromStageKey = &from[k]
			}
		}
	}
	return c
}

// fillChanges replaces the ids in changes by what they name and returns how
// many leading changes it found complete.
func (r *txRunner) fillChanges(changes []journey.Change) (int, error) {
	var touchpointIDs, transitionIDs []string
	for _, c := range changes {
		for _, t := range c.Touchpoints {
			touchpointIDs = append(touchpointIDs, t.ID)
		}
		for _, t := range c.Stages {
			transitionIDs = append(transitionIDs, t.ID)
		}
	}
	touchpoints, err := r.touchpointsByID(touchpointIDs)
	if err != nil {
		return 0, err
	}
	recs, err := r.run("stage_transitions_by_id", map[string]any{"ids": transitionIDs})
	if err != nil {
		return 0, err
	}
	transitions := make(map[string]journey.StageTransition, len(recs))
	for _, rec := range recs {
		m, _ := rec.Get("transition")
		tm := m.(map[string]any)
		transitions[str(tm["id"])] = transitionFromMap(str(tm["accountId"]), tm)
	}
	next := 0
	for ci := range changes {
		for k, want := range changes[ci].Touchpoints {
			if touchpoints[next].ID != want.ID {
				return ci, nil
			}
			changes[ci].Touchpoints[k] = touchpoints[next]
			next++
		}
		for k, snapshot := range changes[ci].Stages {
			t, ok := transitions[snapshot.ID]
			if !ok {
				return ci, nil
			}
			t.FromStageKey = snapshot.FromStageKey
			changes[ci].Stages[k] = t
		}
	}
	return len(changes), nil
}

// PruneChanges deletes up to limit of the oldest changes recorded before
// `before`, stopping at the first younger one, and returns how many it
// deleted. Writers never wait for it: it reads the head in a transaction of
// its own and does not touch the counter.
func (s *Store) PruneChanges(ctx context.Context, before time.Time, limit int) (int, error) {
	head, err := s.ChangeHead(ctx)
	if err != nil {
		return 0, err
	}
	pruned := 0
	err = s.writeTx(ctx, "prune_changes", func(tx *txRunner) error {
		pruned = 0
		recs, err := tx.run("oldest_changes", map[string]any{"head": head, "before": before.UTC(), "limit": limit})
		if err != nil {
			return err
		}
		var from, upto int64
		for _, rec := range recs {
			m := rec.AsMap()
			if expired, _ := m["expired"].(bool); !expired {
				break
			}
			if upto = int64(integer(m["seq"])); from == 0 {
				from = upto
			}
		}
		if from == 0 {
			return nil
		}
		recs, err = tx.run("prune_changes", map[string]any{"from": from, "upto": upto})
		if err != nil {
			return err
		}
		pruned = integer(recs[0].AsMap()["pruned"])
		return nil
	})
	if err != nil {
		return 0, err
	}
	return pruned, nil
}
