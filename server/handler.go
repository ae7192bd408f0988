// Package server wires HTTP to GraphQL: transports, caches, limits, the error
// presenter, request ids, CORS, health and readiness. It holds no business
// logic; resolvers and the store do.
package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/journeygraph/journeygraph/auth"
	"github.com/journeygraph/journeygraph/eventlog"
	"github.com/journeygraph/journeygraph/feed"
	"github.com/journeygraph/journeygraph/graph"
	"github.com/journeygraph/journeygraph/loaders"
	"github.com/journeygraph/journeygraph/resolvers"
	"github.com/journeygraph/journeygraph/server/explorer"
	"github.com/journeygraph/journeygraph/server/graphiql"
	"github.com/journeygraph/journeygraph/server/guide"
	"github.com/journeygraph/journeygraph/store"
)

// Options are the HTTP-level settings of the API.
type Options struct {
	// Keys are the API keys; every /graphql and /metrics request must present
	// one. Without keys (nil or empty) every such request gets 401, unless
	// AuthDisabled, the local development mode, makes every caller ADMIN.
	Keys          *auth.Keyring
	AuthDisabled  bool
	Introspection bool // __schema/__type and "did you mean" hints
	GraphiQL      bool // the GraphiQL page at /
	Explorer      bool // the Journey Explorer at /explore/
	Guide         bool // the Neo4j Browser guide at /guide/, readable by any origin

	// ListenAddr is the bound listen address. In the development mode only
	// requests whose Host names a loopback address with its port, or one of
	// DevHosts (name, any port; or name:port), are served; the others get
	// 403 HOST_NOT_ALLOWED, and only CORSOrigins of those names apply.
	ListenAddr string
	DevHosts   []string

	CORSOrigins     []string
	RequestTimeout  time.Duration
	ComplexityLimit int
	MaxDepth        int // deepest field nesting (introspection exempt)
	MaxAliases      int
	MaxDirectives   int
	MaxBodyBytes    int // requests with a larger body get 413
	ParserTokens    int // GraphQL parser token limit
	QueryCacheSize  int
	APQCacheSize    int

	// Feed serves subscriptions; nil refuses them. Live are their limits.
	Feed *feed.Hub
	// Journeys is the process's journey cache (journeys.New); nil reads
	// the journeys of every analytics query from Neo4j.
	Journeys resolvers.JourneySource
	Live     LiveOptions
	// Segment turns on the Segment HTTP Tracking API; nil leaves it off.
	Segment *SegmentOptions

	// Metrics collects the process's metrics; nil creates them (then Neo4j
	// query latency is not recorded: pass Metrics.ObserveQuery to the store).
	Metrics       *Metrics
	SlowThreshold time.Duration // used when Metrics is nil
}

// NewHandler returns the API's HTTP handler:
//
//	/graphql  GraphQL over HTTP (POST; GET for queries only); needs an API key
//	/metrics  Prometheus metrics; needs an API key (any role)
//	/         GraphiQL, when enabled
//	/explore/ the Journey Explorer, when enabled
//	/guide/   the Neo4j Browser guide and its style, when enabled (no key, any origin)
//	/v1/track, /v1/identify, /v1/group, /v1/page, /v1/batch
//	          the Segment HTTP Tracking API, when Segment is set; needs a write key
//	/healthz  200 while the process runs
//	/readyz   200 when Neo4j answers, 503 otherwise
func NewHandler(st *store.Store, opts Options, logger *slog.Logger) http.Handler {
	metrics := opts.Metrics
	if metrics == nil {
		metrics = NewMetrics(logger, opts.SlowThreshold)
	}
	es := connectionCost{graph.NewExecutableSchema(graph.Config{Resolvers: &resolvers.Resolver{Store: st, Feed: opts.Feed, Journeys: opts.Journeys}})}
	checkRoles(es.Schema())
	keys := opts.Keys
	if opts.AuthDisabled {
		keys = nil
	} else if keys == nil {
		keys, _ = auth.NewKeyring(nil) // no key matches: closed
	}
	p := presenter{logger: logger}
	gql := handler.New(es)
	newLive(opts.Live, keys, st, p.present, logger).addTransports(gql) // before overHTTP, which takes every request
	gql.AddTransport(overHTTP{})
	gql.SetQueryCache(lru.New[*ast.QueryDocument](opts.QueryCacheSize))
	gql.SetParserTokenLimit(opts.ParserTokens)
	if opts.Introspection {
		gql.Use(extension.Introspection{})
	} else {
		// "Did you mean …" would reveal field names that introspection hides.
		gql.SetDisableSuggestion(true)
	}
	gql.Use(metrics.extension())
	gql.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](opts.APQCacheSize)})
	gql.Use(guard{maxDepth: opts.MaxDepth, maxAliases: opts.MaxAliases, maxDirectives: opts.MaxDirectives, maxFields: opts.ComplexityLimit, introspection: opts.Introspection})
	gql.Use(extension.FixedComplexityLimit(opts.ComplexityLimit))
	gql.Use(operationDeadline{timeout: opts.RequestTimeout})
	gql.SetErrorPresenter(p.present)
	gql.SetRecoverFunc(p.recover)

	var local devHosts
	corsOrigins := opts.CORSOrigins
	if opts.AuthDisabled {
		local = newDevHosts(opts.ListenAddr, opts.DevHosts)
		// CheckServe refuses other origins at start; this keeps a handler
		// built otherwise just as closed.
		corsOrigins = slices.DeleteFunc(slices.Clone(corsOrigins), func(o string) bool { return !local.allowsOrigin(o) })
	}
	corsOptions := cors.Options{
		AllowedOrigins:   corsOrigins,
		AllowedMethods:   []string{http.MethodGet, http.MethodPost},
		AllowedHeaders:   []string{"Content-Type", "Authorization", "X-Request-Id"},
		ExposedHeaders:   []string{"X-Request-Id"},
		AllowCredentials: false,
		MaxAge:           600,
	}
	if len(corsOrigins) == 0 {
		// rs/cors reads an empty list as "every origin"; ours means none.
		corsOptions.AllowOriginFunc = func(string) bool { return false }
	}
	corsPolicy := cors.New(corsOptions)

	mux := http.NewServeMux()
	mux.Handle("/graphql", checkOrigin(corsOrigins, corsPolicy.Handler(authenticate(keys, limitBody(int64(opts.MaxBodyBytes), waitBudget(st, loaders.Middleware(st, gql)))))))
	if opts.GraphiQL {
		graphiqlPage, graphiqlFiles := graphiql.Handler("JourneyGraph", "/graphql")
		mux.Handle("GET /{$}", graphiqlPage)
		mux.Handle("GET "+graphiql.AssetsPrefix, graphiqlFiles)
	}
	if opts.Explorer {
		mux.Handle("GET "+explorer.Prefix, explorer.Handler())
	}
	if opts.Guide {
		// Its own CORS (any origin, GET only): Neo4j Browser fetches it.
		mux.Handle(guide.Prefix, guide.Handler())
	}
	if opts.Segment != nil {
		mountSegment(mux, opts.Segment, opts.AuthDisabled, st, metrics, logger)
	}
	mux.Handle("GET /metrics", authenticate(keys, metrics.Handler()))
	mux.Handle("GET /export/xes", authenticate(keys, waitBudget(st, exportHandler(st, logger, eventlog.FormatXES))))
	mux.Handle("GET /export/ocel2", authenticate(keys, waitBudget(st, exportHandler(st, logger, eventlog.FormatOCEL2JSON))))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", readyz(st, logger))

	var routes http.Handler = mux
	if opts.AuthDisabled {
		routes = local.middleware(mux)
	}
	return requestID(logger, metrics, withTimeout(opts.RequestTimeout, routes))
}

