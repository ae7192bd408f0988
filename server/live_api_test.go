package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/auth"
	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/server/livetest"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// liveEnv is a production-like configuration (keys required) with a fast
// feed poll, for the subscription tests.
func liveEnv(extra map[string]string) map[string]string {
	env := map[string]string{
		"JOURNEYGRAPH_AUTH_DISABLED":      "false",
		"JOURNEYGRAPH_API_KEYS":           "reader:dashboard:" + auth.Hash(readerKey) + ",writer:crm-sync:" + auth.Hash(writerKey),
		"JOURNEYGRAPH_FEED_POLL_INTERVAL": "50ms",
	}
	for k, v := range extra {
		env[k] = v
	}
	return env
}

// liveFixture: the catalog, accounts acme and globex, contact ada at acme.
func liveFixture(db *storetest.DB) {
	ctx := context.Background()
	must := func(err error) {
		if err != nil {
			panic(err) // setup runs on the test goroutine before the server starts
		}
	}
	must(db.Store.LoadCatalog(ctx, seed.Catalog()))
	for _, id := range []string{"acme", "globex"} {
		_, _, err := db.Store.UpsertAccount(ctx, journey.AccountInput{ID: id, Name: id + " Inc"})
		must(err)
	}
	acme := "acme"
	_, _, err := db.Store.UpsertContact(ctx, journey.ContactInput{ID: "ada", Email: "ada@acme.com", AccountID: &acme})
	must(err)
}

