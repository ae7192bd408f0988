package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/server/apitest"
)

// The GraphQL-over-HTTP specification's rules, one row each:
// https://graphql.github.io/graphql-over-http/draft/
func TestGraphQLOverHTTP(t *testing.T) {
	api := apitest.New(t, nil)
	const (
		js = "application/json; charset=utf-8"
		gr = "application/graphql-response+json; charset=utf-8"
	)
	query := mustJSON(t, map[string]string{"query": `{ account(id: "x") { id } }`})
	mutation := `mutation { upsertAccount(input: {id: "h1", name: "H"}) { created } }`
	for _, tc := range []struct {
		name, method, target, contentType, accept, body string
		status                                          int
		respType                                        string // Content-Type of the response
		code                                            string // extensions.code of the first error, "" for none
		hasData                                         bool
		allow                                           string // Allow header, if any
	}{
		{"POST, no Accept: application/json", "POST", "/graphql", "application/json", "", query, 200, js, "", true, ""},
		{"POST, Accept the new type", "POST", "/graphql", "application/json", "application/graphql-response+json", query, 200, gr, "", true, ""},
		{"POST, both listed, new preferred", "POST", "/graphql", "application/json", "application/graphql-response+json, application/json;q=0.9", query, 200, gr, "", true, ""},
		{"POST, json preferred by q", "POST", "/graphql", "application/json", "application/graphql-response+json;q=0.5, application/json", query, 200, js, "", true, ""},
		{"POST, wildcard: application/json", "POST", "/graphql", "application/json", "*/*", query, 200, js, "", true, ""},
		{"POST, charset UTF-8 accepted", "POST", "/graphql", "application/json; charset=UTF-8", "", query, 200, js, "", true, ""},
		{"nothing acceptable: 406", "POST", "/graphql", "application/json", "text/html", query, 406, js, "NOT_ACCEPTABLE", false, ""},
		{"no Content-Type: 415", "POST", "/graphql", "", "", query, 415, js, "UNSUPPORTED_MEDIA_TYPE", false, ""},
		{"text/plain: 415", "POST", "/graphql", "text/plain", "", query, 415, js, "UNSUPPORTED_MEDIA_TYPE", false, ""},
		{"form: 415", "POST", "/graphql", "application/x-www-form-urlencoded", "", "query=%7B__typename%7D", 415, js, "UNSUPPORTED_MEDIA_TYPE", false, ""},
		{"other charset: 415", "POST", "/graphql", "application/json; charset=latin1", "", query, 415, js, "UNSUPPORTED_MEDIA_TYPE", false, ""},
		{"body not JSON: 400", "POST", "/graphql", "application/json", "", `{"query": `, 400, js, "BAD_REQUEST", false, ""},
		{"body a JSON string: 400", "POST", "/graphql", "application/json", "", `"{ __typename }"`, 400, js, "BAD_REQUEST", false, ""},
		{"query not a string: 400", "POST", "/graphql", "application/json", "", `{"query": 1}`, 400, js, "BAD_REQUEST", false, ""},
		{"array batching refused: 400", "POST", "/graphql", "application/json", "", "[" + query + "," + query + "]", 400, js, "BAD_REQUEST", false, ""},
		{"parse error, application/json: 200", "POST", "/graphql", "application/json", "", `{"query": "{ account("}`, 200, js, "GRAPHQL_PARSE_FAILED", false, ""},
		{"parse error, new type: 400", "POST", "/graphql", "application/json", "application/graphql-response+json", `{"query": "{ account("}`, 400, gr, "GRAPHQL_PARSE_FAILED", false, ""},
		{"validation error, application/json: 200", "POST", "/graphql", "application/json", "", `{"query": "{ nope }"}`, 200, js, "GRAPHQL_VALIDATION_FAILED", false, ""},
		{"validation error, new type: 400", "POST", "/graphql", "application/json", "application/graphql-response+json", `{"query": "{ nope }"}`, 400, gr, "GRAPHQL_VALIDATION_FAILED", false, ""},
		{"missing variable, new type: 400", "POST", "/graphql", "application/json", "application/graphql-response+json", `{"query": "query($id: ID!) { account(id: $id) { id } }"}`, 400, gr, "GRAPHQL_VALIDATION_FAILED", false, ""},
		{"no query, new type: 400", "POST", "/graphql", "application/json", "application/graphql-response+json", `{}`, 400, gr, "GRAPHQL_VALIDATION_FAILED", false, ""},
		// Execution began: a field error is a 200 with data, in both types.
		{"field error, new type: 200 with data", "POST", "/graphql", "application/json", "application/graphql-response+json", `{"query": "{ accounts(first: 0) { totalCount } }"}`, 200, gr, "BAD_USER_INPUT", true, ""},
		{"GET query", "GET", "/graphql?query=" + url.QueryEscape(`{ account(id: "x") { id } }`), "", "", "", 200, js, "", true, ""},
		{"GET query with variables", "GET", "/graphql?query=" + url.QueryEscape(`query($id: ID!) { account(id: $id) { id } }`) + "&variables=" + url.QueryEscape(`{"id":"x"}`), "", "", "", 200, js, "", true, ""},
		{"GET variables not JSON: 400", "GET", "/graphql?query=" + url.QueryEscape(`{ __typename }`) + "&variables=%7B", "", "", "", 400, js, "BAD_REQUEST", false, ""},
		{"GET mutation: 405, POST allowed", "GET", "/graphql?query=" + url.QueryEscape(mutation), "", "", "", 405, js, "METHOD_NOT_ALLOWED", false, "POST"},
		{"GET mutation named among queries: 405", "GET", "/graphql?operationName=M&query=" + url.QueryEscape("query Q { __typename } "+strings.Replace(mutation, "mutation", "mutation M", 1)), "", "", "", 405, js, "METHOD_NOT_ALLOWED", false, "POST"},
		{"PUT: 405", "PUT", "/graphql", "application/json", "", query, 405, js, "METHOD_NOT_ALLOWED", false, "GET, POST, OPTIONS"},
		{"DELETE: 405", "DELETE", "/graphql", "", "", "", 405, js, "METHOD_NOT_ALLOWED", false, "GET, POST, OPTIONS"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			if tc.accept != "" {
				h.Set("Accept", tc.accept)
			}
			rec := api.HTTPContext(t.Context(), tc.method, tc.target, tc.contentType, tc.body, h)
			var raw map[string]json.RawMessage
			if err := json.Unmarshal(rec.Body.Bytes(), &raw); err != nil {
				t.Fatalf("%d: body is not JSON: %s", rec.Code, rec.Body)
			}
			var errs []apitest.Error
			_ = json.Unmarshal(raw["errors"], &errs)
			code := ""
			if len(errs) > 0 {
				code = errs[0].Code()
			}
			_, hasData := raw["data"]
			if rec.Code != tc.status || rec.Header().Get("Content-Type") != tc.respType || code != tc.code || hasData != tc.hasData ||
				rec.Header().Get("Allow") != tc.allow {
				t.Errorf("got %d %q code %q data %v allow %q, want %d %q %q %v %q\n%s", rec.Code, rec.Header().Get("Content-Type"), code, hasData,
					rec.Header().Get("Allow"), tc.status, tc.respType, tc.code, tc.hasData, tc.allow, rec.Body)
			}
		})
	}
	if n := api.Count(`MATCH (a:Account) RETURN count(a) AS n`, nil); n != 0 {
		t.Errorf("a GET mutation wrote %d accounts", n)
	}
}

