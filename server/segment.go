package server

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/journeygraph/journeygraph/auth"
	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/segment"
	"github.com/journeygraph/journeygraph/store"
)

// SegmentOptions turn on the Segment HTTP Tracking API (/v1/track, identify,
// group, page, batch). Nil leaves it off.
type SegmentOptions struct {
	// WriteKeys are the accepted write keys (hashed; WRITER). Without keys
	// every call gets 401, unless the development mode is on (any key).
	WriteKeys *auth.Keyring
	Mapper    *segment.Mapper
	// Now is the receipt clock (nil: time.Now); tests fix it.
	Now func() time.Time
}

// segmentCalls are the single-call endpoints; /v1/batch takes a list of them.
var segmentCalls = []string{"track", "identify", "group", "page"}

// mountSegment adds the Segment endpoints to mux.
func mountSegment(mux *http.ServeMux, opts *SegmentOptions, devMode bool, st *store.Store, metrics *Metrics, logger *slog.Logger) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	keys := opts.WriteKeys
	if keys == nil {
		keys, _ = auth.NewKeyring(nil)
	}
	ing := &segment.Ingester{Store: st, Mapper: opts.Mapper, Counter: metrics}
	for _, kind := range append(segmentCalls, "batch") {
		h := segmentEndpoint{kind: kind, ingester: ing, keys: keys, devMode: devMode, now: now, logger: logger}
		mux.Handle("POST /v1/"+kind, waitBudget(st, h))
	}
}

type segmentEndpoint struct {
	kind     string
	ingester *segment.Ingester
	keys     *auth.Keyring
	devMode  bool
	now      func() time.Time
	logger   *slog.Logger
}

// segmentReply is the body of every answer: {"success": true} as Segment
// answers, or success false with what was wrong.
type segmentReply struct {
	Success  bool              `json:"success"`
	Code     string            `json:"code,omitempty"`
	Message  string            `json:"message,omitempty"`
	Problems []segment.Problem `json:"problems,omitempty"`
}

func (h segmentEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	receivedAt := h.now()
	principal, ok := h.authenticate(r)
	if !ok {
		w.Header().Set("WWW-Authenticate", `Basic realm="journeygraph segment source"`)
		writeJSON(w, http.StatusUnauthorized, segmentReply{Code: "UNAUTHENTICATED",
			Message: "missing or unknown write key: send HTTP Basic auth with the write key as the user name"})
		return
	}
	ctx := auth.WithPrincipal(r.Context(), principal)
	limit := segment.MaxCallBytes
	if h.kind == "batch" {
		limit = segment.MaxBatchBytes
	}
	body, err := readSegmentBody(r, limit)
	if err != nil {
		var bad *segment.BadRequest
		if errors.As(err, &bad) {
			h.refuse(w, r, bad)
			return
		}
		writeJSON(w, http.StatusBadRequest, segmentReply{Code: "BAD_REQUEST", Message: err.Error()})
		return
	}
	var msgs []segment.Message
	if h.kind == "batch" {
		msgs, err = segment.ParseBatch(body, receivedAt)
	} else {
		var m segment.Message
		m, err = segment.ParseCall(h.kind, body, receivedAt)
		msgs = []segment.Message{m}
	}
	if err != nil {
		var bad *segment.BadRequest
		errors.As(err, &bad)
		h.refuse(w, r, bad)
		return
	}
	res, err := h.ingester.Ingest(ctx, msgs, receivedAt)
	if err != nil {
		// Everything written so far is idempotent: the client's retry of a
		// 5xx completes the request.
		status := http.StatusInternalServerError
		if journey.ErrorCode(err) == journey.CodeUnavailable || journey.ErrorCode(err) == journey.CodeTimeout {
			status = http.StatusServiceUnavailable
		}
		h.logger.ErrorContext(ctx, "segment call failed", "endpoint", h.kind, "calls", len(msgs), "error", err)
		writeJSON(w, status, segmentReply{Code: string(journey.ErrorCode(err)), Message: "the calls could not be written; sending them again is safe"})
		return
	}
	h.logger.DebugContext(ctx, "segment calls", "endpoint", h.kind, "key", principal.Name, "calls", len(msgs),
		"accounts", res.Accounts, "contacts", res.Contacts, "touchpoints", res.Touchpoints, "pending", res.Pending, "skipped", res.Skipped)
	writeJSON(w, http.StatusOK, segmentReply{Success: true})
}

