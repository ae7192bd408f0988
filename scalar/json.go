package scalar

import (
	"github.com/99designs/gqlgen/graphql"

	"github.com/journeygraph/journeygraph/journey"
)

// MarshalJSONObject writes a JSON object.
func MarshalJSONObject(m map[string]any) graphql.Marshaler { return graphql.MarshalMap(m) }

// UnmarshalJSONObject reads a JSON object; any other JSON value is refused.
func UnmarshalJSONObject(v any) (map[string]any, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, journey.Invalid("", "a JSON value here must be an object, got %s", kind(v))
	}
	return m, nil
}
