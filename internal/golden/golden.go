// Package golden compares a test's large answers (a journey map, a diagram)
// with files under the test package's testdata/ directory. Run the test with
// -update to rewrite the files from the current output, then read the diff
// before committing it: a golden file is only as right as the review of its
// content.
package golden

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ with the current output")

// Compare fails t when got differs from testdata/name, naming the first line
// that differs; with -update it writes got to the file instead.
func Compare(t testing.TB, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden file: %v (run the test with -update to create it, then review it)", err)
	}
	if diff := firstDifference(want, got); diff != "" {
		t.Errorf("output differs from %s (if the change is intended, rerun with -update and review the diff):\n%s", path, diff)
	}
}

// CompareJSON is Compare for a JSON value, indented so that the golden file
// reads and diffs line by line.
func CompareJSON(t testing.TB, name string, got []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Indent(&buf, got, "", "  "); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, got)
	}
	buf.WriteByte('\n')
	Compare(t, name, buf.Bytes())
}

// firstDifference describes the first differing line of want and got, or
// returns "" when they are equal.
func firstDifference(want, got []byte) string {
	if bytes.Equal(want, got) {
		return ""
	}
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if i >= len(w) || i >= len(g) || wl != gl {
			return fmt.Sprintf("line %d:\n  want %q\n  got  %q\n(want %d lines, got %d)", i+1, wl, gl, len(w), len(g))
		}
	}
	return "they differ in line endings"
}
