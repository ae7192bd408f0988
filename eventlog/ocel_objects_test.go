package eventlog_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/eventlog"
	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/server/apitest"
)

// Every OCEL object carries relationships as an array, [] when it has none:
// the OCEL 2.0 schema types it so, and readers that follow it refuse null
// (the Stage objects had null).
func TestOCELObjectsHaveRelationshipArrays(t *testing.T) {
	api := apitest.New(t, nil)
	ctx := context.Background()
	if err := api.Store.LoadCatalog(ctx, seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	acme := "acme"
	if _, _, err := api.Store.UpsertAccount(ctx, journey.AccountInput{ID: acme, Name: "Acme"}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{{Source: "crm", ExternalID: "t1", TypeKey: "demo",
		OccurredAt: time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC), AccountID: &acme}}); err != nil {
		t.Fatal(err)
	}
	scope := journey.AnalysisScope{Level: journey.LevelAccount}
	if err := scope.Normalize("scope"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := eventlog.Write(ctx, api.Store, &buf, eventlog.Options{Format: eventlog.FormatOCEL2JSON, Scope: scope, TempDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	var log struct{ Objects []map[string]json.RawMessage }
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	types := map[string]int{}
	for _, o := range log.Objects {
		var typ string
		_ = json.Unmarshal(o["type"], &typ)
		types[typ]++
		if r := string(o["relationships"]); len(r) == 0 || r[0] != '[' {
			t.Errorf("object %s (%s) has relationships %q, want an array", o["id"], typ, r)
		}
	}
	// The seed's 14 stages and the one account.
	if types["Stage"] != len(seed.Stages) || types["Account"] != 1 {
		t.Errorf("objects by type %v, want %d Stage and 1 Account", types, len(seed.Stages))
	}
}
