package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"regexp"
	"sync/atomic"
	"time"
)

type requestIDKey struct{}

// RequestID returns the id of the request ctx belongs to, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// A caller's X-Request-Id is kept only when it looks like an id, so log lines
// cannot be forged through it.
var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// requestID gives every request an id (echoed in X-Request-Id and present in
// every log line through ContextHandler) and writes one access-log line.
func requestID(logger *slog.Logger, metrics *Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !validRequestID.MatchString(id) {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-Id", id)
		ctx := context.WithValue(r.Context(), requestIDKey{}, id)
		ctx = context.WithValue(ctx, failureLoggedKey{}, new(atomic.Bool))
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		start := time.Now()
		next.ServeHTTP(rec, r.WithContext(ctx))
		if r.Context().Err() != nil {
			// The client closed the connection before the answer: no one
			// read the status written, if any. This line is the request's
			// only one; its fields' failures are not logged.
			rec.status = statusClientClosedRequest
		}
		metrics.countHTTP(r.URL.Path, rec.status)
		logger.LogAttrs(ctx, slog.LevelInfo, "http request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", rec.status), slog.Duration("took", time.Since(start)))
	})
}

// statusClientClosedRequest is the status logged (and counted) for a request
// whose client went away before its answer: nginx's 499.
const statusClientClosedRequest = 499

type failureLoggedKey struct{}

// firstFailure reports whether ctx's request has not logged a failure yet,
// and marks it as logged: a request with many failing fields logs one line.
func firstFailure(ctx context.Context) bool {
	logged, ok := ctx.Value(failureLoggedKey{}).(*atomic.Bool)
	return !ok || logged.CompareAndSwap(false, true)
}

// clientGone reports whether ctx ended because its request's client closed
// the connection, rather than by the request deadline.
func clientGone(ctx context.Context) bool {
	return errors.Is(ctx.Err(), context.Canceled)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Flush lets SSE streams (which need an http.Flusher) through the recorder.
func (s *statusRecorder) Flush() { _ = http.NewResponseController(s.ResponseWriter).Flush() }

// ContextHandler adds the request id to every record logged with a request's
// context.
type ContextHandler struct{ slog.Handler }

func (h ContextHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h ContextHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return ContextHandler{h.Handler.WithAttrs(attrs)}
}

func (h ContextHandler) WithGroup(name string) slog.Handler {
	return ContextHandler{h.Handler.WithGroup(name)}
}
