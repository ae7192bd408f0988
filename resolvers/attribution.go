package resolvers

import (
	"context"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/loaders"
)

// Argument handling of the attribution and next-best-touchpoint queries.

const (
	defaultNextTouchpoints = 5
	maxNextTouchpoints     = 50
	// lastTouchPage is how many of an account's latest touchpoints are read
	// at a time while looking for the last one the scope keeps.
	lastTouchPage = 50
)

// lastTouchType returns the type of the account's latest touchpoint that the
// scope keeps (its time window and exclusions), or "" when there is none. It
// reads the account's journey newest first, a page at a time, through the
// per-account journey read.
func (r *Resolver) lastTouchType(ctx context.Context, accountID string, scope journey.AnalysisScope) (string, error) {
	q := journey.JourneyQuery{Desc: true, First: lastTouchPage, Filter: journey.JourneyFilter{From: scope.From, To: scope.To}}
	for {
		pages, err := r.Store.JourneysByAccount(ctx, []string{accountID}, q)
		if err != nil {
			return "", err
		}
		page := pages[accountID]
		if page == nil {
			return "", nil
		}
		for _, t := range page.Items {
			if !scope.Excludes(t.TypeKey, t.Category) {
				return t.TypeKey, nil
			}
		}
		if !page.HasNext || len(page.Items) == 0 {
			return "", nil
		}
		c := q.CursorOf(page.Items[len(page.Items)-1])
		q.After = &c
	}
}

// targetReached reports whether the account's current stage is the target
// stage or a later one.
func targetReached(ctx context.Context, accountID, target string) (bool, error) {
	current, err := loaders.For(ctx).CurrentStageByAccount.Load(ctx, accountID)
	if err != nil || current == nil {
		return false, err
	}
	stage, err := loaders.For(ctx).StageByKey(ctx, target)
	if err != nil || stage == nil {
		return false, err
	}
	return current.Order >= stage.Order, nil
}
