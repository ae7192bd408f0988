package server

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/journeygraph/journeygraph/journey"
)

// The media types of GraphQL over HTTP
// (https://graphql.github.io/graphql-over-http/draft/).
const (
	mediaGraphQLResponse = "application/graphql-response+json"
	mediaJSON            = "application/json"
)

// overHTTP is the one GraphQL transport: GraphQL over HTTP as the
// specification describes it.
//
//   - The response type follows Accept: application/graphql-response+json
//     when the client names it (and prefers it at least as much as
//     application/json), application/json when Accept is absent, a wildcard
//     or application/json; 406 when neither is acceptable.
//   - With application/graphql-response+json, a request that does not reach
//     execution (parse, validation, variables, limits) is 400 (403 when the
//     key lacks a role); with application/json every well-formed request is
//     200 and the errors are in the body.
//   - POST needs Content-Type application/json (415 otherwise) and a body of
//     one JSON object; arrays (batching) are refused with 400.
//   - GET runs queries only: a mutation is 405 with Allow: POST, before
//     anything runs. Other methods are 405.
type overHTTP struct{}

var _ graphql.Transport = overHTTP{}

func (overHTTP) Supports(*http.Request) bool { return true }

func (overHTTP) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	media, ok := negotiate(r.Header.Get("Accept"))
	if !ok {
		writeErrorAs(w, mediaJSON, http.StatusNotAcceptable, "NOT_ACCEPTABLE",
			"Accept names neither application/graphql-response+json nor application/json")
		return
	}
	var params *graphql.RawParams
	switch r.Method {
	case http.MethodGet:
		var msg, badUnicode string
		if params, msg, badUnicode = getParams(r.URL.RawQuery); badUnicode != "" {
			writeInvalidUnicode(w, media, badUnicode)
			return
		} else if msg != "" {
			writeErrorAs(w, media, http.StatusBadRequest, "BAD_REQUEST", msg)
			return
		}
	case http.MethodPost:
		mt, mtParams, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mt != mediaJSON || (mtParams["charset"] != "" && !strings.EqualFold(mtParams["charset"], "utf-8")) {
			writeErrorAs(w, media, http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE",
				"send the request body as Content-Type: application/json")
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			writeErrorAs(w, media, http.StatusBadRequest, "BAD_REQUEST", "could not read the request body")
			return
		}
		if field, bad := invalidUnicodeInJSON(body); bad {
			writeInvalidUnicode(w, media, field)
			return
		}
		var msg string
		if params, msg = postParams(body); msg != "" {
			writeErrorAs(w, media, http.StatusBadRequest, "BAD_REQUEST", msg)
			return
		}
	case http.MethodOptions:
		w.Header().Set("Allow", "GET, POST, OPTIONS")
		w.WriteHeader(http.StatusNoContent)
		return
	default:
		w.Header().Set("Allow", "GET, POST, OPTIONS")
		writeErrorAs(w, media, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "use POST, or GET for queries")
		return
	}
	if invalidUnicodeInDocument(params.Query) {
		writeInvalidUnicode(w, media, "query")
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: graphql.Now(), End: graphql.Now()}

	ctx := r.Context()
	rc, errs := exec.CreateOperationContext(ctx, params)
	if r.Method == http.MethodGet && rc != nil && rc.Operation != nil && rc.Operation.Operation != ast.Query {
		w.Header().Set("Allow", "POST")
		writeErrorAs(w, media, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED",
			"GET runs queries only; send "+string(rc.Operation.Operation)+"s with POST")
		return
	}
	if errs != nil {
		status := http.StatusOK
		if media == mediaGraphQLResponse {
			status = requestErrorStatus(errs)
		}
		// Refused before execution: the response has no data entry.
		writeResponse(w, media, status, exec.DispatchError(graphql.WithOperationContext(ctx, rc), errs), false)
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, rc)
	writeResponse(w, media, http.StatusOK, responses(ctx), true)
}

// requestErrorStatus is the status of a request that never reached
// execution, with application/graphql-response+json.
func requestErrorStatus(errs gqlerror.List) int {
	for _, e := range errs {
		if e.Extensions["code"] == codeForbidden {
			return http.StatusForbidden
		}
	}
	return http.StatusBadRequest
}

type postBody struct {
	Query         string         `json:"query"`
	OperationName string         `json:"operationName"`
	Variables     map[string]any `json:"variables"`
	Extensions    map[string]any `json:"extensions"`
}

