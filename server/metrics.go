package server

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// maxOperationNames bounds the operation label: the first names seen keep
// their own series, later ones count as "other", so clients cannot grow the
// metrics without bound by inventing names.
const maxOperationNames = 100

// maxEventLabelBytes bounds a Segment event name as a label value.
const maxEventLabelBytes = 64

// Metrics are the Prometheus metrics of one API process, on a registry of
// their own. Labels carry operation names, outcomes, codes and query names,
// never variables or other request data.
type Metrics struct {
	registry   *prometheus.Registry
	httpReqs   *prometheus.CounterVec
	operations *prometheus.CounterVec
	opLatency  *prometheus.HistogramVec
	errors     *prometheus.CounterVec
	queries    *prometheus.HistogramVec

	segmentCalls   *prometheus.CounterVec
	segmentSkipped *prometheus.CounterVec

	logger *slog.Logger
	slow   time.Duration

	mu     sync.Mutex
	names  map[string]bool
	events map[string]bool // Segment event names with a label of their own
}

// NewMetrics creates the metrics; operations and Neo4j queries slower than
// slow are logged on logger (name and duration only).
func NewMetrics(logger *slog.Logger, slow time.Duration) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		httpReqs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "journeygraph_http_requests_total", Help: "HTTP requests by route and status code.",
		}, []string{"route", "status"}),
		operations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "journeygraph_graphql_operations_total",
			Help: "GraphQL operations by operation name, type and outcome (ok, or error when the response has errors).",
		}, []string{"operation", "type", "outcome"}),
		opLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "journeygraph_graphql_operation_duration_seconds", Help: "GraphQL operation latency, from parsing to the response.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"operation", "type"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "journeygraph_graphql_errors_total", Help: "GraphQL errors returned, by extensions.code.",
		}, []string{"code"}),
		queries: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "journeygraph_neo4j_query_duration_seconds", Help: "Neo4j query latency by query name and outcome (ok or error).",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"query", "outcome"}),
		segmentCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "journeygraph_segment_calls_total",
			Help: "Segment calls by type and outcome: account, contact, touchpoint, pending, skipped, or replay (applied before with this messageId and content: left out).",
		}, []string{"type", "outcome"}),
		segmentSkipped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "journeygraph_segment_skipped_total",
			Help: "Skipped Segment calls by type, reason (UNMAPPED, NO_EMAIL, PENDING_FULL, ...) and, for track calls, event name (cut to 64 bytes; the first 100 names, later ones as \"other\"; other calls' name is empty; exact counts by name in the segmentSkippedEvents query).",
		}, []string{"type", "reason", "name"}),
		logger: logger,
		slow:   slow,
		names:  map[string]bool{},
		events: map[string]bool{},
	}
	m.registry.MustRegister(m.httpReqs, m.operations, m.opLatency, m.errors, m.queries, m.segmentCalls, m.segmentSkipped,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// ObserveQuery is the store's observer: Neo4j latency by query name (the
// .cypher file), and a log line for slow ones.
func (m *Metrics) ObserveQuery(ctx context.Context, query string, took time.Duration, err error) {
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	m.queries.WithLabelValues(query, outcome).Observe(took.Seconds())
	if took >= m.slow {
		m.logger.WarnContext(ctx, "slow neo4j query", "query", query, "took", took)
	}
}

func (m *Metrics) operationLabel(name string) string {
	if name == "" {
		return "anonymous"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.names[name] {
		return name
	}
	if len(m.names) >= maxOperationNames {
		return "other"
	}
	m.names[name] = true
	return name
}

// extension counts every GraphQL response, including those refused before
// execution (validation, limits, roles).
func (m *Metrics) extension() graphql.HandlerExtension { return metricsExtension{m} }

type metricsExtension struct{ m *Metrics }

func (metricsExtension) ExtensionName() string                   { return "Metrics" }
func (metricsExtension) Validate(graphql.ExecutableSchema) error { return nil }

func (e metricsExtension) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil || !graphql.HasOperationContext(ctx) {
		return resp
	}
	rc := graphql.GetOperationContext(ctx)
	name, kind := rc.OperationName, "unknown"
	if rc.Operation != nil {
		name, kind = rc.Operation.Name, string(rc.Operation.Operation)
	}
	label := e.m.operationLabel(name)
	outcome := "ok"
	if len(resp.Errors) > 0 {
		outcome = "error"
	}
	for _, err := range resp.Errors {
		code, _ := err.Extensions["code"].(string)
		if code == "" {
			code = "UNKNOWN"
		}
		e.m.errors.WithLabelValues(code).Inc()
	}
	took := time.Since(rc.Stats.OperationStart)
	e.m.operations.WithLabelValues(label, kind, outcome).Inc()
	e.m.opLatency.WithLabelValues(label, kind).Observe(took.Seconds())
	if took >= e.m.slow {
		// The operation's name and duration only: variables can hold personal data.
		e.m.logger.WarnContext(ctx, "slow operation", "operation", label, "type", kind, "took", took)
	}
	return resp
}

// route is the bounded label of a request path.
func route(path string) string {
	switch path {
	case "/graphql", "/healthz", "/readyz", "/metrics", "/":
		return path
	}
	switch path {
	case "/v1/track", "/v1/identify", "/v1/group", "/v1/page", "/v1/batch":
		return path
	}
	if strings.HasPrefix(path, "/graphiql/") {
		return "/graphiql/"
	}
	return "other"
}

func (m *Metrics) countHTTP(path string, status int) {
	m.httpReqs.WithLabelValues(route(path), strconv.Itoa(status)).Inc()
}
