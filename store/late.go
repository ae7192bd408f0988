package store

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// Inserting touchpoints that arrived late: at or before their owner's last
// touchpoint. An owner's late touchpoints of one batch are merged with the
// stretch of its journey they fall into, read once: from the millisecond of
// the earliest to that of the latest, with the touchpoint just before and the
// one just after (three seeks of the owner's (ownerId, occurredAt) index).
// Every link of that stretch that no longer joins neighbours is replaced, and
// the stored JourneyPath's steps in those milliseconds are replaced by the
// stretch as read. So a late event, or a batch of them close together, costs
// the same whatever the length of the journey after it. When the stretch is
// long for the number of late touchpoints (a few spread over a long journey),
// each goes between its two neighbours instead, found by two seeks, and the
// path is spliced millisecond by millisecond.

// chainLevel names one kind of time chain (NEXT_FOR_ACCOUNT or
// NEXT_FOR_CONTACT) by the queries that insert late touchpoints into it.
type chainLevel struct {
	ranges, neighbours, unlink string
}

var (
	accountChains = chainLevel{"account_late_ranges", "account_late_neighbours", "unlink_account_chains"}
	contactChains = chainLevel{"contact_late_ranges", "contact_late_neighbours", "unlink_contact_chains"}
)

// An owner's stretch is read whole when it holds at most
// lateRangeFactor*k + lateRangeSlack touchpoints, k being the most late
// touchpoints any owner of the batch has: reading a touchpoint of the range
// costs about one index entry, each per-touchpoint insertion three seeks, so
// up to this length the range is the cheaper read. Variables for tests.
var lateRangeFactor, lateRangeSlack = 4, 16

// lateEdits is what inserting late touchpoints into one level changes: links
// to create (element ids, from -> to), links to delete, paths to write.
type lateEdits struct {
	froms, tos, stale []string
	paths             []map[string]any
}

// insertLate links late[owner] (each owner's new touchpoints in journey
// order, created in this transaction) into one level's chains and splices
// them into its JourneyPaths. It deletes the links they fall into itself and
// returns the links to create (element ids, from -> to) and the paths to
// write, which the caller writes with the in-order appends. The caller holds
// the owners' locks and read their tails (with the stored paths) under them.
func (r *txRunner) insertLate(lv chainLevel, pl pathLevel, late map[string][]newTouchpoint, tails map[string]ownerTail) (froms, tos []string, paths []map[string]any, err error) {
	if len(late) == 0 {
		return nil, nil, nil, nil
	}
	var rebuild map[string]time.Time // owners without a stored path
	for owner := range late {
		if tails[owner].storedTypes == nil {
			if rebuild == nil {
				rebuild = map[string]time.Time{}
			}
			rebuild[owner] = minTime
		}
	}
	var edits lateEdits
	spread, err := r.insertLateRanges(lv, pl, late, tails, &edits)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := r.insertLateEach(lv, pl, spread, tails, &edits); err != nil {
		return nil, nil, nil, err
	}
	if len(edits.stale) > 0 {
		if _, err := r.run(lv.unlink, map[string]any{"links": edits.stale}); err != nil {
			return nil, nil, nil, err
		}
	}
	// A journey with touchpoints but no path (written before paths were
	// maintained, not migrated yet) is built whole.
	return edits.froms, edits.tos, edits.paths, r.updateJourneyPaths(pl, rebuild)
}

// rangeNode is a touchpoint of an owner's stretch as late_ranges read it:
// its element id, type and millisecond, and its outgoing links (element ids
// of the link and of the touchpoint it leads to).
type rangeNode struct {
	node, typ string
	ms        int64
	links     [][2]string
}

func rangeNodesOf(v any) []rangeNode {
	list, _ := v.([]any)
	out := make([]rangeNode, len(list))
	for i, e := range list {
		m := e.(map[string]any)
		out[i] = rangeNode{node: str(m["node"])}
		if typ, ok := m["type"].(string); ok {
			out[i].typ, out[i].ms = typ, m["ms"].(int64)
		}
		links, _ := m["links"].([]any)
		for _, l := range links {
			pair := l.([]any)
			out[i].links = append(out[i].links, [2]string{str(pair[0]), str(pair[1])})
		}
	}
	return out
}

