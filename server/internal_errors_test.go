package server_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/server"
	"github.com/journeygraph/journeygraph/server/apitest"
	"github.com/journeygraph/journeygraph/store"
)

// TestUnexpectedFailuresAreMaskedAndLoggedOnce provokes the two unexpected
// failures a resolver can meet — an error nobody classified (a store whose
// driver is closed) and a panic (a handler without a store) — and checks the
// client sees only a generic INTERNAL error while the log has the cause once,
// with the request id the client was given.
func TestUnexpectedFailuresAreMaskedAndLoggedOnce(t *testing.T) {
	api := apitest.New(t, nil)
	closed, err := store.Open(api.Config, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := closed.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name     string
		store    *store.Store
		logLine  string // the log message of the one ERROR line
		logCause string // what that line must say about the cause
	}{
		{"error from a closed driver", closed, `msg="internal error"`, "closed"},
		{"panic in a resolver", nil, `msg="panic in resolver"`, "nil pointer dereference"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var logs apitest.SafeBuffer
			logger := slog.New(server.ContextHandler{Handler: slog.NewTextHandler(&logs, nil)})
			h := server.NewHandler(tt.store, apitest.DefaultOptions(), logger)
			a := &apitest.API{DB: api.DB, Handler: h, Logs: &logs}
			rec := a.HTTPContext(t.Context(), http.MethodPost, "/graphql", "application/json",
				`{"query":"{ stages { key } }"}`, http.Header{"X-Request-Id": {"req-internal-1"}})
			var res struct {
				Data   json.RawMessage
				Errors []apitest.Error
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
				t.Fatalf("%v\n%s", err, rec.Body)
			}
			if len(res.Errors) != 1 || res.Errors[0].Code() != "INTERNAL" || res.Errors[0].Message != "internal error" ||
				len(res.Errors[0].Extensions) != 1 {
				t.Fatalf("errors = %+v, want one bare INTERNAL \"internal error\"", res.Errors)
			}
			// Nothing of the cause reaches the client.
			body := strings.ToLower(rec.Body.String())
			for _, leak := range []string{"neo4j", "driver", "closed", "panic", "nil pointer", "goroutine", ".go:", "match ("} {
				if strings.Contains(body, leak) {
					t.Errorf("response leaks %q: %s", leak, rec.Body)
				}
			}
			var errorLines []string
			for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
				if strings.Contains(line, "level=ERROR") {
					errorLines = append(errorLines, line)
				}
			}
			if len(errorLines) != 1 {
				t.Fatalf("%d ERROR lines, want 1:\n%s", len(errorLines), logs.String())
			}
			for _, want := range []string{tt.logLine, tt.logCause, "request_id=req-internal-1"} {
				if !strings.Contains(errorLines[0], want) {
					t.Errorf("ERROR line lacks %q: %s", want, errorLines[0])
				}
			}
		})
	}
}
