package store

import (
	"context"

	"github.com/journeygraph/journeygraph/journey"
)

// CurrentStagesByAccount returns the current stage of each account of a
// batch, keyed by account id; accounts before their first transition are
// absent.
func (s *Store) CurrentStagesByAccount(ctx context.Context, accountIDs []string) (map[string]journey.Stage, error) {
	res, err := s.read(ctx, "current_stage_by_account", map[string]any{"accountIds": accountIDs})
	if err != nil {
		return nil, err
	}
	out := make(map[string]journey.Stage, len(res.Records))
	for _, rec := range res.Records {
		id, _ := rec.Get("accountId")
		m, _ := rec.Get("stage")
		out[str(id)] = stageFromMap(mapOf(m))
	}
	return out, nil
}

// StageHistoriesByAccount returns every stage transition of each account of a
// batch, oldest first, keyed by account id.
func (s *Store) StageHistoriesByAccount(ctx context.Context, accountIDs []string) (map[string][]journey.StageTransition, error) {
	res, err := s.read(ctx, "stage_history_by_account", map[string]any{"accountIds": accountIDs})
	if err != nil {
		return nil, err
	}
	out := make(map[string][]journey.StageTransition, len(accountIDs))
	for _, rec := range res.Records {
		id, _ := rec.Get("accountId")
		m, _ := rec.Get("transition")
		out[str(id)] = append(out[str(id)], transitionFromMap(str(id), mapOf(m)))
	}
	return out, nil
}

// Stages returns the lifecycle stages in their designed order.
func (s *Store) Stages(ctx context.Context) ([]journey.Stage, error) {
	res, err := s.read(ctx, "stages", nil)
	if err != nil {
		return nil, err
	}
	out := make([]journey.Stage, 0, len(res.Records))
	for _, rec := range res.Records {
		m, _ := rec.Get("stage")
		out = append(out, stageFromMap(mapOf(m)))
	}
	return out, nil
}
