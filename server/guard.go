package server

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/journeygraph/journeygraph/auth"
)

// Codes of the operation guard's errors, returned as extensions.code.
const (
	codeForbidden     = "FORBIDDEN"
	codeDepthLimit    = "DEPTH_LIMIT_EXCEEDED"
	codeAliasLimit    = "ALIAS_LIMIT_EXCEEDED"
	codeDirectiveLim  = "DIRECTIVE_LIMIT_EXCEEDED"
	codeComplexityLim = "COMPLEXITY_LIMIT_EXCEEDED" // gqlgen's own code for the same limit
	codeIntrospection = "INTROSPECTION_DISABLED"
)

// guard checks a whole operation after validation and before anything runs:
// the caller's role against every field's @requiresRole (on every type, in
// fragments too), and the shape limits. It runs before gqlgen's complexity
// extension and caps the number of expanded fields by the complexity limit
// itself, so a document whose fragments expand exponentially is refused in
// time linear in its size.
type guard struct {
	maxDepth, maxAliases, maxDirectives, maxFields int
	introspection                                  bool // __schema and __type allowed
}

var _ interface {
	graphql.OperationContextMutator
	graphql.HandlerExtension
} = guard{}

func (guard) ExtensionName() string                   { return "OperationGuard" }
func (guard) Validate(graphql.ExecutableSchema) error { return nil }
func (g guard) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	if rc.Operation == nil {
		return nil
	}
	w := walker{fragments: map[string]shape{}}
	s := w.selections(rc.Operation.SelectionSet)
	s.directives = satAdd(s.directives, len(rc.Operation.Directives))

	caller := auth.FromContext(ctx)
	if !caller.Role.Allows(s.role) {
		err := gqlerror.Errorf("this operation needs the role %s (for %s); the API key has %s. Nothing was run.",
			s.role, s.roleField, caller.Role)
		err.Extensions = map[string]any{"code": codeForbidden, "requiredRole": s.role.String(), "field": s.roleField}
		return err
	}
	limit := func(code, format string, args ...any) *gqlerror.Error {
		err := gqlerror.Errorf(format, args...)
		err.Extensions = map[string]any{"code": code}
		return err
	}
	switch {
	case s.introspects && !g.introspection:
		return limit(codeIntrospection, "introspection is disabled on this server")
	case s.depth > g.maxDepth:
		return limit(codeDepthLimit, "operation is nested %d fields deep, more than the limit of %d", s.depth, g.maxDepth)
	case s.aliases > g.maxAliases:
		return limit(codeAliasLimit, "operation has %d aliased fields, more than the limit of %d", s.aliases, g.maxAliases)
	case s.directives > g.maxDirectives:
		return limit(codeDirectiveLim, "operation uses %d directives, more than the limit of %d", s.directives, g.maxDirectives)
	case s.fields > g.maxFields:
		return limit(codeComplexityLim, "operation selects %d fields once its fragments are expanded, more than the complexity limit of %d", s.fields, g.maxFields)
	}
	return nil
}

// shape summarises a selection set with its fragments expanded. Counts
// saturate instead of overflowing.
type shape struct {
	depth, aliases, directives, fields int
	role                               auth.Role // highest role any field needs
	roleField                          string    // Type.field that needs it
	introspects                        bool      // selects __schema or __type
}

func (s *shape) add(o shape) {
	s.depth = max(s.depth, o.depth)
	s.aliases = satAdd(s.aliases, o.aliases)
	s.directives = satAdd(s.directives, o.directives)
	s.fields = satAdd(s.fields, o.fields)
	if o.role > s.role {
		s.role, s.roleField = o.role, o.roleField
	}
	s.introspects = s.introspects || o.introspects
}

func satAdd(a, b int) int {
	if a > (1<<31)-b {
		return 1 << 31
	}
	return a + b
}

// walker computes shapes; each named fragment is walked once (validation
// has ruled out fragment cycles).
type walker struct{ fragments map[string]shape }

func (w walker) selections(set ast.SelectionSet) shape {
	out := shape{role: auth.Reader, roleField: "any field"}
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			out.add(w.field(sel))
		case *ast.InlineFragment:
			s := w.selections(sel.SelectionSet)
			s.directives = satAdd(s.directives, len(sel.Directives))
			out.add(s)
		case *ast.FragmentSpread:
			s, ok := w.fragments[sel.Name]
			if !ok && sel.Definition != nil {
				s = w.selections(sel.Definition.SelectionSet)
				s.directives = satAdd(s.directives, len(sel.Definition.Directives))
				w.fragments[sel.Name] = s
			}
			s.directives = satAdd(s.directives, len(sel.Directives))
			out.add(s)
		}
	}
	return out
}

func (w walker) field(f *ast.Field) shape {
	child := w.selections(f.SelectionSet)
	s := shape{fields: satAdd(child.fields, 1), aliases: child.aliases, directives: satAdd(child.directives, len(f.Directives)),
		role: child.role, roleField: child.roleField, introspects: child.introspects}
	// Introspection is deep by nature (GraphiQL's query nests ofType many
	// levels); whether it is served at all is a setting of its own.
	if f.Name == "__schema" || f.Name == "__type" {
		s.introspects = true
	} else {
		s.depth = child.depth + 1
	}
	if f.Alias != "" && f.Alias != f.Name {
		s.aliases = satAdd(s.aliases, 1)
	}
	if need := requiredRole(f.Definition); need > s.role {
		owner := "?"
		if f.ObjectDefinition != nil {
			owner = f.ObjectDefinition.Name
		}
		s.role, s.roleField = need, owner+"."+f.Name
	}
	return s
}

// requiredRole reads @requiresRole(role: …) from a field's definition in the
// executable schema; fields without it need READER.
func requiredRole(def *ast.FieldDefinition) auth.Role {
	if def == nil {
		return auth.Reader
	}
	d := def.Directives.ForName("requiresRole")
	if d == nil {
		return auth.Reader
	}
	arg := d.Arguments.ForName("role")
	if arg == nil || arg.Value == nil {
		return auth.Admin // declared without a role: the strictest reading
	}
	r, err := auth.ParseRole(arg.Value.Raw)
	if err != nil {
		panic(fmt.Sprintf("schema: @requiresRole on %s has %v", def.Name, err)) // the schema is ours; caught by tests
	}
	return r
}
