package server_test

import (
	"encoding/json"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/auth"
	"github.com/journeygraph/journeygraph/server"
	"github.com/journeygraph/journeygraph/server/apitest"
)

// Clear-text keys the test presents; the server only knows their hashes.
const (
	readerKey = "rk-7f3a9c0e5b1d4e2f8a6c"
	writerKey = "wk-1b2c3d4e5f60718293a4"
	adminKey  = "ak-99aa88bb77cc66dd55ee"
)

// keyedOptions are production-like options: keys required, introspection and
// GraphiQL off (their defaults when keys are required).
func keyedOptions(t *testing.T) server.Options {
	t.Helper()
	keys, err := auth.ParseKeys(strings.NewReader(
		"reader:dashboard:"+auth.Hash(readerKey)+"\n"+
			"writer:crm-sync:"+auth.Hash(writerKey)+"\n"+
			"# the blueprint editor\nADMIN:ops:"+auth.Hash(adminKey)), "test")
	if err != nil {
		t.Fatal(err)
	}
	ring, err := auth.NewKeyring(keys)
	if err != nil {
		t.Fatal(err)
	}
	opts := apitest.DefaultOptions()
	opts.AuthDisabled, opts.Introspection, opts.GraphiQL, opts.Keys = false, false, false, ring
	return opts
}

