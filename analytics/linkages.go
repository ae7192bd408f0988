package analytics

import (
	"maps"
	"slices"
	"sync/atomic"
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
	s := stepIDs{types: types, ids: stepIDBuffers.get(stepCount(js)), starts: make([]int, len(js)+1)}
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

// chunk is one worker's share of the journeys, js[lo:hi]: their steps
// numbered by type in the chunk's own index (in order of first sight within
// the chunk), and their transitions counted by type pair, a·t+b over the
// chunk's t types. Chunks are counted in parallel and merged in order, so
// every tally is an exact integer sum and the result does not depend on how
// the journeys were cut.
type chunk struct {
	span
	steps stepIDs
	pairs []int32
}

func countChunk(js []journey.ObservedJourney, sp span) chunk {
	steps := numberSteps(js[sp.lo:sp.hi], newTypeIndex())
	t := len(steps.types.keys)
	pairs := make([]int32, t*t)
	for i := range sp.hi - sp.lo {
		ids := steps.of(i)
		for k := 1; k < len(ids); k++ {
			pairs[int(ids[k-1])*t+int(ids[k])]++
		}
	}
	return chunk{span: sp, steps: steps, pairs: pairs}
}

// releaseChunks hands the chunks' step ids to the next request.
func releaseChunks(chunks []chunk) {
	for c := range chunks {
		stepIDBuffers.put(chunks[c].steps.ids)
	}
}

func (c *chunk) typeCount() int { return len(c.steps.types.keys) }

// mergeTypes numbers the chunks' type keys in one index, chunk by chunk (so
// in order of first sight over all the journeys), and returns it with each
// chunk's ids in it: global[c][local id].
func mergeTypes(chunks []chunk) (types *typeIndex, global [][]int32) {
	types = newTypeIndex()
	global = make([][]int32, len(chunks))
	for c := range chunks {
		keys := chunks[c].steps.types.keys
		global[c] = make([]int32, len(keys))
		for i, k := range keys {
			global[c][i] = types.id(k)
		}
	}
	return types, global
}

// LinkagesOf counts the directly-follows links of the journeys' steps in
// scope. Links are ordered by count descending, then from and to keys. Large
// scopes are split over up to GOMAXPROCS goroutines; the result is the same.
func LinkagesOf(js []journey.ObservedJourney, o LinkageOptions) TouchpointLinkages {
	return linkagesOf(js, o, workersFor(js))
}

func linkagesOf(js []journey.ObservedJourney, o LinkageOptions, workers int) TouchpointLinkages {
	var conv conversion
	if o.Outcome != nil {
		conv = conversion{outcome: *o.Outcome, window: o.Window}
	}
	spans := spansOf(js, workers)
	chunks := make([]chunk, len(spans))
	// Per chunk and type pair (in the chunk's numbering): the journeys whose
	// path to the outcome has the link, and those of them that converted.
	with, convertedWith := make([][]int32, len(spans)), make([][]int32, len(spans))
	converted := make([]int, len(spans))
	inParallel(len(spans), func(c int) {
		ch := countChunk(js, spans[c])
		chunks[c] = ch
		if o.Outcome == nil {
			return
		}
		t := ch.typeCount()
		w, cw, stamp := make([]int32, t*t), make([]int32, t*t), make([]int32, t*t)
		n := 0
		for i := range ch.hi - ch.lo {
			ids := ch.steps.of(i)
			_, before, ok := conv.reach(&js[ch.lo+i])
			if ok {
				n++
			}
			for k := 1; k < before; k++ {
				p := int(ids[k-1])*t + int(ids[k])
				if stamp[p] == int32(i+1) {
					continue
				}
				stamp[p] = int32(i + 1)
				w[p]++
				if ok {
					cw[p]++
				}
			}
		}
		with[c], convertedWith[c], converted[c] = w, cw, n
	})

	types, global := mergeTypes(chunks)
	t := len(types.keys)
	bucketOf := make([][]int32, len(chunks)) // chunk's pair → pair in types
	count := make([]int, t*t)
	var withAll, convertedWithAll []int
	if o.Outcome != nil {
		withAll, convertedWithAll = make([]int, t*t), make([]int, t*t)
	}
	res := TouchpointLinkages{JourneysInScope: len(js)}
	reached := 0
	for c := range chunks {
		g, lt := global[c], chunks[c].typeCount()
		bucketOf[c] = make([]int32, lt*lt)
		for p, n := range chunks[c].pairs {
			b := g[p/lt]*int32(t) + g[p%lt]
			bucketOf[c][p] = b
			count[b] += int(n)
			if o.Outcome != nil {
				withAll[b] += int(with[c][p])
				convertedWithAll[b] += int(convertedWith[c][p])
			}
		}
		reached += converted[c]
	}
	out := make([]int, t)
	var picked []int
	for p, n := range count {
		out[p/t] += n
		res.Transitions += n
		if n > 0 {
			res.DistinctLinks++
			if n >= o.MinCount {
				picked = append(picked, p)
			}
		}
	}
	keys := types.keys
	slices.SortFunc(picked, func(a, b int) int {
		return byCountThenKeys(count[a], count[b], []string{keys[a/t], keys[a%t]}, []string{keys[b/t], keys[b%t]})
	})
	if len(picked) > o.Top {
		picked = picked[:o.Top]
	}
	gaps, flat := gapsOf(js, chunks, bucketOf, t*t, picked)
	quantiles := gapQuantiles(gaps, workers)
	gapBuffers.put(flat)
	releaseChunks(chunks)
	if o.Outcome != nil {
		res.JourneysReachingOutcome = &reached
	}
	res.Links = make([]TouchpointLink, len(picked))
	for i, p := range picked {
		l := TouchpointLink{
			FromTypeKey: keys[p/t], ToTypeKey: keys[p%t],
			Count: count[p], Share: share(count[p], out[p/t]),
			MedianGapSeconds: quantiles[i][0], P90GapSeconds: quantiles[i][1],
		}
		if o.Outcome != nil {
			w, cw := withAll[p], convertedWithAll[p]
			l.JourneysWithLink = &w
			l.ConversionRateWith = rate(cw, w)
			l.ConversionRateWithout = rate(reached-cw, len(js)-w)
			if l.ConversionRateWith != nil && l.ConversionRateWithout != nil && *l.ConversionRateWithout > 0 {
				lift := *l.ConversionRateWith / *l.ConversionRateWithout
				l.Lift = &lift
			}
		}
		res.Links[i] = l
	}
	return res
}

// gapsOf returns, for each picked bucket, the time between the two steps of
// every transition in it, in journey order, and the slice holding them all
// (for gapBuffers once done with). bucketOf[c] maps chunk c's type
// pairs to buckets (−1: none). The chunks' pair counts give every chunk its
// own stretch of each picked bucket's gaps, so they are filled in parallel,
// into one exactly sized slice, without sharing a place.
func gapsOf(js []journey.ObservedJourney, chunks []chunk, bucketOf [][]int32, buckets int, picked []int) (gaps [][]time.Duration, flat []time.Duration) {
	slot := make([]int32, buckets) // picked index + 1; 0: not picked
	for i, p := range picked {
		slot[p] = int32(i + 1)
	}
	slotOf := make([][]int32, len(chunks)) // chunk's pair → slot
	// The gaps of picked[i] are flat[end[i]:end[i+1]]: first counted into
	// end[i+1], then summed up.
	end := make([]int, len(picked)+1)
	for c := range chunks {
		slotOf[c] = make([]int32, len(bucketOf[c]))
		for p, b := range bucketOf[c] {
			if b >= 0 && slot[b] != 0 {
				slotOf[c][p] = slot[b]
				end[slot[b]] += int(chunks[c].pairs[p])
			}
		}
	}
	for i := range picked {
		end[i+1] += end[i]
	}
	// Chunk c writes its gaps of picked[i] from from[c][i] on, after those
	// of the chunks before it.
	from := make([][]int, len(chunks))
	next := slices.Clone(end[:len(picked)])
	for c := range chunks {
		from[c] = slices.Clone(next)
		for p, s := range slotOf[c] {
			if s != 0 {
				next[s-1] += int(chunks[c].pairs[p])
			}
		}
	}
	flat = gapBuffers.get(end[len(picked)])
	inParallel(len(chunks), func(c int) {
		ch, slots, at := &chunks[c], slotOf[c], from[c]
		t := ch.typeCount()
		for i := range ch.hi - ch.lo {
			ids, st := ch.steps.of(i), js[ch.lo+i].Steps
			for k := 1; k < len(ids); k++ {
				s := slots[int(ids[k-1])*t+int(ids[k])]
				if s == 0 {
					continue
				}
				flat[at[s-1]] = gap(st[k-1].At, st[k].At)
				at[s-1]++
			}
		}
	})
	gaps = make([][]time.Duration, len(picked))
	for i := range picked {
		gaps[i] = flat[end[i]:end[i+1]]
	}
	return gaps, flat
}

// gap returns b.Sub(a), skipping Sub's overflow check where no overflow can
// happen (under 2³³ s, 272 years, apart), which costs as much as the rest of
// the subtraction. It falls back to Sub when b carries a monotonic clock
// reading (b.Round(0) strips it), as Sub would use those when a has one too.
func gap(a, b time.Time) time.Duration {
	s := b.Unix() - a.Unix()
	if s > -1<<33 && s < 1<<33 && b == b.Round(0) {
		return time.Duration(s)*time.Second + time.Duration(b.Nanosecond()-a.Nanosecond())
	}
	return b.Sub(a)
}

// gapQuantiles returns the median and 90th percentile in seconds of each
// gaps slice (reordering it), on up to workers goroutines that take the
// slices in turn: the first, largest (picked by count) go first.
func gapQuantiles(gaps [][]time.Duration, workers int) [][2]float64 {
	out := make([][2]float64, len(gaps))
	var next atomic.Int64
	inParallel(max(1, min(workers, len(gaps))), func(int) {
		for {
			i := int(next.Add(1) - 1)
			if i >= len(gaps) {
				return
			}
			q := durationQuantilesBySelection(gaps[i], 0.5, 0.9)
			out[i] = [2]float64{q[0], q[1]}
		}
	})
	return out
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
// then department keys. Large scopes are split over up to GOMAXPROCS
// goroutines; the result is the same.
func DepartmentHandoffsOf(js []journey.ObservedJourney, o HandoffOptions) DepartmentHandoffs {
	return departmentHandoffsOf(js, o, workersFor(js))
}

func departmentHandoffsOf(js []journey.ObservedJourney, o HandoffOptions, workers int) DepartmentHandoffs {
	// Departments are numbered up front, in key order, so that every chunk
	// tallies by the same (from, to) pair index, from·d+to.
	depts := newTypeIndex()
	for _, k := range slices.Sorted(maps.Values(o.Departments)) {
		if k != "" {
			depts.id(k)
		}
	}
	d := len(depts.keys)
	var conv conversion
	if o.Outcome != nil {
		conv = conversion{outcome: *o.Outcome, window: o.Window}
	}
	spans := spansOf(js, workers)
	chunks := make([]chunk, len(spans))
	bucketOf := make([][]int32, len(spans)) // chunk's type pair → department pair, −1: no handoff
	// Per chunk and department pair: the journeys with such a handoff, and
	// those for which it was the last link in scope and that did not reach
	// the outcome.
	journeys, dropOffs := make([][]int, len(spans)), make([][]int, len(spans))
	inParallel(len(spans), func(c int) {
		ch := countChunk(js, spans[c])
		chunks[c] = ch
		t := ch.typeCount()
		deptOf := make([]int32, t)
		for i, k := range ch.steps.types.keys {
			deptOf[i] = depts.lookup(o.Departments[k])
		}
		buckets := make([]int32, t*t)
		for p := range buckets {
			a, b := deptOf[p/t], deptOf[p%t]
			buckets[p] = -1
			if a >= 0 && b >= 0 && a != b {
				buckets[p] = a*int32(d) + b
			}
		}
		with, dropped, stamp := make([]int, d*d), make([]int, d*d), make([]int, d*d)
		for i := range ch.hi - ch.lo {
			ids := ch.steps.of(i)
			last := int32(-1)
			for k := 1; k < len(ids); k++ {
				p := buckets[int(ids[k-1])*t+int(ids[k])]
				if k == len(ids)-1 {
					last = p
				}
				if p >= 0 && stamp[p] != i+1 {
					stamp[p] = i + 1
					with[p]++
				}
			}
			if last >= 0 {
				if o.Outcome != nil {
					if _, _, ok := conv.reach(&js[ch.lo+i]); ok {
						continue
					}
				}
				dropped[last]++
			}
		}
		bucketOf[c], journeys[c], dropOffs[c] = buckets, with, dropped
	})

	count, withHandoff, dropOffsAll := make([]int, d*d), make([]int, d*d), make([]int, d*d)
	res := DepartmentHandoffs{JourneysInScope: len(js)}
	for c := range chunks {
		for p, b := range bucketOf[c] {
			if b >= 0 {
				count[b] += int(chunks[c].pairs[p])
				res.Handoffs += int(chunks[c].pairs[p])
			}
		}
		for b := range d * d {
			withHandoff[b] += journeys[c][b]
			dropOffsAll[b] += dropOffs[c][b]
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
	gaps, flat := gapsOf(js, chunks, bucketOf, d*d, picked)
	quantiles := gapQuantiles(gaps, workers)
	gapBuffers.put(flat)
	releaseChunks(chunks)
	res.Pairs = make([]DepartmentHandoff, len(picked))
	for i, p := range picked {
		res.Pairs[i] = DepartmentHandoff{
			FromDepartmentKey: depts.keys[p/d], ToDepartmentKey: depts.keys[p%d],
			Count: count[p], JourneysWithHandoff: withHandoff[p],
			MedianLatencySeconds: quantiles[i][0], P90LatencySeconds: quantiles[i][1],
			DropOffJourneys: dropOffsAll[p], DropOffRate: share(dropOffsAll[p], withHandoff[p]),
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
