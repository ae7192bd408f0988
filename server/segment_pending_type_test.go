package server_test

import "testing"

// A call sent to /v1/track (or /v1/page) need not carry "type": the endpoint
// gives it. When such a call is kept pending, its raw JSON is stored without
// the type, and when an identify later ties it to a contact it is mapped
// again as a page call: "Demo Requested" becomes a website visit at "/".
// By hand: acme exists, the anonymous demo request is pending, the identify
// links anon-1 to u-ada at acme, so the pending call becomes u-ada's demo.
func TestSegmentPendingTrackCallWithoutTypeKeepsItsType(t *testing.T) {
	api, srv := segmentAPI(t, nil)
	mustPostSegment(t, srv, "/v1/group", map[string]any{"messageId": "m-g", "userId": "u-x", "groupId": "acme", "traits": map[string]any{"name": "Acme"}})
	mustPostSegment(t, srv, "/v1/track", map[string]any{"messageId": "m-demo", "anonymousId": "anon-1", "event": "Demo Requested", "timestamp": at("10:00:00")})
	expectRows(t, api, "pending", `MATCH (p:SegmentPending) RETURN p.messageId AS id`, []string{`{"id":"m-demo"}`})
	mustPostSegment(t, srv, "/v1/identify", map[string]any{"messageId": "m-id", "userId": "u-ada", "anonymousId": "anon-1",
		"traits": map[string]any{"email": "ada@acme.com"}, "context": map[string]any{"groupId": "acme"}})
	expectRows(t, api, "touchpoints", `MATCH (t:Touchpoint) RETURN t.id AS id, t.type AS type, t.contactId AS contact`, []string{
		`{"contact":"u-ada","id":"segment:m-demo","type":"demo"}`,
	})
}
