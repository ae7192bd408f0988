package server

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/journeygraph/journeygraph/auth"
	"github.com/journeygraph/journeygraph/eventlog"
	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/store"
)

// exportHandler serves an event-log download (GET /export/xes,
// /export/ocel2) to a READER or above: the query parameters are the
// AnalysisScope fields (docs/export.md), any other is refused; the body is
// the log, streamed as it is read; HEAD answers the headers only. The
// request timeout bounds it like every request; larger exports are for
// `journeygraph export`.
func exportHandler(st *store.Store, logger *slog.Logger, format eventlog.Format) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !auth.FromContext(r.Context()).Role.Allows(auth.Reader) {
			writeError(w, r, http.StatusForbidden, "FORBIDDEN", "exporting journeys needs the READER role")
			return
		}
		scope, err := eventlog.ParseScopeQuery(r.URL.Query())
		if err != nil {
			writeError(w, r, http.StatusBadRequest, string(journey.CodeInvalidInput), err.Error())
			return
		}
		start := func() {
			w.Header().Set("Content-Type", format.ContentType())
			w.Header().Set("Content-Disposition", `attachment; filename="journeygraph-journeys`+format.Extension()+`"`)
			w.WriteHeader(http.StatusOK)
		}
		if r.Method == http.MethodHead {
			// The headers a GET would send, without running the export
			// (the GET may still refuse an unknown excludeTypes key).
			start()
			return
		}
		out := &startedWriter{w: w, start: start}
		stats, err := eventlog.Write(r.Context(), st, out, eventlog.Options{Format: format, Scope: scope})
		if err == nil {
			logger.InfoContext(r.Context(), "export", "format", format, "journeys", stats.Journeys, "events", stats.Events(), "elapsed", stats.Elapsed)
			return
		}
		if !out.started {
			var domain *journey.Error
			if errors.As(err, &domain) && domain.Code == journey.CodeInvalidInput {
				writeError(w, r, http.StatusBadRequest, string(domain.Code), err.Error())
				return
			}
			logger.ErrorContext(r.Context(), "export failed", "error", err)
			writeError(w, r, http.StatusServiceUnavailable, string(journey.ErrorCode(err)), "the export failed; try again")
			return
		}
		// Half a log is sent: break the connection, so the client sees a
		// failed download rather than a log that looks complete.
		logger.ErrorContext(r.Context(), "export failed after it started", "error", err, "journeys", stats.Journeys)
		panic(http.ErrAbortHandler)
	})
}

// startedWriter sends the response's headers with its first bytes, so an
// export that fails before writing anything can still answer with an error.
type startedWriter struct {
	w       http.ResponseWriter
	start   func()
	started bool
}

func (s *startedWriter) Write(p []byte) (int, error) {
	if !s.started {
		s.started = true
		s.start()
	}
	return s.w.Write(p)
}
