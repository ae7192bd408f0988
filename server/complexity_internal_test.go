package server

import (
	"slices"
	"testing"

	"github.com/journeygraph/journeygraph/graph"
)

// Every Query field that takes an AnalysisScope (analytics over journeys) or
// an ObservationWindow (the blueprint against observations) reads every
// journey or touchpoint in it, so it must be priced as a journey scan: a new
// such field fails here until it is in journeyScanFields. The names the
// review found cheap are checked by name too.
func TestEveryJourneyScanIsPriced(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	var scans []string
	for _, f := range schema.Query.Fields {
		for _, a := range f.Arguments {
			if a.Name == "scope" || a.Type.Name() == "AnalysisScope" || a.Type.Name() == "ObservationWindow" {
				scans = append(scans, f.Name)
				break
			}
		}
	}
	for _, name := range []string{"conformance", "whatIf", "coverageGaps", "attribution", "pathVariants", "funnel"} {
		if !slices.Contains(scans, name) {
			t.Errorf("%s no longer takes a scope or window: review journeyScanFields", name)
		}
	}
	for _, name := range scans {
		if !journeyScanFields[name] {
			t.Errorf("Query.%s reads the journeys in its scope but is not in journeyScanFields", name)
		}
	}
	for name := range journeyScanFields {
		if schema.Query.Fields.ForName(name) == nil {
			t.Errorf("journeyScanFields names %s, which is no Query field", name)
		}
	}
}
