package resolvers

import (
	"context"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/loaders"
)

// Defaults and limits of the path, linkage and funnel arguments (the schema
// repeats them in its descriptions).
const (
	defaultVariants, maxVariants       = 10, 100
	defaultPathLength, maxPathLength   = 8, 50
	defaultAroundSteps, maxAroundSteps = 2, 10
	defaultLinks, maxLinks             = 50, 1000
	defaultNeighbours, maxNeighbours   = 10, 100
	maxWindowDays                      = 3650
	maxDays                            = 36500
	maxMinCount                        = 1<<31 - 1
)

// analysisArgs is the one validator of the analytics fields' arguments
// (paths, linkages, funnel, attribution, next best touchpoint, pathTo). It
// behaves the same for all of them, as the AnalysisScope description in
// schema/paths.graphqls tells clients: keys are trimmed; an unknown stage or
// touchpoint type is BAD_USER_INPUT with reason UNKNOWN_STAGE or
// UNKNOWN_TOUCHPOINT_TYPE; every problem is collected, so the client sees
// them all at once, each with its own extensions.field.
type analysisArgs struct {
	ctx  context.Context
	errs journey.Errors
}

// scope normalizes an optional scope; nil is every account journey.
func (a *analysisArgs) scope(in *journey.AnalysisScope) journey.AnalysisScope {
	var sc journey.AnalysisScope
	if in != nil {
		sc = *in
	}
	if err := sc.Normalize("scope"); err != nil {
		a.errs.Add(err)
		return sc
	}
	// An excluded type the catalog lacks is a typo that would exclude nothing.
	for i, k := range sc.ExcludeTypes {
		a.touchpointType("scope.excludeTypes["+strconv.Itoa(i)+"]", k)
	}
	return sc
}

// int returns v, def when nil, checking lo ≤ v ≤ hi.
func (a *analysisArgs) int(field string, v *int, def, lo, hi int) int {
	if v == nil {
		return def
	}
	if *v < lo || *v > hi {
		a.errs.Add(journey.Invalid(field, "must be between %d and %d", lo, hi))
	}
	return *v
}

func (a *analysisArgs) bool(v *bool, def bool) bool {
	if v == nil {
		return def
	}
	return *v
}

// days converts an optional positive number of days; nil gives 0.
func (a *analysisArgs) days(field string, v *float64) time.Duration {
	if v == nil {
		return 0
	}
	if !(*v > 0) || math.IsInf(*v, 0) || *v > maxDays {
		a.errs.Add(journey.Invalid(field, "must be a number of days above 0 and at most %d", maxDays))
		return 0
	}
	return time.Duration(*v * float64(24*time.Hour))
}

// optionalStage is stage for an argument that may be left out ("" then).
func (a *analysisArgs) optionalStage(field string, key *string) string {
	if key == nil {
		return ""
	}
	return a.stage(field, *key)
}

// distinct reports every entry of list that repeats an earlier one.
func distinct[T comparable](a *analysisArgs, field string, list []T) []T {
	for i, v := range list {
		if slices.Contains(list[:i], v) {
			a.errs.Add(journey.Invalid(field+"["+strconv.Itoa(i)+"]", "%v is listed twice", v))
		}
	}
	return list
}

// window turns conversionWindowDays into a duration; 0 is no window.
func (a *analysisArgs) window(days *int) time.Duration {
	if days == nil {
		return 0
	}
	return time.Duration(a.int("conversionWindowDays", days, 0, 1, maxWindowDays)) * 24 * time.Hour
}

// touchpointType trims key and checks that the catalog has it.
func (a *analysisArgs) touchpointType(field, key string) string {
	return a.catalogKey(field, key, journey.ReasonUnknownTouchpointType, "touchpoint type", func(k string) (bool, error) {
		t, err := loaders.For(a.ctx).TouchpointTypeByKey(a.ctx, k)
		return t != nil, err
	})
}

