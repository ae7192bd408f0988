package server_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/graph"
	"github.com/journeygraph/journeygraph/server/apitest"
	"github.com/vektah/gqlparser/v2"
)

// TestGraphiQLExamples checks the operations GraphiQL opens in tabs: the
// page serves every file of server/graphiql/examples in order, each is valid
// against the executable schema and runs without errors on the fixture.
func TestGraphiQLExamples(t *testing.T) {
	api := apitest.New(t, nil)
	seedFixture(t, api)
	// The examples name catalog entries of the demo data the fixture lacks.
	api.Query(`CREATE (:TouchpointType {key: 'email_open', name: 'Email open', category: 'MARKETING',
  phase: 'BEFORE_PURCHASE', sourceSystem: 'MARKETING_AUTOMATION', core40: true, description: 'An email is opened.'})`, nil)
	api.Query(`UNWIND $stages AS s CREATE (:Stage {key: s[0], name: s[1], order: toInteger(s[2]), description: s[1]})`,
		map[string]any{"stages": [][]string{{"sql", "Sales qualified lead", "5"}, {"quote", "Quote", "7"}}})

	rec := api.HTTP(http.MethodGet, "/graphiql/assets/examples.json", "", "")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("examples.json: status %d, content type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	var served []struct{ Name, Query, Variables string }
	if err := json.Unmarshal(rec.Body.Bytes(), &served); err != nil {
		t.Fatalf("examples.json: %v", err)
	}

	files, err := filepath.Glob("graphiql/examples/*.graphql")
	if err != nil {
		t.Fatal(err)
	}
	// The README's examples, one tab each, in this order.
	wantNames := []string{"1-accounts", "2-pathVariants", "3-linkages", "4-funnel", "5-attribution", "6-coverageGaps", "7-journeyMap"}
	if len(files) != len(wantNames) || len(served) != len(wantNames) {
		t.Fatalf("%d example files, %d served, want %d", len(files), len(served), len(wantNames))
	}

	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	for i, ex := range served {
		t.Run(wantNames[i], func(t *testing.T) {
			if ex.Name != wantNames[i] {
				t.Fatalf("tab %d is %q, want %q", i, ex.Name, wantNames[i])
			}
			onDisk, err := os.ReadFile(filepath.Join("graphiql/examples", ex.Name+".graphql"))
			if err != nil || string(onDisk) != ex.Query {
				t.Fatalf("served query differs from its file (%v)", err)
			}
			doc, errs := gqlparser.LoadQuery(schema, ex.Query)
			if errs != nil {
				t.Fatalf("invalid against the schema: %v", errs)
			}
			if len(doc.Operations) != 1 || doc.Operations[0].Name == "" {
				t.Errorf("want one named operation, got %d", len(doc.Operations))
			}
			var vars map[string]any
			if ex.Variables != "" {
				if err := json.Unmarshal([]byte(ex.Variables), &vars); err != nil {
					t.Fatalf("variables are not a JSON object: %v", err)
				}
			}
			res := api.Do(t, ex.Query, vars)
			if len(res.Errors) > 0 || res.Status != http.StatusOK {
				t.Fatalf("status %d, errors %+v", res.Status, res.Errors)
			}
			var data map[string]json.RawMessage
			if err := json.Unmarshal(res.Data, &data); err != nil || len(data) != 1 {
				t.Fatalf("data %s: %v", res.Data, err)
			}
			for field, v := range data {
				if string(v) == "null" {
					t.Errorf("%s is null", field)
				}
			}
		})
	}

	// The accounts tab pages through the fixture's five accounts, by name.
	var accounts struct {
		Accounts struct {
			TotalCount int
			Edges      []struct{ Node struct{ Name string } }
		}
	}
	var vars map[string]any
	_ = json.Unmarshal([]byte(served[0].Variables), &vars)
	api.MustDo(t, served[0].Query, vars, &accounts)
	var names []string
	for _, e := range accounts.Accounts.Edges {
		names = append(names, e.Node.Name)
	}
	if accounts.Accounts.TotalCount != 5 || strings.Join(names, ",") != "Acme Corp,Globex,Hooli,Initech,Umbrella" {
		t.Errorf("accounts tab: total %d, names %v; want 5 accounts by name", accounts.Accounts.TotalCount, names)
	}
}
