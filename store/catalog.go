package store

import (
	"context"

	"github.com/journeygraph/journeygraph/journey"
)

// LoadCatalog writes the catalog in one transaction. It is idempotent: keys
// are merged, attributes set to the given values, and relationships that the
// catalog no longer states (a type moved to another channel) are removed.
func (s *Store) LoadCatalog(ctx context.Context, c journey.Catalog) error {
	departments := make([]map[string]any, len(c.Departments))
	for i, d := range c.Departments {
		departments[i] = map[string]any{"key": d.Key, "name": d.Name}
	}
	channels := make([]map[string]any, len(c.Channels))
	for i, ch := range c.Channels {
		channels[i] = map[string]any{"key": ch.Key, "name": ch.Name}
	}
	stages := make([]map[string]any, len(c.Stages))
	for i, st := range c.Stages {
		stages[i] = map[string]any{"key": st.Key, "name": st.Name, "order": st.Order, "description": st.Description}
	}
	types := make([]map[string]any, len(c.TouchpointTypes))
	for i, t := range c.TouchpointTypes {
		types[i] = map[string]any{"key": t.Key, "name": t.Name, "category": string(t.Category), "phase": string(t.Phase),
			"sourceSystem": string(t.SourceSystem), "core40": t.Core40, "description": t.Description,
			"channel": t.ChannelKey, "department": t.DepartmentKey}
	}
	vendors := make([]map[string]any, len(c.Vendors))
	for i, v := range c.Vendors {
		vendors[i] = map[string]any{"key": v.Key, "name": v.Name}
	}
	technologies := make([]map[string]any, len(c.Technologies))
	for i, t := range c.Technologies {
		technologies[i] = map[string]any{"key": t.Key, "name": t.Name, "category": string(t.Category), "vendor": t.VendorKey,
			"captures": t.CaptureKeys, "stages": nonNil(t.StageKeys), "fields": nonNil(t.FieldKeys), "systemOfRecord": t.SystemOfRecord}
	}
	fields := make([]map[string]any, len(c.DataFields))
	for i, f := range c.DataFields {
		fields[i] = map[string]any{"key": f.Key, "name": f.Name, "description": optParam(f.Description)}
	}
	designs := make([]map[string]any, len(c.TouchpointDesigns))
	for i, d := range c.TouchpointDesigns {
		created := make([]map[string]any, 0, len(d.DataFields))
		for _, f := range d.DataFields {
			created = append(created, map[string]any{"field": f.Field, "asked": f.AskedOfCustomer})
		}
		designs[i] = map[string]any{"type": d.TouchpointType, "team": optParam(d.Team), "region": optParam(d.Region),
			"importanceInternal": optParam(d.ImportanceInternal), "importanceCustomer": optParam(d.ImportanceCustomer),
			"performanceInternal": optParam(d.PerformanceInternal), "performanceCustomer": optParam(d.PerformanceCustomer),
			"fields": created}
	}
	stageDesigns := make([]map[string]any, len(c.StageDesigns))
	for i, d := range c.StageDesigns {
		expected := make([]map[string]any, len(d.Expected))
		for j, k := range d.Expected {
			var mot any
			if text, ok := d.MomentsOfTruth[k]; ok {
				mot = text
			}
			expected[j] = map[string]any{"type": k, "momentOfTruth": mot}
		}
		stageDesigns[i] = map[string]any{"stage": d.Stage, "doing": optParam(d.Doing), "feeling": optParam(d.Feeling),
			"wanting": optParam(d.Wanting), "desiredEmotion": optParam(d.DesiredEmotion), "observedEmotion": optParam(d.ObservedEmotion),
			"painPoints": nonNil(d.PainPoints), "expected": expected, "mayMoveTo": nonNil(d.MayMoveTo)}
	}
	integrations := make([]map[string]any, len(c.Integrations))
	for i, in := range c.Integrations {
		integrations[i] = map[string]any{"from": in.FromKey, "to": in.ToKey, "fields": in.FieldKeys}
	}
	return s.writeTx(ctx, "load_catalog", func(r *txRunner) error {
		steps := []struct {
			query string
			rows  []map[string]any
		}{
			{"catalog_departments", departments},
			{"catalog_channels", channels},
			{"catalog_stages", stages},
			{"catalog_touchpoint_types", types},
			{"catalog_vendors", vendors},
			{"catalog_technologies", technologies},
			{"catalog_data_fields", fields},
			{"catalog_technology_design", technologies},
			{"catalog_touchpoint_design", designs},
			{"catalog_stage_design", stageDesigns},
			{"catalog_integrations", integrations},
		}
		for _, step := range steps {
			if _, err := r.run(step.query, map[string]any{"rows": step.rows}); err != nil {
				return err
			}
		}
		if _, err := r.run("catalog_stage_order", nil); err != nil {
			return err
		}
		_, err := r.run("catalog_version_bump", nil)
		return err
	})
}
