package server_test

import (
	"testing"

	"github.com/journeygraph/journeygraph/internal/golden"
)

// The large blueprint answers on the fixture of blueprint_fixture_test.go
// are kept as golden files under testdata/ (rewrite with -update, then
// review the diff): the journey map and the what-if (TestJourneyMap and
// TestWhatIf, whose comments say how the values arise) and both diagram
// formats. Each file was checked by hand against the fixture's table.

const journeyMapQuery = `{ journeyMap { stages {
  stage { key } doing feeling wanting desiredEmotion observedEmotion painPoints allowedNextStages { key } technologies { key }
  touchpoints { type { key } owner { department { key } team region } momentOfTruth
    importance { internal customer gap } performance { internal customer gap }
    dataFields { field { key } askedOfCustomer } technologies { key vendor { key } } observedTouchpoints } } } }`

const whatIfQuery = `{ whatIf(retire: ["recorder", "social"], add: [{key: "cdp", name: "Zeta CDP", category: CDP, vendor: "zeta",
  vendorName: "Zeta", captures: ["review"], stages: ["advocate"], integratesWith: [{technology: "crm", fields: ["email"]}]}]) {
  before { ` + summaryFields + ` } after { ` + summaryFields + ` }
  newlyUncaptured { key } newlyCaptured { key }
  matrix { cells { stage { key } category technology { key } touchpointTypes { key } count } }
  gaps {` + gapsSelection + `
    silentTechnologies { technology { key vendor { key name technologies { key } } integrations { from { key } to { key } fields { key } } }
      silentTouchpointTypes { key } completelySilent } } } }`

func TestJourneyMapDiagramGolden(t *testing.T) {
	api := blueprintAPI(t)
	for _, c := range []struct{ file, format string }{
		{"journey_map.mmd", "MERMAID"},
		{"journey_map.dot", "DOT"},
	} {
		var out struct{ JourneyMapDiagram string }
		api.MustDo(t, `query($f: DiagramFormat!) { journeyMapDiagram(format: $f) }`, map[string]any{"f": c.format}, &out)
		golden.Compare(t, c.file, []byte(out.JourneyMapDiagram))
	}
}
