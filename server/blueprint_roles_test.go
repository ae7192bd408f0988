package server_test

import (
	"slices"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/journeygraph/journeygraph/graph"
)

// ingestion are the mutations a WRITER key may run; every other mutation
// (blueprint edits, migrations) is for ADMIN keys only.
var ingestion = []string{"upsertAccount", "upsertContact", "recordTouchpoint", "recordTouchpoints", "recordStageChange"}

// mutationRoleProblems lists every mutation of schema whose @requiresRole is
// missing or not the role it should have.
func mutationRoleProblems(schema *ast.Schema) []string {
	var problems []string
	for _, f := range schema.Mutation.Fields {
		want := "ADMIN"
		if slices.Contains(ingestion, f.Name) {
			want = "WRITER"
		}
		d := f.Directives.ForName("requiresRole")
		if d == nil || d.Arguments.ForName("role") == nil || d.Arguments.ForName("role").Value.Raw != want {
			problems = append(problems, f.Name+" is not @requiresRole(role: "+want+")")
		}
	}
	return problems
}

// Every mutation declares the role it needs (enforcement reads the directive
// from the schema): the list is the schema the server executes, so a new
// mutation without @requiresRole fails here.
func TestEveryMutationRequiresItsRole(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	if schema.Mutation == nil || len(schema.Mutation.Fields) < len(ingestion)+14 {
		t.Fatalf("the schema has too few mutations to be the real one")
	}
	for _, p := range mutationRoleProblems(schema) {
		t.Error(p)
	}
	for _, name := range ingestion {
		if schema.Mutation.Fields.ForName(name) == nil {
			t.Errorf("no mutation %s", name)
		}
	}

	// The check catches a mutation added without the directive.
	withNew := *schema
	mutation := *schema.Mutation
	mutation.Fields = append(slices.Clone(mutation.Fields), &ast.FieldDefinition{Name: "deleteEverything"})
	withNew.Mutation = &mutation
	if got := mutationRoleProblems(&withNew); !slices.Equal(got, []string{"deleteEverything is not @requiresRole(role: ADMIN)"}) {
		t.Errorf("a new mutation without @requiresRole: %v", got)
	}
}
