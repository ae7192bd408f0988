package server_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/auth"
	"github.com/journeygraph/journeygraph/config"
	"github.com/journeygraph/journeygraph/server"
	"github.com/journeygraph/journeygraph/server/apitest"
)

func TestHTTPEndpoints(t *testing.T) {
	api := apitest.New(t, nil)

	t.Run("healthz", func(t *testing.T) {
		rec := api.HTTP(http.MethodGet, "/healthz", "", "")
		if rec.Code != http.StatusOK {
			t.Errorf("status = %d", rec.Code)
		}
	})
	t.Run("readyz with Neo4j up", func(t *testing.T) {
		rec := api.HTTP(http.MethodGet, "/readyz", "", "")
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"ready"`) {
			t.Errorf("status = %d body = %s", rec.Code, rec.Body)
		}
	})
	t.Run("GraphiQL at /", func(t *testing.T) {
		rec := api.HTTP(http.MethodGet, "/", "", "")
		body := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.Contains(body, "graphiql") || !strings.Contains(body, "/graphql") {
			t.Errorf("status = %d, body does not load GraphiQL against /graphql:\n%.300s", rec.Code, body)
		}
	})
	t.Run("GraphiQL assets are served locally and match their integrity hashes", func(t *testing.T) {
		page := html.UnescapeString(api.HTTP(http.MethodGet, "/", "", "").Body.String())
		if strings.Contains(page, "cdn.jsdelivr.net") {
			t.Error("GraphiQL page still loads assets from a CDN")
		}
		for _, name := range []string{"graphiql.min.js", "graphiql.min.css", "react.production.min.js", "react-dom.production.min.js"} {
			rec := api.HTTP(http.MethodGet, "/graphiql/assets/"+name, "", "")
			if rec.Code != http.StatusOK || rec.Body.Len() < 1000 {
				t.Errorf("%s: status %d, %d bytes", name, rec.Code, rec.Body.Len())
				continue
			}
			sum := sha256.Sum256(rec.Body.Bytes())
			sri := "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
			if !strings.Contains(page, `"/graphiql/assets/`+name+`"`) || !strings.Contains(page, sri) {
				t.Errorf("page does not reference %s with integrity %s", name, sri)
			}
		}
	})
	t.Run("unknown path", func(t *testing.T) {
		if rec := api.HTTP(http.MethodGet, "/nope", "", ""); rec.Code != http.StatusNotFound {
			t.Errorf("status = %d, want 404", rec.Code)
		}
	})
	t.Run("query over GET", func(t *testing.T) {
		rec := api.HTTP(http.MethodGet, "/graphql?query="+url.QueryEscape(`{ account(id: "x") { id } }`), "", "")
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"account":null`) {
			t.Errorf("status = %d body = %s", rec.Code, rec.Body)
		}
	})
	t.Run("mutation over GET is refused", func(t *testing.T) {
		q := `mutation { upsertAccount(input: {id: "g", name: "G"}) { created } }`
		rec := api.HTTP(http.MethodGet, "/graphql?query="+url.QueryEscape(q), "", "")
		if rec.Code == http.StatusOK && !strings.Contains(rec.Body.String(), `"errors"`) {
			t.Errorf("GET mutation accepted: %d %s", rec.Code, rec.Body)
		}
		if n := api.Count(`MATCH (a:Account) RETURN count(a) AS n`, nil); n != 0 {
			t.Errorf("GET mutation wrote %d accounts", n)
		}
	})
	t.Run("request id echoed or generated", func(t *testing.T) {
		rec := api.HTTPContext(t.Context(), http.MethodGet, "/healthz", "", "", http.Header{"X-Request-Id": {"abc-123"}})
		if got := rec.Header().Get("X-Request-Id"); got != "abc-123" {
			t.Errorf("X-Request-Id = %q, want abc-123", got)
		}
		rec = api.HTTPContext(t.Context(), http.MethodGet, "/healthz", "", "", http.Header{"X-Request-Id": {"bad id\nforged=1"}})
		if got := rec.Header().Get("X-Request-Id"); got == "" || strings.ContainsAny(got, " \n=") {
			t.Errorf("unsafe X-Request-Id kept or none generated: %q", got)
		}
	})
}

