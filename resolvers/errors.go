package resolvers

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/journeygraph/journeygraph/journey"
)

// report returns err for the resolver to return, after adding every error but
// the last of a journey.Errors to the response: a rejected batch lists each bad
// item as its own GraphQL error with its own extensions.field.
func report(ctx context.Context, err error) error {
	var many journey.Errors
	if !errors.As(err, &many) || len(many) == 0 {
		return err
	}
	for _, e := range many[:len(many)-1] {
		graphql.AddError(ctx, e)
	}
	return many[len(many)-1]
}

// normalizeTouchpoints validates a batch and reports every bad item at once.
func normalizeTouchpoints(inputs []*journey.TouchpointInput, now time.Time) ([]journey.TouchpointInput, error) {
	var problems journey.Errors
	batch := make([]journey.TouchpointInput, len(inputs))
	for i, in := range inputs {
		batch[i] = *in
		var e *journey.Error
		if err := batch[i].Normalize(fmt.Sprintf("inputs[%d]", i), now); errors.As(err, &e) {
			problems = append(problems, e)
		} else if err != nil {
			return nil, err
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return batch, nil
}
