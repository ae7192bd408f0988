package server

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/journeygraph/journeygraph/auth"
	"github.com/journeygraph/journeygraph/graph"
)

// A schema with role-protected fields below the root, on an interface
// implementation and next to each other in one mutation — shapes the real
// schema may grow into.
const guardSchema = `
enum Role { READER WRITER ADMIN }
directive @requiresRole(role: Role!) on FIELD_DEFINITION
type Query { account(id: ID!): Account  node: Node }
interface Node { id: ID! }
type Account implements Node { id: ID!  name: String  notes: String @requiresRole(role: ADMIN)  stage: Stage }
type Stage { key: String  design: String @requiresRole(role: ADMIN) }
type Mutation { record: Boolean @requiresRole(role: WRITER)  editBlueprint: Boolean @requiresRole(role: ADMIN)  ping: Boolean }
`

func check(t *testing.T, g guard, role auth.Role, query string) (code, field string) {
	t.Helper()
	schema := gqlparser.MustLoadSchema(&ast.Source{Input: guardSchema})
	doc, errs := gqlparser.LoadQuery(schema, query)
	if errs != nil {
		t.Fatalf("%s: %v", query, errs)
	}
	rc := &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0]}
	ctx := context.Background()
	if role != auth.None {
		ctx = auth.WithPrincipal(ctx, auth.Principal{Name: "k", Role: role})
	}
	err := g.MutateOperationContext(ctx, rc)
	if err == nil {
		return "", ""
	}
	code, _ = err.Extensions["code"].(string)
	field, _ = err.Extensions["field"].(string)
	return code, field
}

func TestGuardChecksEveryFieldsRole(t *testing.T) {
	g := guard{maxDepth: 10, maxAliases: 10, maxDirectives: 10, maxFields: 1000}
	for _, tc := range []struct {
		name  string
		role  auth.Role
		query string
		field string // "" when allowed; else the field named in the FORBIDDEN error
	}{
		{"reader reads", auth.Reader, `{ account(id: "a") { id name stage { key } } }`, ""},
		{"no caller in context: closed", auth.None, `{ account(id: "a") { id } }`, "any field"},
		{"nested field", auth.Reader, `{ account(id: "a") { stage { design } } }`, "Stage.design"},
		{"in a named fragment", auth.Writer, `{ account(id: "a") { ...F } } fragment F on Account { id stage { design } }`, "Stage.design"},
		{"in an inline fragment on an implementation", auth.Reader, `{ node { id ... on Account { notes } } }`, "Account.notes"},
		{"under an alias and @skip", auth.Writer, `{ a: account(id: "a") { n: notes @skip(if: true) } }`, "Account.notes"},
		{"admin reads everything", auth.Admin, `{ account(id: "a") { notes stage { design } } }`, ""},
		{"reader cannot write", auth.Reader, `mutation { ping record }`, "Mutation.record"},
		{"writer writes", auth.Writer, `mutation { record ping }`, ""},
		// The ADMIN field comes second: the operation is refused as a whole.
		{"writer field then admin field", auth.Writer, `mutation { record editBlueprint }`, "Mutation.editBlueprint"},
		{"admin does both", auth.Admin, `mutation { record editBlueprint }`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, field := check(t, g, tc.role, tc.query)
			if tc.field == "" && code != "" {
				t.Fatalf("refused with %s (%s)", code, field)
			}
			if tc.field != "" && (code != codeForbidden || field != tc.field) {
				t.Fatalf("code %q field %q, want FORBIDDEN for %s", code, field, tc.field)
			}
		})
	}
}

func TestGuardLimits(t *testing.T) {
	g := guard{maxDepth: 3, maxAliases: 2, maxDirectives: 2, maxFields: 20, introspection: true}
	for _, tc := range []struct{ name, query, code string }{
		// depth: account(1) stage(2) key(3)
		{"depth 3 passes", `{ account(id: "a") { stage { key } } }`, ""},
		// Fragments add no level: node(1) stage(2) key(3).
		{"depth through fragments counts fields only", `{ node { ... on Account { stage { ...S } } } } fragment S on Stage { key }`, ""},
		{"two aliases pass", `{ a: account(id: "a") { id } b: account(id: "b") { id } }`, ""},
		// A fragment used twice counts its alias twice: 2 + 1 = 3.
		{"aliases counted per use of a fragment", `{ a: account(id: "a") { ...F } b: account(id: "b") { ...F } } fragment F on Account { x: id }`, codeAliasLimit},
		{"same-name alias is no alias", `{ account: account(id: "a") { id: id } }`, ""},
		{"three directives", `{ account(id: "a") @include(if: true) { id @skip(if: false) ...F @include(if: true) } } fragment F on Account { name }`, codeDirectiveLim},
		// Introspection is exempt from depth: __type(0) fields ofType ofType ofType … is deep.
		{"introspection is exempt from depth", `{ __type(name: "Account") { fields { type { ofType { ofType { ofType { name } } } } } } }`, ""},
		// 2 fragments × 2 spreads each, three levels: 2^3 = 8 uses of L3 of 3 fields = 24 > 20 fields.
		// L3 and L3b: 5 fields each; L2 10; L1 11; account 12 <= 20.
		{"fragments expanded: 12 fields within 20", `{ account(id: "a") { ...L1 } }
fragment L1 on Account { ...L2 n1: name }
fragment L2 on Account { ...L3 ...L3b }
fragment L3 on Account { id name notes stage { key } }
fragment L3b on Account { id name notes stage { key } }`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _ := check(t, g, auth.Admin, tc.query)
			if code != tc.code {
				t.Fatalf("code %q, want %q", code, tc.code)
			}
		})
	}
	deep := `{ account(id: "a") { stage { key } } }`
	if code, _ := check(t, guard{maxDepth: 2, maxAliases: 9, maxDirectives: 9, maxFields: 99}, auth.Admin, deep); code != codeDepthLimit {
		t.Errorf("depth 3 with a limit of 2: code %q", code)
	}
	// Fragments spread 2 ways, 40 levels deep: 2^40 leaf uses from a document
	// of 41 fragments. Refused by the field cap, computed once per fragment
	// (expanding it would not finish).
	var b strings.Builder
	b.WriteString(`{ account(id: "a") { ...F0 } }`)
	for i := 0; i < 40; i++ {
		b.WriteString(" fragment F" + strconv.Itoa(i) + " on Account { ...F" + strconv.Itoa(i+1) + " ...F" + strconv.Itoa(i+1) + " }")
	}
	b.WriteString(" fragment F40 on Account { id }")
	if code, _ := check(t, guard{maxDepth: 9, maxAliases: 9, maxDirectives: 9, maxFields: 4000}, auth.Admin, b.String()); code != codeComplexityLim {
		t.Errorf("fragment bomb: code %q, want %s", code, codeComplexityLim)
	}
}

// Every @requiresRole in the real schema names a role the guard knows.
func TestSchemaRolesParse(t *testing.T) {
	es := graph.NewExecutableSchema(graph.Config{})
	n := 0
	for _, def := range es.Schema().Types {
		for _, f := range def.Fields {
			if f.Directives.ForName("requiresRole") != nil {
				n++
				if r := requiredRole(f); r < auth.Writer {
					t.Errorf("%s.%s needs %s", def.Name, f.Name, r)
				}
			}
		}
	}
	// The five ingestion mutations at least (other fields may join).
	if n < 5 {
		t.Errorf("%d fields carry @requiresRole, want the 5 ingestion mutations at least", n)
	}
}