func TestAPIKeysAndRoles(t *testing.T) {
	api := apitest.NewWithOptions(t, nil, keyedOptions(t))
	const upsert = `mutation { upsertAccount(input: {id: "k1", name: "Keyed"}) { created } }`
	accounts := func() int64 { return api.Count(`MATCH (a:Account) RETURN count(a) AS n`, nil) }

	t.Run("no key, a wrong key, or another scheme: 401 with WWW-Authenticate, nothing runs", func(t *testing.T) {
		body := mustJSON(t, map[string]string{"query": upsert})
		for _, authz := range []string{"", "Bearer ", "Bearer nope", "Bearer " + readerKey + "x", "Basic " + writerKey, writerKey, "Bearer " + auth.Hash(writerKey)} {
			h := http.Header{}
			if authz != "" {
				h.Set("Authorization", authz)
			}
			rec := api.HTTPContext(t.Context(), http.MethodPost, "/graphql", "application/json", body, h)
			var res apitest.Result
			_ = json.Unmarshal(rec.Body.Bytes(), &res)
			if rec.Code != http.StatusUnauthorized || rec.Header().Get("WWW-Authenticate") != `Bearer realm="journeygraph"` ||
				len(res.Errors) != 1 || res.Errors[0].Code() != "UNAUTHENTICATED" {
				t.Errorf("Authorization %q: %d %q %s", authz, rec.Code, rec.Header().Get("WWW-Authenticate"), rec.Body)
			}
		}
		if n := accounts(); n != 0 {
			t.Fatalf("unauthenticated requests wrote %d accounts", n)
		}
	})

	t.Run("viewer: each key's own role", func(t *testing.T) {
		for key, want := range map[string]string{readerKey: "READER", writerKey: "WRITER", adminKey: "ADMIN"} {
			if res := api.DoKey(t, key, `{ viewer { role } }`, nil); len(res.Errors) != 0 || string(res.Data) != `{"viewer":{"role":"`+want+`"}}` {
				t.Errorf("viewer of the %s key: %+v %s", want, res.Errors, res.Data)
			}
		}
		// The development mode, without keys, makes every caller ADMIN.
		if res := api.WithOptions(apitest.DefaultOptions()).Do(t, `{ viewer { role } }`, nil); len(res.Errors) != 0 || string(res.Data) != `{"viewer":{"role":"ADMIN"}}` {
			t.Errorf("viewer in development mode: %+v %s", res.Errors, res.Data)
		}
	})

	t.Run("reader: queries yes, mutations FORBIDDEN and not run", func(t *testing.T) {
		if res := api.DoKey(t, readerKey, `{ account(id: "k1") { id } }`, nil); len(res.Errors) != 0 || string(res.Data) != `{"account":null}` {
			t.Fatalf("reader query: %+v %s", res.Errors, res.Data)
		}
		// Two mutation fields: the whole document is refused before the first runs.
		res := api.DoKey(t, readerKey, `mutation { a: upsertAccount(input: {id: "k1", name: "A"}) { created } b: upsertAccount(input: {id: "k2", name: "B"}) { created } }`, nil)
		if res.Status != http.StatusOK || len(res.Errors) != 1 || res.Errors[0].Code() != "FORBIDDEN" ||
			res.Errors[0].Extensions["requiredRole"] != "WRITER" || res.Errors[0].Extensions["field"] != "Mutation.upsertAccount" ||
			string(res.Data) != "" {
			t.Fatalf("reader mutation: %d %+v data %s", res.Status, res.Errors, res.Data)
		}
		if n := accounts(); n != 0 {
			t.Fatalf("a refused mutation wrote %d accounts", n)
		}
		// With the GraphQL-over-HTTP media type the refusal is 403.
		h := http.Header{"Authorization": {"Bearer " + readerKey}, "Accept": {"application/graphql-response+json"}}
		rec := api.HTTPContext(t.Context(), http.MethodPost, "/graphql", "application/json", mustJSON(t, map[string]string{"query": upsert}), h)
		if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), `"code":"FORBIDDEN"`) {
			t.Fatalf("graphql-response+json: %d %s", rec.Code, rec.Body)
		}
	})

	t.Run("writer and admin write", func(t *testing.T) {
		for i, key := range []string{writerKey, adminKey} {
			res := api.DoKey(t, key, upsert, nil)
			want := []string{`{"upsertAccount":{"created":true}}`, `{"upsertAccount":{"created":false}}`}[i]
			if len(res.Errors) != 0 || string(res.Data) != want {
				t.Fatalf("key %d: %+v %s", i, res.Errors, res.Data)
			}
		}
		if n := accounts(); n != 1 {
			t.Fatalf("%d accounts, want 1", n)
		}
	})

	t.Run("admin only: schema migrations refused to reader and writer, run for admin", func(t *testing.T) {
		const migrate = `mutation { applySchemaMigrations { files statements } }`
		indexed := func() int64 {
			return api.Count(`SHOW INDEXES YIELD name WHERE name = 'account_segment' RETURN count(*) AS n`, nil)
		}
		api.Query(`DROP INDEX account_segment`, nil) // so a migration that ran would show
		for _, key := range []string{readerKey, writerKey} {
			res := api.DoKey(t, key, migrate, nil)
			if len(res.Errors) != 1 || res.Errors[0].Code() != "FORBIDDEN" || res.Errors[0].Extensions["requiredRole"] != "ADMIN" ||
				string(res.Data) != "" {
				t.Fatalf("non-admin migration: %+v data %s", res.Errors, res.Data)
			}
		}
		if indexed() != 0 {
			t.Fatal("a refused migration ran: the dropped index is back")
		}
		// Blueprint edits are ADMIN too: a writer's edit is refused before it runs.
		res := api.DoKey(t, writerKey, `mutation { setSystemOfRecord(technology: "crm", systemOfRecord: true) { key } }`, nil)
		if len(res.Errors) != 1 || res.Errors[0].Code() != "FORBIDDEN" || res.Errors[0].Extensions["requiredRole"] != "ADMIN" ||
			res.Errors[0].Extensions["field"] != "Mutation.setSystemOfRecord" {
			t.Fatalf("writer blueprint edit: %+v", res.Errors)
		}
		// The files, independently listed from the source tree.
		entries, err := os.ReadDir("../store/migrations")
		if err != nil {
			t.Fatal(err)
		}
		var files []string
		statements := 0
		for _, e := range entries {
			files = append(files, e.Name())
			b, err := os.ReadFile("../store/migrations/" + e.Name())
			if err != nil {
				t.Fatal(err)
			}
			for _, line := range strings.Split(string(b), "\n") {
				if !strings.HasPrefix(strings.TrimSpace(line), "//") {
					statements += strings.Count(line, ";")
				}
			}
		}
		var out struct {
			ApplySchemaMigrations struct {
				Files      []string
				Statements int
			}
		}
		res = api.DoKey(t, adminKey, migrate, nil)
		if len(res.Errors) != 0 {
			t.Fatalf("admin migration: %+v", res.Errors)
		}
		if err := json.Unmarshal(res.Data, &out); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(out.ApplySchemaMigrations.Files, files) || out.ApplySchemaMigrations.Statements != statements {
			t.Errorf("report %+v, want files %v and %d statements", out.ApplySchemaMigrations, files, statements)
		}
		if indexed() != 1 {
			t.Error("the admin's migration did not recreate the dropped index")
		}
	})

	t.Run("health and readiness stay open; metrics need a key", func(t *testing.T) {
		for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/metrics": 401, "/": 404} {
			if rec := api.HTTP(http.MethodGet, path, "", ""); rec.Code != want {
				t.Errorf("GET %s without a key: %d, want %d", path, rec.Code, want)
			}
		}
		rec := api.HTTPContext(t.Context(), http.MethodGet, "/metrics", "", "", http.Header{"Authorization": {"Bearer " + readerKey}})
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "journeygraph_graphql_operations_total") {
			t.Errorf("GET /metrics with a key: %d", rec.Code)
		}
	})

	t.Run("a CORS preflight needs no key; the allowed origin can read a 401", func(t *testing.T) {
		h := http.Header{"Origin": {"https://app.example.com"}, "Access-Control-Request-Method": {"POST"}, "Access-Control-Request-Headers": {"authorization,content-type"}}
		pre := api.HTTPContext(t.Context(), http.MethodOptions, "/graphql", "", "", h)
		if pre.Header().Get("Access-Control-Allow-Origin") != "https://app.example.com" || pre.Code >= 300 {
			t.Errorf("preflight: %d %v", pre.Code, pre.Header())
		}
		rec := api.HTTPContext(t.Context(), http.MethodPost, "/graphql", "application/json", `{"query":"{__typename}"}`, http.Header{"Origin": {"https://app.example.com"}})
		if rec.Code != 401 || rec.Header().Get("Access-Control-Allow-Origin") != "https://app.example.com" {
			t.Errorf("401 for an allowed origin: %d %v", rec.Code, rec.Header())
		}
	})

	t.Run("keys never reach the logs", func(t *testing.T) {
		logs := api.Logs.String()
		if !strings.Contains(logs, "status=401") || !strings.Contains(logs, "status=200") {
			t.Fatalf("the requests were not logged:\n%s", logs)
		}
		for _, secret := range []string{readerKey, writerKey, adminKey, readerKey[:12]} {
			if strings.Contains(logs, secret) {
				t.Errorf("logs contain key material %q", secret)
			}
		}
	})
}

