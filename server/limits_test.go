package server_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/graph"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/server/apitest"
)

func TestOperationLimits(t *testing.T) {
	opts := apitest.DefaultOptions()
	opts.MaxDepth, opts.MaxAliases, opts.MaxDirectives, opts.ComplexityLimit = 4, 2, 2, 30
	api := apitest.NewWithOptions(t, nil, opts)
	opts.MaxDepth = 12
	deep := api.WithOptions(opts)
	for _, tc := range []struct{ name, query, code, message string }{
		// accounts(1) edges(2) node(3) id(4)
		{"depth 4", `{ accounts(first: 1) { edges { node { id } } } }`, "", ""},
		{"depth 5", `{ accounts(first: 1) { edges { node { currentStage { key } } } } }`, "DEPTH_LIMIT_EXCEEDED",
			"operation is nested 5 fields deep, more than the limit of 4"},
		{"two aliases", `{ a: account(id: "x") { id } b: account(id: "y") { id } }`, "", ""},
		{"three aliases", `{ a: account(id: "x") { id } b: account(id: "y") { id } c: account(id: "z") { id } }`, "ALIAS_LIMIT_EXCEEDED",
			"operation has 3 aliased fields, more than the limit of 2"},
		{"three directives", `{ account(id: "x") @include(if: true) { id @skip(if: false) name @include(if: true) } }`, "DIRECTIVE_LIMIT_EXCEEDED",
			"operation uses 3 directives, more than the limit of 2"},
		// Connections cost 1 + first × children: edges{node{id}} is 1 + (1 + 1) = 3, so 1 + 9×3 = 28 and 1 + 10×3 = 31.
		{"connection of 9 costs 28", `{ accounts(first: 9) { edges { node { id } } } }`, "", ""},
		{"connection of 10 costs 31", `{ accounts(first: 10) { edges { node { id } } } }`, "COMPLEXITY_LIMIT_EXCEEDED",
			"operation has complexity 31, which exceeds the limit of 30"},
		// The default page size counts: accounts' default first is 20. totalCount: 1 + 20×1 = 21;
		// totalCount (1) and edges{cursor} (2): 1 + 20×3 = 61.
		{"default page size, 21", `{ accounts { totalCount } }`, "", ""},
		{"default page size, 61", `{ accounts { totalCount edges { cursor } } }`, "COMPLEXITY_LIMIT_EXCEEDED",
			"operation has complexity 61, which exceeds the limit of 30"},
		// An explicit null also serves the default page, so it costs the same.
		{"null page size, 61", `{ accounts(first: null) { totalCount edges { cursor } } }`, "COMPLEXITY_LIMIT_EXCEEDED",
			"operation has complexity 61, which exceeds the limit of 30"},
		{"null page size from a variable, 61", `query($none: Int) { accounts(first: $none) { totalCount edges { cursor } } }`, "COMPLEXITY_LIMIT_EXCEEDED",
			"operation has complexity 61, which exceeds the limit of 30"},
		// Nested connections multiply (these run with a depth limit of 12):
		// contacts(3){totalCount} = 1 + 3×1 = 4, node 5, edges 6, accounts(3) = 1 + 3×6 = 19.
		{"nested connections, 19", `{ accounts(first: 3) { edges { node { contacts(first: 3) { totalCount } } } } }`, "", ""},
		// journey($n = 3){edges{node{id}}} = 1 + 3×3 = 10, node 11, edges 12, accounts(3) = 1 + 3×12 = 37.
		{"nested connections, 37 (first from a variable)", `query($n: Int) { accounts(first: 3) { edges { node { journey(first: $n) { edges { node { id } } } } } } }`,
			"COMPLEXITY_LIMIT_EXCEEDED", "operation has complexity 37, which exceeds the limit of 30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := api
			if strings.HasPrefix(tc.name, "nested") {
				a = deep
			}
			res := a.Do(t, tc.query, map[string]any{"n": 3, "none": nil})
			code, msg := "", ""
			if len(res.Errors) > 0 {
				code, msg = res.Errors[0].Code(), res.Errors[0].Message
			}
			if code != tc.code || msg != tc.message {
				t.Errorf("got %q %q, want %q %q", code, msg, tc.code, tc.message)
			}
		})
	}
}

