package segment

import (
	"errors"
	"testing"
	"time"
)

var received = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

// The spec's clock-skew correction, worked by hand.
func TestEventTime(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		want       time.Time
	}{
		{"sender 10 s ahead", `{"timestamp": "2026-03-02T10:00:10Z", "sentAt": "2026-03-02T12:00:10Z"}`, time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)},
		{"sender 1 h behind", `{"timestamp": "2026-03-02T09:00:00Z", "sentAt": "2026-03-02T11:00:00Z"}`, time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)},
		{"no sentAt: timestamp as is", `{"timestamp": "2026-03-02T09:00:00+02:00"}`, time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC)},
		{"originalTimestamp (RudderStack)", `{"originalTimestamp": "2026-03-02T11:59:00Z", "sentAt": "2026-03-02T12:00:30Z"}`, time.Date(2026, 3, 2, 11, 58, 30, 0, time.UTC)},
		{"no timestamp: received", `{"sentAt": "2026-03-02T12:00:30Z"}`, received},
	} {
		m, err := ParseCall("track", []byte(`{"type": "track", "messageId": "m", "userId": "u", "event": "E", `+tt.body[1:]), received)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !m.OccurredAt.Equal(tt.want) {
			t.Errorf("%s: occurredAt %s, want %s", tt.name, m.OccurredAt, tt.want)
		}
	}
}

func TestParseBatchReportsEveryBadCall(t *testing.T) {
	body := `{"sentAt": "2026-03-02T12:00:00Z", "batch": [
		{"type": "track", "messageId": "ok", "userId": "u", "event": "E"},
		{"type": "track", "userId": "u", "event": "E"},
		{"type": "track", "messageId": "m3", "event": "E"},
		{"type": "group", "messageId": "m4", "userId": "u"},
		{"type": "track", "messageId": "m5", "userId": "u", "event": "E", "timestamp": "2026-03-02T12:06:00Z"},
		{"type": "shout", "messageId": "m6", "userId": "u"}
	]}`
	_, err := ParseBatch([]byte(body), received)
	var bad *BadRequest
	if !errors.As(err, &bad) {
		t.Fatalf("err = %v, want a BadRequest", err)
	}
	want := []struct {
		index int
		field string
	}{{1, "messageId"}, {2, "userId"}, {3, "groupId"}, {4, "timestamp"}, {5, "type"}}
	if bad.Code != "INVALID_MESSAGE" || len(bad.Problems) != len(want) {
		t.Fatalf("code %s, problems %+v", bad.Code, bad.Problems)
	}
	for i, w := range want {
		if p := bad.Problems[i]; p.Index == nil || *p.Index != w.index || p.Field != w.field {
			t.Errorf("problem %d = %+v, want index %d field %s", i, p, w.index, w.field)
		}
	}
	// 5 minutes ahead is within the bound; a second more is not.
	for ts, ok := range map[string]bool{"2026-03-02T12:05:00Z": true, "2026-03-02T12:05:01Z": false} {
		_, err := ParseCall("track", []byte(`{"messageId": "m", "userId": "u", "event": "E", "timestamp": "`+ts+`"}`), received)
		if (err == nil) != ok {
			t.Errorf("timestamp %s: err %v, want accepted=%v", ts, err, ok)
		}
	}
}