func TestIntrospectionAndSuggestionsFollowTheSetting(t *testing.T) {
	opts := keyedOptions(t)
	closed := apitest.NewWithOptions(t, nil, opts)
	opts.Introspection = true
	open := closed.WithOptions(opts)

	const typo = `{ acount(id: "x") { id } }`
	const schemaQuery = `{ __schema { queryType { name } } }`
	if res := closed.DoKey(t, readerKey, schemaQuery, nil); len(res.Errors) != 1 || res.Errors[0].Code() != "INTROSPECTION_DISABLED" || res.Data != nil {
		t.Errorf("introspection off: %+v %s", res.Errors, res.Data)
	}
	res := closed.DoKey(t, readerKey, typo, nil)
	if len(res.Errors) != 1 || res.Errors[0].Message != `Cannot query field "acount" on type "Query".` {
		t.Errorf("introspection off, a typo: %+v (no suggestion expected)", res.Errors)
	}
	// __typename is not introspection of the schema and stays.
	if res := closed.DoKey(t, readerKey, `{ __typename }`, nil); string(res.Data) != `{"__typename":"Query"}` {
		t.Errorf("__typename: %+v %s", res.Errors, res.Data)
	}

	if res := open.DoKey(t, readerKey, schemaQuery, nil); len(res.Errors) != 0 || string(res.Data) != `{"__schema":{"queryType":{"name":"Query"}}}` {
		t.Errorf("introspection on: %+v %s", res.Errors, res.Data)
	}
	res = open.DoKey(t, readerKey, typo, nil)
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, `Did you mean "account"`) {
		t.Errorf("introspection on, a typo: %+v (a suggestion expected)", res.Errors)
	}
}
