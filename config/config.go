// Package config reads JourneyGraph's settings from the environment, lets
// command-line flags override them, and validates the result once at start so
// a bad setting fails with a clear message instead of a late runtime error.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/journeygraph/journeygraph/auth"
	"github.com/journeygraph/journeygraph/store"
)

// Config is the validated configuration of the API server and its commands.
type Config struct {
	Neo4j store.Config

	ListenAddr      string        // HTTP listen address
	CORSOrigins     []string      // exact origins allowed to call /graphql from a browser
	RequestTimeout  time.Duration // per-request deadline, passed down to Neo4j through the context
	ShutdownTimeout time.Duration // how long graceful shutdown waits for in-flight requests
	ComplexityLimit int           // maximum GraphQL query complexity
	MaxBodyBytes    int           // largest request body on /graphql
	ParserTokens    int           // GraphQL parser token limit
	QueryCacheSize  int           // parsed-query LRU entries
	APQCacheSize    int           // automatic persisted query LRU entries
	MigrateOnStart  bool          // create constraints and indexes before serving
	JourneyCache    bool          // keep the decoded journeys in the process (package journeys)
	LogFormat       string        // text or json
	LogLevel        string        // debug, info, warn, error

	APIKeys       []auth.Key    // from JOURNEYGRAPH_API_KEYS and JOURNEYGRAPH_API_KEYS_FILE
	AuthDisabled  bool          // local development mode: no keys, every caller is ADMIN
	DevHosts      []string      // development mode: Host names served besides the loopback ones (name or name:port)
	Introspection bool          // serve __schema/__type (and "did you mean" suggestions)
	GraphiQL      bool          // serve the GraphiQL page at /
	Explorer      bool          // serve the Journey Explorer at /explore/
	Guide         bool          // serve the Neo4j Browser guide at /guide/
	MaxDepth      int           // deepest field nesting of an operation (introspection exempt)
	MaxAliases    int           // aliased fields in an operation
	MaxDirectives int           // directive uses in an operation
	SlowThreshold time.Duration // operations and Neo4j queries slower than this are logged

	// Subscriptions (see feed.Config and server.LiveOptions).
	FeedPollInterval              time.Duration
	FeedRetention                 time.Duration
	SubscriptionBacklog           int
	MaxSubscriptionsPerConnection int
	MaxConnectionsPerKey          int
	SubscriptionIdleTimeout       time.Duration

	SegmentWriteKeys   []auth.Key // from JOURNEYGRAPH_SEGMENT_WRITE_KEYS and _FILE; the Segment source is on when there are any (or in development mode)
	SegmentMappingFile string     // Segment event → touchpoint type mapping; "" uses the built-in default
}

// SegmentEnabled reports whether the API serves the Segment HTTP Tracking API.
func (c Config) SegmentEnabled() bool { return len(c.SegmentWriteKeys) > 0 || c.AuthDisabled }

// Setting documents one environment variable; the README's configuration
// table is generated from the same list, so docs and code cannot drift.
type Setting struct {
	Env, Flag, Default, Help string
}

