package analytics

import (
	"slices"
	"time"
	"unsafe"

	"github.com/journeygraph/journeygraph/journey"
)

// LinkageOptions configures LinkagesOf.
type LinkageOptions struct {
	// Outcome, when set, adds each link's conversion rates and lift.
	Outcome *journey.Outcome
	// Window, when positive, counts an outcome only within this long of the
	// journey's first touchpoint.
	Window time.Duration
	// MinCount drops links seen fewer times; Top keeps the most frequent.
	MinCount, Top int
}

// TouchpointLinkages is the answer of linkages: the directly-follows graph.
type TouchpointLinkages struct {
	JourneysInScope int
	// Transitions counts every pair of consecutive steps in scope.
	Transitions int
	// DistinctLinks counts every link, before MinCount and Top.
	DistinctLinks int
	// JourneysReachingOutcome is nil without an outcome.
	JourneysReachingOutcome *int
	Links                   []TouchpointLink
}

// TouchpointLink is touchpoints of one type directly followed, in the same
// journey, by touchpoints of another (or the same) type.
type TouchpointLink struct {
	FromTypeKey, ToTypeKey string
	// Count is how many times the link occurs; Share is Count over all
	// transitions out of FromTypeKey.
	Count int
	Share float64
	// Gaps between the two touchpoints, in seconds.
	MedianGapSeconds, P90GapSeconds float64
	// Conversion analysis (nil without an outcome). A journey contains the
	// link when it occurs on its path to the outcome: before the outcome if
	// the journey reached it, anywhere if not — so links that only follow a
	// conversion do not get credit for it.
	JourneysWithLink      *int
	ConversionRateWith    *float64
	ConversionRateWithout *float64
	// Lift is ConversionRateWith / ConversionRateWithout; nil when either is
	// nil or ConversionRateWithout is 0.
	Lift *float64
}

// stepIDs numbers every journey's steps by type: journey i's ids are
// ids[starts[i]:starts[i+1]].
type stepIDs struct {
	types  *typeIndex
	ids    []int32
	starts []int
}

func numberSteps(js []journey.ObservedJourney, types *typeIndex) stepIDs {
	n := 0
	for i := range js {
		n += len(js[i].Steps)
	}
	s := stepIDs{types: types, ids: make([]int32, n), starts: make([]int, len(js)+1)}
	var recent recentKeys
	at := 0
	for i := range js {
		for _, st := range js[i].Steps {
			s.ids[at] = recent.id(st.TypeKey, types)
			at++
		}
		s.starts[i+1] = at
	}
	return s
}

// recentKeys remembers the ids of recently seen type keys by where their
// bytes live: the journeys' keys are shared interned strings, so a key is
// usually found by its pointer and length without hashing it. Two strings
// with the same pointer and length are equal, so a hit is always right; a
// miss falls back to the type index.
type recentKeys [256]struct {
	data *byte
	len  int
	id   int32
}

func (r *recentKeys) id(key string, types *typeIndex) int32 {
	data := unsafe.StringData(key)
	slot := &r[(uintptr(unsafe.Pointer(data))>>4)%uintptr(len(r))]
	if slot.data == data && slot.len == len(key) && data != nil {
		return slot.id
	}
	id := types.id(key)
	slot.data, slot.len, slot.id = data, len(key), id
	return id
}

func (s stepIDs) of(i int) []int32 { return s.ids[s.starts[i]:s.starts[i+1]] }