// gqlPost runs one operation over HTTP with key and returns its data,
// failing on errors.
func gqlPost(t *testing.T, addr, key, query string, vars map[string]any) map[string]any {
	t.Helper()
	data, err := livetest.Post(addr, key, query, vars)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

const recordTouchpointsMutation = `mutation($in: [RecordTouchpointInput!]!) { recordTouchpoints(inputs: $in) { touchpoints { id } } }`

func tpInput(ext, typ string, minute int, account, contact string) map[string]any {
	in := map[string]any{"source": "crm", "externalId": ext, "type": typ,
		"occurredAt": time.Date(2026, 3, 1, 9, minute, 0, 0, time.UTC).Format(time.RFC3339), "accountId": account}
	if contact != "" {
		in["contactId"] = contact
	}
	return in
}

const touchpointSubscription = `subscription($f: TouchpointRecordedFilter, $after: String) {
  touchpointRecorded(filter: $f, after: $after) { cursor touchpoint { id category type { key } account { name } contact { id } } } }`

const stageSubscription = `subscription($f: StageChangedFilter, $after: String) {
  stageChanged(filter: $f, after: $after) { cursor account { id } fromStage { key } toStage { key } at transition { id } } }`

// tpEvent is a touchpointRecorded event as the tests read it.
type tpEvent struct {
	Cursor     string `json:"cursor"`
	Touchpoint struct {
		ID       string `json:"id"`
		Category string `json:"category"`
		Type     struct {
			Key string `json:"key"`
		} `json:"type"`
		Account struct {
			Name string `json:"name"`
		} `json:"account"`
		Contact *struct {
			ID string `json:"id"`
		} `json:"contact"`
	} `json:"touchpoint"`
}

func touchpointOf(t *testing.T, m livetest.Msg) tpEvent {
	t.Helper()
	r := livetest.Decode(t, m)
	if len(r.Errors) > 0 {
		t.Fatalf("event with errors: %s", m.Payload)
	}
	var e tpEvent
	if err := json.Unmarshal(r.Data["touchpointRecorded"], &e); err != nil {
		t.Fatalf("event %s: %v", m.Payload, err)
	}
	return e
}

// Both transports deliver both subscriptions, filtered, in commit order,
// with touchpoints resolvable like any other; a subscriber that resumes with
// the cursor of the last event it saw gets exactly what it missed.
func TestSubscriptionsOverWebSocketAndSSE(t *testing.T) {
	srv := startRealServer(t, liveEnv(nil), liveFixture)
	ws := livetest.DialWS(t, srv.Addr, nil, map[string]any{"Authorization": "Bearer " + readerKey}).Acked(t)
	ws.Subscribe(t, "all", touchpointSubscription, nil)
	ws.Subscribe(t, "acme-demos", touchpointSubscription, map[string]any{"f": map[string]any{"accountIds": []string{"acme"}, "types": []string{"demo"}}})
	sseAll := livetest.OpenSSE(t, srv.Addr, readerKey, touchpointSubscription, nil)
	sseStages := livetest.OpenSSE(t, srv.Addr, readerKey, stageSubscription, map[string]any{"f": map[string]any{"stages": []string{"mql", "customer"}}})
	for _, s := range []*livetest.SSE{sseAll, sseStages} {
		if s.Status != http.StatusOK {
			t.Fatalf("sse status %d: %s", s.Status, s.Body)
		}
	}
	time.Sleep(300 * time.Millisecond) // the subscriptions are registered before the writes

	// Three batches: t1 t2 t3, then a replay of t2 with t4, then t5.
	gqlPost(t, srv.Addr, writerKey, recordTouchpointsMutation, map[string]any{"in": []any{
		tpInput("t1", "demo", 1, "acme", "ada"), tpInput("t2", "email_open", 2, "acme", ""), tpInput("t3", "demo", 3, "globex", "")}})
	gqlPost(t, srv.Addr, writerKey, recordTouchpointsMutation, map[string]any{"in": []any{
		tpInput("t2", "email_open", 2, "acme", ""), tpInput("t4", "demo", 4, "acme", "")}})
	gqlPost(t, srv.Addr, writerKey, recordTouchpointsMutation, map[string]any{"in": []any{tpInput("t5", "support_call", 5, "globex", "")}})
	for _, stage := range []struct{ key, at string }{{"lead", "2026-03-02T00:00:00Z"}, {"mql", "2026-03-03T00:00:00Z"}} {
		gqlPost(t, srv.Addr, writerKey, `mutation($in: RecordStageChangeInput!) { recordStageChange(input: $in) { created } }`,
			map[string]any{"in": map[string]any{"accountId": "acme", "stage": stage.key, "at": stage.at}})
	}

	want := []string{"crm:t1", "crm:t2", "crm:t3", "crm:t4", "crm:t5"}
	byID := map[string][]tpEvent{}
	for range len(want) + 2 {
		m := ws.Next(t, 10*time.Second)
		if m.Type != "next" {
			t.Fatalf("got %s %s", m.Type, m.Payload)
		}
		byID[m.ID] = append(byID[m.ID], touchpointOf(t, m))
	}
	var sseEvents []tpEvent
	for range want {
		m := sseAll.Next(t, 10*time.Second)
		if m.Type != "next" {
			t.Fatalf("sse got %s %s", m.Type, m.Payload)
		}
		sseEvents = append(sseEvents, touchpointOf(t, m))
	}
	ids := func(es []tpEvent) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.Touchpoint.ID)
		}
		return out
	}
	if got := ids(byID["all"]); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("WebSocket, unfiltered: %v, want %v", got, want)
	}
	if got := ids(sseEvents); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("SSE, unfiltered: %v, want %v", got, want)
	}
	if got := ids(byID["acme-demos"]); fmt.Sprint(got) != "[crm:t1 crm:t4]" {
		t.Errorf("WebSocket, acme's demos: %v, want [crm:t1 crm:t4]", got)
	}
	first := byID["all"][0]
	if first.Touchpoint.Type.Key != "demo" || first.Touchpoint.Category != "SALES" || first.Touchpoint.Account.Name != "acme Inc" ||
		first.Touchpoint.Contact == nil || first.Touchpoint.Contact.ID != "ada" {
		t.Errorf("first event = %+v", first)
	}
	for i, e := range byID["all"] {
		if e.Cursor != sseEvents[i].Cursor {
			t.Errorf("event %d: cursors differ between transports: %s, %s", i, e.Cursor, sseEvents[i].Cursor)
		}
	}

	// Stage changes: only mql passes the filter; lead is the stage it left.
	m := sseStages.Next(t, 10*time.Second)
	var stage struct {
		StageChanged struct {
			Account   struct{ ID string }
			FromStage *struct{ Key string }
			ToStage   struct{ Key string }
			At        string
		}
	}
	if err := json.Unmarshal(m.Payload, &struct{ Data any }{&stage}); err != nil || m.Type != "next" {
		t.Fatalf("stage event %s %s: %v", m.Type, m.Payload, err)
	}
	if s := stage.StageChanged; s.Account.ID != "acme" || s.ToStage.Key != "mql" || s.FromStage == nil || s.FromStage.Key != "lead" || s.At != "2026-03-03T00:00:00Z" {
		t.Errorf("stage event = %s", m.Payload)
	}

	// Resume: from the cursor of the second event, over SSE, then live.
	resumed := livetest.OpenSSE(t, srv.Addr, readerKey, touchpointSubscription, map[string]any{"after": byID["all"][1].Cursor})
	var again []tpEvent
	for range 3 {
		again = append(again, touchpointOf(t, resumed.Next(t, 10*time.Second)))
	}
	gqlPost(t, srv.Addr, writerKey, recordTouchpointsMutation, map[string]any{"in": []any{tpInput("t6", "demo", 6, "acme", "")}})
	again = append(again, touchpointOf(t, resumed.Next(t, 10*time.Second)))
	if got := ids(again); fmt.Sprint(got) != "[crm:t3 crm:t4 crm:t5 crm:t6]" {
		t.Errorf("resumed after t2: %v, want [crm:t3 crm:t4 crm:t5 crm:t6]", got)
	}
	// The filtered one resumes over WebSocket from t1's cursor: t4, t6.
	ws2 := livetest.DialWS(t, srv.Addr, nil, map[string]any{"Authorization": "Bearer " + readerKey}).Acked(t)
	ws2.Subscribe(t, "r", touchpointSubscription, map[string]any{"after": byID["acme-demos"][0].Cursor,
		"f": map[string]any{"accountIds": []string{"acme"}, "types": []string{"demo"}}})
	var filtered []tpEvent
	for range 2 {
		filtered = append(filtered, touchpointOf(t, ws2.Next(t, 10*time.Second)))
	}
	if got := ids(filtered); fmt.Sprint(got) != "[crm:t4 crm:t6]" {
		t.Errorf("filtered, resumed after t1: %v, want [crm:t4 crm:t6]", got)
	}
}

