package server_test

import (
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/server/apitest"
)

// TestDevelopmentModeServesOnlyLoopbackHosts reproduces the DNS rebinding
// attack on the development mode (every caller ADMIN) against the real
// server: a request whose Host is an attacker's name is refused with 403
// HOST_NOT_ALLOWED on every route, before anything runs; loopback names on
// the listen port and JOURNEYGRAPH_DEV_HOSTS names are served; only
// loopback or dev-host origins get a CORS allowance.
func TestDevelopmentModeServesOnlyLoopbackHosts(t *testing.T) {
	srv := startRealServer(t, map[string]string{
		"JOURNEYGRAPH_DEV_HOSTS":    "devbox.lan, proxy.lan:8443",
		"JOURNEYGRAPH_CORS_ORIGINS": "http://localhost:3000, http://devbox.lan:5173",
	}, nil)
	_, port, _ := net.SplitHostPort(srv.Addr)
	send := func(method, path, host, body string, header http.Header) (*http.Response, apitest.Result) {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), method, "http://"+srv.Addr+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Host = host
		for k, vs := range header {
			req.Header[k] = vs
		}
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var res apitest.Result
		_ = json.NewDecoder(resp.Body).Decode(&res)
		return resp, res
	}
	const read = `{"query":"{accounts(first:1){edges{node{name}}}}"}`
	const write = `{"query":"mutation{upsertAccount(input:{id:\"rebind\",name:\"Pwned\"}){created}}"}`
	attacker := "rebind.attacker.example:" + port

	t.Run("a foreign Host is refused on every route", func(t *testing.T) {
		for _, tc := range []struct{ method, path, body string }{
			{http.MethodPost, "/graphql", read},
			{http.MethodPost, "/graphql", write},
			{http.MethodGet, "/graphql?query=%7B__typename%7D", ""},
			{http.MethodGet, "/", ""}, // GraphiQL
			{http.MethodGet, "/graphiql/assets/graphiql.min.js", ""},
			{http.MethodGet, "/metrics", ""},
			{http.MethodGet, "/healthz", ""},
			{http.MethodGet, "/readyz", ""},
			{http.MethodGet, "/not-a-route", ""}, // refused before routing, so routes added later are too
			{http.MethodOptions, "/graphql", ""},
		} {
			h := http.Header{"Origin": {"http://" + attacker}}
			resp, res := send(tc.method, tc.path, attacker, tc.body, h)
			if resp.StatusCode != http.StatusForbidden || len(res.Errors) != 1 || res.Errors[0].Code() != "HOST_NOT_ALLOWED" ||
				!strings.Contains(res.Errors[0].Message, "JOURNEYGRAPH_DEV_HOSTS") {
				t.Errorf("%s %s with Host %s: %d %+v, want 403 HOST_NOT_ALLOWED", tc.method, tc.path, attacker, resp.StatusCode, res.Errors)
			}
			if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "" {
				t.Errorf("%s %s: Access-Control-Allow-Origin %q", tc.method, tc.path, got)
			}
		}
		if n := srv.Count(`MATCH (a:Account) RETURN count(a) AS n`, nil); n != 0 {
			t.Errorf("the refused mutation wrote %d accounts", n)
		}
	})

	t.Run("Host values by name and port", func(t *testing.T) {
		for _, tc := range []struct {
			host  string
			serve bool
		}{
			{"127.0.0.1:" + port, true},
			{"localhost:" + port, true},
			{"LOCALHOST:" + port, true},
			{"[::1]:" + port, true},
			{"devbox.lan:" + port, true}, // a dev host without port: any port
			{"devbox.lan:9", true},
			{"devbox.lan", true},
			{"proxy.lan:8443", true}, // with a port: that port only
			{"proxy.lan:" + port, false},
			{"localhost:1", false}, // loopback, another port
			{"127.0.0.1", false},   // no port is port 80
			{"localhost.attacker.example:" + port, false},
			{"127.0.0.1.nip.io:" + port, false},
			{"devbox.lan.attacker.example:" + port, false},
		} {
			resp, res := send(http.MethodPost, "/graphql", tc.host, read, nil)
			served := resp.StatusCode == http.StatusOK && len(res.Errors) == 0
			if served != tc.serve {
				t.Errorf("Host %q: %d %+v, want served=%v", tc.host, resp.StatusCode, res.Errors, tc.serve)
			}
		}
	})

	t.Run("only loopback and dev-host origins get CORS", func(t *testing.T) {
		host := "127.0.0.1:" + port
		for _, tc := range []struct {
			origin string
			allow  bool
		}{
			{"http://localhost:3000", true},
			{"http://devbox.lan:5173", true},
			{"http://" + attacker, false},
			{"https://evil.example.net", false},
		} {
			resp, _ := send(http.MethodPost, "/graphql", host, read, http.Header{"Origin": {tc.origin}})
			if got := resp.Header.Get("Access-Control-Allow-Origin"); (got == tc.origin) != tc.allow || (!tc.allow && got != "") {
				t.Errorf("origin %s: Access-Control-Allow-Origin %q, want allowed=%v", tc.origin, got, tc.allow)
			}
			pre, _ := send(http.MethodOptions, "/graphql", host, "", http.Header{"Origin": {tc.origin},
				"Access-Control-Request-Method": {"POST"}, "Access-Control-Request-Headers": {"content-type"}})
			if got := pre.Header.Get("Access-Control-Allow-Origin"); (got != "") != tc.allow {
				t.Errorf("preflight from %s: Access-Control-Allow-Origin %q, want allowed=%v", tc.origin, got, tc.allow)
			}
		}
	})
}