// LinkagesOf counts the directly-follows links of the journeys' steps in
// scope. Links are ordered by count descending, then from and to keys.
func LinkagesOf(js []journey.ObservedJourney, o LinkageOptions) TouchpointLinkages {
	steps := numberSteps(js, newTypeIndex())
	t := len(steps.types.keys)
	count := make([]int32, t*t)
	out := make([]int, t)
	var with, convertedWith, stamp []int32
	var conv conversion
	converted := 0
	if o.Outcome != nil {
		conv = conversion{outcome: *o.Outcome, window: o.Window}
		with, convertedWith, stamp = make([]int32, t*t), make([]int32, t*t), make([]int32, t*t)
	}
	res := TouchpointLinkages{JourneysInScope: len(js)}
	for i := range js {
		ids := steps.of(i)
		for k := 1; k < len(ids); k++ {
			count[int(ids[k-1])*t+int(ids[k])]++
			out[ids[k-1]]++
		}
		res.Transitions += max(len(ids)-1, 0)
		if o.Outcome == nil {
			continue
		}
		_, before, ok := conv.reach(&js[i])
		if ok {
			converted++
		}
		for k := 1; k < before; k++ {
			p := int(ids[k-1])*t + int(ids[k])
			if stamp[p] == int32(i+1) {
				continue
			}
			stamp[p] = int32(i + 1)
			with[p]++
			if ok {
				convertedWith[p]++
			}
		}
	}
	var picked []int
	for p, n := range count {
		if n > 0 {
			res.DistinctLinks++
			if int(n) >= o.MinCount {
				picked = append(picked, p)
			}
		}
	}
	keys := steps.types.keys
	slices.SortFunc(picked, func(a, b int) int {
		return byCountThenKeys(int(count[a]), int(count[b]), []string{keys[a/t], keys[a%t]}, []string{keys[b/t], keys[b%t]})
	})
	if len(picked) > o.Top {
		picked = picked[:o.Top]
	}
	gaps := gapsOf(js, steps, count, picked, func(from, to int32) int { return int(from)*t + int(to) })
	if o.Outcome != nil {
		res.JourneysReachingOutcome = &converted
	}
	res.Links = make([]TouchpointLink, len(picked))
	for i, p := range picked {
		q := quantilesBySelection(gaps[i], 0.5, 0.9)
		l := TouchpointLink{
			FromTypeKey: keys[p/t], ToTypeKey: keys[p%t],
			Count: int(count[p]), Share: share(int(count[p]), out[p/t]),
			MedianGapSeconds: q[0], P90GapSeconds: q[1],
		}
		if o.Outcome != nil {
			w, cw := int(with[p]), int(convertedWith[p])
			l.JourneysWithLink = &w
			l.ConversionRateWith = rate(cw, w)
			l.ConversionRateWithout = rate(converted-cw, len(js)-w)
			if l.ConversionRateWith != nil && l.ConversionRateWithout != nil && *l.ConversionRateWithout > 0 {
				lift := *l.ConversionRateWith / *l.ConversionRateWithout
				l.Lift = &lift
			}
		}
		res.Links[i] = l
	}
	return res
}

// gapsOf returns, for each picked bucket, the gaps in seconds of the
// transitions that bucket(from, to) maps to it (−1: none). counts[p] is the
// number of transitions bucket p has, so the gaps of all picked buckets go
// into one exactly sized slice.
func gapsOf[N int | int32](js []journey.ObservedJourney, steps stepIDs, counts []N, picked []int, bucket func(from, to int32) int) [][]float64 {
	slot := make([]int32, len(counts)) // picked index + 1; 0: not picked
	total := 0
	for i, p := range picked {
		slot[p] = int32(i + 1)
		total += int(counts[p])
	}
	flat := make([]float64, total)
	gaps := make([][]float64, len(picked))
	start := 0
	for i, p := range picked {
		gaps[i] = flat[start : start : start+int(counts[p])]
		start += int(counts[p])
	}
	for i := range js {
		ids := steps.of(i)
		st := js[i].Steps
		for k := 1; k < len(ids); k++ {
			b := bucket(ids[k-1], ids[k])
			if b < 0 || slot[b] == 0 {
				continue
			}
			s := slot[b] - 1
			gaps[s] = append(gaps[s], seconds(st[k-1].At, st[k].At))
		}
	}
	return gaps
}

// HandoffOptions configures DepartmentHandoffsOf.
type HandoffOptions struct {
	// Departments maps touchpoint type keys to their owning department keys;
	// links involving a type without one are no handoffs.
	Departments map[string]string
	// Outcome, when set, keeps journeys that reached it out of the drop-offs.
	Outcome *journey.Outcome
	Window  time.Duration
	// MinCount drops department pairs with fewer handoffs.
	MinCount int
}

// DepartmentHandoffs is the answer of departmentHandoffs.
type DepartmentHandoffs struct {
	JourneysInScope int
	// Handoffs counts every link between departments in scope.
	Handoffs int
	Pairs    []DepartmentHandoff
}

// DepartmentHandoff is the links from touchpoints owned by one department to
// touchpoints owned by another.
type DepartmentHandoff struct {
	FromDepartmentKey, ToDepartmentKey string
	Count                              int
	// JourneysWithHandoff counts journeys with at least one such link.
	JourneysWithHandoff int
	// Time from the one department's touchpoint to the other's, in seconds.
	MedianLatencySeconds, P90LatencySeconds float64
	// DropOffJourneys stopped after the handoff: it is their last link in
	// scope (and, with an outcome, they did not reach it). DropOffRate is
	// DropOffJourneys over JourneysWithHandoff.
	DropOffJourneys int
	DropOffRate     float64
}

