package store

import (
	"context"
	"time"

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

// PathsToStage returns, for each account of a batch that entered stage, its
// path there: when it first entered it and the touchpoints up to then
// (counted, not listed), keyed by account id.
func (s *Store) PathsToStage(ctx context.Context, accountIDs []string, stage string) (map[string]journey.AccountPath, error) {
	res, err := s.read(ctx, "paths_to_stage", map[string]any{"accountIds": accountIDs, "stage": stage})
	if err != nil {
		return nil, err
	}
	out := make(map[string]journey.AccountPath, len(res.Records))
	for _, rec := range res.Records {
		id, _ := rec.Get("accountId")
		reached, _ := rec.Get("reachedAt")
		steps, _ := rec.Get("steps")
		first, _ := rec.Get("firstAt")
		n, _ := steps.(int64)
		p := journey.AccountPath{AccountID: str(id), StageKey: stage, ReachedAt: timeOf(reached), StepCount: int(n)}
		if _, ok := first.(time.Time); ok {
			at := timeOf(first)
			elapsed := p.ReachedAt.Sub(at).Seconds()
			p.FirstTouchAt, p.ElapsedSeconds = &at, &elapsed
		}
		out[p.AccountID] = p
	}
	return out, nil
}
