package store

import (
	"context"

	"github.com/journeygraph/journeygraph/journey"
)

// Catalog is the reference data: departments, channels, stages, the
// touchpoint catalog, vendors and technologies.
type Catalog struct {
	Departments     []journey.Department
	Channels        []journey.Channel
	Stages          []journey.Stage
	TouchpointTypes []journey.TouchpointType
	Vendors         []journey.Vendor
	Technologies    []journey.Technology
}

// LoadCatalog writes the catalog in one transaction. It is idempotent: keys
// are merged, attributes set to the given values, and relationships that the
// catalog no longer states (a type moved to another channel) are removed.
func (s *Store) LoadCatalog(ctx context.Context, c Catalog) error {
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
		technologies[i] = map[string]any{"key": t.Key, "name": t.Name, "category": t.Category, "vendor": t.VendorKey, "captures": t.CaptureKeys}
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
		}
		for _, step := range steps {
			if _, err := r.run(step.query, map[string]any{"rows": step.rows}); err != nil {
				return err
			}
		}
		_, err := r.run("catalog_stage_order", nil)
		return err
	})
}
