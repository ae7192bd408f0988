package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/analytics/pathfixture"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// The export command over the fixture of analytics/pathfixture (its counts
// are worked out in server/export_api_test.go and eventlog's tests).
func TestExportCommand(t *testing.T) {
	ctx := context.Background()
	getenv := exportFixture(t)
	dir := t.TempDir()

	t.Run("XES to a file, contact level without email opens", func(t *testing.T) {
		file := filepath.Join(dir, "contacts.xes")
		var stderr bytes.Buffer
		if err := run(ctx, []string{"export", "-format", "xes", "-o", file, "-level", "contact", "-exclude-types", "email_open"}, getenv, &stderr); err != nil {
			t.Fatalf("export: %v\n%s", err, stderr.String())
		}
		want := "export xes to " + file + ": 8 journeys, 27 touchpoint events, 26 stage-change events"
		if !strings.Contains(stderr.String(), want) || !strings.Contains(stderr.String(), "export: done: 8 journeys") {
			t.Errorf("stderr:\n%s\nwant %q", stderr.String(), want)
		}
		body, err := os.ReadFile(file)
		if err != nil || strings.Count(string(body), "<trace>") != 8 || strings.Count(string(body), `value="touchpoint"`) != 27+1 {
			// +1: the kind's default in the event globals
			t.Errorf("%v: %d traces, %d touchpoints", err, strings.Count(string(body), "<trace>"), strings.Count(string(body), `value="touchpoint"`))
		}
	})

	t.Run("OCEL to standard output, one segment", func(t *testing.T) {
		var out, stderr bytes.Buffer
		stdout = &out
		defer func() { stdout = os.Stdout }()
		// a1 is the only enterprise account: 7 touchpoints, 4 stage changes,
		// contacts a1-x and a1-y.
		if err := run(ctx, []string{"export", "-format", "ocel2-json", "-segment", "ENTERPRISE"}, getenv, &stderr); err != nil {
			t.Fatalf("export: %v\n%s", err, stderr.String())
		}
		var log struct {
			Objects []struct{ ID string }
			Events  []struct{ ID string }
		}
		if err := json.Unmarshal(out.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		if len(log.Events) != 11 || len(log.Objects) != 1+2+14 {
			t.Errorf("%d events, %d objects; want 11 and 17", len(log.Events), len(log.Objects))
		}
	})

	t.Run("bad flags: every problem, nothing written", func(t *testing.T) {
		file := filepath.Join(dir, "bad.xes")
		for args, want := range map[string][]string{
			"-format csv": {"-format", "csv"},
			"-format xes -level TEAM -from yesterday": {"-level", "-from"},
			"-format xes -exclude-types email_opens":  {"-exclude-types[0]", "email_opens"},
		} {
			var stderr bytes.Buffer
			err := run(ctx, append([]string{"export", "-o", file}, strings.Fields(args)...), getenv, &stderr)
			if err == nil {
				t.Errorf("%s: no error", args)
				continue
			}
			for _, w := range want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%s: %q does not name %s", args, err, w)
				}
			}
			if _, statErr := os.Stat(file); !os.IsNotExist(statErr) {
				t.Errorf("%s: the output file exists after a failed export", args)
			}
		}
		leftovers, _ := filepath.Glob(filepath.Join(dir, ".journeygraph-export-*"))
		if len(leftovers) > 0 {
			t.Errorf("temporary files left: %v", leftovers)
		}
	})
}

// exportFixture loads the catalog and pathfixture's journeys into the test
// Neo4j and returns the environment the command reads to reach it.
func exportFixture(t *testing.T) func(string) string {
	t.Helper()
	db := storetest.New(t, nil)
	ctx := context.Background()
	if err := db.Store.LoadCatalog(ctx, seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	if err := pathfixture.Write(ctx, db.Store); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"NEO4J_URI": db.Config.URI, "NEO4J_PASSWORD": db.Config.Password, "NEO4J_MAX_RETRY_TIME": "3s"}
	return func(k string) string { return env[k] }
}