// insertLateRanges merges each owner's late touchpoints with the stretch of
// its journey they fall into (see the top of this file) and returns the
// owners whose stretch was too long to read whole, untouched.
func (r *txRunner) insertLateRanges(lv chainLevel, pl pathLevel, late map[string][]newTouchpoint, tails map[string]ownerTail, edits *lateEdits) (map[string][]newTouchpoint, error) {
	owners := sortedKeys(late)
	froms, tos := make([]time.Time, len(owners)), make([]time.Time, len(owners))
	most := 0
	for o, owner := range owners {
		news := late[owner]
		most = max(most, len(news))
		froms[o] = time.UnixMilli(news[0].touchpoint.OccurredAt.UnixMilli()).UTC()
		tos[o] = time.UnixMilli(news[len(news)-1].touchpoint.OccurredAt.UnixMilli() + 1).UTC()
	}
	rows := lateRangeFactor*most + lateRangeSlack
	recs, err := r.run(lv.ranges, map[string]any{"owners": owners, "froms": froms, "tos": tos, "limit": rows + 1})
	if err != nil {
		return nil, err
	}
	spread := map[string][]newTouchpoint{}
	for _, rec := range recs {
		m := rec.AsMap()
		o := integer(m["o"])
		owner := owners[o]
		inside := rangeNodesOf(m["inside"])
		if len(inside) > rows {
			spread[owner] = late[owner]
			continue
		}
		if err := checkRangeHoldsNews(owner, inside, late[owner]); err != nil {
			return nil, err
		}
		stretch := append(append(rangeNodesOf(m["before"]), inside...), rangeNodesOf(m["after"])...)
		for i := 0; i+1 < len(stretch); i++ {
			from, to := stretch[i], stretch[i+1].node
			linked := false
			for _, l := range from.links {
				if l[1] == to {
					linked = true
				} else {
					edits.stale = append(edits.stale, l[0])
				}
			}
			if !linked {
				edits.froms, edits.tos = append(edits.froms, from.node), append(edits.tos, to)
			}
		}
		tail := tails[owner]
		if tail.storedTypes == nil {
			continue // rebuilt whole by insertLate
		}
		keys, ms, err := pl.storedSteps(owner, tail.storedTypes, tail.storedTimes, math.MaxInt64)
		if err != nil {
			return nil, err
		}
		insideKeys, insideMs := make([]string, len(inside)), make([]int64, len(inside))
		for i, n := range inside {
			insideKeys[i], insideMs[i] = n.typ, n.ms
		}
		keys, ms = spliceRange(keys, ms, froms[o].UnixMilli(), insideKeys, insideMs)
		edits.paths = append(edits.paths, pl.pathParams(owner, keys, ms))
	}
	return spread, nil
}

// checkRangeHoldsNews guards the merge: a stretch read without one of the
// owner's new touchpoints would leave it unlinked.
func checkRangeHoldsNews(owner string, inside []rangeNode, news []newTouchpoint) error {
	read := make(map[string]bool, len(inside))
	for _, n := range inside {
		read[n.node] = true
	}
	for _, n := range news {
		if !read[n.node] {
			return fmt.Errorf("late touchpoints of %s: %s not in the range read", owner, n.touchpoint.ID)
		}
	}
	return nil
}

// spliceRange returns the steps (keys and epoch milliseconds, in journey
// order) with every step from millisecond fromMs to the last of rangeMs
// replaced by the range's steps (rangeKeys, rangeMs: the touchpoints of
// those milliseconds in journey order, rangeMs[0] == fromMs).
func spliceRange(keys []string, ms []int64, fromMs int64, rangeKeys []string, rangeMs []int64) ([]string, []int64) {
	toMs := fromMs
	if len(rangeMs) > 0 {
		toMs = rangeMs[len(rangeMs)-1]
	}
	lo, _ := slices.BinarySearch(ms, fromMs)
	hi, _ := slices.BinarySearch(ms, toMs+1)
	outKeys := slices.Concat(keys[:lo], rangeKeys, keys[hi:])
	outMs := slices.Concat(ms[:lo], rangeMs, ms[hi:])
	return outKeys, outMs
}