func TestCORSAllowsOnlyConfiguredOrigins(t *testing.T) {
	// With keys: the development mode allows loopback origins only.
	api := apitest.NewWithOptions(t, nil, keyedOptions(t)) // allows https://app.example.com
	body := `{"query":"{ account(id: \"x\") { id } }"}`
	for _, tt := range []struct {
		origin string
		allow  bool
	}{
		{"https://app.example.com", true},
		{"https://evil.example.net", false},
	} {
		h := http.Header{"Origin": {tt.origin}, "Authorization": {"Bearer " + readerKey}}
		rec := api.HTTPContext(t.Context(), http.MethodPost, "/graphql", "application/json", body, h)
		got := rec.Header().Get("Access-Control-Allow-Origin")
		if rec.Code != http.StatusOK {
			t.Errorf("origin %s: status %d", tt.origin, rec.Code)
		}
		if tt.allow && got != tt.origin {
			t.Errorf("origin %s: Access-Control-Allow-Origin = %q, want it echoed", tt.origin, got)
		}
		if !tt.allow && got != "" {
			t.Errorf("origin %s: Access-Control-Allow-Origin = %q, want none", tt.origin, got)
		}
		// Preflight follows the same rule.
		h.Del("Authorization")
		h.Set("Access-Control-Request-Method", "POST")
		h.Set("Access-Control-Request-Headers", "content-type")
		pre := api.HTTPContext(t.Context(), http.MethodOptions, "/graphql", "", "", h)
		if got := pre.Header().Get("Access-Control-Allow-Origin"); (got != "") != tt.allow {
			t.Errorf("preflight from %s: allow header %q", tt.origin, got)
		}
	}
}

// TestDefaultConfigurationAllowsNoBrowserOrigin builds the handler the way
// `journeygraph serve` does from a configuration that sets only a key: with
// JOURNEYGRAPH_CORS_ORIGINS unset, no origin may read an answer.
func TestDefaultConfigurationAllowsNoBrowserOrigin(t *testing.T) {
	const key = "reader-key-for-the-cors-test"
	env := map[string]string{"JOURNEYGRAPH_API_KEYS": "reader:cors:" + auth.Hash(key)}
	cfg, _, err := config.Load("serve", nil, func(k string) string { return env[k] }, &strings.Builder{})
	if err != nil {
		t.Fatal(err)
	}
	keys, err := auth.NewKeyring(cfg.APIKeys)
	if err != nil {
		t.Fatal(err)
	}
	api := apitest.NewWithOptions(t, nil, server.OptionsFromConfig(cfg, keys, nil))
	for _, origin := range []string{"https://evil.example.net", "http://localhost:3000", "null"} {
		h := http.Header{"Origin": {origin}, "Authorization": {"Bearer " + key}}
		rec := api.HTTPContext(t.Context(), http.MethodPost, "/graphql", "application/json", `{"query":"{ account(id: \"x\") { id } }"}`, h)
		if rec.Code != http.StatusOK {
			t.Fatalf("origin %s: status %d, want the request served (CORS binds browsers, not servers)", origin, rec.Code)
		}
		if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("origin %s: Access-Control-Allow-Origin = %q, want none", origin, got)
		}
		pre := api.HTTPContext(t.Context(), http.MethodOptions, "/graphql", "", "", http.Header{"Origin": {origin},
			"Access-Control-Request-Method": {"POST"}, "Access-Control-Request-Headers": {"content-type,authorization"}})
		if got := pre.Header().Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("preflight from %s: Access-Control-Allow-Origin = %q, want none", origin, got)
		}
	}
}

func TestParseAndValidationErrorsHaveCodes(t *testing.T) {
	api := apitest.New(t, nil)
	for _, tt := range []struct{ query, code string }{
		{`{ account(id: "x") { id `, "GRAPHQL_PARSE_FAILED"},
		{`{ account(id: "x") { noSuchField } }`, "GRAPHQL_VALIDATION_FAILED"},
	} {
		rec := api.HTTP(http.MethodPost, "/graphql", "application/json", mustJSON(t, map[string]string{"query": tt.query}))
		var resp struct{ Errors []apitest.Error }
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
			t.Fatalf("%s: %v", rec.Body, err)
		}
		if len(resp.Errors) == 0 || resp.Errors[0].Code() != tt.code {
			t.Errorf("%q: errors = %+v, want code %s", tt.query, resp.Errors, tt.code)
		}
	}
}