// graphiqlIntrospectionQuery is the query the vendored GraphiQL sends, taken
// from its bundle with the options GraphiQL passes (descriptions and input
// value deprecation on).
func graphiqlIntrospectionQuery(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("graphiql/assets/graphiql.min.js")
	if err != nil {
		t.Fatal(err)
	}
	js := string(b)
	start := strings.Index(js, "`\\n    query IntrospectionQuery {")
	end := strings.Index(js[start+1:], "`")
	if start < 0 || end < 0 {
		t.Fatal("no introspection query in the GraphiQL bundle")
	}
	q := strings.ReplaceAll(js[start+1:start+1+end], `\n`, "\n")
	q = regexp.MustCompile(`\$\{s\("([^"]*)"\)\}`).ReplaceAllString(q, "$1")
	q = strings.NewReplacer("${o}", "", "${n}", "description", "${i}", "", "${r}", "", "${a}", "").Replace(q)
	if strings.Contains(q, "${") || strings.Count(q, "ofType") < 8 {
		t.Fatalf("unexpected template:\n%s", q)
	}
	return q
}

func TestGraphiQLIntrospectionPassesTheLimits(t *testing.T) {
	api := apitest.New(t, nil) // introspection on, depth limit 12
	var out struct {
		Schema struct {
			QueryType struct{ Name string }
			Types     []struct{ Name string }
		} `json:"__schema"`
	}
	q := graphiqlIntrospectionQuery(t)
	api.MustDo(t, q, nil, &out)
	found := false
	for _, typ := range out.Schema.Types {
		found = found || typ.Name == "TouchpointConnection"
	}
	if out.Schema.QueryType.Name != "Query" || !found {
		t.Errorf("introspection result lacks Query or TouchpointConnection: %+v", out.Schema.QueryType)
	}
	// Nine levels of ofType under __schema: far deeper than 3, yet exempt.
	opts := apitest.DefaultOptions()
	opts.MaxDepth = 3
	if res := api.WithOptions(opts).Do(t, q, nil); len(res.Errors) != 0 {
		t.Errorf("depth limit 3 refused GraphiQL's introspection: %+v", res.Errors)
	}
}