// Settings lists every setting in the order the README shows them.
var Settings = []Setting{
	{"NEO4J_URI", "neo4j-uri", "bolt://127.0.0.1:7687", "Neo4j URI: bolt:// for one server, neo4j:// for a cluster (routing); +s/+ssc for TLS"},
	{"NEO4J_USERNAME", "neo4j-username", "neo4j", "Neo4j user"},
	{"NEO4J_PASSWORD", "neo4j-password", "journeygraph", "Neo4j password (the local server started by `make run` uses this default)"},
	{"NEO4J_DATABASE", "neo4j-database", "neo4j", "Neo4j database name; always sent explicitly"},
	{"NEO4J_MAX_RETRY_TIME", "neo4j-max-retry-time", "5s", "how long a request (over all its Neo4j calls) waits for an unavailable Neo4j (down, starting, not answering) — to connect, to have its transaction accepted, between retries of transient errors — before the request fails with SERVICE_UNAVAILABLE; after such a failure, until a query succeeds again, it also bounds running queries"},
	{"JOURNEYGRAPH_LISTEN_ADDR", "listen", "127.0.0.1:8080", "HTTP listen address"},
	{"JOURNEYGRAPH_CORS_ORIGINS", "cors-origins", "", "comma-separated origins allowed to call the API from a browser, e.g. https://app.example.com; empty allows none"},
	{"JOURNEYGRAPH_REQUEST_TIMEOUT", "request-timeout", "30s", "deadline of one request, cancelling its Neo4j queries"},
	{"JOURNEYGRAPH_SHUTDOWN_TIMEOUT", "shutdown-timeout", "20s", "how long shutdown waits for in-flight requests"},
	{"JOURNEYGRAPH_COMPLEXITY_LIMIT", "complexity-limit", "20000", "maximum GraphQL query complexity: 1 per field, a connection costs `first` × its selection (a page of 50 accounts with their contacts and last 10 touchpoints costs about 14,000), an analytics field reading every journey in scope 2000 + its selection"},
	{"JOURNEYGRAPH_MAX_BODY_BYTES", "max-body-bytes", "4194304", "largest request body accepted on /graphql; larger ones get 413 (a full recordTouchpoints batch fits)"},
	{"JOURNEYGRAPH_PARSER_TOKEN_LIMIT", "parser-token-limit", "15000", "most tokens the GraphQL parser reads from one query before refusing it"},
	{"JOURNEYGRAPH_API_KEYS", "api-keys", "", "API keys as comma-separated `role:name:sha256hex` entries (role reader, writer or admin; the SHA-256 of the key, never the key); see SECURITY.md"},
	{"JOURNEYGRAPH_API_KEYS_FILE", "api-keys-file", "", "file of API keys, one `role:name:sha256hex` per line (# comments); added to JOURNEYGRAPH_API_KEYS"},
	{"JOURNEYGRAPH_AUTH_DISABLED", "auth-disabled", "false", "local development mode: no API keys, every caller is ADMIN; only on a loopback listen address, with a warning at start (`make run` sets it)"},
	{"JOURNEYGRAPH_DEV_HOSTS", "dev-hosts", "", "development mode only: comma-separated Host names served besides 127.0.0.1, localhost and [::1] on the listen port, e.g. devbox.lan or devbox.lan:8443 (a name alone matches any port); other Host values get 403 (DNS rebinding)"},
	{"JOURNEYGRAPH_INTROSPECTION", "introspection", "auto", "schema introspection and \"did you mean\" hints: true, false, or auto (on only when auth is disabled)"},
	{"JOURNEYGRAPH_GRAPHIQL", "graphiql", "auto", "serve GraphiQL at /: true, false, or auto (on only when auth is disabled)"},
	{"JOURNEYGRAPH_EXPLORER", "explorer", "auto", "serve the Journey Explorer at /explore/: true, false, or auto (on only when auth is disabled)"},
	{"JOURNEYGRAPH_GUIDE", "guide", "auto", "serve the Neo4j Browser guide (`:play http://HOST/guide/`, the model and the Cypher cookbook, no data) at /guide/ to any origin: true, false, or auto (on only when auth is disabled)"},
	{"JOURNEYGRAPH_MAX_DEPTH", "max-depth", "12", "deepest field nesting of an operation (introspection fields are exempt)"},
	{"JOURNEYGRAPH_MAX_ALIASES", "max-aliases", "30", "most aliased fields in one operation"},
	{"JOURNEYGRAPH_MAX_DIRECTIVES", "max-directives", "20", "most directive uses in one operation"},
	{"JOURNEYGRAPH_SEGMENT_WRITE_KEYS", "segment-write-keys", "", "Segment source write keys as comma-separated `name:sha256hex` entries (the SHA-256 of the write key, never the key; WRITER role); with any, POST /v1/track, identify, group, page and batch are served (in development mode they are, with any key); see docs/segment-source.md"},
	{"JOURNEYGRAPH_SEGMENT_WRITE_KEYS_FILE", "segment-write-keys-file", "", "file of Segment write keys, one `name:sha256hex` per line (# comments); added to JOURNEYGRAPH_SEGMENT_WRITE_KEYS"},
	{"JOURNEYGRAPH_SEGMENT_MAPPING_FILE", "segment-mapping-file", "", "JSON file mapping Segment track event names (or patterns) and page paths to touchpoint types; empty uses the built-in default (segment/default-mapping.json). Re-read when it changes and on SIGHUP"},
	{"JOURNEYGRAPH_SLOW_THRESHOLD", "slow-threshold", "1s", "operations and Neo4j queries slower than this are logged (name and duration only)"},
	{"JOURNEYGRAPH_FEED_POLL_INTERVAL", "feed-poll-interval", "200ms", "how often each API process reads new changes from Neo4j for its subscribers (one small indexed read, however many subscribers)"},
	{"JOURNEYGRAPH_FEED_RETENTION", "feed-retention", "24h", "how long the change feed keeps changes: subscribers can resume from a cursor this old; older changes are pruned"},
	{"JOURNEYGRAPH_SUBSCRIPTION_BACKLOG", "subscription-backlog", "256", "changes (transactions) a subscriber may have waiting; one further behind is ended with SLOW_CONSUMER and may resume from its cursor"},
	{"JOURNEYGRAPH_MAX_SUBSCRIPTIONS_PER_CONNECTION", "max-subscriptions-per-connection", "20", "operations one WebSocket runs at once; more get LIMIT_EXCEEDED"},
	{"JOURNEYGRAPH_MAX_CONNECTIONS_PER_KEY", "max-connections-per-key", "100", "WebSocket and SSE streams one API key holds open at once per API process; more are refused (WebSocket close 1013 Try Again Later, SSE 429)"},
	{"JOURNEYGRAPH_SUBSCRIPTION_IDLE_TIMEOUT", "subscription-idle-timeout", "5m", "a WebSocket that runs no operation for this long is closed"},
	{"JOURNEYGRAPH_QUERY_CACHE_SIZE", "query-cache-size", "1000", "parsed queries kept in the LRU cache"},
	{"JOURNEYGRAPH_APQ_CACHE_SIZE", "apq-cache-size", "1000", "automatic persisted queries kept in the LRU cache"},
	{"JOURNEYGRAPH_MIGRATE_ON_START", "migrate-on-start", "true", "create constraints and indexes before serving"},
	{"JOURNEYGRAPH_JOURNEY_CACHE", "journey-cache", "true", "keep every journey, decoded, in the API process for the analytics (pathVariants, funnel, attribution, conformance, …), refreshed from the change feed by a version read per request; false reads them from Neo4j per request. Memory grows with the data (see README, Sizing)"},
	{"JOURNEYGRAPH_LOG_FORMAT", "log-format", "text", "log format: text or json"},
	{"JOURNEYGRAPH_LOG_LEVEL", "log-level", "info", "log level: debug, info, warn or error"},
}

