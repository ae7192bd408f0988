package server_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
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
