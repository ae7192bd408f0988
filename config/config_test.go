package config

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/auth"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	cfg, rest, err := Load("test", nil, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(rest) != 0 {
		t.Errorf("rest = %v", rest)
	}
	if cfg.Neo4j.URI != "bolt://127.0.0.1:7687" || cfg.Neo4j.Database != "neo4j" || cfg.ListenAddr != "127.0.0.1:8080" ||
		cfg.Neo4j.MaxRetryTime != 5*time.Second || cfg.RequestTimeout != 30*time.Second || !cfg.MigrateOnStart || len(cfg.CORSOrigins) != 0 {
		t.Errorf("defaults = %+v", cfg)
	}
}

func TestFlagsOverrideEnv(t *testing.T) {
	e := env(map[string]string{"NEO4J_URI": "neo4j://db.internal:7687", "JOURNEYGRAPH_LISTEN_ADDR": "0.0.0.0:9000",
		"JOURNEYGRAPH_CORS_ORIGINS": "https://a.example.com, https://b.example.com/"})
	cfg, _, err := Load("test", []string{"-listen", "127.0.0.1:9999"}, e, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Neo4j.URI != "neo4j://db.internal:7687" {
		t.Errorf("env not applied: %s", cfg.Neo4j.URI)
	}
	if cfg.ListenAddr != "127.0.0.1:9999" {
		t.Errorf("flag did not override env: %s", cfg.ListenAddr)
	}
	if got := strings.Join(cfg.CORSOrigins, " "); got != "https://a.example.com https://b.example.com" {
		t.Errorf("CORS origins = %q", got)
	}
}

func TestInvalidSettingsAreNamed(t *testing.T) {
	tests := []struct {
		env     map[string]string
		wantEnv string
	}{
		{map[string]string{"NEO4J_URI": "http://localhost:7474"}, "NEO4J_URI"},
		{map[string]string{"NEO4J_URI": "not a uri"}, "NEO4J_URI"},
		{map[string]string{"NEO4J_DATABASE": " "}, "NEO4J_DATABASE"},
		{map[string]string{"NEO4J_MAX_RETRY_TIME": "soon"}, "NEO4J_MAX_RETRY_TIME"},
		{map[string]string{"JOURNEYGRAPH_LISTEN_ADDR": "8080"}, "JOURNEYGRAPH_LISTEN_ADDR"},
		{map[string]string{"JOURNEYGRAPH_CORS_ORIGINS": "*"}, "JOURNEYGRAPH_CORS_ORIGINS"},
		{map[string]string{"JOURNEYGRAPH_CORS_ORIGINS": "app.example.com"}, "JOURNEYGRAPH_CORS_ORIGINS"},
		{map[string]string{"JOURNEYGRAPH_REQUEST_TIMEOUT": "-1s"}, "JOURNEYGRAPH_REQUEST_TIMEOUT"},
		{map[string]string{"JOURNEYGRAPH_COMPLEXITY_LIMIT": "0"}, "JOURNEYGRAPH_COMPLEXITY_LIMIT"},
		{map[string]string{"JOURNEYGRAPH_MIGRATE_ON_START": "maybe"}, "JOURNEYGRAPH_MIGRATE_ON_START"},
		{map[string]string{"JOURNEYGRAPH_LOG_FORMAT": "xml"}, "JOURNEYGRAPH_LOG_FORMAT"},
		{map[string]string{"JOURNEYGRAPH_LOG_LEVEL": "loud"}, "JOURNEYGRAPH_LOG_LEVEL"},
	}
	for _, tt := range tests {
		t.Run(tt.wantEnv, func(t *testing.T) {
			_, _, err := Load("test", nil, env(tt.env), io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.wantEnv) {
				t.Errorf("err = %v, want a message naming %s", err, tt.wantEnv)
			}
		})
	}
	// All problems are reported at once.
	_, _, err := Load("test", nil, env(map[string]string{"NEO4J_URI": "x", "JOURNEYGRAPH_LOG_LEVEL": "loud"}), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "NEO4J_URI") || !strings.Contains(err.Error(), "JOURNEYGRAPH_LOG_LEVEL") {
		t.Errorf("err = %v, want both settings named", err)
	}
}

func TestEverySettingHasAFlagAndHelp(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Settings {
		if s.Env == "" || s.Flag == "" || s.Help == "" || seen[s.Flag] {
			t.Errorf("bad setting %+v", s)
		}
		seen[s.Flag] = true
	}
}

// Segment write keys are configured by hash, always WRITER, and turn the
// source on; a clear-text key pasted by mistake is refused without being
// echoed.
func TestSegmentWriteKeys(t *testing.T) {
	hash := strings.Repeat("ab", 32)
	cfg, _, err := Load("test", nil, env(map[string]string{"JOURNEYGRAPH_SEGMENT_WRITE_KEYS": "website:" + hash + ", app:" + strings.Repeat("cd", 32)}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.SegmentWriteKeys) != 2 || cfg.SegmentWriteKeys[0].Name != "website" || cfg.SegmentWriteKeys[1].Role != auth.Writer || !cfg.SegmentEnabled() {
		t.Errorf("write keys %+v, enabled %v", cfg.SegmentWriteKeys, cfg.SegmentEnabled())
	}
	if cfg, _, _ := Load("test", nil, env(nil), io.Discard); cfg.SegmentEnabled() {
		t.Error("the Segment source is on without write keys")
	}
	for _, entry := range []string{"website:sk_live_secret123", "admin:website:" + hash, "website"} {
		_, _, err := Load("test", nil, env(map[string]string{"JOURNEYGRAPH_SEGMENT_WRITE_KEYS": entry}), io.Discard)
		if err == nil || !strings.Contains(err.Error(), "JOURNEYGRAPH_SEGMENT_WRITE_KEYS") || strings.Contains(err.Error(), "sk_live_secret123") {
			t.Errorf("entry %q: error %v, want one naming the setting and not quoting the key", entry, err)
		}
	}
}