// Every connection in the schema takes a page size with a default (so the
// complexity limit can cost it) and refuses sizes outside its range. A new
// connection field fails this test until it has a row here.
func TestEveryConnectionCapsItsPageSize(t *testing.T) {
	api := apitest.New(t, nil)
	api.MustDo(t, `mutation { upsertAccount(input: {id: "cap", name: "Cap", domain: "cap.example"}) { created } }`, nil, nil)
	api.MustDo(t, `mutation { upsertContact(input: {id: "cap-c", email: "c@cap.example"}) { created } }`, nil, nil)
	// pathTo needs a stage the account entered.
	if err := api.Store.LoadCatalog(context.Background(), seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	api.MustDo(t, `mutation { recordStageChange(input: {accountId: "cap", stage: "lead", at: "2026-01-01T00:00:00Z"}) { created } }`, nil, nil)
	queries := map[string]struct {
		query string // with $first
		max   int
	}{
		"Query.accounts":    {`query($first: Int) { accounts(first: $first) { totalCount } }`, 100},
		"Query.contacts":    {`query($first: Int) { contacts(first: $first) { totalCount } }`, 100},
		"Account.contacts":  {`query($first: Int) { account(id: "cap") { contacts(first: $first) { totalCount } } }`, 100},
		"Account.journey":   {`query($first: Int) { account(id: "cap") { journey(first: $first) { totalCount } } }`, 500},
		"Contact.journey":   {`query($first: Int) { contact(id: "cap-c") { journey(first: $first) { totalCount } } }`, 500},
		"AccountPath.steps": {`query($first: Int) { account(id: "cap") { pathTo(stage: "lead") { steps(first: $first) { totalCount } } } }`, 500},
	}
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	var found []string
	for _, def := range schema.Types {
		if strings.HasPrefix(def.Name, "__") {
			continue
		}
		for _, f := range def.Fields {
			if !strings.HasSuffix(f.Type.Name(), "Connection") {
				continue
			}
			name := def.Name + "." + f.Name
			found = append(found, name)
			if arg := f.Arguments.ForName("first"); arg == nil || arg.DefaultValue == nil {
				t.Errorf("%s has no `first` argument with a default", name)
			}
			if _, ok := queries[name]; !ok {
				t.Errorf("connection %s has no page-size row in this test", name)
			}
		}
	}
	slices.Sort(found)
	if len(found) != len(queries) {
		t.Errorf("connections in the schema: %v", found)
	}
	for name, q := range queries {
		for _, first := range []int{0, -1, q.max + 1} {
			res := api.Do(t, q.query, map[string]any{"first": first})
			if len(res.Errors) != 1 || res.Errors[0].Code() != "BAD_USER_INPUT" || res.Errors[0].Extensions["field"] != "first" {
				t.Errorf("%s first: %d: %+v", name, first, res.Errors)
			}
		}
		if res := api.Do(t, q.query, map[string]any{"first": q.max}); len(res.Errors) != 0 {
			t.Errorf("%s first: %d refused: %+v", name, q.max, res.Errors)
		}
	}
}

// TestJourneyScansCostTheirWork: a field that reads every journey in scope
// costs 2,000 plus its selection, so aliased copies of one cannot pass the
// default limit (20,000) for the price of a few fields. Refused operations
// run no Neo4j query at all.
func TestJourneyScansCostTheirWork(t *testing.T) {
	queries := newQueryCounter()
	api := apitest.New(t, queries.observe) // the default limit, 20,000
	if err := api.Store.LoadCatalog(context.Background(), seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	aliased := func(n int, field string) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			fmt.Fprintf(&b, " f%d: %s", i, field)
		}
		return b.String() + " }"
	}
	// conformance 2000 + darkTouchpoints (1 + stage (1 + key 1)) = 2003.
	const conformance = `conformance { darkTouchpoints { stage { key } } }`
	// attribution 2000 + journeys 1 = 2001.
	const attribution = `attribution(conversion: {stage: "customer"}) { journeys }`
	for _, tc := range []struct {
		name, query string
		cost        int // 0: served
	}{
		{"one conformance", aliased(1, conformance), 0},
		{"one attribution", aliased(1, attribution), 0},
		{"nine conformance, 18,027", aliased(9, conformance), 0},
		{"ten conformance, 20,030", aliased(10, conformance), 20030},
		{"twenty conformance", aliased(20, conformance), 40060},
		{"thirty attribution", aliased(30, attribution), 60030},
		{"a scan and a page of 50 accounts (1 + 50 × 3)", `{ attribution(conversion: {stage: "customer"}) { journeys }
			accounts(first: 50) { edges { node { id } } } }`, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			queries.reset()
			res := api.Do(t, tc.query, nil)
			if tc.cost == 0 {
				if len(res.Errors) != 0 || string(res.Data) == "null" {
					t.Errorf("refused: %+v", res.Errors)
				}
				return
			}
			want := fmt.Sprintf("operation has complexity %d, which exceeds the limit of 20000", tc.cost)
			if len(res.Errors) != 1 || res.Errors[0].Code() != "COMPLEXITY_LIMIT_EXCEEDED" || res.Errors[0].Message != want || res.Data != nil {
				t.Errorf("got %+v and %d bytes of data, want COMPLEXITY_LIMIT_EXCEEDED %q", res.Errors, len(res.Data), want)
			}
			if ran := queries.names(); len(ran) != 0 {
				t.Errorf("the refused operation ran %d queries, first %s", len(ran), ran[0])
			}
		})
	}
}
