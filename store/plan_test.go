package store_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/store"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// The touchpoint ingest path (millions of rows) must not plan an Eager
// operator: Eager materialises every row of a batch before writing, costing
// memory in proportion to the batch and defeating streaming. EagerAggregation
// (collect, sum) is aggregation, not a barrier. Account and contact upserts are
// exempt: they compare each stored property with the new value to keep
// updatedAt honest, which reads what the statement writes, and they handle
// thousands of rows, not millions. The JourneyPath updates read the stored
// path and the new touchpoints in one query and write the re-encoded paths in
// another, so neither reads what it writes and both are checked here.
func TestIngestQueriesHaveNoEager(t *testing.T) {
	db := storetest.New(t, nil)
	at := planTime
	params := map[string]map[string]any{
		"resolve_touchpoints": {"typeKeys": []any{"demo"}, "accountIds": []any{"a"}, "contactIds": []any{"c"}, "contactEmails": []any{"c@x"}, "ids": []any{"s:1"}},
		"create_touchpoints": {"ids": []any{"s:1"}, "sources": []any{"s"}, "externalIds": []any{"1"}, "types": []any{"demo"},
			"categories": []any{"sales"}, "occurredAts": []any{at}, "accountIds": []any{"a"}, "contactIds": []any{"c"}, "values": []any{nil},
			"sentiments": []any{nil}, "attributes": []any{nil}, "batchId": "b"},
		"lock_touchpoint_owners": {"accountIds": []any{"a"}, "contactIds": []any{"c"}},
		"touchpoint_owner_tails": {"ids": []any{"s:1"}, "accountIds": []any{"a"}, "contactIds": []any{"c"}},
		"append_touchpoint_chains": {"nodes": []any{"4:x:1", "4:x:2"}, "accountFroms": []any{0}, "accountTos": []any{1}, "contactFroms": []any{0},
			"contactTos": []any{1}},
		"account_late_neighbours": {"owners": []any{"a"}, "ids": []any{"s:1"}, "ats": []any{at},
			"windowOwners": []any{"a"}, "windowMs": []any{at.UnixMilli()}, "windowFroms": []any{at}, "windowTos": []any{at}},
		"contact_late_neighbours": {"owners": []any{"c"}, "ids": []any{"s:1"}, "ats": []any{at},
			"windowOwners": []any{"c"}, "windowMs": []any{at.UnixMilli()}, "windowFroms": []any{at}, "windowTos": []any{at}},
		"account_late_ranges":     {"owners": []any{"a"}, "froms": []any{at}, "tos": []any{at}, "limit": 20},
		"contact_late_ranges":     {"owners": []any{"c"}, "froms": []any{at}, "tos": []any{at}, "limit": 20},
		"unlink_account_chains":   {"links": []any{"x"}},
		"unlink_contact_chains":   {"links": []any{"x"}},
		"merge_stage_transitions": {"ids": []any{"x"}, "accountIds": []any{"a"}, "stages": []any{"lead"}, "ats": []any{at}, "sources": []any{nil}, "triggeredBy": []any{nil}, "batchId": "b"},
		"link_stage_transitions":  {"ids": []any{"x"}, "batchId": "b"},
		"lock_accounts":           {"ids": []any{"a"}},
		"account_path_suffixes":   {"chains": []any{map[string]any{"id": "a", "from": at}}},
		"contact_path_suffixes":   {"chains": []any{map[string]any{"id": "c", "from": at}}},
		"write_journey_paths": {"paths": []any{map[string]any{"id": "ACCOUNT:a", "level": "ACCOUNT", "ownerId": "a",
			"typeSequence": "demo", "timeDeltas": []byte{2}, "steps": 1}}},
		"lock_contacts": {"ids": []any{"c"}},
	}
	for name, p := range params {
		ops := planOf(t, db, name, p)
		if slices.Contains(ops, "Eager") {
			t.Errorf("%s plans an Eager operator: %v", name, ops)
		}
	}
}

