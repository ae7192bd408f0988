package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/store/storetest"
)

func TestImportCommand(t *testing.T) {
	db := storetest.New(t, nil)
	ctx := context.Background()
	if err := db.Store.LoadCatalog(ctx, seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	acme := "acme"
	if _, _, err := db.Store.UpsertAccount(ctx, journey.AccountInput{ID: acme, Name: "Acme", Domain: &acme}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Store.UpsertContact(ctx, journey.ContactInput{ID: "ada", Email: "ada@acme.com", AccountID: &acme}); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"NEO4J_URI": db.Config.URI, "NEO4J_PASSWORD": db.Config.Password, "NEO4J_MAX_RETRY_TIME": "3s"}
	getenv := func(k string) string { return env[k] }

	dir := t.TempDir()
	file := filepath.Join(dir, "hubspot.csv")
	csv := "Event ID,Event Type,Occurred At,Email\n" +
		"e1,Email Open,2026-02-01 08:00:00,ada@acme.com\n" +
		"e2,Email Open,2026-02-01 09:00:00,ghost@acme.com\n" +
		"e3,Email Click,2026-02-01 10:00:00,ADA@acme.com\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	// Flags of the command and of the configuration mix; a rejected row is not a failure.
	if err := run(ctx, []string{"import", "-kind", "marketing-activity", "-neo4j-max-retry-time", "2s", "-batch", "2", file}, getenv, &stderr); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr.String())
	}
	want := "import marketing-activity from " + file + ": 3 rows, 2 touchpoints created, 0 already present, 1 rows rejected (1 errors in " + file + ".errors.csv)"
	if !strings.Contains(stderr.String(), want) || !strings.Contains(stderr.String(), "done: rows 3 · created 2 · already present 0 · rejected 1") {
		t.Errorf("stderr:\n%s\nwant %q", stderr.String(), want)
	}
	report, err := os.ReadFile(file + ".errors.csv")
	if string(report) != "line,external_id,field,reason,message\n3,e2,Email,UNKNOWN_CONTACT,\"no contact has email \"\"ghost@acme.com\"\"\"\n" || err != nil {
		t.Errorf("report %q, %v", report, err)
	}
	if n := db.Count(`MATCH (:Touchpoint)-[:BY_CONTACT]->(:Contact {id: 'ada'}) RETURN count(*) AS n`, nil); n != 2 {
		t.Errorf("%d touchpoints of ada, want 2", n)
	}

	// From standard input, with the error report elsewhere: already present.
	stdin = strings.NewReader(csv)
	defer func() { stdin = os.Stdin }()
	stderr.Reset()
	other := filepath.Join(dir, "errors.csv")
	if err := run(ctx, []string{"import", "-kind", "marketing-activity", "-errors", other, "-"}, getenv, &stderr); err != nil {
		t.Fatalf("import from stdin: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "standard input: 3 rows, 0 touchpoints created, 2 already present, 1 rows rejected (1 errors in "+other+")") {
		t.Errorf("stderr:\n%s", stderr.String())
	}

	// A clean file leaves no error report (and removes a stale one).
	clean := filepath.Join(dir, "clean.csv")
	_ = os.WriteFile(clean, []byte("ActivityId,ActivityType,Timestamp,Email\ne9,Page View,2026-02-02,ada@acme.com\n"), 0o600)
	_ = os.WriteFile(clean+".errors.csv", []byte("stale"), 0o600)
	if err := run(ctx, []string{"import", "-kind", "marketing-activity", clean}, getenv, &stderr); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(clean + ".errors.csv"); !os.IsNotExist(err) {
		t.Errorf("error report of a clean import: %v", err)
	}

	// Failures: unreadable file, bad header, unknown kind, no file.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"import", "-kind", "marketing-activity", filepath.Join(dir, "missing.csv")}, "no such file"},
		{[]string{"import", "-kind", "erp-invoices", file}, "missing required column DocumentNumber"},
		{[]string{"import", "-kind", "nope", file}, "unknown import kind"},
		{[]string{"import", "-kind", "marketing-activity"}, "want exactly one file"},
	} {
		if err := run(ctx, tc.args, getenv, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want %q", tc.args, err, tc.want)
		}
	}
	var usage bytes.Buffer
	_ = run(ctx, []string{"import", "-h"}, getenv, &usage)
	if !strings.Contains(usage.String(), "they do not stop the\nimport nor make it fail") || !strings.Contains(usage.String(), "-kind") {
		t.Errorf("usage:\n%s", usage.String())
	}
}
