package store

import (
	"context"

	"github.com/journeygraph/journeygraph/journey"
)

// TouchpointTypes returns the touchpoint catalog in display order (category
// in journey.Categories order, then name), narrowed to category and phase
// when they are given.
//
// The store keeps the catalog it last read with the catalog's version token
// (catalog_version_bump.cypher), and each call asks Neo4j, in one query,
// for the token and for the catalog only if the token differs from the one
// held. Every catalog load and blueprint edit of a type sets a new token in
// its own transaction, so a call never returns a catalog older than the
// last such edit committed before it, whichever replica made the edit. (An
// edit by hand in Cypher must set a new token too; while the database has no
// token, nothing is kept and every call reads the catalog.)
func (s *Store) TouchpointTypes(ctx context.Context, category *journey.Category, phase *journey.Phase) ([]journey.TouchpointType, error) {
	all, err := s.touchpointCatalog(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]journey.TouchpointType, 0, len(all))
	for _, t := range all {
		if (category == nil || t.Category == *category) && (phase == nil || t.Phase == *phase) {
			out = append(out, t)
		}
	}
	return out, nil
}

// catalogCopy is a catalog as read at one version token.
type catalogCopy struct {
	token string
	types []journey.TouchpointType
}

func (s *Store) touchpointCatalog(ctx context.Context) ([]journey.TouchpointType, error) {
	held := s.catalog.Load()
	known := ""
	if held != nil {
		known = held.token
	}
	res, err := s.read(ctx, "touchpoint_types", map[string]any{"known": known, "rank": categoryRank})
	if err != nil {
		return nil, err
	}
	version, _ := res.Records[0].Get("version")
	token, versioned := version.(string)
	if versioned && held != nil && token == held.token {
		return held.types, nil
	}
	rows, _ := res.Records[0].Get("types")
	types := make([]journey.TouchpointType, 0, len(listOf(rows)))
	for _, m := range listOf(rows) {
		types = append(types, touchpointTypeFromMap(mapOf(m)))
	}
	if versioned {
		s.catalog.Store(&catalogCopy{token: token, types: types})
	}
	return types, nil
}

// categoryRank maps each category to its display position.
var categoryRank = func() map[string]any {
	rank := make(map[string]any, len(journey.Categories))
	for i, c := range journey.Categories {
		rank[string(c)] = i
	}
	return rank
}()

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
