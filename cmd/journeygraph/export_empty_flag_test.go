package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A scope flag given with an empty value (`-industry "$INDUSTRY"` with the
// variable unset) is read as absent, so the command exports every journey
// instead of refusing, as the HTTP download refuses `industry=` and as
// docs/export.md says ("A flag or parameter given without a value ... is
// refused").
func TestExportRefusesEmptyScopeFlag(t *testing.T) {
	ctx := context.Background()
	getenv := exportFixture(t)
	for _, flag := range []string{"-industry", "-segment", "-from", "-exclude-types"} {
		file := filepath.Join(t.TempDir(), "log.xes")
		var stderr bytes.Buffer
		err := run(ctx, []string{"export", "-format", "xes", "-o", file, flag, ""}, getenv, &stderr)
		if err == nil || !strings.Contains(err.Error(), flag) {
			t.Errorf("%s \"\": error %v, want one naming %s", flag, err, flag)
		}
		if _, statErr := os.Stat(file); !os.IsNotExist(statErr) {
			t.Errorf("%s \"\": the log was written", flag)
		}
	}
}