// Load builds a Config from getenv, overridden by flags in args, and
// validates it. name is the command name used in usage messages.
func Load(name string, args []string, getenv func(string) string, usage io.Writer) (Config, []string, error) {
	return LoadWith(name, args, getenv, usage, nil)
}

// LoadWith is Load for a command with flags of its own: extra (may be nil)
// registers them on the same flag set, so they mix freely with the settings'
// flags.
func LoadWith(name string, args []string, getenv func(string) string, usage io.Writer, extra func(*flag.FlagSet)) (Config, []string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(usage)
	if extra != nil {
		extra(fs)
	}
	values := make(map[string]*string, len(Settings))
	for _, s := range Settings {
		def := s.Default
		if v, ok := lookup(getenv, s.Env); ok {
			def = v
		}
		values[s.Env] = fs.String(s.Flag, def, s.Help+" (env "+s.Env+")")
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, nil, err
	}
	cfg, err := parse(func(env string) string { return *values[env] })
	return cfg, fs.Args(), err
}

func lookup(getenv func(string) string, key string) (string, bool) {
	v := getenv(key)
	return v, v != ""
}

func parse(get func(string) string) (Config, error) {
	var errs []error
	fail := func(env, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{env}, args...)...))
	}
	duration := func(env string) time.Duration {
		d, err := time.ParseDuration(get(env))
		if err != nil || d <= 0 {
			fail(env, "%q is not a positive duration such as 30s", get(env))
		}
		return d
	}
	positive := func(env string) int {
		n, err := strconv.Atoi(get(env))
		if err != nil || n <= 0 {
			fail(env, "%q is not a positive whole number", get(env))
		}
		return n
	}

	cfg := Config{
		Neo4j: store.Config{
			URI:          strings.TrimSpace(get("NEO4J_URI")),
			Username:     get("NEO4J_USERNAME"),
			Password:     get("NEO4J_PASSWORD"),
			Database:     strings.TrimSpace(get("NEO4J_DATABASE")),
			MaxRetryTime: duration("NEO4J_MAX_RETRY_TIME"),
		},
		ListenAddr:      strings.TrimSpace(get("JOURNEYGRAPH_LISTEN_ADDR")),
		RequestTimeout:  duration("JOURNEYGRAPH_REQUEST_TIMEOUT"),
		ShutdownTimeout: duration("JOURNEYGRAPH_SHUTDOWN_TIMEOUT"),
		ComplexityLimit: positive("JOURNEYGRAPH_COMPLEXITY_LIMIT"),
		MaxBodyBytes:    positive("JOURNEYGRAPH_MAX_BODY_BYTES"),
		ParserTokens:    positive("JOURNEYGRAPH_PARSER_TOKEN_LIMIT"),
		QueryCacheSize:  positive("JOURNEYGRAPH_QUERY_CACHE_SIZE"),
		APQCacheSize:    positive("JOURNEYGRAPH_APQ_CACHE_SIZE"),
		LogFormat:       get("JOURNEYGRAPH_LOG_FORMAT"),
		LogLevel:        get("JOURNEYGRAPH_LOG_LEVEL"),
		MaxDepth:        positive("JOURNEYGRAPH_MAX_DEPTH"),
		MaxAliases:      positive("JOURNEYGRAPH_MAX_ALIASES"),
		MaxDirectives:   positive("JOURNEYGRAPH_MAX_DIRECTIVES"),
		SlowThreshold:   duration("JOURNEYGRAPH_SLOW_THRESHOLD"),

		FeedPollInterval:              duration("JOURNEYGRAPH_FEED_POLL_INTERVAL"),
		FeedRetention:                 duration("JOURNEYGRAPH_FEED_RETENTION"),
		SubscriptionBacklog:           positive("JOURNEYGRAPH_SUBSCRIPTION_BACKLOG"),
		MaxSubscriptionsPerConnection: positive("JOURNEYGRAPH_MAX_SUBSCRIPTIONS_PER_CONNECTION"),
		MaxConnectionsPerKey:          positive("JOURNEYGRAPH_MAX_CONNECTIONS_PER_KEY"),
		SubscriptionIdleTimeout:       duration("JOURNEYGRAPH_SUBSCRIPTION_IDLE_TIMEOUT"),
	}
	boolean := func(env string) bool {
		switch v := strings.ToLower(get(env)); v {
		case "true", "1", "yes":
			return true
		case "false", "0", "no":
			return false
		default:
			fail(env, "%q is not true or false", v)
			return false
		}
	}
	// auto: on in development mode, off when keys are required.
	autoBool := func(env string) bool {
		if strings.ToLower(get(env)) == "auto" {
			return cfg.AuthDisabled
		}
		return boolean(env)
	}
	cfg.AuthDisabled = boolean("JOURNEYGRAPH_AUTH_DISABLED")
	cfg.Introspection = autoBool("JOURNEYGRAPH_INTROSPECTION")
	cfg.GraphiQL = autoBool("JOURNEYGRAPH_GRAPHIQL")
	cfg.Explorer = autoBool("JOURNEYGRAPH_EXPLORER")
	cfg.Guide = autoBool("JOURNEYGRAPH_GUIDE")
	if keys, err := auth.ParseKeys(strings.NewReader(get("JOURNEYGRAPH_API_KEYS")), "JOURNEYGRAPH_API_KEYS"); err != nil {
		errs = append(errs, err)
	} else {
		cfg.APIKeys = keys
	}
	if path := strings.TrimSpace(get("JOURNEYGRAPH_API_KEYS_FILE")); path != "" {
		if keys, err := auth.LoadFile(path); err != nil {
			fail("JOURNEYGRAPH_API_KEYS_FILE", "%v", err)
		} else {
			cfg.APIKeys = append(cfg.APIKeys, keys...)
		}
	}

	if keys, err := auth.ParseWriteKeys(strings.NewReader(get("JOURNEYGRAPH_SEGMENT_WRITE_KEYS")), "JOURNEYGRAPH_SEGMENT_WRITE_KEYS"); err != nil {
		errs = append(errs, err)
	} else {
		cfg.SegmentWriteKeys = keys
	}
	if path := strings.TrimSpace(get("JOURNEYGRAPH_SEGMENT_WRITE_KEYS_FILE")); path != "" {
		if keys, err := auth.LoadWriteKeysFile(path); err != nil {
			fail("JOURNEYGRAPH_SEGMENT_WRITE_KEYS_FILE", "%v", err)
		} else {
			cfg.SegmentWriteKeys = append(cfg.SegmentWriteKeys, keys...)
		}
	}
	cfg.SegmentMappingFile = strings.TrimSpace(get("JOURNEYGRAPH_SEGMENT_MAPPING_FILE"))

	if u, err := url.Parse(cfg.Neo4j.URI); err != nil || u.Host == "" {
		fail("NEO4J_URI", "%q is not a URI such as bolt://127.0.0.1:7687", cfg.Neo4j.URI)
	} else {
		switch u.Scheme {
		case "bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc":
		default:
			fail("NEO4J_URI", "scheme %q is not one of bolt, bolt+s, bolt+ssc, neo4j, neo4j+s, neo4j+ssc", u.Scheme)
		}
	}
	if cfg.Neo4j.Username == "" {
		fail("NEO4J_USERNAME", "must not be empty")
	}
	if cfg.Neo4j.Database == "" {
		fail("NEO4J_DATABASE", "must not be empty")
	}
	if _, port, err := net.SplitHostPort(cfg.ListenAddr); err != nil || port == "" {
		fail("JOURNEYGRAPH_LISTEN_ADDR", "%q is not host:port such as 127.0.0.1:8080", cfg.ListenAddr)
	}
	for _, h := range strings.Split(get("JOURNEYGRAPH_DEV_HOSTS"), ",") {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "" {
			continue
		}
		if !validDevHost(h) {
			fail("JOURNEYGRAPH_DEV_HOSTS", "%q is not a host name such as devbox.lan, optionally with :port", h)
			continue
		}
		cfg.DevHosts = append(cfg.DevHosts, h)
	}
	for _, o := range strings.Split(get("JOURNEYGRAPH_CORS_ORIGINS"), ",") {
		o = strings.TrimSpace(o)
		if o == "" {
			continue
		}
		u, err := url.Parse(o)
		if o == "*" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
			fail("JOURNEYGRAPH_CORS_ORIGINS", "%q is not an origin such as https://app.example.com (wildcards are not allowed)", o)
			continue
		}
		cfg.CORSOrigins = append(cfg.CORSOrigins, strings.TrimSuffix(o, "/"))
	}
	cfg.MigrateOnStart = boolean("JOURNEYGRAPH_MIGRATE_ON_START")
	cfg.JourneyCache = boolean("JOURNEYGRAPH_JOURNEY_CACHE")
	if cfg.LogFormat != "text" && cfg.LogFormat != "json" {
		fail("JOURNEYGRAPH_LOG_FORMAT", "%q is not text or json", cfg.LogFormat)
	}
	switch cfg.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		fail("JOURNEYGRAPH_LOG_LEVEL", "%q is not debug, info, warn or error", cfg.LogLevel)
	}
	if _, err := auth.NewKeyring(cfg.APIKeys); err != nil {
		errs = append(errs, fmt.Errorf("API keys: %w", err))
	}
	if len(errs) > 0 {
		return Config{}, fmt.Errorf("invalid configuration:\n  %w", joinLines(errs))
	}
	return cfg, nil
}