// The WebSocket is authenticated by connection_init: no key or a wrong one
// closes it with 4403; SSE needs the Authorization header. Malformed and
// expired cursors are input errors.
func TestSubscriptionAuthAndLimits(t *testing.T) {
	srv := startRealServer(t, liveEnv(map[string]string{"JOURNEYGRAPH_MAX_SUBSCRIPTIONS_PER_CONNECTION": "2"}), liveFixture)
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(srv.Logs.String())
		}
	})
	for name, payload := range map[string]map[string]any{
		"no payload":     nil,
		"no key":         {},
		"wrong key":      {"Authorization": "Bearer " + readerKey + "x"},
		"not a bearer":   {"Authorization": readerKey},
		"the key's hash": {"Authorization": "Bearer " + auth.Hash(readerKey)},
	} {
		ws := livetest.DialWS(t, srv.Addr, nil, payload)
		if code, _ := ws.Closed(t, 10*time.Second); code != 4403 {
			t.Errorf("%s: closed with %d, want 4403", name, code)
		}
	}
	// A header does not replace connection_init's key.
	ws := livetest.DialWS(t, srv.Addr, http.Header{"Authorization": {"Bearer " + readerKey}}, nil)
	if code, _ := ws.Closed(t, 10*time.Second); code != 4403 {
		t.Errorf("key in the upgrade header only: closed with %d, want 4403", code)
	}
	if s := livetest.OpenSSE(t, srv.Addr, "", touchpointSubscription, nil); s.Status != http.StatusUnauthorized {
		t.Errorf("SSE without a key: %d %s", s.Status, s.Body)
	}

	ws = livetest.DialWS(t, srv.Addr, nil, map[string]any{"Authorization": "Bearer " + readerKey}).Acked(t)
	ws.Subscribe(t, "1", touchpointSubscription, nil)
	ws.Subscribe(t, "2", stageSubscription, nil)
	time.Sleep(300 * time.Millisecond) // gqlgen starts operations concurrently: let these two run first
	ws.Subscribe(t, "3", touchpointSubscription, nil)
	m := ws.Next(t, 10*time.Second)
	if r := livetest.Decode(t, m); m.ID != "3" || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "LIMIT_EXCEEDED" {
		t.Errorf("third subscription: %s %s %s, want LIMIT_EXCEEDED", m.ID, m.Type, m.Payload)
	}
	if m := ws.Next(t, 10*time.Second); m.ID != "3" || m.Type != "complete" {
		t.Errorf("after the refusal: %s %s", m.ID, m.Type)
	}
	// Ending one makes room.
	ws.Send(t, map[string]any{"type": "complete", "id": "1"})
	time.Sleep(200 * time.Millisecond)
	ws.Subscribe(t, "4", touchpointSubscription, nil)
	gqlPost(t, srv.Addr, writerKey, recordTouchpointsMutation, map[string]any{"in": []any{tpInput("a1", "demo", 1, "acme", "")}})
	m = ws.Next(t, 10*time.Second)
	if m.ID == "1" && m.Type == "complete" {
		m = ws.Next(t, 10*time.Second) // gqlgen confirms the end of 1
	}
	if m.ID != "4" || m.Type != "next" {
		t.Errorf("the fourth subscription got %s %s %s, want its event", m.ID, m.Type, m.Payload)
	}

	for cursor, code := range map[string]string{
		"nonsense":                            string(journey.CodeInvalidInput),
		journey.FeedPosition{Seq: 1}.Cursor(): "", // valid: the change exists
	} {
		s := livetest.OpenSSE(t, srv.Addr, readerKey, touchpointSubscription, map[string]any{"after": cursor})
		m := s.Next(t, 10*time.Second)
		r := livetest.Decode(t, m)
		if code == "" {
			if len(r.Errors) > 0 {
				t.Errorf("cursor %q: %s", cursor, m.Payload)
			}
			continue
		}
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != code {
			t.Errorf("cursor %q: %s, want %s", cursor, m.Payload, code)
		}
	}
	// Changes 2 and 3, then 2 pruned (as retention does): resuming at 2 has
	// missed it, resuming at 3 has not.
	for _, ext := range []string{"a2", "a3"} {
		gqlPost(t, srv.Addr, writerKey, recordTouchpointsMutation, map[string]any{"in": []any{tpInput(ext, "demo", 2, "acme", "")}})
	}
	srv.Query(`MATCH (c:Change) WHERE c.seq <= 2 DELETE c`, nil)
	time.Sleep(300 * time.Millisecond) // the server's poller has read change 3
	expired := livetest.OpenSSE(t, srv.Addr, readerKey, touchpointSubscription, map[string]any{"after": journey.FeedPosition{Seq: 2}.Cursor()})
	if m := expired.Next(t, 10*time.Second); len(livetest.Decode(t, m).Errors) != 1 || livetest.Decode(t, m).Errors[0].Extensions["code"] != "CURSOR_EXPIRED" {
		t.Errorf("resuming at a pruned change: %s, want CURSOR_EXPIRED", m.Payload)
	}
	fresh := livetest.OpenSSE(t, srv.Addr, readerKey, touchpointSubscription, map[string]any{"after": journey.FeedPosition{Seq: 3}.Cursor()})
	if e := touchpointOf(t, fresh.Next(t, 10*time.Second)); e.Touchpoint.ID != "crm:a3" {
		t.Errorf("resuming at change 3: %+v, want crm:a3", e)
	}
}
