package segment_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/segment"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// stallingStore is one replica's store that stalls a request between its
// lookup and its profile write, and lets the other replica work meanwhile.
type stallingStore struct {
	segment.Store
	meanwhile func()
}

func (s *stallingStore) SegmentApplyProfiles(ctx context.Context, p journey.SegmentProfiles) error {
	if f := s.meanwhile; f != nil {
		s.meanwhile = nil
		f()
	}
	return s.Store.SegmentApplyProfiles(ctx, p)
}

// The first attempt of a batch stalls on replica B after its lookup; the
// client times out, its retry of the batch and then its next batch are
// applied by replica A. When B's stalled attempt goes on, the batch is
// recorded as applied: it must change nothing (the contact keeps the later
// title and account), as docs/segment-source.md promises across replicas.
func TestStalledAttemptOnAnotherReplicaChangesNothing(t *testing.T) {
	db := storetest.New(t, nil)
	ctx := context.Background()
	mapper, err := segment.NewMapper("")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	parse := func(batch []map[string]any) []segment.Message {
		b, _ := json.Marshal(map[string]any{"batch": batch})
		msgs, err := segment.ParseBatch(b, at)
		if err != nil {
			t.Fatal(err)
		}
		return msgs
	}
	first := []map[string]any{
		{"type": "group", "messageId": "m-g1", "userId": "u-ada", "groupId": "acme", "traits": map[string]any{"name": "Acme"}},
		{"type": "identify", "messageId": "m-i1", "userId": "u-ada", "traits": map[string]any{"email": "ada@acme.com", "title": "CTO"}},
	}
	second := []map[string]any{
		{"type": "group", "messageId": "m-g2", "userId": "u-ada", "groupId": "globex", "traits": map[string]any{"name": "Globex"}},
		{"type": "identify", "messageId": "m-i2", "userId": "u-ada", "traits": map[string]any{"title": "CEO"}},
	}
	replicaA := &segment.Ingester{Store: db.Store, Mapper: mapper}
	replicaB := &segment.Ingester{Mapper: mapper, Store: &stallingStore{Store: db.Store, meanwhile: func() {
		if _, err := replicaA.Ingest(ctx, parse(first), at); err != nil { // the retry
			t.Errorf("retry on A: %v", err)
		}
		if _, err := replicaA.Ingest(ctx, parse(second), at.Add(time.Second)); err != nil {
			t.Errorf("next batch on A: %v", err)
		}
	}}}
	if _, err := replicaB.Ingest(ctx, parse(first), at); err != nil {
		t.Fatal(err)
	}
	rows := db.Query(`MATCH (c:Contact) RETURN c.id AS id, c.title AS title, c.accountId AS account`, nil)
	if len(rows) != 1 || rows[0]["title"] != "CEO" || rows[0]["account"] != "globex" {
		t.Errorf("contacts %v, want u-ada with title CEO at globex", rows)
	}
}
