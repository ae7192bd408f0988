package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/auth"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/segment"
	"github.com/journeygraph/journeygraph/server"
	"github.com/journeygraph/journeygraph/server/apitest"
)

const (
	segmentWriteKey = "wk-test-segment-1"
	segmentAdminKey = "admin-key-for-segment-tests"
)

// segmentReceivedAt is the fixed receipt clock of these tests.
var segmentReceivedAt = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

// segmentAPI serves the API with the Segment source over real HTTP, the
// catalog loaded, a write key and an admin API key; clock is the receipt
// clock (nil: segmentReceivedAt).
func segmentAPI(t testing.TB, clock func() time.Time) (*apitest.API, *httptest.Server) {
	t.Helper()
	mapper, err := segment.NewMapper("")
	if err != nil {
		t.Fatal(err)
	}
	return segmentAPIWith(t, clock, mapper)
}

// segmentAPIWith is segmentAPI with a mapping of the test's own.
func segmentAPIWith(t testing.TB, clock func() time.Time, mapper *segment.Mapper) (*apitest.API, *httptest.Server) {
	t.Helper()
	if clock == nil {
		clock = func() time.Time { return segmentReceivedAt }
	}
	writeKeys, err := auth.ParseWriteKeys(strings.NewReader("test-source:"+auth.Hash(segmentWriteKey)), "test")
	if err != nil {
		t.Fatal(err)
	}
	wk, _ := auth.NewKeyring(writeKeys)
	apiKey, _ := auth.ParseKey("admin:ops:" + auth.Hash(segmentAdminKey))
	keys, _ := auth.NewKeyring([]auth.Key{apiKey})
	opts := apitest.DefaultOptions()
	opts.AuthDisabled, opts.Keys = false, keys
	opts.Segment = &server.SegmentOptions{WriteKeys: wk, Mapper: mapper, Now: clock}
	api := apitest.NewWithOptions(t, nil, opts)
	if err := api.Store.LoadCatalog(context.Background(), seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	return api, api.Serve(t)
}

type segmentReply struct {
	Status   int
	Success  bool   `json:"success"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	Problems []struct {
		Index   *int   `json:"index"`
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"problems"`
}

// postSegment sends body to path with the write key as the Basic user name
// (no auth when key is ""), gzipped when zip.
func postSegment(srv *httptest.Server, path, key string, body []byte, zip bool) (segmentReply, error) {
	var rd io.Reader = bytes.NewReader(body)
	if zip {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		_, _ = zw.Write(body)
		_ = zw.Close()
		rd = &buf
	}
	req, err := http.NewRequest(http.MethodPost, srv.URL+path, rd)
	if err != nil {
		return segmentReply{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	if zip {
		req.Header.Set("Content-Encoding", "gzip")
	}
	if key != "" {
		req.SetBasicAuth(key, "")
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		return segmentReply{}, err
	}
	defer resp.Body.Close()
	var r segmentReply
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &r); err != nil {
		return segmentReply{}, fmt.Errorf("status %d, body not JSON: %s", resp.StatusCode, raw)
	}
	r.Status = resp.StatusCode
	return r, nil
}

func mustPostSegment(t *testing.T, srv *httptest.Server, path string, body any) {
	t.Helper()
	b, _ := json.Marshal(body)
	r, err := postSegment(srv, path, segmentWriteKey, b, false)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != http.StatusOK || !r.Success {
		t.Fatalf("POST %s: %d %+v", path, r.Status, r)
	}
}

// at is a time on the day of segmentReceivedAt.
func at(hhmmss string) string { return "2026-03-02T" + hhmmss + "Z" }

// The B2B reading of the spec, worked by hand. The client's clock runs 10 s
// ahead (sentAt is receipt + 10 s), so every event happened 10 s before its
// timestamp.
var segmentBatch1 = map[string]any{
	"sentAt": at("12:00:10"),
	"batch": []map[string]any{
		{"type": "group", "messageId": "m-group-acme", "userId": "u-ada", "groupId": "acme", "timestamp": at("11:00:10"),
			"traits": map[string]any{"name": "Acme Corp", "website": "https://www.acme.com/about", "industry": "Software", "employees": 250, "plan": "enterprise"}},
		{"type": "identify", "messageId": "m-id-ada", "userId": "u-ada", "anonymousId": "anon-1", "timestamp": at("11:00:20"),
			"traits": map[string]any{"email": "Ada@Acme.com", "name": "Ada Lovelace", "title": "CTO"}, "context": map[string]any{"groupId": "acme"}},
		{"type": "track", "messageId": "m-demo", "userId": "u-ada", "event": "Demo Requested", "timestamp": at("10:00:10"), "properties": map[string]any{"plan": "pro"}},
		{"type": "track", "messageId": "m-webinar", "userId": "u-ada", "event": "Webinar Attended", "timestamp": at("09:00:10")},
		{"type": "track", "messageId": "m-unmapped", "userId": "u-ada", "event": "Widget Spun", "timestamp": at("09:30:10")},
		{"type": "page", "messageId": "m-page", "userId": "u-ada", "name": "Pricing", "timestamp": at("08:00:10"), "properties": map[string]any{"path": "/pricing", "url": "https://acme.example/pricing"}},
		{"type": "track", "messageId": "m-anon-open", "anonymousId": "anon-2", "event": "Email Opened", "timestamp": at("07:00:10")},
		{"type": "identify", "messageId": "m-id-bob", "userId": "u-bob", "timestamp": at("11:30:10"), "traits": map[string]any{"email": "bob@globex.io"}},
		{"type": "track", "messageId": "m-bob-trial", "userId": "u-bob", "event": "Trial Started", "timestamp": at("11:00:10")},
	},
}

// Batch 2 ties the pending calls: carl's identify links anon-2 (his email's
// domain is acme's), bob's group call puts him in globex.
var segmentBatch2 = map[string]any{
	"batch": []map[string]any{
		{"type": "identify", "messageId": "m-id-carl", "userId": "u-carl", "anonymousId": "anon-2", "timestamp": at("11:40:00"),
			"traits": map[string]any{"email": "carl@acme.com", "firstName": "Carl", "lastName": "Gauss"}},
		{"type": "group", "messageId": "m-group-globex", "userId": "u-bob", "groupId": "globex", "timestamp": at("11:41:00"),
			"traits": map[string]any{"name": "Globex"}},
	},
}

func TestSegmentBatchesBuildTheJourneys(t *testing.T) {
	api, srv := segmentAPI(t, nil)
	mustPostSegment(t, srv, "/v1/batch", segmentBatch1)

	expectRows(t, api, "accounts after batch 1", `MATCH (a:Account) RETURN a.id AS id, a.name AS name, a.domain AS domain,
		a.industry AS industry, a.segment AS segment, a.tier AS tier ORDER BY id`, []string{
		`{"domain":"acme.com","id":"acme","industry":"Software","name":"Acme Corp","segment":"MID_MARKET","tier":"enterprise"}`,
	})
	expectRows(t, api, "contacts after batch 1", `MATCH (c:Contact) OPTIONAL MATCH (c)-[:WORKS_AT]->(a:Account)
		RETURN c.id AS id, c.email AS email, c.firstName AS first, c.lastName AS last, c.title AS title, a.id AS account ORDER BY id`, []string{
		`{"account":"acme","email":"ada@acme.com","first":"Ada","id":"u-ada","last":"Lovelace","title":"CTO"}`,
		`{"account":null,"email":"bob@globex.io","first":null,"id":"u-bob","last":null,"title":null}`,
	})
	touchpointsQuery := `MATCH (t:Touchpoint) RETURN t.id AS id, t.type AS type, t.occurredAt AS at,
		t.accountId AS account, t.contactId AS contact ORDER BY at`
	expectRows(t, api, "touchpoints after batch 1", touchpointsQuery, []string{
		`{"account":"acme","at":"2026-03-02T08:00:00Z","contact":"u-ada","id":"segment:m-page","type":"product_page_visit"}`,
		`{"account":"acme","at":"2026-03-02T09:00:00Z","contact":"u-ada","id":"segment:m-webinar","type":"webinar_attendance"}`,
		`{"account":"acme","at":"2026-03-02T10:00:00Z","contact":"u-ada","id":"segment:m-demo","type":"demo"}`,
	})
	chainQuery := `MATCH (a:Touchpoint)-[:NEXT_FOR_ACCOUNT]->(b:Touchpoint) RETURN a.type + '>' + b.type AS link ORDER BY a.occurredAt`
	expectRows(t, api, "account chain after batch 1", chainQuery, []string{
		`{"link":"product_page_visit>webinar_attendance"}`, `{"link":"webinar_attendance>demo"}`,
	})
	pendingQuery := `MATCH (p:SegmentPending) RETURN p.messageId AS id, p.key AS key, p.kind AS kind, p.name AS name ORDER BY id`
	expectRows(t, api, "pending after batch 1", pendingQuery, []string{
		`{"id":"m-anon-open","key":"anon:anon-2","kind":"track","name":"Email Opened"}`,
		`{"id":"m-bob-trial","key":"user:u-bob","kind":"track","name":"Trial Started"}`,
	})
	skippedQuery := `MATCH (s:SegmentSkipped) RETURN s.messageId AS id, s.reason AS reason, s.kind AS kind, s.name AS name ORDER BY id`
	expectRows(t, api, "skipped after batch 1", skippedQuery, []string{
		`{"id":"m-unmapped","kind":"track","name":"Widget Spun","reason":"UNMAPPED"}`,
	})

	mustPostSegment(t, srv, "/v1/batch", segmentBatch2)
	expectRows(t, api, "contacts after batch 2", `MATCH (c:Contact) OPTIONAL MATCH (c)-[:WORKS_AT]->(a:Account)
		RETURN c.id AS id, a.id AS account ORDER BY id`, []string{
		`{"account":"acme","id":"u-ada"}`, `{"account":"globex","id":"u-bob"}`, `{"account":"acme","id":"u-carl"}`,
	})
	expectRows(t, api, "touchpoints after batch 2", touchpointsQuery, []string{
		`{"account":"acme","at":"2026-03-02T07:00:00Z","contact":"u-carl","id":"segment:m-anon-open","type":"email_open"}`,
		`{"account":"acme","at":"2026-03-02T08:00:00Z","contact":"u-ada","id":"segment:m-page","type":"product_page_visit"}`,
		`{"account":"acme","at":"2026-03-02T09:00:00Z","contact":"u-ada","id":"segment:m-webinar","type":"webinar_attendance"}`,
		`{"account":"acme","at":"2026-03-02T10:00:00Z","contact":"u-ada","id":"segment:m-demo","type":"demo"}`,
		`{"account":"globex","at":"2026-03-02T11:00:00Z","contact":"u-bob","id":"segment:m-bob-trial","type":"trial_registration"}`,
	})
	// The late email open (07:00) heads acme's chain; globex has one step.
	expectRows(t, api, "account chain after batch 2", chainQuery, []string{
		`{"link":"email_open>product_page_visit"}`, `{"link":"product_page_visit>webinar_attendance"}`, `{"link":"webinar_attendance>demo"}`,
	})
	expectRows(t, api, "contact chain after batch 2", `MATCH (a:Touchpoint)-[:NEXT_FOR_CONTACT]->(b:Touchpoint)
		RETURN a.contactId + ':' + a.type + '>' + b.type AS link ORDER BY a.occurredAt`, []string{
		`{"link":"u-ada:product_page_visit>webinar_attendance"}`, `{"link":"u-ada:webinar_attendance>demo"}`,
	})
	expectRows(t, api, "pending after batch 2", pendingQuery, nil)
	expectRows(t, api, "aliases and group links", `CALL { MATCH (s:SegmentAlias) RETURN 'alias ' + s.anonymousId + '>' + s.userId AS l
		UNION ALL MATCH (g:SegmentGroupLink) RETURN 'group ' + g.userId + '>' + g.groupId AS l } RETURN l ORDER BY l`, []string{
		`{"l":"alias anon-1>u-ada"}`, `{"l":"alias anon-2>u-carl"}`, `{"l":"group u-ada>acme"}`, `{"l":"group u-bob>globex"}`,
	})

	// Replaying both batches, in either order, changes nothing.
	before := graphSnapshot(api)
	mustPostSegment(t, srv, "/v1/batch", segmentBatch2)
	mustPostSegment(t, srv, "/v1/batch", segmentBatch1)
	if diff := snapshotDiff(before, graphSnapshot(api)); diff != "" {
		t.Errorf("replaying the batches changed the graph:\n%s", diff)
	}

	// The unmapped name is counted once (per messageId), in the metrics (the
	// replay is left out before it is mapped) and for an admin.
	metrics := getWithKey(t, srv, "/metrics", segmentAdminKey)
	if want := `journeygraph_segment_skipped_total{name="Widget Spun",reason="UNMAPPED",type="track"} 1`; !strings.Contains(metrics, want) {
		t.Errorf("metrics lack %s", want)
	}
	res := api.DoKey(t, segmentAdminKey, `{ segmentSkippedEvents(reason: "UNMAPPED") { reason kind name count firstSeen lastSeen } }`, nil)
	if len(res.Errors) > 0 {
		t.Fatalf("segmentSkippedEvents: %+v", res.Errors)
	}
	apitest.ExpectJSON(t, res.Data, `{"segmentSkippedEvents": [{"reason": "UNMAPPED", "kind": "track", "name": "Widget Spun", "count": 1,
		"firstSeen": "2026-03-02T12:00:00Z", "lastSeen": "2026-03-02T12:00:00Z"}]}`)
}

// expectRows runs cypher directly and compares each row, as JSON with sorted
// keys, with want.
func expectRows(t *testing.T, api *apitest.API, what, cypher string, want []string, params ...map[string]any) {
	t.Helper()
	var p map[string]any
	if len(params) > 0 {
		p = params[0]
	}
	rows := api.Query(cypher, p)
	got := make([]string, len(rows))
	for i, r := range rows {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(r)
		got[i] = strings.TrimSpace(buf.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got  %s\n want %s", what, strings.Join(got, "\n      "), strings.Join(want, "\n      "))
	}
}

func getWithKey(t *testing.T, srv *httptest.Server, path, key string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	return string(b)
}

// Bad requests get 400 (401 without a valid write key) with a body that
// says what is wrong, and nothing of them is written.
func TestSegmentRefusesBadRequests(t *testing.T) {
	api, srv := segmentAPI(t, nil)
	good := func(id string) map[string]any {
		return map[string]any{"type": "group", "messageId": id, "groupId": "acme", "userId": "u-1", "traits": map[string]any{"name": "Acme"}}
	}
	batch := func(calls ...map[string]any) []byte {
		b, _ := json.Marshal(map[string]any{"batch": calls})
		return b
	}
	call := func(c map[string]any) []byte { b, _ := json.Marshal(c); return b }
	big := strings.Repeat("x", segment.MaxCallBytes)
	var manyCalls []map[string]any
	for i := 0; len(batch(manyCalls...)) <= segment.MaxBatchBytes; i++ {
		c := good(fmt.Sprintf("m-%d", i))
		c["traits"] = map[string]any{"name": "Acme", "note": strings.Repeat("y", 20000)}
		manyCalls = append(manyCalls, c)
	}
	future := good("m-future")
	future["timestamp"] = segmentReceivedAt.Add(time.Hour).Format(time.RFC3339)
	tests := []struct {
		name, path, key string
		body            []byte
		status          int
		code            string
		problem         string // in the message of the first problem
	}{
		{"malformed JSON", "/v1/batch", segmentWriteKey, []byte(`{"batch": [`), 400, "INVALID_JSON", "not a JSON batch"},
		{"malformed single call", "/v1/track", segmentWriteKey, []byte(`{"type": "track",`), 400, "INVALID_JSON", "not a JSON call"},
		{"missing write key", "/v1/batch", "", batch(good("m-1")), 401, "UNAUTHENTICATED", ""},
		{"wrong write key", "/v1/batch", "not-a-write-key", batch(good("m-1")), 401, "UNAUTHENTICATED", ""},
		{"API key is no write key", "/v1/batch", segmentAdminKey, batch(good("m-1")), 401, "UNAUTHENTICATED", ""},
		{"oversized call", "/v1/group", segmentWriteKey, call(map[string]any{"type": "group", "messageId": "m-1", "groupId": "acme", "userId": "u", "traits": map[string]any{"name": big}}), 400, "TOO_LARGE", "at most 32768 bytes"},
		{"oversized call in a batch", "/v1/batch", segmentWriteKey, batch(good("m-1"), map[string]any{"type": "group", "messageId": "m-2", "groupId": "acme", "userId": "u", "traits": map[string]any{"name": big}}), 400, "TOO_LARGE", "at most 32768 bytes"},
		{"oversized batch", "/v1/batch", segmentWriteKey, batch(manyCalls...), 400, "TOO_LARGE", "at most 512000 bytes"},
		{"call without messageId", "/v1/batch", segmentWriteKey, batch(good("m-1"), map[string]any{"type": "track", "userId": "u", "event": "Demo Requested"}), 400, "INVALID_MESSAGE", "messageId is required"},
		{"call without user", "/v1/track", segmentWriteKey, call(map[string]any{"type": "track", "messageId": "m-9", "event": "Demo Requested"}), 400, "INVALID_MESSAGE", "userId or an anonymousId"},
		{"wrong type for the path", "/v1/track", segmentWriteKey, call(good("m-1")), 400, "INVALID_MESSAGE", "must be of type \"track\""},
		{"future timestamp", "/v1/batch", segmentWriteKey, batch(good("m-1"), future), 400, "FUTURE_TIMESTAMP", "more than 5m0s after the call was received"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := postSegment(srv, tt.path, tt.key, tt.body, false)
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != tt.status || r.Success || r.Code != tt.code {
				t.Fatalf("got %d success=%v code %q (%s), want %d %s", r.Status, r.Success, r.Code, r.Message, tt.status, tt.code)
			}
			if tt.problem != "" && (len(r.Problems) == 0 || !strings.Contains(r.Problems[0].Message, tt.problem)) {
				t.Errorf("problems %+v, want one saying %q", r.Problems, tt.problem)
			}
		})
	}
	if n := api.Count(`MATCH (n) WHERE n:Account OR n:Contact OR n:Touchpoint OR n:SegmentPending OR n:SegmentSkipped OR n:SegmentAlias OR n:SegmentGroupLink RETURN count(n)`, nil); n != 0 {
		t.Errorf("refused requests wrote %d nodes", n)
	}

	// A timestamp an hour ahead is no future event when the sender's clock
	// is an hour ahead too (sentAt): the correction brings it to the receipt.
	skewed := good("m-skewed")
	skewed["type"], skewed["event"], skewed["context"] = "track", "Demo Requested", map[string]any{"groupId": "acme"}
	skewed["timestamp"] = segmentReceivedAt.Add(time.Hour).Format(time.RFC3339)
	skewed["sentAt"] = segmentReceivedAt.Add(time.Hour).Format(time.RFC3339)
	mustPostSegment(t, srv, "/v1/batch", map[string]any{"batch": []map[string]any{good("m-acme"), skewed}})
	expectRows(t, api, "the skew-corrected touchpoint", `MATCH (t:Touchpoint) RETURN t.id AS id, t.occurredAt AS at, t.accountId AS account`, []string{
		`{"account":"acme","at":"2026-03-02T12:00:00Z","id":"segment:m-skewed"}`,
	})
	// gzip (as RudderStack sends) is read.
	r, err := postSegment(srv, "/v1/track", segmentWriteKey, call(map[string]any{"type": "track", "messageId": "m-zip", "userId": "u-1",
		"event": "Invoice Paid", "context": map[string]any{"groupId": "acme"}, "timestamp": at("11:00:00")}), true)
	if err != nil || r.Status != 200 || !r.Success {
		t.Fatalf("gzipped call: %+v %v", r, err)
	}
	if n := api.Count(`MATCH (t:Touchpoint {id: 'segment:m-zip', type: 'invoice', accountId: 'acme'}) RETURN count(t)`, nil); n != 1 {
		t.Errorf("the gzipped call recorded %d touchpoints, want 1", n)
	}
}

// Pending calls are bounded: the 101st of one anonymous id is skipped
// (PENDING_FULL) and, 30 days on, the others expire (PENDING_EXPIRED); none
// is lost without a count.
func TestSegmentPendingIsBounded(t *testing.T) {
	now := segmentReceivedAt
	api, srv := segmentAPI(t, func() time.Time { return now })
	var calls []map[string]any
	for i := 0; i < segment.MaxPendingPerKey+1; i++ {
		calls = append(calls, map[string]any{"type": "page", "messageId": fmt.Sprintf("m-%03d", i), "anonymousId": "anon-x",
			"timestamp": segmentReceivedAt.Add(-time.Duration(i) * time.Minute).Format(time.RFC3339)})
	}
	mustPostSegment(t, srv, "/v1/batch", map[string]any{"batch": calls})
	if n := api.Count(`MATCH (p:SegmentPending {key: 'anon:anon-x'}) RETURN count(p)`, nil); n != int64(segment.MaxPendingPerKey) {
		t.Errorf("%d pending, want %d", n, segment.MaxPendingPerKey)
	}
	expectRows(t, api, "skipped", `MATCH (s:SegmentSkipped) RETURN s.messageId AS id, s.reason AS reason`, []string{`{"id":"m-100","reason":"PENDING_FULL"}`})

	now = segmentReceivedAt.Add(segment.PendingTTL + time.Hour)
	mustPostSegment(t, srv, "/v1/group", map[string]any{"type": "group", "messageId": "m-later", "groupId": "acme", "userId": "u-1"})
	if n := api.Count(`MATCH (p:SegmentPending) RETURN count(p)`, nil); n != 0 {
		t.Errorf("%d pending after %s, want 0", n, segment.PendingTTL)
	}
	expectRows(t, api, "skipped by reason", `MATCH (s:SegmentSkipped) RETURN s.reason AS reason, count(*) AS n ORDER BY reason`, []string{
		`{"n":100,"reason":"PENDING_EXPIRED"}`, `{"n":1,"reason":"PENDING_FULL"}`,
	})
}

// A group call before the user's identify, in another request: the contact
// joins the group's account, not the (absent) account of its email domain.
func TestSegmentGroupBeforeIdentify(t *testing.T) {
	api, srv := segmentAPI(t, nil)
	mustPostSegment(t, srv, "/v1/group", map[string]any{"messageId": "m-1", "userId": "u-dan", "groupId": "initech", "traits": map[string]any{"name": "Initech"}})
	mustPostSegment(t, srv, "/v1/identify", map[string]any{"messageId": "m-2", "userId": "u-dan", "traits": map[string]any{"email": "dan@gmail.com"}})
	expectRows(t, api, "contact", `MATCH (c:Contact) OPTIONAL MATCH (c)-[:WORKS_AT]->(a) RETURN c.id AS id, c.accountId AS accountId, a.id AS worksAt`, []string{
		`{"accountId":"initech","id":"u-dan","worksAt":"initech"}`,
	})
	// A contact with no account whose call names a group: the touchpoint is
	// the account's alone (the contact joins an account by identify or group).
	mustPostSegment(t, srv, "/v1/batch", map[string]any{"batch": []map[string]any{
		{"type": "identify", "messageId": "m-3", "userId": "u-eve", "traits": map[string]any{"email": "eve@nowhere.org"}},
		{"type": "track", "messageId": "m-4", "userId": "u-eve", "event": "Demo Requested", "timestamp": at("11:00:00"), "context": map[string]any{"groupId": "initech"}},
	}})
	expectRows(t, api, "touchpoints", `MATCH (t:Touchpoint) RETURN t.id AS id, t.accountId AS account, t.contactId AS contact`, []string{
		`{"account":"initech","contact":null,"id":"segment:m-4"}`,
	})
	expectRows(t, api, "nothing skipped or pending", `MATCH (n) WHERE n:SegmentSkipped OR n:SegmentPending RETURN n.messageId AS id`, nil)
}

// A mapping to a type key the catalog lacks skips those calls (UNKNOWN_TYPE)
// and records the others of the batch; the mapping file is read from disk.
func TestSegmentUnknownTypeKeySkipsOnlyItsCalls(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mapping.json")
	if err := os.WriteFile(path, []byte(`{"track": [{"event": "Demo Requested", "type": "demo"}, {"pattern": "Beta *", "type": "beta_signup"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	mapper, err := segment.NewMapper(path)
	if err != nil {
		t.Fatal(err)
	}
	api, srv := segmentAPIWith(t, nil, mapper)
	ctx := map[string]any{"groupId": "acme"}
	mustPostSegment(t, srv, "/v1/batch", map[string]any{"batch": []map[string]any{
		{"type": "group", "messageId": "m-g", "userId": "u-1", "groupId": "acme", "traits": map[string]any{"name": "Acme"}},
		{"type": "track", "messageId": "m-demo", "anonymousId": "a-1", "event": "Demo Requested", "timestamp": at("10:00:00"), "context": ctx},
		{"type": "track", "messageId": "m-beta", "anonymousId": "a-1", "event": "Beta Joined", "timestamp": at("10:05:00"), "context": ctx},
		{"type": "page", "messageId": "m-page", "anonymousId": "a-1", "timestamp": at("10:10:00"), "context": ctx},
	}})
	expectRows(t, api, "touchpoints", `MATCH (t:Touchpoint) RETURN t.id AS id, t.type AS type, t.accountId AS account`, []string{
		`{"account":"acme","id":"segment:m-demo","type":"demo"}`,
	})
	// No pageDefault in this file: the page is unmapped.
	expectRows(t, api, "skipped", `MATCH (s:SegmentSkipped) RETURN s.messageId AS id, s.reason AS reason, s.kind AS kind, s.name AS name ORDER BY id`, []string{
		`{"id":"m-beta","kind":"track","name":"Beta Joined","reason":"UNKNOWN_TYPE"}`,
		`{"id":"m-page","kind":"page","name":"/","reason":"UNMAPPED"}`,
	})
}
