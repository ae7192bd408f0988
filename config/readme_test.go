package config

import (
	"os"
	"strings"
	"testing"
)

// The README's configuration table must list every setting with its real
// default, so the docs cannot drift from the code.
func TestReadmeListsEverySetting(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, s := range Settings {
		def := "(empty)"
		if s.Default != "" {
			def = "`" + s.Default + "`"
		}
		row := "| `" + s.Env + "` | `-" + s.Flag + "` | " + def + " |"
		if !strings.Contains(readme, row) {
			t.Errorf("README.md has no configuration row starting %q", row)
		}
	}
}
