package analytics

import (
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
// the chunk), or by the class countChunk was given for each type, then each
// step after a journey's first replaced by the id of the link (pair of types
// or classes) from the step before it, and the links counted. Chunks are
// counted in parallel and merged in order, so every tally is an exact
// integer sum and the result does not depend on how the journeys were cut.
type chunk struct {
	span
	steps stepIDs // after countChunk: link ids, see links
	// ends[p] is link p's from and to type (or class); pairs[p] how often it
	// occurs (0 for a dense id never seen).
	ends  [][2]int32
	pairs []int32
}

// denseLinks is the most links (t² of t types or classes) any chunk
// numbers densely, as from·t+to: the common scope has ~40 types, and a t²
// table then costs less than looking pairs up. A chunk of more steps
// numbers up to half as many links as steps densely, so its few t² tallies
// cost a few times its step ids. Beyond, links are numbered as they are
// seen (a map entry costs several dense tallies), so that the tallies grow
// with the links in scope, not with the types squared.
const denseLinks = 128 * 128

// countChunk counts the links of js[sp.lo:sp.hi]'s steps between their
// types or, given classify, between the classes it puts the chunk's types
// in: classOf[type id] in [0, classes).
func countChunk(js []journey.ObservedJourney, sp span, classify func(keys []string) (classOf []int32, classes int)) chunk {
	steps := numberSteps(js[sp.lo:sp.hi], newTypeIndex())
	t := int32(len(steps.types.keys))
	var classOf []int32 // nil: links between types
	if classify != nil {
		var classes int
		classOf, classes = classify(steps.types.keys)
		t = int32(classes)
	}
	var ends [][2]int32
	var pairs []int32
	if int(t)*int(t) <= max(denseLinks, len(steps.ids)/2) {
		pairs = make([]int32, t*t)
		ends = make([][2]int32, t*t)
		for p := range ends {
			ends[p] = [2]int32{int32(p) / t, int32(p) % t}
		}
		// From the last step back, so ids[k-1] is still a type id.
		for i := range sp.hi - sp.lo {
			ids := steps.of(i)
			if classOf == nil {
				for k := len(ids) - 1; k > 0; k-- {
					ids[k] += ids[k-1] * t
					pairs[ids[k]]++
				}
				continue
			}
			for k := len(ids) - 1; k > 0; k-- {
				ids[k] = classOf[ids[k-1]]*t + classOf[ids[k]]
				pairs[ids[k]]++
			}
		}
	} else {
		seen := newPairIndex(0)
		for i := range sp.hi - sp.lo {
			ids := steps.of(i)
			for k := len(ids) - 1; k > 0; k-- {
				a, b := ids[k-1], ids[k]
				if classOf != nil {
					a, b = classOf[a], classOf[b]
				}
				ids[k] = seen.id(a, b)
				if int(ids[k]) == len(pairs) {
					pairs = append(pairs, 0)
				}
				pairs[ids[k]]++
			}
		}
		ends = seen.pairs
	}
	return chunk{span: sp, steps: steps, ends: ends, pairs: pairs}
}

// links returns the ids of journey i's links, from its first two steps on.
func (c *chunk) links(i int) []int32 {
	if ids := c.steps.of(i); len(ids) > 1 {
		return ids[1:]
	}
	return nil
}

// pairIndex numbers pairs of ids densely in order of first sight.
type pairIndex struct {
	ids   map[uint64]int32
	pairs [][2]int32
}

// newPairIndex returns an index with room for about size pairs.
func newPairIndex(size int) *pairIndex {
	return &pairIndex{ids: make(map[uint64]int32, size), pairs: make([][2]int32, 0, size)}
}

func (x *pairIndex) id(a, b int32) int32 {
	key := uint64(uint32(a))<<32 | uint64(uint32(b))
	if id, ok := x.ids[key]; ok {
		return id
	}
	id := int32(len(x.pairs))
	x.ids[key] = id
	x.pairs = append(x.pairs, [2]int32{a, b})
	return id
}

// releaseChunks hands the chunks' step ids to the next request.
func releaseChunks(chunks []chunk) {
	for c := range chunks {
		stepIDBuffers.put(chunks[c].steps.ids)
	}
}

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
	// Per chunk and link (in the chunk's numbering): the journeys whose path
	// to the outcome has the link, and those of them that converted.
	with, convertedWith := make([][]int32, len(spans)), make([][]int32, len(spans))
	converted := make([]int, len(spans))
	inParallel(len(spans), func(c int) {
		ch := countChunk(js, spans[c], nil)
		chunks[c] = ch
		if o.Outcome == nil {
			return
		}
		l := len(ch.pairs)
		w, cw, stamp := make([]int32, l), make([]int32, l), make([]int32, l)
		n := 0
		for i := range ch.hi - ch.lo {
			links := ch.links(i)
			_, before, ok := conv.reach(&js[ch.lo+i])
			if ok {
				n++
			}
			// The links among the first before steps.
			for _, p := range links[:max(before-1, 0)] {
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

	// Links are numbered over the scope as the chunks' links are merged, so
	// the tallies grow with the links seen.
	types, global := mergeTypes(chunks)
	seen := 0 // links over the chunks, at least those in scope
	for c := range chunks {
		for _, n := range chunks[c].pairs {
			if n > 0 {
				seen++
			}
		}
	}
	links := newPairIndex(seen)
	bucketOf := make([][]int32, len(chunks)) // chunk's link → link in scope, −1: never seen
	count := make([]int, 0, seen)
	var withAll, convertedWithAll []int
	if o.Outcome != nil {
		withAll, convertedWithAll = make([]int, 0, seen), make([]int, 0, seen)
	}
	res := TouchpointLinkages{JourneysInScope: len(js)}
	reached := 0
	for c := range chunks {
		g := global[c]
		bucketOf[c] = make([]int32, len(chunks[c].pairs))
		for p, n := range chunks[c].pairs {
			bucketOf[c][p] = -1
			if n == 0 {
				continue
			}
			e := chunks[c].ends[p]
			b := links.id(g[e[0]], g[e[1]])
			if int(b) == len(count) {
				count = append(count, 0)
				if o.Outcome != nil {
					withAll, convertedWithAll = append(withAll, 0), append(convertedWithAll, 0)
				}
			}
			bucketOf[c][p] = b
			count[b] += int(n)
			if o.Outcome != nil {
				withAll[b] += int(with[c][p])
				convertedWithAll[b] += int(convertedWith[c][p])
			}
		}
		reached += converted[c]
	}
	out := make([]int, len(types.keys))
	var picked []int
	for p, n := range count {
		out[links.pairs[p][0]] += n
		res.Transitions += n
		res.DistinctLinks++
		if n >= o.MinCount {
			picked = append(picked, p)
		}
	}
	keys, ends := types.keys, links.pairs
	order := func(a, b int) int {
		return byCountThenKeys(count[a], count[b], []string{keys[ends[a][0]], keys[ends[a][1]]}, []string{keys[ends[b][0]], keys[ends[b][1]]})
	}
	picked = firstOf(picked, o.Top, order)
	gaps, flat := gapsOf(js, chunks, bucketOf, len(count), picked)
	quantiles := gapQuantiles(gaps, workers)
	gapBuffers.put(flat)
	releaseChunks(chunks)
	if o.Outcome != nil {
		res.JourneysReachingOutcome = &reached
	}
	res.Links = make([]TouchpointLink, len(picked))
	for i, p := range picked {
		from := ends[p][0]
		l := TouchpointLink{
			FromTypeKey: keys[from], ToTypeKey: keys[ends[p][1]],
			Count: count[p], Share: share(count[p], out[from]),
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

// firstOf returns the first n of xs in order (all when fewer), reordering
// xs. When n is small against len(xs), it keeps the n first in a heap
// rather than sorting them all: with many types in scope there are hundreds
// of thousands of links, mostly of equal counts, for a top 50.
func firstOf(xs []int, n int, order func(a, b int) int) []int {
	if n >= len(xs)/4 {
		slices.SortFunc(xs, order)
		return xs[:min(n, len(xs))]
	}
	// kept[0] is the last of the n first so far: a heap on reversed order.
	// It lives in xs's own first places, which are read before written.
	kept := xs[:0:n]
	down := func(i int) {
		for {
			last := i
			for _, c := range []int{2*i + 1, 2*i + 2} {
				if c < len(kept) && order(kept[c], kept[last]) > 0 {
					last = c
				}
			}
			if last == i {
				return
			}
			kept[i], kept[last] = kept[last], kept[i]
			i = last
		}
	}
	for _, x := range xs {
		switch {
		case len(kept) < n:
			kept = append(kept, x)
			for i := len(kept) - 1; i > 0 && order(kept[i], kept[(i-1)/2]) > 0; i = (i - 1) / 2 {
				kept[i], kept[(i-1)/2] = kept[(i-1)/2], kept[i]
			}
		case n > 0 && order(x, kept[0]) < 0:
			kept[0] = x
			down(0)
		}
	}
	slices.SortFunc(kept, order)
	return kept
}

// gapsOf returns, for each picked bucket, the time between the two steps of
// every transition in it, in journey order, and the slice holding them all
// (for gapBuffers once done with). bucketOf[c] maps chunk c's links to
// buckets (−1: none). The chunks' link counts give every chunk its own
// stretch of each picked bucket's gaps, so they are filled in parallel,
// into one exactly sized slice, without sharing a place.
func gapsOf(js []journey.ObservedJourney, chunks []chunk, bucketOf [][]int32, buckets int, picked []int) (gaps [][]time.Duration, flat []time.Duration) {
	slot := make([]int32, buckets) // picked index + 1; 0: not picked
	for i, p := range picked {
		slot[p] = int32(i + 1)
	}
	slotOf := make([][]int32, len(chunks)) // chunk's link → slot
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
		for i := range ch.hi - ch.lo {
			links, st := ch.links(i), js[ch.lo+i].Steps
			for k, p := range links {
				s := slots[p]
				if s == 0 {
					continue
				}
				flat[at[s-1]] = gap(st[k].At, st[k+1].At)
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
	var conv conversion
	if o.Outcome != nil {
		conv = conversion{outcome: *o.Outcome, window: o.Window}
	}
	spans := spansOf(js, workers)
	chunks := make([]chunk, len(spans))
	// Per chunk: its departments and department pairs, numbered as seen
	// among its links (so the tallies grow with the handoffs in scope, not
	// with the catalog), and each link's pair (−1: no handoff).
	deptKeys := make([][]string, len(spans))
	handoffs := make([][][2]int32, len(spans))
	bucketOf := make([][]int32, len(spans))
	// Per chunk and department pair: the journeys with such a handoff, and
	// those for which it was the last link in scope and that did not reach
	// the outcome.
	journeys, dropOffs := make([][]int, len(spans)), make([][]int, len(spans))
	inParallel(len(spans), func(c int) {
		// Links are counted between departments, class 1+department id
		// (0: none), and are handoffs between two different ones.
		depts := newTypeIndex()
		ch := countChunk(js, spans[c], func(keys []string) ([]int32, int) {
			classOf := make([]int32, len(keys))
			for i, k := range keys {
				if d := o.Departments[k]; d != "" {
					classOf[i] = 1 + depts.id(d)
				}
			}
			return classOf, 1 + len(depts.keys)
		})
		chunks[c] = ch
		pairs := newPairIndex(0)
		buckets := make([]int32, len(ch.pairs))
		for p, n := range ch.pairs {
			buckets[p] = -1
			a, b := ch.ends[p][0], ch.ends[p][1]
			if n > 0 && a > 0 && b > 0 && a != b {
				buckets[p] = pairs.id(a-1, b-1)
			}
		}
		h := len(pairs.pairs)
		with, dropped, stamp := make([]int, h), make([]int, h), make([]int, h)
		for i := range ch.hi - ch.lo {
			links := ch.links(i)
			last := int32(-1)
			for k, link := range links {
				p := buckets[link]
				if k == len(links)-1 {
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
		deptKeys[c], handoffs[c], bucketOf[c] = depts.keys, pairs.pairs, buckets
		journeys[c], dropOffs[c] = with, dropped
	})

	// The chunks' department pairs numbered over the scope; bucketOf is
	// rewritten to those numbers for gapsOf.
	depts, pairs := newTypeIndex(), newPairIndex(0)
	var count, withHandoff, dropOffsAll []int
	res := DepartmentHandoffs{JourneysInScope: len(js)}
	for c := range chunks {
		global := make([]int32, len(handoffs[c]))
		for q, e := range handoffs[c] {
			global[q] = pairs.id(depts.id(deptKeys[c][e[0]]), depts.id(deptKeys[c][e[1]]))
			if int(global[q]) == len(count) {
				count, withHandoff, dropOffsAll = append(count, 0), append(withHandoff, 0), append(dropOffsAll, 0)
			}
			withHandoff[global[q]] += journeys[c][q]
			dropOffsAll[global[q]] += dropOffs[c][q]
		}
		for p, q := range bucketOf[c] {
			if q >= 0 {
				bucketOf[c][p] = global[q]
				count[global[q]] += int(chunks[c].pairs[p])
				res.Handoffs += int(chunks[c].pairs[p])
			}
		}
	}
	var picked []int
	for p, n := range count {
		if n >= o.MinCount {
			picked = append(picked, p)
		}
	}
	keys, ends := depts.keys, pairs.pairs
	slices.SortFunc(picked, func(a, b int) int {
		return byCountThenKeys(count[a], count[b], []string{keys[ends[a][0]], keys[ends[a][1]]}, []string{keys[ends[b][0]], keys[ends[b][1]]})
	})
	gaps, flat := gapsOf(js, chunks, bucketOf, len(count), picked)
	quantiles := gapQuantiles(gaps, workers)
	gapBuffers.put(flat)
	releaseChunks(chunks)
	res.Pairs = make([]DepartmentHandoff, len(picked))
	for i, p := range picked {
		res.Pairs[i] = DepartmentHandoff{
			FromDepartmentKey: keys[ends[p][0]], ToDepartmentKey: keys[ends[p][1]],
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