// insertLateEach inserts each of late[owner] between its two neighbours (see
// the top of this file): for owners whose stretch is too long to read whole.
func (r *txRunner) insertLateEach(lv chainLevel, pl pathLevel, late map[string][]newTouchpoint, tails map[string]ownerTail, edits *lateEdits) error {
	if len(late) == 0 {
		return nil
	}
	owners := sortedKeys(late)
	var ownerOf, ids, elementIDs []string
	var ats []time.Time
	var windowOwners []string
	var windowMs []int64
	var windowFroms, windowTos []time.Time
	isNew := map[string]bool{}
	for _, owner := range owners {
		hasPath := tails[owner].storedTypes != nil
		last := int64(math.MinInt64)
		for _, n := range late[owner] {
			ownerOf, ids, ats = append(ownerOf, owner), append(ids, n.touchpoint.ID), append(ats, n.touchpoint.OccurredAt)
			elementIDs = append(elementIDs, n.node)
			isNew[n.touchpoint.ID] = true
			if ms := n.touchpoint.OccurredAt.UnixMilli(); hasPath && ms != last {
				windowOwners, windowMs, last = append(windowOwners, owner), append(windowMs, ms), ms
				// A millisecond either side: the seek's bounds, whatever
				// rounding; the query keeps exactly this millisecond.
				windowFroms = append(windowFroms, time.UnixMilli(ms-1).UTC())
				windowTos = append(windowTos, time.UnixMilli(ms+2).UTC())
			}
		}
	}
	recs, err := r.run(lv.neighbours, map[string]any{"owners": ownerOf, "ids": ids, "ats": ats,
		"windowOwners": windowOwners, "windowMs": windowMs, "windowFroms": windowFroms, "windowTos": windowTos})
	if err != nil {
		return err
	}
	m := recs[0].AsMap()
	for _, v := range m["neighbours"].([]any) {
		nb := v.(map[string]any)
		i := integer(nb["i"])
		if before := str(nb["before"]); before != "" {
			edits.froms, edits.tos = append(edits.froms, before), append(edits.tos, elementIDs[i])
			if !isNew[str(nb["beforeId"])] {
				// The link it falls into: before's old successor now follows
				// this new touchpoint (or a later new one).
				links, _ := nb["beforeLinks"].([]any)
				for _, l := range links {
					edits.stale = append(edits.stale, str(l))
				}
			}
		}
		// A new touchpoint after it links to it itself (as its "before").
		if after := str(nb["after"]); after != "" && !isNew[str(nb["afterId"])] {
			edits.froms, edits.tos = append(edits.froms, elementIDs[i]), append(edits.tos, after)
		}
	}
	windowTypes := make([][]string, len(windowMs))
	for _, v := range m["windows"].([]any) {
		w := v.(map[string]any)
		types, _ := w["types"].([]any)
		keys := make([]string, len(types))
		for k, t := range types {
			keys[k] = str(t)
		}
		windowTypes[integer(w["w"])] = keys
	}
	for w := 0; w < len(windowOwners); {
		owner, end := windowOwners[w], w
		for end < len(windowOwners) && windowOwners[end] == owner {
			end++
		}
		tail := tails[owner]
		keys, ms, err := pl.storedSteps(owner, tail.storedTypes, tail.storedTimes, math.MaxInt64)
		if err != nil {
			return err
		}
		keys, ms = spliceSteps(keys, ms, windowMs[w:end], windowTypes[w:end])
		edits.paths = append(edits.paths, pl.pathParams(owner, keys, ms))
		w = end
	}
	return nil
}

// spliceSteps returns the steps (keys and epoch milliseconds, in journey
// order) with the steps at each millisecond of windows (ascending) replaced by
// that window's keys, the touchpoints of that millisecond in journey order.
func spliceSteps(keys []string, ms []int64, windows []int64, windowKeys [][]string) ([]string, []int64) {
	n := len(keys)
	for _, wk := range windowKeys {
		n += len(wk)
	}
	outKeys, outMs := make([]string, 0, n), make([]int64, 0, n)
	j := 0
	for w, at := range windows {
		for ; j < len(keys) && ms[j] < at; j++ {
			outKeys, outMs = append(outKeys, keys[j]), append(outMs, ms[j])
		}
		for ; j < len(keys) && ms[j] == at; j++ {
		}
		for _, k := range windowKeys[w] {
			outKeys, outMs = append(outKeys, k), append(outMs, at)
		}
	}
	return append(outKeys, keys[j:]...), append(outMs, ms[j:]...)
}
