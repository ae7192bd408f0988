package store

import "time"

// chainLevel names one kind of time chain (NEXT_FOR_ACCOUNT or
// NEXT_FOR_CONTACT) by its three queries.
type chainLevel struct {
	neighbourhood, unlink, link string
}

var (
	accountChains = chainLevel{"account_chain_neighbourhood", "unlink_account_chains", "link_account_chains"}
	contactChains = chainLevel{"contact_chain_neighbourhood", "unlink_contact_chains", "link_contact_chains"}
)

// relinkChains re-chains each owner's journey from from[owner] (the earliest
// of its new touchpoints) on, so that its links follow (occurredAt, id)
// order. It reads the touchpoint before that time and every one after it with
// their current links, and writes only the difference: in-order appends only
// create links, a late event deletes the one link it falls into and creates
// two. Reads and writes are separate statements of the caller's transaction,
// so no plan needs an Eager barrier. The caller holds the owners' locks.
func (r *txRunner) relinkChains(lv chainLevel, from map[string]time.Time) error {
	if len(from) == 0 {
		return nil
	}
	recs, err := r.run(lv.neighbourhood, chainsParams(from))
	if err != nil {
		return err
	}
	var stale []string
	var froms, tos []string
	for _, rec := range recs {
		m := rec.AsMap()
		ids, _ := m["ids"].([]any)
		links, _ := m["links"].([]any)
		s, f, t := chainDiff(ids, links)
		stale, froms, tos = append(stale, s...), append(froms, f...), append(tos, t...)
	}
	if len(stale) > 0 {
		if _, err := r.run(lv.unlink, map[string]any{"links": stale}); err != nil {
			return err
		}
	}
	if len(froms) > 0 {
		if _, err := r.run(lv.link, map[string]any{"froms": froms, "tos": tos}); err != nil {
			return err
		}
	}
	return nil
}

// chainDiff compares a chain's touchpoint ids in order with their current
// outgoing links (per id, a list of [element id, target id]) and returns the
// links to delete (by element id) and the ones to create (from -> to) so that
// each id links to the next one and the last to none.
func chainDiff(ids, links []any) (stale, froms, tos []string) {
	for i, id := range ids {
		want := ""
		if i+1 < len(ids) {
			want = str(ids[i+1])
		}
		found := false
		if i < len(links) {
			out, _ := links[i].([]any)
			for _, l := range out {
				pair, _ := l.([]any)
				if len(pair) != 2 {
					continue
				}
				if target := str(pair[1]); target == want && !found {
					found = true
				} else {
					stale = append(stale, str(pair[0]))
				}
			}
		}
		if want != "" && !found {
			froms, tos = append(froms, str(id)), append(tos, want)
		}
	}
	return stale, froms, tos
}