// The Segment source's queries seek their unique keys and indexes: none
// scans a label, and only the deletes and the skip plan an Eager barrier.
// Deleting what a query matched is planned with Eager, and so is setting a
// skip only where its record has none yet (read, then written), and so is
// claiming records then reading the other records of their messageIds; each
// touches at most one request's calls or one expiry run's (at most 10,000). Counting every pending
// call is the count store (NodeCountFromCountStore), not a scan.
func TestSegmentQueriesSeekTheirKeys(t *testing.T) {
	db := storetest.New(t, nil)
	list := []any{"x"}
	for name, p := range map[string]map[string]any{
		"segment_lookup": {"userIds": list, "emails": []any{"a@b.co"}, "accountIds": list, "anonymousIds": list,
			"messageIds": list, "touchpointIds": []any{"segment:x"}, "pendingKeys": []any{"anon:x"}},
		"segment_set_aliases":     {"anonymousIds": list, "userIds": list},
		"segment_set_group_links": {"userIds": list, "groupIds": list},
		"segment_add_pending":     {"messageIds": list, "fingerprints": list, "keys": list, "kinds": list, "names": list, "receivedAts": []any{planTime}, "messages": list},
		"segment_mark_messages":   {"ids": list, "messageIds": list, "fingerprints": list, "ats": []any{planTime}},
		"segment_claim_messages":  {"ids": list, "messageIds": list, "fingerprints": list, "ats": []any{planTime}},
		"segment_add_skipped": {"ids": list, "messageIds": list, "fingerprints": list, "reasons": list, "kinds": list, "names": list,
			"ats": []any{planTime}, "countKeys": list, "countNames": list},
		"segment_drop_settled_pending":     {"messageIds": list, "touchpointIds": list},
		"segment_drop_pending":             {"messageIds": list},
		"segment_prune_messages":           {"cutoff": planTime, "limit": 10},
		"segment_skipped_counts":           {"limit": 10},
		"segment_skipped_counts_by_reason": {"reason": "UNMAPPED", "limit": 10},
		"segment_expire_pending":           {"cutoff": planTime, "now": planTime, "limit": 10},
	} {
		ops := planOf(t, db, name, p)
		for _, bad := range []string{"NodeByLabelScan", "AllNodesScan", "Eager", "Sort", "Top"} {
			bounded := slices.Contains([]string{"segment_drop_settled_pending", "segment_expire_pending", "segment_drop_pending", "segment_add_skipped", "segment_prune_messages", "segment_claim_messages"}, name)
			if slices.Contains(ops, bad) && !(bad == "Eager" && bounded) {
				t.Errorf("%s plans %s: %v", name, bad, ops)
			}
		}
	}
}

// planTime is a timestamp parameter of the checked plans.
var planTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// planOf returns the operators of a named query's plan, without the runtime suffix.
func planOf(t *testing.T, db *storetest.DB, name string, params map[string]any) []string {
	t.Helper()
	q, ok := store.QueryText(name)
	if !ok {
		t.Fatalf("no query %s", name)
	}
	ops := db.PlanOperators(q, params)
	t.Logf("%s: %s", name, strings.Join(ops, " "))
	for i, op := range ops {
		ops[i] = strings.TrimSuffix(op, "@neo4j")
	}
	return ops
}

// Account.pathTo reads a page of accounts' paths in one query: the accounts
// by their unique id, the touchpoints up to the stage entry through the
// (accountId, occurredAt) index; nothing scans a label.
func TestPathsToStageSeeksTheIndexes(t *testing.T) {
	db := storetest.New(t, nil)
	ops := planOf(t, db, "paths_to_stage", map[string]any{"accountIds": []any{"a", "b"}, "stage": "customer"})
	seeks := 0
	for _, op := range ops {
		if strings.HasPrefix(op, "NodeIndexSeek") || strings.HasPrefix(op, "NodeUniqueIndexSeek") {
			seeks++
		}
	}
	if seeks < 2 {
		t.Errorf("paths_to_stage seeks %d indexes, want the account id and the touchpoints' (accountId, occurredAt): %v", seeks, ops)
	}
	for _, bad := range []string{"NodeByLabelScan", "AllNodesScan", "NodeIndexScan", "Eager"} {
		if slices.Contains(ops, bad) {
			t.Errorf("paths_to_stage plans %s: %v", bad, ops)
		}
	}
}

