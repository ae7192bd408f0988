package journeys

import (
	"cmp"
	"context"
	"slices"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/store"
)

// StageMoves returns the moves between stages in the window w (nil: all
// time), with how many accounts made each, exactly as store.StageMoves reads
// them from Neo4j (conformance_transitions.cypher), from memory: each cached
// stage entry carries the stage its transition left (its fromStage, which
// FROM_STAGE mirrors), so a move is an entry in [from, to) at full precision
// that left a stage. An account's first transition left none and is no
// move. In (from, to) order.
func (c *Cache) StageMoves(ctx context.Context, w *journey.ObservationWindow) ([]journey.TransitionObservation, error) {
	snap, err := c.snapshot(ctx, false)
	if err != nil {
		return nil, err
	}
	return stageMoves(snap.accounts, w), nil
}

func stageMoves(accounts []store.CachedAccount, w *journey.ObservationWindow) []journey.TransitionObservation {
	from, to := w.Bounds()
	type move struct{ from, to string }
	type tally struct{ transitions, accounts, lastAccount int }
	moves := map[move]*tally{}
	for ai := range accounts {
		a := &accounts[ai]
		for i, at := range a.StageTimes {
			if a.StageFroms[i] == "" || at.Before(from) || !at.Before(to) {
				continue
			}
			m := move{a.StageFroms[i], a.StageEntries[i].StageKey}
			t := moves[m]
			if t == nil {
				t = &tally{}
				moves[m] = t
			}
			t.transitions++
			if t.lastAccount != ai+1 {
				t.lastAccount = ai + 1
				t.accounts++
			}
		}
	}
	out := make([]journey.TransitionObservation, 0, len(moves))
	for m, t := range moves {
		out = append(out, journey.TransitionObservation{FromKey: m.from, ToKey: m.to, Transitions: t.transitions, Accounts: t.accounts})
	}
	slices.SortFunc(out, func(a, b journey.TransitionObservation) int {
		return cmp.Or(cmp.Compare(a.FromKey, b.FromKey), cmp.Compare(a.ToKey, b.ToKey))
	})
	return out
}
