package store_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/store/storetest"
)

// The gap analysis reads observed touchpoints only through the
// (type, source, occurredAt) index, so its cost grows with the number of
// (type, source) pairs, not with the number of touchpoints: every observation
// query seeks the index, never scans touchpoints, and the skip scan takes each
// type's next source in index order (no Sort or Top over a type's touchpoints).
func TestObservationQueriesSeekTheIndex(t *testing.T) {
	db := storetest.New(t, nil)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	pairs := []any{map[string]any{"type": "demo", "source": "crm"}}
	for name, p := range map[string]map[string]any{
		"obs_next_sources": {"rows": []any{map[string]any{"type": "demo", "after": ""}}},
		"obs_pairs_seen":   {"pairs": pairs, "from": at, "to": at.AddDate(1, 0, 0)},
		"obs_pairs_count":  {"pairs": pairs, "from": at, "to": at.AddDate(1, 0, 0)},
	} {
		base := planOf(t, db, name, p)
		ops := base
		if !slices.ContainsFunc(base, func(op string) bool { return strings.HasPrefix(op, "NodeIndexSeek") }) {
			t.Errorf("%s does not seek an index: %v", name, ops)
		}
		for _, bad := range []string{"NodeByLabelScan", "AllNodesScan", "NodeIndexScan", "Sort", "Top", "PartialSort"} {
			if slices.Contains(base, bad) {
				t.Errorf("%s plans %s: %v", name, bad, ops)
			}
		}
	}
}