func postParams(body []byte) (*graphql.RawParams, string) {
	b := bytes.TrimSpace(body)
	if len(b) > 0 && b[0] == '[' {
		return nil, "batching is not supported: send one operation per request, as one JSON object"
	}
	var p postBody
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&p); err != nil || dec.More() || len(b) == 0 || b[0] != '{' {
		return nil, "the request body is not a JSON object with query, operationName, variables and extensions"
	}
	return &graphql.RawParams{Query: p.Query, OperationName: p.OperationName, Variables: p.Variables, Extensions: p.Extensions}, ""
}

// getParams reads a GET request's parameters. It returns a message for a
// malformed request, or the field path ("variables.in.name") of a JSON
// parameter string holding invalid Unicode, answered like the same body sent
// by POST.
func getParams(rawQuery string) (p *graphql.RawParams, msg, badUnicode string) {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, "the URL query string is malformed", ""
	}
	p = &graphql.RawParams{Query: q.Get("query"), OperationName: q.Get("operationName")}
	for name, dst := range map[string]*map[string]any{"variables": &p.Variables, "extensions": &p.Extensions} {
		if v := q.Get(name); v != "" {
			if field, bad := invalidUnicodeInJSON([]byte(v)); bad {
				if field == "" {
					return nil, "", name
				}
				return nil, "", name + "." + strings.TrimPrefix(field, ".")
			}
			dec := json.NewDecoder(strings.NewReader(v))
			dec.UseNumber()
			if err := dec.Decode(dst); err != nil || dec.More() {
				return nil, "the " + name + " parameter is not a JSON object", ""
			}
		}
	}
	return p, "", ""
}

// negotiate picks the response media type for an Accept header.
func negotiate(accept string) (string, bool) {
	if strings.TrimSpace(accept) == "" {
		return mediaJSON, true
	}
	type pref struct{ q, specificity int } // q in thousandths; specificity 2 exact, 1 type/*, 0 */*
	best := map[string]pref{mediaGraphQLResponse: {-1, -1}, mediaJSON: {-1, -1}}
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1000
		if s, ok := params["q"]; ok {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil || f < 0 || f > 1 {
				continue
			}
			q = int(f * 1000)
		}
		for t := range best {
			spec := -1
			switch {
			case mt == t:
				spec = 2
			case mt == "application/*":
				spec = 1
			case mt == "*/*":
				spec = 0
			}
			if spec > best[t].specificity { // the most specific range decides
				best[t] = pref{q, spec}
			}
		}
	}
	g, j := best[mediaGraphQLResponse], best[mediaJSON]
	switch {
	case g.q <= 0 && j.q <= 0:
		return "", false
	case g.q > j.q:
		return mediaGraphQLResponse, true
	case j.q > g.q:
		return mediaJSON, true
	case g.specificity == 2: // named explicitly, as much as application/json
		return mediaGraphQLResponse, true
	default: // wildcards only: the type every client understands
		return mediaJSON, true
	}
}

func writeResponse(w http.ResponseWriter, media string, status int, resp *graphql.Response, executed bool) {
	var v any = resp
	if !executed {
		v = struct {
			Errors     gqlerror.List  `json:"errors"`
			Extensions map[string]any `json:"extensions,omitempty"`
		}{resp.Errors, resp.Extensions}
	}
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`)
	}
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// writeInvalidUnicode refuses a request with invalid UTF-8 or an unpaired
// surrogate escape at field, before decoding would replace it silently.
func writeInvalidUnicode(w http.ResponseWriter, media, field string) {
	writeResponse(w, media, http.StatusBadRequest, &graphql.Response{Errors: gqlerror.List{{
		Message:    "must be valid Unicode: invalid UTF-8 or an unpaired surrogate escape such as \\ud800",
		Extensions: map[string]any{"code": string(journey.CodeInvalidInput), "field": field}}}}, false)
}

// writeError answers with one GraphQL error in the media type r accepts.
func writeError(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	media, ok := negotiate(r.Header.Get("Accept"))
	if !ok {
		media = mediaJSON
	}
	writeErrorAs(w, media, status, code, message)
}

func writeErrorAs(w http.ResponseWriter, media string, status int, code, message string) {
	writeResponse(w, media, status, &graphql.Response{Errors: gqlerror.List{{
		Message: message, Extensions: map[string]any{"code": code}}}}, false)
}
