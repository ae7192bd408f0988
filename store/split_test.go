package store

import (
	"reflect"
	"testing"
)

func TestSplitStatements(t *testing.T) {
	src := "// a comment; with a semicolon\nCREATE INDEX a IF NOT EXISTS\n  FOR (n:A) ON (n.x);\n\n// another\nCREATE INDEX b IF NOT EXISTS FOR (n:B) ON (n.y);\n"
	want := []string{"CREATE INDEX a IF NOT EXISTS\n  FOR (n:A) ON (n.x)", "CREATE INDEX b IF NOT EXISTS FOR (n:B) ON (n.y)"}
	if got := splitStatements(src); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q", got)
	}
}