// checkRoles reads every @requiresRole of the schema once at start, so a
// mistyped role fails here rather than in a request.
func checkRoles(schema *ast.Schema) {
	for _, def := range schema.Types {
		for _, f := range def.Fields {
			requiredRole(f)
		}
	}
}

// readyz answers 200 when a read reaches Neo4j and 503 otherwise. Its own short
// deadline keeps load balancers' probes from piling up while Neo4j is down.
func readyz(st *store.Store, logger *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := st.Ping(ctx); err != nil {
			logger.WarnContext(ctx, "not ready: neo4j unreachable", "error", err)
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "neo4j": "unreachable"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready", "neo4j": "ok"})
	}
}

// limitBody answers 413 with a GraphQL error (code REQUEST_TOO_LARGE) when a
// request body exceeds limit, before any of it is parsed; gqlgen would
// otherwise report a truncated body as malformed JSON.
func limitBody(limit int64, next http.Handler) http.Handler {
	tooLarge := func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, http.StatusRequestEntityTooLarge, "REQUEST_TOO_LARGE", fmt.Sprintf("request body larger than %d bytes", limit))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > limit {
			tooLarge(w, r)
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
			if err != nil {
				writeError(w, r, http.StatusBadRequest, "BAD_REQUEST", "could not read the request body")
				return
			}
			if int64(len(body)) > limit {
				tooLarge(w, r)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		next.ServeHTTP(w, r)
	})
}

// withTimeout bounds each request by d, except the streams of
// subscriptions (WebSocket, SSE), which last as long as their client wants;
// the operations those streams carry are bounded by operationDeadline.
func withTimeout(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isStream(r) {
			next.ServeHTTP(w, r)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// waitBudget gives each request NEO4J_MAX_RETRY_TIME of waiting for an
// unavailable Neo4j over all its store calls, so a mutation of several
// fields fails within it too.
func waitBudget(st *store.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(st.WithWaitBudget(r.Context())))
	})
}

// operationDeadline bounds every operation but a subscription by the request
// timeout, whatever transport carries it: withTimeout leaves WebSocket and
// SSE requests unbounded so that subscriptions can last, and both transports
// also run queries and mutations, which must not escape the timeout by
// asking for a stream.
type operationDeadline struct{ timeout time.Duration }

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = operationDeadline{}

func (operationDeadline) ExtensionName() string                   { return "OperationDeadline" }
func (operationDeadline) Validate(graphql.ExecutableSchema) error { return nil }
func (d operationDeadline) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if d.timeout <= 0 || !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	if op := graphql.GetOperationContext(ctx).Operation; op == nil || op.Operation == ast.Subscription {
		return next(ctx)
	}
	// The operation's fields are resolved within next, with this context.
	ctx, cancel := context.WithTimeout(ctx, d.timeout)
	defer cancel()
	return next(ctx)
}
