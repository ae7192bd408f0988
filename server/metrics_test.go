package server_test

import (
	"bufio"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/server/apitest"
)

// scrape reads /metrics into "name{labels}" → value.
func scrape(t *testing.T, api *apitest.API) map[string]float64 {
	t.Helper()
	rec := api.HTTP(http.MethodGet, "/metrics", "", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics: %d", rec.Code)
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(rec.Body)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("metrics line %q", line)
		}
		out[line[:i]] = v
	}
	return out
}

func TestMetricsAndLogs(t *testing.T) {
	opts := apitest.DefaultOptions()
	opts.SlowThreshold = time.Nanosecond // everything is "slow": the slow logs are checked below
	api := apitest.NewWithOptions(t, nil, opts)
	before := scrape(t, api)

	for range 2 {
		api.MustDo(t, `query AccountById { account(id: "m1") { id } }`, nil, nil)
	}
	api.MustDo(t, `mutation Up($name: String!) { upsertAccount(input: {id: "m1", name: $name}) { created } }`,
		map[string]any{"name": "private-name-4711"}, nil)
	if res := api.Do(t, `query Bad { nope }`, nil); len(res.Errors) != 1 {
		t.Fatal(res.Errors)
	}
	if res := api.Do(t, `query Page { accounts(first: 0) { totalCount } }`, nil); len(res.Errors) != 1 {
		t.Fatal(res.Errors)
	}

	after := scrape(t, api)
	for key, want := range map[string]float64{
		`journeygraph_graphql_operations_total{operation="AccountById",outcome="ok",type="query"}`: 2,
		`journeygraph_graphql_operations_total{operation="Up",outcome="ok",type="mutation"}`:       1,
		`journeygraph_graphql_operations_total{operation="Page",outcome="error",type="query"}`:     1,
		// A document that fails validation has no operation yet: its name is not trusted.
		`journeygraph_graphql_operations_total{operation="anonymous",outcome="error",type="unknown"}`: 1,
		`journeygraph_graphql_operation_duration_seconds_count{operation="AccountById",type="query"}`: 2,
		`journeygraph_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}`:                         1,
		`journeygraph_graphql_errors_total{code="BAD_USER_INPUT"}`:                                    1,
		// One batched read per request for the account, one upsert.
		`journeygraph_neo4j_query_duration_seconds_count{outcome="ok",query="accounts_by_id"}`:  2,
		`journeygraph_neo4j_query_duration_seconds_count{outcome="ok",query="upsert_accounts"}`: 1,
		// The five requests, and the first scrape.
		`journeygraph_http_requests_total{route="/graphql",status="200"}`: 5,
		`journeygraph_http_requests_total{route="/metrics",status="200"}`: 1,
	} {
		if got := after[key] - before[key]; got != want {
			t.Errorf("%s grew by %v, want %v", key, got, want)
		}
	}

	// Operation names are bounded: 3 names are known (AccountById, Up, Page);
	// 97 more get a series each, the 3 after them count as "other".
	for i := range 100 {
		api.MustDo(t, fmt.Sprintf(`query Name%03d { __typename }`, i), nil, nil)
	}
	final := scrape(t, api)
	if got := final[`journeygraph_graphql_operations_total{operation="other",outcome="ok",type="query"}`]; got != 3 {
		t.Errorf("other = %v, want 3", got)
	}
	if _, ok := final[`journeygraph_graphql_operations_total{operation="Name096",outcome="ok",type="query"}`]; !ok {
		t.Error("Name096, the 100th name, has no series")
	}
	if _, ok := final[`journeygraph_graphql_operations_total{operation="Name097",outcome="ok",type="query"}`]; ok {
		t.Error("Name097, the 101st name, has a series")
	}

	// Every log line of a request carries its id; slow operations and queries
	// are logged by name and duration, never with variables.
	mark := len(api.Logs.String())
	rec := api.HTTPContext(t.Context(), http.MethodPost, "/graphql", "application/json",
		mustJSON(t, map[string]any{"query": `mutation Up($name: String!) { upsertAccount(input: {id: "m1", name: $name}) { created } }`,
			"variables": map[string]any{"name": "private-name-4712"}}), http.Header{"X-Request-Id": {"req-metrics-1"}})
	if rec.Code != 200 {
		t.Fatal(rec.Body)
	}
	lines := strings.Split(strings.TrimSpace(api.Logs.String()[mark:]), "\n")
	var msgs []string
	for _, l := range lines {
		if !strings.Contains(l, "request_id=req-metrics-1") {
			t.Errorf("log line without the request id: %s", l)
		}
		if strings.Contains(l, "private-name-4712") {
			t.Errorf("log line with a variable's value: %s", l)
		}
		msgs = append(msgs, l[strings.Index(l, "msg="):strings.Index(l, "took=")])
	}
	want := []string{
		`msg="slow neo4j query" query=upsert_accounts `,
		`msg="slow operation" operation=Up type=mutation `,
		`msg="http request" method=POST path=/graphql status=200 `,
	}
	if strings.Join(msgs, "|") != strings.Join(want, "|") {
		t.Errorf("log lines:\n%s\nwant messages %q", strings.Join(lines, "\n"), want)
	}
	if strings.Contains(api.Logs.String(), "private-name-4711") {
		t.Error("a variable's value was logged")
	}
}
