package store

import (
	"fmt"
	"slices"
	"time"
)

// Conversions from the driver's property values to domain fields. They keep
// driver types from leaking above this package.

func setIf[T any](props map[string]any, key string, v *T) {
	if v != nil {
		props[key] = *v
	}
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func optStr(v any) *string {
	if s, ok := v.(string); ok {
		return &s
	}
	return nil
}

// optEnum converts an optional string property to a domain enum.
func optEnum[T ~string](v any) *T {
	if s, ok := v.(string); ok {
		e := T(s)
		return &e
	}
	return nil
}

func optFloat(v any) *float64 {
	switch n := v.(type) {
	case float64:
		return &n
	case int64:
		f := float64(n)
		return &f
	}
	return nil
}

func timeOf(v any) time.Time {
	if t, ok := v.(time.Time); ok {
		return t.UTC()
	}
	return time.Time{}
}

func sortedUnique(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

func boolOf(v any) bool {
	b, _ := v.(bool)
	return b
}

func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// columns builds parallel parameter lists, one per name, for queries that
// UNWIND range(0, size($ids) - 1) instead of a list of maps (see
// merge_touchpoints.cypher for why).
type columns struct {
	names []string
	lists [][]any
}

func newColumns(names ...string) *columns {
	return &columns{names: names, lists: make([][]any, len(names))}
}

func (c *columns) add(values ...any) {
	if len(values) != len(c.names) {
		panic(fmt.Sprintf("store: %d values for %d columns", len(values), len(c.names)))
	}
	for i, v := range values {
		c.lists[i] = append(c.lists[i], v)
	}
}

// params returns the columns as query parameters, plus extra.
func (c *columns) params(extra map[string]any) map[string]any {
	p := make(map[string]any, len(c.names)+len(extra))
	for i, name := range c.names {
		if c.lists[i] == nil {
			c.lists[i] = []any{}
		}
		p[name] = c.lists[i]
	}
	for k, v := range extra {
		p[k] = v
	}
	return p
}
