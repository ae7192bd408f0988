package resolvers

import (
	"context"
	"fmt"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/loaders"
)

// Results and nested objects refer to other entities by key. lookup is the
// one way a resolver follows such a key: what to do when nothing has it is
// the caller's to say, never a silent nil behind a non-null field.

// lookup returns the entity load finds for key, or absent's error when it
// finds none.
func lookup[T any](ctx context.Context, load func(context.Context, string) (*T, error), key string, absent func() error) (*T, error) {
	v, err := load(ctx, key)
	if err == nil && v == nil {
		err = absent()
	}
	return v, err
}

// ref follows a reference the schema declares non-null. A dangling one is a
// broken graph: an internal error (logged, with of naming the referrer), not
// something the client did.
func ref[T any](ctx context.Context, load func(context.Context, string) (*T, error), what, key, of string) (*T, error) {
	return lookup(ctx, load, key, func() error { return fmt.Errorf("%s %q of %s not found", what, key, of) })
}

// typeRef follows a touchpoint type key, the reference analytics results hold most.
func typeRef(ctx context.Context, key, of string) (*journey.TouchpointType, error) {
	return ref(ctx, loaders.For(ctx).TouchpointTypeByKey, "touchpoint type", key, of)
}

// inScenario looks entities up in a what-if stack instead of the graph.
func inScenario[T any](find func(string) *T) func(context.Context, string) (*T, error) {
	return func(_ context.Context, key string) (*T, error) { return find(key), nil }
}