// stage trims key and checks that the catalog has it.
func (a *analysisArgs) stage(field, key string) string {
	return a.catalogKey(field, key, journey.ReasonUnknownStage, "stage", func(k string) (bool, error) {
		s, err := loaders.For(a.ctx).StageByKey(a.ctx, k)
		return s != nil, err
	})
}

func (a *analysisArgs) catalogKey(field, key string, unknown journey.Reason, what string, exists func(string) (bool, error)) string {
	key = journey.TrimID(key)
	if err := journey.ValidateKey(field, key); err != nil {
		a.errs.Add(err)
		return key
	}
	ok, err := exists(key)
	switch {
	case err != nil:
		a.errs.Add(err)
	case !ok:
		a.errs.Add(&journey.Error{Code: journey.CodeInvalidInput, Reason: unknown, Field: field, Message: "unknown " + what + " " + key})
	}
	return key
}

// outcome normalizes an optional outcome and checks its key; an outcome
// type the scope excludes could never be reached, so it is refused.
func (a *analysisArgs) outcome(field string, o *journey.Outcome, sc journey.AnalysisScope) *journey.Outcome {
	if o == nil {
		return nil
	}
	out := *o
	if err := out.Normalize(field); err != nil {
		a.errs.Add(err)
		return &out
	}
	if out.StageKey != "" {
		a.stage(field+".stage", out.StageKey)
		return &out
	}
	a.touchpointType(field+".touchpointType", out.TypeKey)
	if t, err := loaders.For(a.ctx).TouchpointTypeByKey(a.ctx, out.TypeKey); err == nil && t != nil && sc.Excludes(t.Key, t.Category) {
		a.errs.Add(journey.Invalid(field+".touchpointType", "is excluded by the scope, so no journey can reach it"))
	}
	return &out
}

// funnelStages checks the funnel's stage keys; none means every stage in
// designed order.
func (a *analysisArgs) funnelStages(keys []string) []string {
	if keys == nil {
		stages, err := loaders.For(a.ctx).Stages(a.ctx)
		if err != nil {
			a.errs.Add(err)
		}
		out := make([]string, len(stages))
		for i, s := range stages {
			out[i] = s.Key
		}
		return out
	}
	if len(keys) == 0 {
		a.errs.Add(journey.Invalid("stages", "give at least one stage, or leave it out for every stage"))
	}
	out := make([]string, len(keys))
	for i, k := range keys {
		field := "stages[" + strconv.Itoa(i) + "]"
		out[i] = a.stage(field, k)
		if slices.Contains(out[:i], out[i]) {
			a.errs.Add(journey.Invalid(field, "%s is already in the funnel", out[i]))
		}
	}
	return out
}

// err returns the collected problems, reported one GraphQL error each.
func (a *analysisArgs) err() error { return report(a.ctx, a.errs.OrNil()) }

// journeys reads the scope's journeys once the arguments are all valid.
func (a *analysisArgs) journeys(r *Resolver, sc journey.AnalysisScope) ([]journey.ObservedJourney, error) {
	if err := a.err(); err != nil {
		return nil, err
	}
	return r.observedJourneys(a.ctx, sc)
}

// typeNames maps every catalog touchpoint type key to its name.
func typeNames(ctx context.Context) (map[string]string, error) {
	return typeAttribute(ctx, func(t journey.TouchpointType) string { return t.Name })
}

// typeDepartments maps every catalog touchpoint type key to its owner's key.
func typeDepartments(ctx context.Context) (map[string]string, error) {
	return typeAttribute(ctx, func(t journey.TouchpointType) string { return t.DepartmentKey })
}

func typeAttribute(ctx context.Context, attr func(journey.TouchpointType) string) (map[string]string, error) {
	types, err := loaders.For(ctx).TouchpointTypes(ctx)
	out := make(map[string]string, len(types))
	for _, t := range types {
		out[t.Key] = attr(t)
	}
	return out, err
}

// pathFilter selects the touchpoints at or before an instant.
func pathFilter(reached time.Time) journey.JourneyFilter {
	to := reached.Add(time.Nanosecond)
	return journey.JourneyFilter{To: &to}
}
