package store

import (
	"math"
	"time"
)

// Inserting touchpoints that arrived late: at or before their owner's last
// touchpoint. Each new touchpoint goes between its two neighbours in
// (occurredAt, id) order, found by two seeks of the owner's (ownerId,
// occurredAt) index: the link between them (if any) is replaced by two. The
// stored JourneyPath is spliced the same way: its steps in the new
// touchpoints' milliseconds are replaced by those milliseconds' touchpoints
// as read. So a late event costs the same whatever the length of the journey
// after it.

// chainLevel names one kind of time chain (NEXT_FOR_ACCOUNT or
// NEXT_FOR_CONTACT) by the queries that insert late touchpoints into it.
type chainLevel struct {
	neighbours, unlink string
}

var (
	accountChains = chainLevel{"account_late_neighbours", "unlink_account_chains"}
	contactChains = chainLevel{"contact_late_neighbours", "unlink_contact_chains"}
)

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
	owners := sortedKeys(late)
	var ownerOf, ids, elementIDs []string
	var ats []time.Time
	var windowOwners []string
	var windowMs []int64
	var windowFroms, windowTos []time.Time
	isNew := map[string]bool{}
	var rebuild map[string]time.Time // owners without a stored path
	for _, owner := range owners {
		hasPath := tails[owner].storedTypes != nil
		if !hasPath {
			if rebuild == nil {
				rebuild = map[string]time.Time{}
			}
			rebuild[owner] = minTime
		}
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
		return nil, nil, nil, err
	}
	m := recs[0].AsMap()
	var stale []string
	for _, v := range m["neighbours"].([]any) {
		nb := v.(map[string]any)
		i := integer(nb["i"])
		if before := str(nb["before"]); before != "" {
			froms, tos = append(froms, before), append(tos, elementIDs[i])
			if !isNew[str(nb["beforeId"])] {
				// The link it falls into: before's old successor now follows
				// this new touchpoint (or a later new one).
				links, _ := nb["beforeLinks"].([]any)
				for _, l := range links {
					stale = append(stale, str(l))
				}
			}
		}
		// A new touchpoint after it links to it itself (as its "before").
		if after := str(nb["after"]); after != "" && !isNew[str(nb["afterId"])] {
			froms, tos = append(froms, elementIDs[i]), append(tos, after)
		}
	}
	if len(stale) > 0 {
		if _, err := r.run(lv.unlink, map[string]any{"links": stale}); err != nil {
			return nil, nil, nil, err
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
			return nil, nil, nil, err
		}
		keys, ms = spliceSteps(keys, ms, windowMs[w:end], windowTypes[w:end])
		paths = append(paths, pl.pathParams(owner, keys, ms))
		w = end
	}
	// A journey with touchpoints but no path (written before paths were
	// maintained, not migrated yet) is built whole.
	return froms, tos, paths, r.updateJourneyPaths(pl, rebuild)
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
