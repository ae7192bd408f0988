package resolvers

import (
	"context"
	"math"
	"strconv"
	"time"

	"github.com/journeygraph/journeygraph/analytics"
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

// normalizedScope returns the scope to analyse: the zero value when none is
// given, normalized.
func normalizedScope(scope *journey.AnalysisScope) (journey.AnalysisScope, error) {
	var s journey.AnalysisScope
	if scope != nil {
		s = *scope
	}
	return s, s.Normalize("scope")
}

// checkStage reports NOT_FOUND on field unless key is a known stage.
func checkStage(ctx context.Context, field, key string) (*journey.Stage, error) {
	stage, err := loaders.For(ctx).StageByKey(ctx, key)
	if err == nil && stage == nil {
		err = journey.NotFound(field, "no stage %q", key)
	}
	return stage, err
}

// checkOutcome normalizes o and reports NOT_FOUND when its stage or
// touchpoint type is unknown.
func checkOutcome(ctx context.Context, field string, o *journey.Outcome) error {
	if err := o.Normalize(field); err != nil {
		return err
	}
	if o.StageKey != "" {
		_, err := checkStage(ctx, field+".stage", o.StageKey)
		return err
	}
	typ, err := loaders.For(ctx).TouchpointTypeByKey(ctx, o.TypeKey)
	if err == nil && typ == nil {
		err = journey.NotFound(field+".touchpointType", "no touchpoint type %q", o.TypeKey)
	}
	return err
}

// days converts a positive number of days argument; nil gives 0.
func days(field string, v *float64) (time.Duration, error) {
	if v == nil {
		return 0, nil
	}
	if !(*v > 0) || math.IsInf(*v, 0) || *v > 36500 {
		return 0, journey.Invalid(field, "must be a number of days above 0 and at most 36500")
	}
	return time.Duration(*v * float64(24*time.Hour)), nil
}

// attributionOptions validates the attribution arguments.
func attributionOptions(ctx context.Context, conversion journey.Outcome, models []analytics.AttributionModel, weight *analytics.AttributionWeight,
	lookbackDays, halfLifeDays *float64, leadStage, opportunityStage *string) (analytics.AttributionOptions, error) {
	opt := analytics.AttributionOptions{Conversion: conversion, Models: models}
	if err := checkOutcome(ctx, "conversion", &opt.Conversion); err != nil {
		return opt, err
	}
	seen := map[analytics.AttributionModel]bool{}
	for i, m := range models {
		if seen[m] {
			return opt, journey.Invalid("models["+strconv.Itoa(i)+"]", "%s is listed twice", m)
		}
		seen[m] = true
	}
	if weight != nil {
		opt.Weight = *weight
	}
	var err error
	if opt.Lookback, err = days("lookbackDays", lookbackDays); err != nil {
		return opt, err
	}
	if opt.HalfLife, err = days("halfLifeDays", halfLifeDays); err != nil {
		return opt, err
	}
	for _, s := range []struct {
		field string
		arg   *string
		out   *string
	}{{"leadStage", leadStage, &opt.LeadStage}, {"opportunityStage", opportunityStage, &opt.OpportunityStage}} {
		if s.arg == nil {
			continue // the analytics defaults
		}
		if _, err := checkStage(ctx, s.field, *s.arg); err != nil {
			return opt, err
		}
		*s.out = *s.arg
	}
	return opt, nil
}

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

// touchpointTypeOf resolves a touchpoint type key that an analysis returned.
func touchpointTypeOf(ctx context.Context, key, of string) (*journey.TouchpointType, error) {
	typ, err := loaders.For(ctx).TouchpointTypeByKey(ctx, key)
	if err == nil && typ == nil {
		err = missing("touchpoint type", key, of)
	}
	return typ, err
}
