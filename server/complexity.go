package server

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/99designs/gqlgen/graphql"
)

// connectionCost makes every connection field cost what it can return:
// 1 + first × the complexity of its children, with first taken from the
// request (or the argument's default). It recognises connections from the
// schema — a field whose type is named …Connection and that takes `first` —
// so connection fields added later are costed without a list to maintain.
type connectionCost struct{ graphql.ExecutableSchema }

func (c connectionCost) Complexity(ctx context.Context, typeName, field string, child int, args map[string]any) (int, bool) {
	if n, ok := c.ExecutableSchema.Complexity(ctx, typeName, field, child, args); ok {
		return n, ok
	}
	def := c.Schema().Types[typeName]
	if def == nil {
		return 0, false
	}
	f := def.Fields.ForName(field)
	if f == nil || !strings.HasSuffix(f.Type.Name(), "Connection") || f.Arguments.ForName("first") == nil {
		return 0, false
	}
	first, ok := asInt(args["first"])
	if !ok || first < 1 {
		first = 1 // refused later by the page-size check; cost it as one
	}
	const ceiling = 1 << 30
	if child > 0 && first > ceiling/child {
		return ceiling, true
	}
	return 1 + first*child, true
}

func asInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		if n > 1<<30 {
			return 1 << 30, true
		}
		return int(n), true
	case float64:
		return int(min(n, 1<<30)), true
	case json.Number:
		i, err := n.Int64()
		if err != nil {
			return 0, false
		}
		return asInt(i)
	}
	return 0, false
}
