package server_test

import (
	"testing"

	"github.com/journeygraph/journeygraph/graph"
)

// Every blueprint edit is declared for ADMIN keys only (enforcement reads
// the directive from the schema).
func TestBlueprintMutationsRequireAdmin(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	edits := []string{"upsertTechnology", "mapTechnology", "unmapTechnology", "setSystemOfRecord", "addIntegration",
		"removeIntegration", "upsertDataField", "setTouchpointDesign", "setStageDesign", "expectTouchpoints",
		"unexpectTouchpoints", "setMomentOfTruth", "allowStageTransition", "disallowStageTransition"}
	for _, name := range edits {
		f := schema.Mutation.Fields.ForName(name)
		if f == nil {
			t.Errorf("no mutation %s", name)
			continue
		}
		d := f.Directives.ForName("requiresRole")
		if d == nil || d.Arguments.ForName("role") == nil || d.Arguments.ForName("role").Value.Raw != "ADMIN" {
			t.Errorf("%s is not @requiresRole(role: ADMIN)", name)
		}
	}
}