// validDevHost accepts name or name:port, the name without wildcards.
func validDevHost(h string) bool {
	name, port, err := net.SplitHostPort(h)
	if err != nil {
		name, port = h, ""
	} else if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return false
	}
	if name == "" || strings.ContainsAny(name, "*/@ ") {
		return false
	}
	u, err := url.Parse("http://" + h)
	return err == nil && u.Hostname() == strings.Trim(name, "[]")
}

// IsLoopbackHost reports whether host (a name or IP literal, without port)
// can only mean this machine: localhost or a loopback IP. A DNS name an
// attacker controls never is, which is what makes it safe to serve in the
// development mode.
func IsLoopbackHost(host string) bool {
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// DevHostName reports whether host (without port) is named in devHosts
// (entries name or name:port).
func DevHostName(host string, devHosts []string) bool {
	for _, h := range devHosts {
		name, _, err := net.SplitHostPort(h)
		if err != nil {
			name = h
		}
		if strings.EqualFold(strings.Trim(name, "[]"), strings.Trim(host, "[]")) {
			return true
		}
	}
	return false
}

func joinLines(errs []error) error {
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.Error()
	}
	return errors.New(strings.Join(msgs, "\n  "))
}

// CheckServe checks what only serving needs: API keys, or the explicitly
// enabled development mode on a loopback address. The other commands do not
// take requests and need neither.
func (c Config) CheckServe() error {
	if c.AuthDisabled {
		host, _, _ := net.SplitHostPort(c.ListenAddr)
		if !IsLoopbackHost(host) {
			return fmt.Errorf("JOURNEYGRAPH_AUTH_DISABLED=true is allowed only on a loopback listen address (127.0.0.1, ::1, localhost), not %q: "+
				"configure API keys (JOURNEYGRAPH_API_KEYS or JOURNEYGRAPH_API_KEYS_FILE, see SECURITY.md) to listen elsewhere", c.ListenAddr)
		}
		// Every caller is ADMIN: a page from another origin must not be
		// allowed to read or write through the developer's browser.
		for _, o := range c.CORSOrigins {
			if u, err := url.Parse(o); err != nil || (!IsLoopbackHost(u.Hostname()) && !DevHostName(u.Hostname(), c.DevHosts)) {
				return fmt.Errorf("JOURNEYGRAPH_CORS_ORIGINS: %q is not allowed with JOURNEYGRAPH_AUTH_DISABLED=true: "+
					"in the development mode only loopback origins (http://localhost:3000) and JOURNEYGRAPH_DEV_HOSTS names may call the API from a browser", o)
			}
		}
		return nil
	}
	if len(c.APIKeys) == 0 {
		return errors.New("no API keys configured: set JOURNEYGRAPH_API_KEYS or JOURNEYGRAPH_API_KEYS_FILE " +
			"(entries role:name:sha256hex, see SECURITY.md), or JOURNEYGRAPH_AUTH_DISABLED=true for local development without keys")
	}
	return nil
}
