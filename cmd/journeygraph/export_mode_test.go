package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// `export -o` writes through a private temporary file; the log it leaves is
// an ordinary rw-r--r-- file (it was left 0600), and a file it replaces keeps
// its mode.
func TestExportFileMode(t *testing.T) {
	ctx := context.Background()
	getenv := exportFixture(t)
	defer syscall.Umask(syscall.Umask(0o022))
	dir := t.TempDir()
	existing := filepath.Join(dir, "shared.xes")
	if err := os.WriteFile(existing, nil, 0o664); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(existing, 0o664); err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]os.FileMode{filepath.Join(dir, "new.xes"): 0o644, existing: 0o664} {
		var stderr bytes.Buffer
		if err := run(ctx, []string{"export", "-format", "xes", "-o", file}, getenv, &stderr); err != nil {
			t.Fatalf("%v\n%s", err, stderr.String())
		}
		fi, err := os.Stat(file)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want || fi.Size() == 0 {
			t.Errorf("%s: mode %v, %d bytes; want %v and the log", filepath.Base(file), fi.Mode().Perm(), fi.Size(), want)
		}
	}
}
