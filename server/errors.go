package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/journeygraph/journeygraph/journey"
)

// presenter is the one place where errors become GraphQL errors. Domain errors
// keep their message and get extensions.code (and extensions.field for input
// errors); anything unexpected is logged once, with the request id, and
// returned as a generic INTERNAL error so no driver text or Cypher leaks.
type presenter struct {
	logger *slog.Logger
}

func (p presenter) present(ctx context.Context, err error) *gqlerror.Error {
	var gqlErr *gqlerror.Error
	if errors.As(err, &gqlErr) && gqlErr.Err == nil {
		// Built by gqlgen itself (parse, validation, argument coercion): safe as is.
		return gqlErr
	}
	out := &gqlerror.Error{Path: graphql.GetPath(ctx)}
	if gqlErr != nil {
		out.Path, out.Locations = gqlErr.Path, gqlErr.Locations
	}

	var domainErr *journey.Error
	if !errors.As(err, &domainErr) {
		if gqlErr != nil && gqlErr.Extensions["code"] != nil {
			return gqlErr // gqlgen's own coded error wrapping a parse failure
		}
		domainErr = &journey.Error{Code: journey.CodeInternal, Message: "internal error", Err: err}
	}
	out.Message = domainErr.Message
	out.Extensions = map[string]any{"code": string(domainErr.Code)}
	field := domainErr.Field
	if domainErr.Item != nil {
		field = domainErr.ItemField(listArgument(ctx))
	}
	if field == "" && gqlErr != nil {
		// A custom scalar refused an argument value: gqlgen puts the argument
		// path after the field's path; report it as the field, like every
		// other input error, and keep the path a response path.
		if resp := graphql.GetPath(ctx); len(gqlErr.Path) > len(resp) && slices.Equal(gqlErr.Path[:len(resp)], resp) {
			var b strings.Builder
			for _, el := range gqlErr.Path[len(resp):] {
				switch el := el.(type) {
				case ast.PathIndex: // inputs[3], as the resolvers name batch items
					fmt.Fprintf(&b, "[%d]", int(el))
				default:
					if b.Len() > 0 {
						b.WriteByte('.')
					}
					fmt.Fprint(&b, el)
				}
			}
			field, out.Path = b.String(), resp
		}
	}
	if field != "" {
		out.Extensions["field"] = field
	}
	if domainErr.Reason != "" {
		out.Extensions["reason"] = string(domainErr.Reason)
	}
	switch domainErr.Code {
	case journey.CodeInternal:
		out.Message = "internal error"
		if !errors.Is(err, errPanicLogged) { // recover logged it, with its stack
			p.logger.ErrorContext(ctx, "internal error", "path", out.Path.String(), "error", err)
		}
	case journey.CodeUnavailable, journey.CodeTimeout:
		// Once per request: when Neo4j is down or time is up, every field
		// fails the same way. A client that left is not a failure of ours:
		// the access line (status 499) reports it.
		if !clientGone(ctx) && firstFailure(ctx) {
			p.logger.WarnContext(ctx, "request failed", "code", domainErr.Code, "path", out.Path.String(), "error", err)
		}
	}
	return out
}

// listArgument names the list argument of the field being resolved (the
// batch, such as recordTouchpoints' "inputs") that item errors are about.
func listArgument(ctx context.Context) string {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Definition == nil {
		return ""
	}
	for _, arg := range fc.Field.Definition.Arguments {
		if arg.Type.Elem != nil {
			return arg.Name
		}
	}
	return ""
}

// recover turns a resolver panic into an INTERNAL error and logs its stack.
func (p presenter) recover(ctx context.Context, v any) error {
	p.logger.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	return &journey.Error{Code: journey.CodeInternal, Message: "internal error", Err: fmt.Errorf("%w: %v", errPanicLogged, v)}
}

// errPanicLogged marks a recovered panic, so the presenter does not log it a
// second time.
var errPanicLogged = errors.New("panic (logged)")
