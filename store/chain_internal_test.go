package store

import (
	"slices"
	"testing"
)

// chainDiff writes only what changes: worked out by hand per case, with
// links given as [element id, target id] per touchpoint.
func TestChainDiff(t *testing.T) {
	link := func(rel, to string) []any { return []any{rel, to} }
	cases := []struct {
		name             string
		ids              []any
		links            []any
		stale, from, tos []string
	}{
		{name: "new chain", ids: []any{"a", "b", "c"}, links: []any{[]any{}, []any{}, []any{}},
			from: []string{"a", "b"}, tos: []string{"b", "c"}},
		{name: "late event between a and c", ids: []any{"a", "b", "c", "d"},
			links: []any{[]any{link("r1", "c")}, []any{}, []any{link("r2", "d")}, []any{}},
			stale: []string{"r1"}, from: []string{"a", "b"}, tos: []string{"b", "c"}},
		{name: "already chained (replay)", ids: []any{"a", "b"},
			links: []any{[]any{link("r1", "b")}, []any{}}},
		{name: "a stray link from the last and a duplicate", ids: []any{"a", "b"},
			links: []any{[]any{link("r1", "b"), link("r2", "b")}, []any{link("r3", "x")}},
			stale: []string{"r2", "r3"}},
		{name: "single touchpoint", ids: []any{"a"}, links: []any{[]any{}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stale, from, tos := chainDiff(c.ids, c.links)
			if !slices.Equal(stale, c.stale) || !slices.Equal(from, c.from) || !slices.Equal(tos, c.tos) {
				t.Errorf("chainDiff = stale %v, create %v -> %v; want stale %v, create %v -> %v", stale, from, tos, c.stale, c.from, c.tos)
			}
		})
	}
}
