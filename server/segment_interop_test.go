package server_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// recordedRequest is one request a client library sent, kept to replay it.
type recordedRequest struct {
	path     string
	header   http.Header
	body     []byte
	response int
}

// The real client libraries, @segment/analytics-node and
// @rudderstack/rudder-sdk-node (pinned, installed by
// scripts/ensure-segment-interop.sh, which `make test` runs), each send one
// journey (scripts/segment-interop/send.js) to the API over HTTP; the graph is
// checked value by value, then every request they sent is sent again and the
// graph must not change. A missing install fails the test.
func TestSegmentInteropWithRealClients(t *testing.T) {
	root, _ := filepath.Abs("..")
	modules := filepath.Join(root, ".cache", "segment-interop", "node_modules")
	for _, pkg := range []string{"@segment/analytics-node", "@rudderstack/rudder-sdk-node"} {
		if _, err := os.Stat(filepath.Join(modules, pkg, "package.json")); err != nil {
			t.Fatalf("%s is not installed in .cache/segment-interop: run scripts/ensure-segment-interop.sh (make test does): %v", pkg, err)
		}
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is not installed (scripts/ensure-segment-interop.sh installs it)")
	}

	api, _ := segmentAPI(t, time.Now)
	var mu sync.Mutex
	var recorded []recordedRequest
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		api.Handler.ServeHTTP(rec, r)
		mu.Lock()
		recorded = append(recorded, recordedRequest{path: r.URL.Path, header: r.Header.Clone(), body: body, response: rec.Code})
		mu.Unlock()
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}))
	defer srv.Close()

	t0 := time.Now().UTC().Add(-24 * time.Hour).Truncate(time.Hour)
	for _, sdk := range []struct{ name, prefix string }{{"segment", "seg"}, {"rudder", "rud"}} {
		cmd := exec.Command(node, filepath.Join(root, "scripts", "segment-interop", "send.js"))
		cmd.Env = append(os.Environ(), "INTEROP_MODULES="+modules, "SDK="+sdk.name, "HOST="+srv.URL,
			"WRITE_KEY="+segmentWriteKey, "PREFIX="+sdk.prefix, "T0="+t0.Format(time.RFC3339))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s client: %v\n%s", sdk.name, err, out)
		}
	}
	mu.Lock()
	requests := append([]recordedRequest(nil), recorded...)
	mu.Unlock()
	// analytics-node sends its batch at closeAndFlush; RudderStack's client
	// sends its first call at once, then the rest, gzipped by default. On a
	// loaded machine a request may find Neo4j too slow (503): the libraries
	// send it again, and the retry completes it (the graph checks below).
	agents, gzipped := map[string]int{}, 0
	for _, r := range requests {
		if r.path != "/v1/batch" || (r.response != http.StatusOK && r.response < 500) {
			t.Errorf("%s answered %d", r.path, r.response)
		}
		if r.response >= 500 {
			t.Logf("%s answered %d, retried by %s", r.path, r.response, r.header.Get("User-Agent"))
		}
		agents[strings.SplitN(r.header.Get("User-Agent"), "/", 2)[0]]++
		if r.header.Get("Content-Encoding") == "gzip" {
			gzipped++
		}
	}
	if agents["analytics-node-next"] < 1 || agents["analytics-node"] < 2 || gzipped < 2 {
		t.Errorf("requests by user agent %v, %d gzipped: want a batch of @segment/analytics-node and two gzipped ones of RudderStack's", agents, gzipped)
	}

	for _, p := range []string{"seg", "rud"} {
		expectRows(t, api, p+" account", `MATCH (a:Account {id: $p + '-acme'}) RETURN a.name AS name, a.domain AS domain,
			a.industry AS industry, a.segment AS segment, a.tier AS tier`, []string{
			`{"domain":"` + p + `-acme.example","industry":"Software","name":"` + p + ` Acme","segment":"SMB","tier":"growth"}`,
		}, map[string]any{"p": p})
		expectRows(t, api, p+" contacts", `MATCH (c:Contact) WHERE c.id STARTS WITH $p + '-'
			OPTIONAL MATCH (c)-[:WORKS_AT]->(a:Account) RETURN c.id AS id, c.email AS email, c.firstName AS first,
			c.lastName AS last, c.title AS title, a.id AS account ORDER BY id`, []string{
			`{"account":"` + p + `-acme","email":"ada@` + p + `-acme.example","first":"Ada","id":"` + p + `-ada","last":"Lovelace","title":"CTO"}`,
			`{"account":"` + p + `-acme","email":"carl@` + p + `-acme.example","first":"Carl","id":"` + p + `-carl","last":"Gauss","title":null}`,
		}, map[string]any{"p": p})
		// The event times are the clients' timestamps less the send delay
		// (clock-skew correction, milliseconds here): rounded to the minute.
		expectRows(t, api, p+" touchpoints", `MATCH (t:Touchpoint {accountId: $p + '-acme'})
			RETURN t.type AS type, t.contactId AS contact, t.value AS value, t.source AS source,
			toInteger(round(duration.inSeconds($t0, t.occurredAt).seconds / 60.0)) AS minutesAfterT0 ORDER BY t.occurredAt`, []string{
			`{"contact":"` + p + `-carl","minutesAfterT0":-60,"source":"segment","type":"email_open","value":null}`,
			`{"contact":"` + p + `-ada","minutesAfterT0":0,"source":"segment","type":"product_page_visit","value":null}`,
			`{"contact":"` + p + `-ada","minutesAfterT0":60,"source":"segment","type":"webinar_attendance","value":null}`,
			`{"contact":"` + p + `-ada","minutesAfterT0":120,"source":"segment","type":"demo","value":1200}`,
		}, map[string]any{"p": p, "t0": t0})
		expectRows(t, api, p+" account chain", `MATCH (a:Touchpoint {accountId: $p + '-acme'})-[:NEXT_FOR_ACCOUNT]->(b)
			RETURN a.type + '>' + b.type AS link ORDER BY a.occurredAt`, []string{
			`{"link":"email_open>product_page_visit"}`, `{"link":"product_page_visit>webinar_attendance"}`, `{"link":"webinar_attendance>demo"}`,
		}, map[string]any{"p": p})
	}
	expectRows(t, api, "unmapped", `MATCH (s:SegmentSkipped) RETURN s.reason AS reason, s.name AS name, count(*) AS n`, []string{
		`{"n":2,"name":"Widget Spun","reason":"UNMAPPED"}`,
	})
	expectRows(t, api, "nothing pending", `MATCH (p:SegmentPending) RETURN p.messageId AS id`, nil)

	before := graphSnapshot(api)
	for _, r := range requests {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+r.path, bytes.NewReader(r.body))
		req.Header = r.header.Clone()
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("replay of %s: %d", r.path, resp.StatusCode)
		}
	}
	if diff := snapshotDiff(before, graphSnapshot(api)); diff != "" {
		t.Errorf("replaying the clients' batches changed the graph:\n%s", diff)
	}
}
