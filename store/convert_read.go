package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/journeygraph/journeygraph/journey"
)

// Parameter and row conversions for the read queries.

// listParam passes a filter list: nil (no criterion) stays null, an empty list
// stays empty (matches nothing).
func listParam[T ~string](xs []T) any {
	if xs == nil {
		return nil
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// optParam passes an optional value: nil becomes null.
func optParam[T any](v *T) any {
	if v == nil {
		return nil
	}
	return *v
}

// Bounds of a journey's time range when the filter leaves them open: always
// passing both keeps the (accountId, occurredAt) index seek a bounded range.
var (
	minTime = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
)

func integer(v any) int {
	switch n := v.(type) {
	case int64:
		return int(n)
	case float64:
		return int(n)
	}
	return 0
}

func optStrList(v any) []string {
	xs, _ := v.([]any)
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// readByID runs a batch lookup query that returns one map column per found
// entity and converts each row; unknown ids are simply absent.
func readByID[T any](ctx context.Context, s *Store, query, column string, ids []string, convert func(map[string]any) T) ([]T, error) {
	return readAll(ctx, s, query, column, map[string]any{"ids": ids}, convert)
}

// readAll runs a query that returns one map column per row and converts each row.
func readAll[T any](ctx context.Context, s *Store, query, column string, params map[string]any, convert func(map[string]any) T) ([]T, error) {
	res, err := s.read(ctx, query, params)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(res.Records))
	for _, rec := range res.Records {
		m, _ := rec.Get(column)
		out = append(out, convert(mapOf(m)))
	}
	return out, nil
}

// pageOf converts the rows of a keyset page query, which asks for first+1
// rows: the extra row only says that a next page exists.
// pagesByParent reads one page per record of a batched page query: the
// parent's id in column idKey, its rows (q.First + 1 at most) in listKey.
func pagesByParent[T any](res *neo4j.EagerResult, idKey, listKey string, first int, convert func(map[string]any) T) map[string]*journey.Page[T] {
	out := make(map[string]*journey.Page[T], len(res.Records))
	for _, rec := range res.Records {
		id, _ := rec.Get(idKey)
		list, _ := rec.Get(listKey)
		rows, _ := list.([]any)
		page := pageOf(rows, first, convert)
		out[str(id)] = &page
	}
	return out
}

func pageOf[T any](rows []any, first int, convert func(map[string]any) T) journey.Page[T] {
	return pageOfRows(rows, first, func(row any) T { return convert(mapOf(row)) })
}

// pageOfRows is pageOf for rows of any shape.
func pageOfRows[T any](rows []any, first int, convert func(any) T) journey.Page[T] {
	page := journey.Page[T]{Items: make([]T, 0, len(rows))}
	for _, row := range rows {
		page.Items = append(page.Items, convert(row))
	}
	if len(page.Items) > first {
		page.Items, page.HasNext = page.Items[:first], true
	}
	return page
}

// column returns one column of every record.
func column(res *neo4j.EagerResult, name string) []any {
	out := make([]any, len(res.Records))
	for i, rec := range res.Records {
		out[i], _ = rec.Get(name)
	}
	return out
}

func mapOf(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func contactFromMap(m map[string]any) journey.Contact {
	c := journey.Contact{
		ID:        str(m["id"]),
		Email:     str(m["email"]),
		FirstName: optStr(m["firstName"]),
		LastName:  optStr(m["lastName"]),
		Title:     optStr(m["title"]),
		AccountID: optStr(m["accountId"]),
		Role:      optEnum[journey.BuyingRole](m["role"]),
		CreatedAt: timeOf(m["createdAt"]),
		UpdatedAt: timeOf(m["updatedAt"]),
	}
	return c
}

func touchpointFromMap(m map[string]any) journey.Touchpoint {
	t := journey.Touchpoint{
		ID:         str(m["id"]),
		Source:     str(m["source"]),
		ExternalID: str(m["externalId"]),
		TypeKey:    str(m["type"]),
		Category:   journey.Category(str(m["category"])),
		OccurredAt: timeOf(m["occurredAt"]),
		AccountID:  str(m["accountId"]),
		ContactID:  optStr(m["contactId"]),
		Value:      optFloat(m["value"]),
		Sentiment:  optFloat(m["sentiment"]),
		RecordedAt: timeOf(m["recordedAt"]),
	}
	// attributes is JSON text written by the ingestion; text that is not a
	// JSON object is left out rather than failing the whole read.
	if s, ok := m["attributes"].(string); ok && s != "" {
		var attrs map[string]any
		if json.Unmarshal([]byte(s), &attrs) == nil {
			t.Attributes = attrs
		}
	}
	return t
}

func stageFromMap(m map[string]any) journey.Stage {
	return journey.Stage{Key: str(m["key"]), Name: str(m["name"]), Order: integer(m["order"]), Description: str(m["description"])}
}

func transitionFromMap(accountID string, m map[string]any) journey.StageTransition {
	return journey.StageTransition{
		ID:            str(m["id"]),
		AccountID:     accountID,
		ToStageKey:    str(m["toStage"]),
		FromStageKey:  optStr(m["fromStage"]),
		At:            timeOf(m["at"]),
		Source:        optStr(m["source"]),
		TriggeredByID: optStr(m["triggeredBy"]),
	}
}

func touchpointTypeFromMap(m map[string]any) journey.TouchpointType {
	core40, _ := m["core40"].(bool)
	return journey.TouchpointType{
		Key:           str(m["key"]),
		Name:          str(m["name"]),
		Category:      journey.Category(str(m["category"])),
		Phase:         journey.Phase(str(m["phase"])),
		SourceSystem:  journey.SourceSystem(str(m["sourceSystem"])),
		ChannelKey:    str(m["channelKey"]),
		DepartmentKey: str(m["departmentKey"]),
		Core40:        core40,
		Description:   str(m["description"]),
	}
}
