package config

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/auth"
)

func TestAPIKeysFromEnvAndFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "keys")
	content := "# integrations\nwriter:crm-sync:" + auth.Hash("w-secret") + "\n\nadmin:ops:" + strings.ToUpper(auth.Hash("a-secret")) + "\n"
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := Load("test", nil, env(map[string]string{
		"JOURNEYGRAPH_API_KEYS":      "reader:dash:" + auth.Hash("r-secret") + ", reader:dash2:" + auth.Hash("r2-secret"),
		"JOURNEYGRAPH_API_KEYS_FILE": file,
	}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, k := range cfg.APIKeys {
		got = append(got, k.Role.String()+":"+k.Name)
	}
	if strings.Join(got, ",") != "READER:dash,READER:dash2,WRITER:crm-sync,ADMIN:ops" {
		t.Errorf("keys = %v", got)
	}
	ring, _ := auth.NewKeyring(cfg.APIKeys)
	if k, ok := ring.Lookup("a-secret"); !ok || k.Name != "ops" || k.Role != auth.Admin {
		t.Errorf("lookup a-secret = %+v %v", k, ok)
	}
	if _, ok := ring.Lookup(auth.Hash("a-secret")); ok {
		t.Error("the hash itself was accepted as a key")
	}
	// Keys configured: introspection and GraphiQL default off; serving is allowed.
	if cfg.Introspection || cfg.GraphiQL || cfg.AuthDisabled || cfg.CheckServe() != nil {
		t.Errorf("introspection %v graphiql %v disabled %v serve %v", cfg.Introspection, cfg.GraphiQL, cfg.AuthDisabled, cfg.CheckServe())
	}
}

func TestAPIKeyErrorsNeverEchoTheSecret(t *testing.T) {
	for _, tc := range []struct{ keys, want string }{
		{"writer:crm:my-clear-text-key", `key "crm": the third part is not a SHA-256 in hex`},
		{"root:crm:" + auth.Hash("x"), `unknown role "root"`},
		{"writer:" + auth.Hash("x"), "not role:name:sha256hex"},
		{"writer:bad name:" + auth.Hash("x"), "key name"},
		{"writer:a:" + auth.Hash("x") + ",reader:b:" + auth.Hash("x"), `keys "a" and "b" have the same hash`},
	} {
		_, _, err := Load("test", nil, env(map[string]string{"JOURNEYGRAPH_API_KEYS": tc.keys}), io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "my-clear-text-key") {
			t.Errorf("%s: err = %v, want %q", tc.keys, err, tc.want)
		}
	}
	_, _, err := Load("test", nil, env(map[string]string{"JOURNEYGRAPH_API_KEYS_FILE": "/nonexistent/keys"}), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "JOURNEYGRAPH_API_KEYS_FILE") {
		t.Errorf("missing file: %v", err)
	}
}

func TestServingIsClosedByDefault(t *testing.T) {
	load := func(m map[string]string) Config {
		t.Helper()
		cfg, _, err := Load("test", nil, env(m), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	err := load(nil).CheckServe()
	if err == nil || !strings.Contains(err.Error(), "no API keys configured: set JOURNEYGRAPH_API_KEYS or JOURNEYGRAPH_API_KEYS_FILE") {
		t.Errorf("no keys: %v", err)
	}
	dev := load(map[string]string{"JOURNEYGRAPH_AUTH_DISABLED": "true"})
	if dev.CheckServe() != nil || !dev.Introspection || !dev.GraphiQL {
		t.Errorf("development mode on loopback: %v introspection %v graphiql %v", dev.CheckServe(), dev.Introspection, dev.GraphiQL)
	}
	for _, addr := range []string{"0.0.0.0:8080", "10.1.2.3:8080", ":8080", "[::]:8080"} {
		err := load(map[string]string{"JOURNEYGRAPH_AUTH_DISABLED": "true", "JOURNEYGRAPH_LISTEN_ADDR": addr}).CheckServe()
		if err == nil || !strings.Contains(err.Error(), "only on a loopback listen address") {
			t.Errorf("development mode on %s: %v", addr, err)
		}
	}
	for _, addr := range []string{"[::1]:8080", "localhost:8080", "127.0.0.2:8080"} {
		if err := load(map[string]string{"JOURNEYGRAPH_AUTH_DISABLED": "true", "JOURNEYGRAPH_LISTEN_ADDR": addr}).CheckServe(); err != nil {
			t.Errorf("development mode on %s: %v", addr, err)
		}
	}
	// Explicit settings win over auto.
	if c := load(map[string]string{"JOURNEYGRAPH_AUTH_DISABLED": "true", "JOURNEYGRAPH_INTROSPECTION": "false"}); c.Introspection || !c.GraphiQL {
		t.Errorf("explicit introspection=false: %v %v", c.Introspection, c.GraphiQL)
	}
	if _, _, err := Load("test", nil, env(map[string]string{"JOURNEYGRAPH_GRAPHIQL": "sometimes"}), io.Discard); err == nil {
		t.Error("JOURNEYGRAPH_GRAPHIQL=sometimes accepted")
	}
}

func TestDevelopmentModeHostsAndOrigins(t *testing.T) {
	load := func(m map[string]string) (Config, error) {
		t.Helper()
		m["JOURNEYGRAPH_AUTH_DISABLED"] = "true"
		cfg, _, err := Load("test", nil, env(m), io.Discard)
		return cfg, err
	}
	cfg, err := load(map[string]string{"JOURNEYGRAPH_DEV_HOSTS": " DevBox.lan , proxy.lan:8443,,"})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(cfg.DevHosts, " "); got != "devbox.lan proxy.lan:8443" {
		t.Errorf("dev hosts = %q", got)
	}
	for _, bad := range []string{"*.lan", "devbox.lan:0", "devbox.lan:http", "http://devbox.lan", "dev box", "a/b"} {
		if _, err := load(map[string]string{"JOURNEYGRAPH_DEV_HOSTS": bad}); err == nil || !strings.Contains(err.Error(), "JOURNEYGRAPH_DEV_HOSTS") {
			t.Errorf("dev host %q: %v", bad, err)
		}
	}
	// Every caller is ADMIN: only origins on this machine or a dev host may
	// be allowed to call from a browser.
	for _, tc := range []struct {
		origins, devHosts string
		ok                bool
	}{
		{"http://localhost:3000, http://127.0.0.1:5173, http://[::1]:8000", "", true},
		{"http://devbox.lan:5173", "devbox.lan", true},
		{"http://devbox.lan:5173", "devbox.lan:8080", true}, // the port is the API's, not the page's
		{"https://app.example.com", "", false},
		{"http://localhost:3000, https://app.example.com", "devbox.lan", false},
	} {
		cfg, err := load(map[string]string{"JOURNEYGRAPH_CORS_ORIGINS": tc.origins, "JOURNEYGRAPH_DEV_HOSTS": tc.devHosts})
		if err != nil {
			t.Fatal(err)
		}
		err = cfg.CheckServe()
		if (err == nil) != tc.ok || (err != nil && !strings.Contains(err.Error(), "https://app.example.com")) {
			t.Errorf("origins %q, dev hosts %q: %v, want ok=%v", tc.origins, tc.devHosts, err, tc.ok)
		}
	}
}

// The Journey Explorer and the Neo4j Browser guide are served like GraphiQL:
// on in development mode, off with keys, and an explicit setting wins.
func TestExplorerAndGuideFollowTheDevelopmentMode(t *testing.T) {
	keys := "reader:dash:" + auth.Hash("k")
	for _, setting := range []struct {
		env string
		on  func(Config) bool
	}{
		{"JOURNEYGRAPH_EXPLORER", func(c Config) bool { return c.Explorer }},
		{"JOURNEYGRAPH_GUIDE", func(c Config) bool { return c.Guide }},
	} {
		for _, tc := range []struct {
			name string
			env  map[string]string
			want bool
		}{
			{"development mode", map[string]string{"JOURNEYGRAPH_AUTH_DISABLED": "true"}, true},
			{"keys", map[string]string{"JOURNEYGRAPH_API_KEYS": keys}, false},
			{"keys, explicitly on", map[string]string{"JOURNEYGRAPH_API_KEYS": keys, setting.env: "true"}, true},
			{"development mode, explicitly off", map[string]string{"JOURNEYGRAPH_AUTH_DISABLED": "true", setting.env: "false"}, false},
		} {
			cfg, _, err := Load("test", nil, env(tc.env), io.Discard)
			if err != nil {
				t.Fatalf("%s, %s: %v", setting.env, tc.name, err)
			}
			if got := setting.on(cfg); got != tc.want {
				t.Errorf("%s, %s: on = %v, want %v", setting.env, tc.name, got, tc.want)
			}
		}
		if _, _, err := Load("test", nil, env(map[string]string{setting.env: "sometimes"}), io.Discard); err == nil {
			t.Errorf("%s=sometimes accepted", setting.env)
		}
	}
}
