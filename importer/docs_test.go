package importer

import (
	"os"
	"strings"
	"testing"
)

// docs/import.md is the documented column mapping the import promises: it
// must show every mapping exactly as the code applies it.
func TestDocsShowEveryMapping(t *testing.T) {
	b, err := os.ReadFile("../docs/import.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, m := range Kinds {
		if !strings.Contains(doc, m.Markdown()) {
			t.Errorf("docs/import.md does not show the current %s mapping; it is:\n%s", m.Kind, m.Markdown())
		}
		if !strings.Contains(doc, "importer/testdata/"+m.Kind+".csv") {
			t.Errorf("docs/import.md does not point at the %s example", m.Kind)
		}
	}
	if !strings.Contains(doc, TimeForms) {
		t.Errorf("docs/import.md does not list the timestamp forms")
	}
}
