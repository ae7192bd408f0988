package resolvers

import (
	"context"
	"slices"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/loaders"
)

// Blueprint queries read one snapshot of the design (store.Blueprint, one
// read transaction) and leave the analysis to package blueprint.

const (
	defaultPerceptionGaps = 10
	maxPerceptionGaps     = 100
)

// volumes counts observed touchpoints per type: from the type nodes' degrees
// for all time, from the (type, source, occurredAt) index for a window.
func (r *Resolver) volumes(ctx context.Context, bp *journey.Blueprint, window *journey.ObservationWindow) (map[string]int, error) {
	if window == nil || (window.From == nil && window.To == nil) {
		return r.Store.TypeVolumes(ctx)
	}
	seen, err := r.Store.ObservedSources(ctx, typeKeys(bp), window, func(string, string) bool { return true })
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, v := range seen {
		out[v.TypeKey] += v.Touchpoints
	}
	return out, nil
}

func typeKeys(bp *journey.Blueprint) []string {
	keys := make([]string, len(bp.Types))
	for i, d := range bp.Types {
		keys[i] = d.Type.Key
	}
	return keys
}

// technologyAfterEdit returns the technology as stored after a blueprint edit.
func (r *Resolver) technologyAfterEdit(ctx context.Context, key string) (*journey.Technology, error) {
	techs, err := r.Store.Technologies(ctx)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(techs, func(t journey.Technology) bool { return t.Key == key })
	if i < 0 {
		return nil, journey.NotFound("technology", "no technology has key %q", key)
	}
	return &techs[i], nil
}

// stageAfterEdit returns a stage's design as stored after an edit.
func (r *Resolver) stageAfterEdit(ctx context.Context, key string) (*journey.StageDesign, error) {
	return afterEdit(ctx, r, key, "stage", (*journey.Blueprint).Stage)
}

// touchpointAfterEdit returns a touchpoint type's design as stored after an edit.
func (r *Resolver) touchpointAfterEdit(ctx context.Context, key string) (*journey.TouchpointDesign, error) {
	return afterEdit(ctx, r, key, "touchpoint type", (*journey.Blueprint).Type)
}

// afterEdit reads the blueprint back after an edit and picks one part of it.
func afterEdit[T any](ctx context.Context, r *Resolver, key, what string, pick func(*journey.Blueprint, string) *T) (*T, error) {
	bp, err := r.Store.Blueprint(ctx)
	if err != nil {
		return nil, err
	}
	if part := pick(&bp, key); part != nil {
		return part, nil
	}
	return nil, journey.NotFound("", "no %s has key %q", what, key)
}

// technologyIntegrations returns the flows from technology key, in the
// what-if stack scenario or, if nil, in the graph.
func technologyIntegrations(ctx context.Context, scenario *journey.Blueprint, key string) ([]*journey.Integration, error) {
	if scenario == nil {
		return loaders.For(ctx).IntegrationsWhere(ctx, func(in journey.Integration) bool { return in.FromKey == key })
	}
	out := []*journey.Integration{}
	for i := range scenario.Integrations {
		if scenario.Integrations[i].FromKey == key {
			out = append(out, &scenario.Integrations[i])
		}
	}
	return out, nil
}

// technologyRef follows a technology key of an integration: in its what-if
// stack scenario or, if nil, in the graph.
func technologyRef(ctx context.Context, scenario *journey.Blueprint, key, of string) (*journey.Technology, error) {
	load := loaders.For(ctx).TechnologyByKey
	if scenario != nil {
		load = inScenario(scenario.Technology)
	}
	return ref(ctx, load, "technology", key, of)
}

// scenarioTechnologies returns the technologies of vendor in a what-if
// stack, by name like the stack itself.
func scenarioTechnologies(scenario *journey.Blueprint, vendor string) []*journey.Technology {
	out := []*journey.Technology{}
	for _, t := range scenario.Technologies {
		if t.VendorKey == vendor {
			out = append(out, t)
		}
	}
	return out
}
