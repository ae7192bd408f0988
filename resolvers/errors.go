package resolvers

import (
	"context"
	"errors"

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

// normalizeTouchpoints validates a batch. When items fail the checks that
// need no database, the others are still checked against the graph, so every
// bad item is reported at once, in batch order.
func (r *Resolver) normalizeTouchpoints(ctx context.Context, inputs []*journey.TouchpointInput) ([]journey.TouchpointInput, error) {
	var problems journey.Errors
	batch := make([]journey.TouchpointInput, len(inputs))
	var valid []journey.TouchpointInput
	var validAt []int                // position in the batch of each valid input
	firstRefused := map[string]int{} // touchpoint id -> first refused item with it
	for i, in := range inputs {
		batch[i] = *in
		var e *journey.Error
		if err := batch[i].Normalize("", r.now()); errors.As(err, &e) {
			problems = append(problems, e.AtItem(i))
			if _, seen := firstRefused[batch[i].ID()]; !seen {
				firstRefused[batch[i].ID()] = i
			}
		} else if err != nil {
			return nil, err
		} else {
			valid, validAt = append(valid, batch[i]), append(validAt, i)
		}
	}
	if len(problems) == 0 {
		return batch, nil
	}
	// A valid item whose id a refused item used earlier with other content
	// is a conflicting duplicate too, though the store never sees its twin.
	for k, in := range valid {
		if j, ok := firstRefused[in.ID()]; ok && j < validAt[k] && !journey.SameTouchpoint(batch[j], in) {
			problems = append(problems, journey.ConflictingDuplicate(validAt[k], in.ID()))
		}
	}
	more, err := r.Store.CheckTouchpoints(ctx, valid)
	if err != nil {
		return nil, err
	}
	for _, e := range more {
		e.AtItem(validAt[*e.Item])
	}
	problems = append(problems, more...)
	problems.SortByItem()
	return nil, problems
}