// The gap analysis reads observed touchpoints only through the
// (type, source, occurredAt) index, so its cost grows with the number of
// (type, source) pairs, not with the number of touchpoints: every observation
// query seeks the index, never scans touchpoints, and the skip scan takes each
// type's next source in index order (no Sort or Top over a type's touchpoints).
func TestObservationQueriesSeekTheIndex(t *testing.T) {
	db := storetest.New(t, nil)
	at := planTime
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

// An owner's last touchpoint (touchpoint_owner_tails, on every batch) and a
// late touchpoint's neighbours are found by seeks of the (ownerId,
// occurredAt) index read in index order, so each stops after the first
// instant it meets (PartialTop: for the tails of accounts and contacts, for a
// late touchpoint the ones before and after it); a Top or Sort would read the
// journey to its end, which made every batch cost its journey's length and a
// late event its suffix. The millisecond windows of the JourneyPath splice
// are seeks too. A batch's range of late touchpoints (late_ranges) is three
// such reads: the touchpoint before it, the range itself (stopping at its
// limit) and the one after it.
func TestJourneyNeighboursStopAtTheFirstInstant(t *testing.T) {
	db := storetest.New(t, nil)
	at := planTime
	late := func(owner string) map[string]any {
		return map[string]any{"owners": []any{owner}, "ids": []any{"s:1"}, "ats": []any{at},
			"windowOwners": []any{owner}, "windowMs": []any{at.UnixMilli()}, "windowFroms": []any{at}, "windowTos": []any{at}}
	}
	lateRange := func(owner string) map[string]any {
		return map[string]any{"owners": []any{owner}, "froms": []any{at}, "tos": []any{at.Add(time.Millisecond)}, "limit": 20}
	}
	for _, c := range []struct {
		name        string
		params      map[string]any
		partialTops int
	}{
		{"touchpoint_owner_tails", map[string]any{"ids": []any{"s:1"}, "accountIds": []any{"a"}, "contactIds": []any{"c"}}, 2},
		{"account_late_neighbours", late("a"), 2},
		{"contact_late_neighbours", late("c"), 2},
		{"account_late_ranges", lateRange("a"), 3},
		{"contact_late_ranges", lateRange("c"), 3},
	} {
		ops := planOf(t, db, c.name, c.params)
		partialTops := 0
		for _, op := range ops {
			partialTops += boolInt(op == "PartialTop")
		}
		if partialTops != c.partialTops {
			t.Errorf("%s: %d PartialTop, want %d: %v", c.name, partialTops, c.partialTops, ops)
		}
		for _, bad := range []string{"NodeByLabelScan", "AllNodesScan", "NodeIndexScan", "Sort", "Top", "Union", "Eager"} {
			if slices.Contains(ops, bad) {
				t.Errorf("%s plans %s: %v", c.name, bad, ops)
			}
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// The everyday account reads (account_trees_by_id, account_trees_page) read the parts
// of each account the request selects in the same query: the account by its
// unique id (or the page), the buying committee through contact_account, the
// journey through the (accountId, occurredAt) index read in the page's order,
// the catalog's version token by its unique id. Nothing scans an index or all
// nodes, nothing plans an Eager barrier, and the journey is not sorted: it is
// read in index order, so only ties at the same instant are ordered by id
// (PartialTop). (The page itself filters by a name substring over the Account
// label, as before; lookups by id scan no label.)
func TestAccountReadsSeekTheIndexes(t *testing.T) {
	db := storetest.New(t, nil)
	selection := map[string]any{
		"contactLimit": 51, "contactAfter": nil, "contactFields": []any{"id", "accountId", "email"},
		"stageLimit":      1,
		"journeyAscLimit": 0, "journeyDescLimit": 11, "journeyAfterId": nil, "journeyAfterAt": nil,
		"journeyFrom": planTime, "journeyTo": planTime.AddDate(1, 0, 0), "journeyCategories": nil, "journeyTypes": nil,
		"touchpointFields": []any{"id", "occurredAt", "type", "accountId"}, "withTypes": true,
	}
	page := map[string]any{"segments": nil, "industries": nil, "regions": nil, "tiers": nil, "stages": nil,
		"nameContains": "acme", "field": "NAME", "desc": false, "limit": 51, "afterId": nil, "afterKey": nil}
	byID := map[string]any{"ids": []any{"a", "b"}}
	for name, extra := range map[string]map[string]any{"account_trees_by_id": byID, "account_trees_page": page} {
		params := map[string]any{}
		for k, v := range selection {
			params[k] = v
		}
		for k, v := range extra {
			params[k] = v
		}
		plan := db.PlanDetails(mustQuery(t, name), params)
		details := strings.Join(plan, "\n")
		var ops []string
		for _, line := range plan {
			op, _, _ := strings.Cut(line, ":")
			ops = append(ops, strings.TrimSuffix(op, "@neo4j"))
		}
		for _, want := range []string{"Contact(accountId)", "Touchpoint(accountId, occurredAt)", "CatalogVersion(id)"} {
			if !strings.Contains(details, want) {
				t.Errorf("%s does not seek %s:\n%s", name, want, details)
			}
		}
		for _, bad := range []string{"AllNodesScan", "NodeIndexScan", "Eager"} {
			if slices.Contains(ops, bad) {
				t.Errorf("%s plans %s: %v", name, bad, ops)
			}
		}
		// Each journey direction reads the index in order and only orders
		// ties (PartialTop), never sorting a whole journey (Top, Sort).
		partial := 0
		for _, op := range ops {
			if op == "PartialTop" {
				partial++
			}
		}
		if partial != 2 || slices.Contains(ops, "Sort") {
			t.Errorf("%s plans %d PartialTop, want one per journey direction and no Sort: %v", name, partial, ops)
		}
		if name == "account_trees_by_id" && slices.Contains(ops, "NodeByLabelScan") {
			t.Errorf("%s scans a label: %v", name, ops)
		}
	}
}

func mustQuery(t *testing.T, name string) string {
	t.Helper()
	q, ok := store.QueryText(name)
	if !ok {
		t.Fatalf("no query %s", name)
	}
	return q
}

// An export reads the accounts a page at a time: the page's accounts by a
// range seek on the account key (in id order, so no sort of every account)
// and their contacts through the (accountId) index; no label is scanned.
func TestExportQueriesSeekTheIndexes(t *testing.T) {
	db := storetest.New(t, nil)
	scope := map[string]any{"segments": nil, "industries": nil, "regions": nil}
	cases := map[string]map[string]any{
		"export_accounts_page":        {"afterId": "acc-000050", "limit": 50, "segments": []any{"SMB"}, "industries": scope["industries"], "regions": scope["regions"]},
		"export_contacts_of_accounts": {"accountIds": []any{"a", "b"}},
	}
	for name, params := range cases {
		ops := planOf(t, db, name, params)
		seeks := 0
		for _, op := range ops {
			if strings.Contains(op, "LabelScan") || strings.Contains(op, "AllNodesScan") {
				t.Errorf("%s scans: %v", name, ops)
			}
			if strings.Contains(op, "IndexSeek") {
				seeks++
			}
		}
		if seeks == 0 {
			t.Errorf("%s seeks no index: %v", name, ops)
		}
	}
}

// The change feed's recurring queries (read every poll interval by every
// replica; pruned every minute: the oldest changes, then a prefix of them) must seek the Change(seq) index in order,
// never scan the label or the index, sort the feed or plan an Eager barrier.
func TestChangeFeedQueriesSeekTheIndex(t *testing.T) {
	db := storetest.New(t, nil)
	for name, params := range map[string]map[string]any{
		"read_changes":   {"after": 10, "head": 20, "limit": 200},
		"oldest_changes": {"head": 20000, "before": time.Now().UTC(), "limit": 1000},
		"prune_changes":  {"from": 1, "upto": 1000},
	} {
		plan := db.PlanDetails(mustQuery(t, name), params)
		var ops []string
		for _, line := range plan {
			op, _, _ := strings.Cut(line, ":")
			ops = append(ops, strings.TrimSuffix(op, "@neo4j"))
		}
		t.Logf("%s plan:\n%s", name, strings.Join(plan, "\n"))
		for _, bad := range []string{"AllNodesScan", "NodeByLabelScan", "NodeIndexScan", "Sort", "Top", "Eager"} {
			if slices.Contains(ops, bad) {
				t.Errorf("%s plans %s: %v", name, bad, ops)
			}
		}
	}
}
