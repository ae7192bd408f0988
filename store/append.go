package store

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"
)

// Appending touchpoints to journeys. Most new touchpoints come after every
// touchpoint their account and contact already have (a live stream, a
// history loaded in time order). For such an owner the new links and the new
// JourneyPath follow from its last touchpoint and stored path alone, read in
// one statement for all owners (touchpoint_owner_tails) and written in one
// (append_touchpoint_chains): nothing of the journey before is read. An owner
// that receives a touchpoint at or before its last one (a late event) has
// its new touchpoints inserted between their neighbours (insertLate, late.go),
// which reads those neighbours and nothing else of the journey; its links and
// path are written in the same statement.

// ownerTail is an owner's last touchpoint (none when it has none) and its
// stored JourneyPath.
type ownerTail struct {
	node, id    string // element id and id of the last touchpoint; "" for none
	at          time.Time
	storedTypes any // JourneyPath.typeSequence, nil when it has no path
	storedTimes any
}

// ownerTails holds the tails of the accounts and contacts of a batch.
type ownerTails struct {
	accounts, contacts map[string]ownerTail
}

// ownerTails reads, under the owners' locks, which of ids are recorded by now
// (by id, as stored) and the tail of each account and contact.
func (r *txRunner) ownerTails(ids, accounts, contacts []string) (ownerTails, map[string]map[string]any, error) {
	recs, err := r.run("touchpoint_owner_tails", map[string]any{"ids": ids, "accountIds": accounts, "contactIds": contacts})
	if err != nil {
		return ownerTails{}, nil, err
	}
	m := recs[0].AsMap()
	existing := map[string]map[string]any{}
	for _, e := range m["existing"].([]any) {
		t := e.(map[string]any)
		existing[str(t["id"])] = t
	}
	tails := ownerTails{accounts: tailsOf(m["accountTails"]), contacts: tailsOf(m["contactTails"])}
	return tails, existing, nil
}

func tailsOf(v any) map[string]ownerTail {
	list, _ := v.([]any)
	out := make(map[string]ownerTail, len(list))
	for _, e := range list {
		m := e.(map[string]any)
		out[str(m["owner"])] = ownerTail{node: str(m["node"]), id: str(m["id"]), at: timeOf(m["at"]),
			storedTypes: m["types"], storedTimes: m["times"]}
	}
	return out
}

// touchpointOrder orders touchpoints as journeys do: by occurredAt, then id.
func touchpointOrder(a, b newTouchpoint) int {
	if c := a.touchpoint.OccurredAt.Compare(b.touchpoint.OccurredAt); c != 0 {
		return c
	}
	return cmp.Compare(a.touchpoint.ID, b.touchpoint.ID)
}

// appendToJourneys links created into their accounts' and contacts' time
// chains and brings their JourneyPaths up to date. The caller holds the
// owners' locks and read tails under them.
func (r *txRunner) appendToJourneys(created []newTouchpoint, tails ownerTails) error {
	sorted := slices.Clone(created)
	slices.SortFunc(sorted, touchpointOrder)
	byAccount, byContact := map[string][]newTouchpoint{}, map[string][]newTouchpoint{}
	for _, c := range sorted {
		byAccount[c.touchpoint.AccountID] = append(byAccount[c.touchpoint.AccountID], c)
		if c.touchpoint.ContactID != nil {
			byContact[*c.touchpoint.ContactID] = append(byContact[*c.touchpoint.ContactID], c)
		}
	}
	params := map[string]any{}
	var nodes []string
	position := map[string]int{} // in nodes, by element id
	at := func(node string) int {
		k, ok := position[node]
		if !ok {
			k = len(nodes)
			position[node], nodes = k, append(nodes, node)
		}
		return k
	}
	var paths []map[string]any
	for _, lv := range []struct {
		chain  chainLevel
		path   pathLevel
		owners map[string][]newTouchpoint
		tails  map[string]ownerTail
		links  string // prefix of the link parameters
	}{
		{accountChains, accountPaths, byAccount, tails.accounts, "account"},
		{contactChains, contactPaths, byContact, tails.contacts, "contact"},
	} {
		froms, tos := []int{}, []int{}
		late := map[string][]newTouchpoint{}
		for _, owner := range sortedKeys(lv.owners) {
			news, tail := lv.owners[owner], lv.tails[owner]
			first := news[0].touchpoint
			// An owner with touchpoints but no stored path goes the late way
			// too, which builds its path whole: appending to nothing would
			// leave a path of the new touchpoints only.
			noPath := tail.id != "" && tail.storedTypes == nil
			if noPath || tail.id != "" && (first.OccurredAt.Before(tail.at) || first.OccurredAt.Equal(tail.at) && first.ID <= tail.id) {
				late[owner] = news
				continue
			}
			prev := tail.node
			for _, n := range news {
				if prev != "" {
					froms, tos = append(froms, at(prev)), append(tos, at(n.node))
				}
				prev = n.node
			}
			path, err := appendedPath(lv.path, owner, tail, news)
			if err != nil {
				return err
			}
			paths = append(paths, path)
		}
		lateFroms, lateTos, latePaths, err := r.insertLate(lv.chain, lv.path, late, lv.tails)
		if err != nil {
			return err
		}
		for i := range lateFroms {
			froms, tos = append(froms, at(lateFroms[i])), append(tos, at(lateTos[i]))
		}
		params[lv.links+"Froms"], params[lv.links+"Tos"] = froms, tos
		paths = append(paths, latePaths...)
	}
	if len(nodes) > 0 {
		params["nodes"] = nodes
		recs, err := r.run("append_touchpoint_chains", params)
		if err != nil {
			return err
		}
		if found := integer(recs[0].AsMap()["found"]); found != len(nodes) {
			return fmt.Errorf("append to journeys: %d of %d touchpoints found", found, len(nodes))
		}
	}
	if len(paths) == 0 {
		return nil
	}
	_, err := r.run("write_journey_paths", map[string]any{"paths": paths})
	return err
}

// appendedPath is the JourneyPath of owner after news, all after its tail.
func appendedPath(lv pathLevel, owner string, tail ownerTail, news []newTouchpoint) (map[string]any, error) {
	keys, ms, err := lv.storedSteps(owner, tail.storedTypes, tail.storedTimes, math.MaxInt64)
	if err != nil {
		return nil, err
	}
	for _, n := range news {
		keys, ms = append(keys, n.touchpoint.TypeKey), append(ms, n.touchpoint.OccurredAt.UnixMilli())
	}
	return lv.pathParams(owner, keys, ms), nil
}