// DepartmentHandoffsOf tallies the links whose types are owned by different
// departments, per (from, to) department pair, ordered by count descending,
// then department keys.
func DepartmentHandoffsOf(js []journey.ObservedJourney, o HandoffOptions) DepartmentHandoffs {
	steps := numberSteps(js, newTypeIndex())
	depts := newTypeIndex()
	deptOf := make([]int32, len(steps.types.keys))
	for i, k := range steps.types.keys {
		deptOf[i] = -1
		if d := o.Departments[k]; d != "" {
			deptOf[i] = depts.id(d)
		}
	}
	d := len(depts.keys)
	bucket := func(from, to int32) int {
		a, b := deptOf[from], deptOf[to]
		if a < 0 || b < 0 || a == b {
			return -1
		}
		return int(a)*d + int(b)
	}
	count, journeys, dropOffs, stamp := make([]int, d*d), make([]int, d*d), make([]int, d*d), make([]int, d*d)
	var conv conversion
	if o.Outcome != nil {
		conv = conversion{outcome: *o.Outcome, window: o.Window}
	}
	res := DepartmentHandoffs{JourneysInScope: len(js)}
	for i := range js {
		ids := steps.of(i)
		last := -1
		for k := 1; k < len(ids); k++ {
			p := bucket(ids[k-1], ids[k])
			if k == len(ids)-1 {
				last = p
			}
			if p < 0 {
				continue
			}
			res.Handoffs++
			count[p]++
			if stamp[p] != i+1 {
				stamp[p] = i + 1
				journeys[p]++
			}
		}
		if last >= 0 {
			if o.Outcome != nil {
				if _, _, ok := conv.reach(&js[i]); ok {
					continue
				}
			}
			dropOffs[last]++
		}
	}
	var picked []int
	for p, n := range count {
		if n > 0 && n >= o.MinCount {
			picked = append(picked, p)
		}
	}
	slices.SortFunc(picked, func(a, b int) int {
		return byCountThenKeys(count[a], count[b], []string{depts.keys[a/d], depts.keys[a%d]}, []string{depts.keys[b/d], depts.keys[b%d]})
	})
	gaps := gapsOf(js, steps, count, picked, bucket)
	res.Pairs = make([]DepartmentHandoff, len(picked))
	for i, p := range picked {
		q := quantilesBySelection(gaps[i], 0.5, 0.9)
		res.Pairs[i] = DepartmentHandoff{
			FromDepartmentKey: depts.keys[p/d], ToDepartmentKey: depts.keys[p%d],
			Count: count[p], JourneysWithHandoff: journeys[p],
			MedianLatencySeconds: q[0], P90LatencySeconds: q[1],
			DropOffJourneys: dropOffs[p], DropOffRate: share(dropOffs[p], journeys[p]),
		}
	}
	return res
}

// TouchpointNeighbours is the answer of touchpointNeighbours: what comes
// directly before and after touchpoints of one type.
type TouchpointNeighbours struct {
	TypeKey string
	// Occurrences counts the type's touchpoints in scope, in
	// JourneysWithType journeys.
	Occurrences      int
	JourneysWithType int
	// FirstStepCount of them start their journey (no predecessor);
	// LastStepCount end it (no successor).
	FirstStepCount, LastStepCount int
	Predecessors, Successors      []TouchpointNeighbour
}

// TouchpointNeighbour is a type directly before (or after) the one asked about.
type TouchpointNeighbour struct {
	TypeKey string
	Count   int
	// Share is Count over all transitions into (or out of) the type asked
	// about: Occurrences − FirstStepCount (or − LastStepCount).
	Share float64
	// Gaps between the two touchpoints, in seconds.
	MedianGapSeconds float64
}

// TouchpointNeighboursOf returns the Top predecessors and successors of
// typeKey's touchpoints, ordered by count descending, then type key.
func TouchpointNeighboursOf(js []journey.ObservedJourney, typeKey string, top int) TouchpointNeighbours {
	res := TouchpointNeighbours{TypeKey: typeKey}
	types := newTypeIndex()
	self := types.id(typeKey)
	pred, succ := map[int32][]float64{}, map[int32][]float64{}
	var buf []int32
	for i := range js {
		st := js[i].Steps
		buf = appendPath(buf[:0], st, types, false, len(st))
		seen := false
		for k, id := range buf {
			if id != self {
				continue
			}
			res.Occurrences++
			seen = true
			if k == 0 {
				res.FirstStepCount++
			} else {
				pred[buf[k-1]] = append(pred[buf[k-1]], seconds(st[k-1].At, st[k].At))
			}
			if k == len(buf)-1 {
				res.LastStepCount++
			} else {
				succ[buf[k+1]] = append(succ[buf[k+1]], seconds(st[k].At, st[k+1].At))
			}
		}
		if seen {
			res.JourneysWithType++
		}
	}
	neighbours := func(m map[int32][]float64, total int) []TouchpointNeighbour {
		out := make([]TouchpointNeighbour, 0, len(m))
		for id, gaps := range m {
			out = append(out, TouchpointNeighbour{TypeKey: types.keys[id], Count: len(gaps), Share: share(len(gaps), total), MedianGapSeconds: Quantile(gaps, 0.5)})
		}
		slices.SortFunc(out, func(a, b TouchpointNeighbour) int {
			return byCountThenKeys(a.Count, b.Count, []string{a.TypeKey}, []string{b.TypeKey})
		})
		if len(out) > top {
			out = out[:top]
		}
		return out
	}
	res.Predecessors = neighbours(pred, res.Occurrences-res.FirstStepCount)
	res.Successors = neighbours(succ, res.Occurrences-res.LastStepCount)
	return res
}
