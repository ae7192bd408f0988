package server

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/journeygraph/journeygraph/journey"
)

// journeyScanCost is the price of one field that reads every journey (or
// every observed touchpoint) in its scope, on top of its selection. Its work
// grows with the data, not with the request, and is far larger than any
// page: at this price the default limit (20,000) admits at most nine such
// fields in one request, and 20 aliased copies of one are refused.
const journeyScanCost = 2000

// journeyScanFields are the Query fields priced at journeyScanCost: every
// analytics field over an AnalysisScope and the blueprint fields that read
// observations in an ObservationWindow. A test fails when a Query field
// taking either argument type is missing here.
var journeyScanFields = map[string]bool{
	// Observed-journey analytics (scope: AnalysisScope).
	"pathVariants": true, "pathsAround": true, "linkages": true, "departmentHandoffs": true,
	"touchpointNeighbours": true, "funnel": true, "attribution": true, "nextBestTouchpoints": true,
	// Blueprint against observations (window: ObservationWindow).
	"journeyMap": true, "coverageGaps": true, "whatIf": true, "conformance": true,
}

// connectionCost prices what resolvers cost: journey scans (above) and
// connections. It makes every connection field cost what it can return:
// 1 + first × the complexity of its children, with first taken from the
// request (or the argument's default, also when the request sends null). It recognises connections from the
// schema — a field whose type is named …Connection and that takes `first` —
// so connection fields added later are costed without a list to maintain.
type connectionCost struct{ graphql.ExecutableSchema }

func (c connectionCost) Complexity(ctx context.Context, typeName, field string, child int, args map[string]any) (int, bool) {
	if n, ok := c.ExecutableSchema.Complexity(ctx, typeName, field, child, args); ok {
		return n, ok
	}
	if typeName == "Query" && journeyScanFields[field] {
		return journeyScanCost + child, true
	}
	def := c.Schema().Types[typeName]
	if def == nil {
		return 0, false
	}
	f := def.Fields.ForName(field)
	if f == nil || !strings.HasSuffix(f.Type.Name(), "Connection") || f.Arguments.ForName("first") == nil {
		return 0, false
	}
	var first int
	if v, given := args["first"]; given && v != nil {
		n, ok := asInt(v)
		if !ok || n < 1 {
			n = 1 // refused later by the page-size check; cost it as one
		}
		first = n
	} else {
		// An explicit null serves the default page, as an absent argument
		// does: cost it as that page, or it would cost one.
		first = defaultFirst(f)
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

// defaultFirst is the page a connection serves without `first`: its schema
// default (every connection declares one; a test checks it), else the
// largest page any connection serves.
func defaultFirst(f *ast.FieldDefinition) int {
	if d := f.Arguments.ForName("first").DefaultValue; d != nil && d.Kind == ast.IntValue {
		if n, err := strconv.Atoi(d.Raw); err == nil && n > 0 {
			return n
		}
	}
	return journey.MaxJourneyPage
}
