package store

import (
	"context"

	"github.com/journeygraph/journeygraph/journey"
)

// TouchpointTypes returns the touchpoint catalog in display order (category
// in journey.Categories order, then name), narrowed to category and phase
// when they are given.
func (s *Store) TouchpointTypes(ctx context.Context, category *journey.Category, phase *journey.Phase) ([]journey.TouchpointType, error) {
	rank := make(map[string]any, len(journey.Categories))
	for i, c := range journey.Categories {
		rank[string(c)] = i
	}
	res, err := s.read(ctx, "touchpoint_types", map[string]any{
		"category": optParam(category), "phase": optParam(phase), "rank": rank,
	})
	if err != nil {
		return nil, err
	}
	out := make([]journey.TouchpointType, 0, len(res.Records))
	for _, rec := range res.Records {
		m, _ := rec.Get("type")
		out = append(out, touchpointTypeFromMap(mapOf(m)))
	}
	return out, nil
}

// Departments returns every department by name.
func (s *Store) Departments(ctx context.Context) ([]journey.Department, error) {
	rows, err := s.keyNames(ctx, "departments", "department")
	out := make([]journey.Department, len(rows))
	for i, r := range rows {
		out[i] = journey.Department{Key: r[0], Name: r[1]}
	}
	return out, err
}

// Channels returns every channel by name.
func (s *Store) Channels(ctx context.Context) ([]journey.Channel, error) {
	rows, err := s.keyNames(ctx, "channels", "channel")
	out := make([]journey.Channel, len(rows))
	for i, r := range rows {
		out[i] = journey.Channel{Key: r[0], Name: r[1]}
	}
	return out, err
}

// Vendors returns every vendor by name.
func (s *Store) Vendors(ctx context.Context) ([]journey.Vendor, error) {
	rows, err := s.keyNames(ctx, "vendors", "vendor")
	out := make([]journey.Vendor, len(rows))
	for i, r := range rows {
		out[i] = journey.Vendor{Key: r[0], Name: r[1]}
	}
	return out, err
}

// keyNames runs a query returning one {key, name} map per row in column.
func (s *Store) keyNames(ctx context.Context, query, column string) ([][2]string, error) {
	res, err := s.read(ctx, query, nil)
	if err != nil {
		return nil, err
	}
	out := make([][2]string, 0, len(res.Records))
	for _, rec := range res.Records {
		v, _ := rec.Get(column)
		m := mapOf(v)
		out = append(out, [2]string{str(m["key"]), str(m["name"])})
	}
	return out, nil
}

// Technologies returns every technology by name, with its vendor's key and
// the keys of the touchpoint types it captures, the stages it is used at and
// the data fields it stores.
func (s *Store) Technologies(ctx context.Context) ([]journey.Technology, error) {
	return readAll(ctx, s, "technologies", "technology", nil, technologyFromMap)
}