// refuse answers 400, which the Segment libraries do not retry: a malformed
// or oversized request stays so. Nothing of it was written.
func (h segmentEndpoint) refuse(w http.ResponseWriter, r *http.Request, bad *segment.BadRequest) {
	msg := bad.Error()
	h.logger.InfoContext(r.Context(), "segment call refused", "endpoint", h.kind, "code", bad.Code, "problems", len(bad.Problems))
	writeJSON(w, http.StatusBadRequest, segmentReply{Code: bad.Code, Message: msg, Problems: bad.Problems})
}

// authenticate reads the write key from HTTP Basic auth (the user name; the
// password is empty). The key is never logged or kept, only its name.
func (h segmentEndpoint) authenticate(r *http.Request) (auth.Principal, bool) {
	user, _, hasBasic := r.BasicAuth()
	if h.devMode {
		return auth.Principal{Name: "development", Role: auth.Writer}, true
	}
	if !hasBasic {
		return auth.Principal{}, false
	}
	key, ok := h.keys.Lookup(user)
	if !ok || !key.Role.Allows(auth.Writer) {
		return auth.Principal{}, false
	}
	return auth.Principal{Name: key.Name, Role: auth.Writer}, true
}

// readSegmentBody reads at most limit bytes of body, gunzipped when the
// client says so (RudderStack compresses by default); a larger body is a
// TOO_LARGE refusal, read no further.
func readSegmentBody(r *http.Request, limit int) ([]byte, error) {
	tooLarge := func() error {
		what := "a call"
		if limit == segment.MaxBatchBytes {
			what = "a batch"
		}
		return &segment.BadRequest{Code: "TOO_LARGE", Problems: []segment.Problem{{Message: fmt.Sprintf("%s must be at most %d bytes (%d KB)", what, limit, limit>>10)}}}
	}
	var src io.Reader = r.Body
	switch enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
		if r.ContentLength > int64(limit) {
			return nil, tooLarge()
		}
	case "gzip":
		// The compressed body is bounded as well: at worst the limit again.
		zr, err := gzip.NewReader(io.LimitReader(r.Body, int64(limit)+1))
		if err != nil {
			return nil, &segment.BadRequest{Code: "INVALID_JSON", Problems: []segment.Problem{{Message: "the body is not gzip: " + err.Error()}}}
		}
		defer zr.Close()
		src = zr
	default:
		return nil, fmt.Errorf("unsupported Content-Encoding %q (gzip or none)", enc)
	}
	body, err := io.ReadAll(io.LimitReader(src, int64(limit)+1))
	if err != nil {
		return nil, &segment.BadRequest{Code: "INVALID_JSON", Problems: []segment.Problem{{Message: "the body could not be read: " + err.Error()}}}
	}
	if len(body) > limit {
		return nil, tooLarge()
	}
	return body, nil
}

// The Segment source's counters (segment.Counter). Event names are labels
// only for the first maxOperationNames seen; the exact counts by name are
// in the graph (segmentSkippedEvents).

// Outcome counts one call's outcome: account, contact, touchpoint, pending.
func (m *Metrics) Outcome(kind, outcome string) {
	m.segmentCalls.WithLabelValues(kind, outcome).Inc()
}

// Skipped counts one skipped call by type, reason and, for track calls
// only, event name. Labels stay bounded and free of personal data: the other
// names (user and anonymous ids, page paths) are never a label, an event name
// is cut to maxEventLabelBytes, and only the first maxOperationNames get one.
func (m *Metrics) Skipped(kind, reason, name string) {
	m.segmentCalls.WithLabelValues(kind, "skipped").Inc()
	label := ""
	if kind == "track" {
		label = m.eventLabel(segment.CutAtRune(name, maxEventLabelBytes))
	}
	m.segmentSkipped.WithLabelValues(kind, reason, label).Inc()
}

func (m *Metrics) eventLabel(name string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.events[name] {
		return name
	}
	if len(m.events) >= maxOperationNames {
		return "other"
	}
	m.events[name] = true
	return name
}
