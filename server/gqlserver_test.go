package server_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/server/apitest"
)

func TestAutomaticPersistedQueries(t *testing.T) {
	api := apitest.New(t, nil)
	query := `{ account(id: "apq") { id } }`
	sum := sha256.Sum256([]byte(query))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	post := func(body map[string]any) apitest.Result {
		t.Helper()
		b, _ := json.Marshal(body)
		rec := api.HTTP(http.MethodPost, "/graphql", "application/json", string(b))
		var res apitest.Result
		if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
			t.Fatalf("%s: %v", rec.Body, err)
		}
		return res
	}
	// The hash alone is unknown at first: the client must send the query once.
	if res := post(map[string]any{"extensions": ext}); len(res.Errors) != 1 || res.Errors[0].Message != "PersistedQueryNotFound" {
		t.Fatalf("hash only, first time: %+v", res.Errors)
	}
	if res := post(map[string]any{"query": query, "extensions": ext}); len(res.Errors) != 0 || string(res.Data) != `{"account":null}` {
		t.Fatalf("query with hash: %+v %s", res.Errors, res.Data)
	}
	if res := post(map[string]any{"extensions": ext}); len(res.Errors) != 0 || string(res.Data) != `{"account":null}` {
		t.Fatalf("hash only, after registration: %+v %s", res.Errors, res.Data)
	}
	// A hash that does not match its query is refused.
	bad := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": "00" + hex.EncodeToString(sum[1:])}}
	if res := post(map[string]any{"query": query, "extensions": bad}); len(res.Errors) != 1 {
		t.Fatalf("mismatched hash accepted: %s", res.Data)
	}
}

func TestComplexityLimit(t *testing.T) {
	opts := apitest.DefaultOptions()
	opts.ComplexityLimit = 3
	api := apitest.NewWithOptions(t, nil, opts)
	// Complexity counts one per selected field: account + id = 2 passes, four fields do not.
	if res := api.Do(t, `{ account(id: "x") { id } }`, nil); len(res.Errors) != 0 {
		t.Fatalf("small query refused: %+v", res.Errors)
	}
	res := api.Do(t, `{ account(id: "x") { id name domain } }`, nil)
	if len(res.Errors) != 1 || res.Errors[0].Code() != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Fatalf("errors %+v, want COMPLEXITY_LIMIT_EXCEEDED", res.Errors)
	}
}

func TestRequestLimits(t *testing.T) {
	opts := apitest.DefaultOptions()
	opts.MaxBodyBytes = 2000
	opts.ParserTokens = 200
	api := apitest.NewWithOptions(t, nil, opts)
	mutation := func(name string) string {
		b, _ := json.Marshal(map[string]any{"query": `mutation($n: String!) { upsertAccount(input: {id: "big", name: $n}) { created } }`,
			"variables": map[string]any{"n": name}})
		return string(b)
	}
	decode := func(rec *httptest.ResponseRecorder) apitest.Result {
		t.Helper()
		var res apitest.Result
		if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
			t.Fatalf("%d %s: %v", rec.Code, rec.Body, err)
		}
		return res
	}

	t.Run("body over the cap is 413 with a code, and nothing runs", func(t *testing.T) {
		rec := api.HTTP(http.MethodPost, "/graphql", "application/json", mutation(strings.Repeat("x", 2500)))
		res := decode(rec)
		if rec.Code != http.StatusRequestEntityTooLarge || len(res.Errors) != 1 || res.Errors[0].Code() != "REQUEST_TOO_LARGE" {
			t.Errorf("status %d errors %+v", rec.Code, res.Errors)
		}
	})
	t.Run("a chunked body (no Content-Length) over the cap is 413 too", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodPost, "/graphql", io.MultiReader(strings.NewReader(mutation(strings.Repeat("y", 2500)))))
		req.ContentLength = -1
		req.Host = apitest.DevHost
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		api.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d, want 413", rec.Code)
		}
	})
	if n := api.Count(`MATCH (a:Account) RETURN count(a) AS n`, nil); n != 0 {
		t.Fatalf("a refused body wrote %d accounts", n)
	}
	t.Run("a body just under the cap is served", func(t *testing.T) {
		b, _ := json.Marshal(map[string]any{"query": `mutation { upsertAccount(input: {id: "big", name: "Big"}) { created } }` + strings.Repeat(" ", 1850)})
		body := string(b)
		if len(body) > 2000 {
			t.Fatalf("test body is %d bytes", len(body))
		}
		if res := decode(api.HTTP(http.MethodPost, "/graphql", "application/json", body)); len(res.Errors) != 0 {
			t.Errorf("errors %+v", res.Errors)
		}
	})
	t.Run("more tokens than the parser limit", func(t *testing.T) {
		q := "{ " + strings.Repeat("a: account(id: \"x\") { id } ", 30) + "}" // 30 × 9 tokens > 200
		res := api.Do(t, q, nil)
		if len(res.Errors) != 1 || res.Errors[0].Code() != "GRAPHQL_PARSE_FAILED" || !strings.Contains(res.Errors[0].Message, "token limit") {
			t.Errorf("errors %+v", res.Errors)
		}
	})
}
