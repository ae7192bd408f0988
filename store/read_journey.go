package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/journeygraph/journeygraph/journey"
)

// TouchpointsByID returns the touchpoints with the given ids, in no
// particular order; unknown ids are simply absent.
func (s *Store) TouchpointsByID(ctx context.Context, ids []string) ([]journey.Touchpoint, error) {
	return readByID(ctx, s, "touchpoints_by_id", "touchpoint", ids, touchpointFromMap)
}

// JourneysByAccount returns one journey page for each account of a batch,
// keyed by account id: its touchpoints matching q.Filter in (occurredAt, id)
// order, q.First of them after q.After, with the total when q.WithTotal.
func (s *Store) JourneysByAccount(ctx context.Context, accountIDs []string, q journey.JourneyQuery) (map[string]*journey.Page[journey.Touchpoint], error) {
	return s.journeys(ctx, "journey_by_account", "journey_counts_by_account", accountIDs, q)
}

// JourneysByContact is JourneysByAccount for contacts' own touchpoints.
func (s *Store) JourneysByContact(ctx context.Context, contactIDs []string, q journey.JourneyQuery) (map[string]*journey.Page[journey.Touchpoint], error) {
	return s.journeys(ctx, "journey_by_contact", "journey_counts_by_contact", contactIDs, q)
}

// journeys runs a journey page query (and its count query when q.WithTotal).
// The two query files differ only in the indexed property they seek on.
func (s *Store) journeys(ctx context.Context, pageQuery, countQuery string, ids []string, q journey.JourneyQuery) (map[string]*journey.Page[journey.Touchpoint], error) {
	params := journeyFilterParams(ids, q.Filter)
	params["desc"] = q.Desc
	params["limit"] = q.First + 1
	params["afterId"], params["afterAt"] = nil, nil
	if c := q.After; c != nil && c.T != nil {
		params["afterId"], params["afterAt"] = c.ID, *c.T
	}
	res, err := s.read(ctx, pageQuery, params)
	if err != nil {
		return nil, err
	}
	out := pagesByParent(res, "id", "touchpoints", q.First, touchpointFromMap)
	if q.WithTotal {
		res, err := s.read(ctx, countQuery, journeyFilterParams(ids, q.Filter))
		if err != nil {
			return nil, err
		}
		counts := countsByID(res.Records, "id")
		for id, page := range out {
			n := counts[id]
			page.Total = &n
		}
	}
	return out, nil
}

func journeyFilterParams(ids []string, f journey.JourneyFilter) map[string]any {
	from, to := minTime, maxTime
	if f.From != nil {
		from = f.From.UTC()
	}
	if f.To != nil {
		to = f.To.UTC()
	}
	return map[string]any{
		"ids":        ids,
		"from":       from,
		"to":         to,
		"categories": listParam(f.Categories),
		"types":      listParam(f.Types),
	}
}

// countsByID reads rows of (idColumn, n) into a map.
func countsByID(records []*neo4j.Record, idColumn string) map[string]int {
	out := make(map[string]int, len(records))
	for _, rec := range records {
		id, _ := rec.Get(idColumn)
		n, _ := rec.Get("n")
		out[str(id)] = integer(n)
	}
	return out
}
