package analytics

import (
	"slices"
	"strconv"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// PathVariantOptions configures PathVariantsOf.
type PathVariantOptions struct {
	Outcome journey.Outcome
	// Top is how many variants to return (the most frequent first).
	Top int
	// CollapseRepeats turns consecutive touchpoints of one type into one step.
	CollapseRepeats bool
	// MaxLength keeps a path's first MaxLength steps; longer paths are
	// variants of their own, marked Truncated.
	MaxLength int
	// Window, when positive, counts an outcome only when it is at most this
	// long after the journey's first touchpoint.
	Window time.Duration
}

// PathVariants is the answer of pathVariants.
type PathVariants struct {
	JourneysInScope         int
	JourneysReachingOutcome int
	// JourneysReachingOutcomeWithoutTouchpoints reached the outcome with no
	// touchpoint in scope before it: they have no path and are in no variant.
	JourneysReachingOutcomeWithoutTouchpoints int
	// DistinctVariants counts every variant, not only the Top returned.
	DistinctVariants int
	Variants         []PathVariant
}

// PathVariant is one ordered sequence of touchpoint types that journeys went
// through before the outcome.
type PathVariant struct {
	TypeKeys []string
	// Truncated: the journeys' paths were longer than MaxLength; TypeKeys are
	// their first MaxLength steps.
	Truncated bool
	// Count journeys reached the outcome along this variant.
	Count int
	// Share is Count over JourneysReachingOutcome.
	Share float64
	// JourneysStartingThisWay counts the journeys in scope whose path (the
	// steps before the outcome if they reached it, else all their steps)
	// begins with TypeKeys; ConversionRate is the share of them that reached
	// the outcome.
	JourneysStartingThisWay int
	ConversionRate          float64
	// Times from a journey's first touchpoint to the outcome, in seconds.
	MedianSecondsToOutcome float64
	P90SecondsToOutcome    float64
}

// pathTrie holds type sequences as paths from node 0: node n's parent and
// last type, and its children by (node, type).
type pathTrie struct {
	parent   []int32
	typ      []int32
	children map[uint64]int32
}

func newPathTrie() *pathTrie {
	return &pathTrie{parent: []int32{-1}, typ: []int32{-1}, children: map[uint64]int32{}}
}

func edge(node, typ int32) uint64 { return uint64(uint32(node))<<32 | uint64(uint32(typ)) }

// child returns node's child by typ, adding it when add is set; -1 if absent.
func (t *pathTrie) child(node, typ int32, add bool) int32 {
	if c, ok := t.children[edge(node, typ)]; ok {
		return c
	}
	if !add {
		return -1
	}
	c := int32(len(t.parent))
	t.parent = append(t.parent, node)
	t.typ = append(t.typ, typ)
	t.children[edge(node, typ)] = c
	return c
}

// keys returns the type keys on the way from the root to node.
func (t *pathTrie) keys(node int32, names []string) []string {
	var out []string
	for ; node > 0; node = t.parent[node] {
		out = append(out, names[t.typ[node]])
	}
	slices.Reverse(out)
	return out
}

// appendPath appends the type ids of steps (collapsed if asked) to buf, at
// most limit of them.
func appendPath(buf []int32, steps []journey.JourneyStep, types *typeIndex, collapse bool, limit int) []int32 {
	for _, s := range steps {
		if len(buf) == limit {
			break
		}
		id := types.id(s.TypeKey)
		if collapse && len(buf) > 0 && buf[len(buf)-1] == id {
			continue
		}
		buf = append(buf, id)
	}
	return buf
}

// PathVariantsOf returns the top variants of the paths journeys took to the
// outcome. A journey's path is its steps before the outcome (see
// journey.Outcome.ReachedIn), collapsed if asked and cut to its first
// MaxLength steps. Ties are broken by the type keys in order, an untruncated
// variant before its truncated twin.
func PathVariantsOf(js []journey.ObservedJourney, o PathVariantOptions) PathVariants {
	conv := conversion{outcome: o.Outcome, window: o.Window}
	types := newTypeIndex()
	trie := newPathTrie()
	type reached struct {
		node      int32
		truncated bool
		secs      float64
	}
	var reachedBy []reached
	res := PathVariants{JourneysInScope: len(js)}
	buf := make([]int32, 0, o.MaxLength+1)
	// ends[node][truncated] counts the variants ending at node.
	var ends [][2]int
	for i := range js {
		j := &js[i]
		at, before, ok := conv.reach(j)
		if !ok {
			continue
		}
		res.JourneysReachingOutcome++
		if before == 0 {
			res.JourneysReachingOutcomeWithoutTouchpoints++
			continue
		}
		buf = appendPath(buf[:0], j.Steps[:before], types, o.CollapseRepeats, o.MaxLength+1)
		truncated := len(buf) > o.MaxLength
		if truncated {
			buf = buf[:o.MaxLength]
		}
		node := int32(0)
		for _, id := range buf {
			node = trie.child(node, id, true)
		}
		for len(ends) <= int(node) {
			ends = append(ends, [2]int{})
		}
		ends[node][b2i(truncated)]++
		reachedBy = append(reachedBy, reached{node, truncated, seconds(j.Steps[0].At, at)})
	}
	type variant struct {
		node      int32
		truncated bool
		count     int
		keys      []string
	}
	var all []variant
	for node, e := range ends {
		for t, n := range e {
			if n > 0 {
				all = append(all, variant{node: int32(node), truncated: t == 1, count: n})
			}
		}
	}
	res.DistinctVariants = len(all)
	for i := range all {
		all[i].keys = trie.keys(all[i].node, types.keys)
	}
	slices.SortFunc(all, func(a, b variant) int {
		if c := byCountThenKeys(a.count, b.count, a.keys, b.keys); c != 0 {
			return c
		}
		return b2i(a.truncated) - b2i(b.truncated)
	})
	if len(all) > o.Top {
		all = all[:o.Top]
	}
	// Journeys starting each way: walk every journey's path down the trie.
	began := make([]int, len(trie.parent))
	beganReached := make([]int, len(trie.parent))
	for i := range js {
		j := &js[i]
		_, before, ok := conv.reach(j)
		buf = appendPath(buf[:0], j.Steps[:before], types, o.CollapseRepeats, o.MaxLength)
		node := int32(0)
		for _, id := range buf {
			if node = trie.child(node, id, false); node < 0 {
				break
			}
			began[node]++
			if ok {
				beganReached[node]++
			}
		}
	}
	index := map[[2]int32]int{}
	secs := make([][]float64, len(all))
	for i, v := range all {
		index[[2]int32{v.node, int32(b2i(v.truncated))}] = i
	}
	for _, r := range reachedBy {
		if i, ok := index[[2]int32{r.node, int32(b2i(r.truncated))}]; ok {
			secs[i] = append(secs[i], r.secs)
		}
	}
	res.Variants = make([]PathVariant, len(all))
	for i, v := range all {
		res.Variants[i] = PathVariant{
			TypeKeys:                v.keys,
			Truncated:               v.truncated,
			Count:                   v.count,
			Share:                   share(v.count, res.JourneysReachingOutcome),
			JourneysStartingThisWay: began[v.node],
			ConversionRate:          share(beganReached[v.node], began[v.node]),
			MedianSecondsToOutcome:  Quantile(secs[i], 0.5),
			P90SecondsToOutcome:     Quantile(secs[i], 0.9),
		}
	}
	return res
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// PathsAroundOptions configures PathsAroundOf.
type PathsAroundOptions struct {
	// Anchor is the touchpoint type key the paths are centred on.
	Anchor                  string
	StepsBefore, StepsAfter int
	CollapseRepeats         bool
	// Labels names the types for node labels; a type without one is
	// labelled by its key.
	Labels map[string]string
}

// PathsAround is the answer of pathsAround: a Sankey diagram.
type PathsAround struct {
	JourneysInScope    int
	JourneysWithAnchor int
	Nodes              []PathNode
	Links              []PathLink
}

// PathNode is a touchpoint type at a position relative to the anchor
// (negative before it, 0 the anchor, positive after).
type PathNode struct {
	// ID is "position:typeKey", e.g. "-2:webinar_attendance".
	ID       string
	Position int
	TypeKey  string
	Label    string
	// Count journeys had this type at this position.
	Count int
}

// PathLink is journeys going from one node to the next position's node.
type PathLink struct {
	Source, Target string
	Count          int
}

// PathsAroundOf follows every journey in which the anchor occurs, from its
// FIRST anchor touchpoint up to StepsBefore steps back and StepsAfter steps
// on (fewer where the journey starts or ends sooner), after collapsing
// repeats if asked. Nodes are ordered by position, then count descending,
// then type key; links by source position, then count descending, then ids.
func PathsAroundOf(js []journey.ObservedJourney, o PathsAroundOptions) PathsAround {
	res := PathsAround{JourneysInScope: len(js)}
	types := newTypeIndex()
	anchor := types.id(o.Anchor)
	type nodeKey struct{ pos, typ int32 }
	type linkKey struct {
		pos      int32
		from, to int32
	}
	nodes := map[nodeKey]int{}
	links := map[linkKey]int{}
	var buf []int32
	for i := range js {
		buf = appendPath(buf[:0], js[i].Steps, types, o.CollapseRepeats, len(js[i].Steps))
		a := slices.Index(buf, anchor)
		if a < 0 {
			continue
		}
		res.JourneysWithAnchor++
		lo, hi := max(a-o.StepsBefore, 0), min(a+o.StepsAfter, len(buf)-1)
		for k := lo; k <= hi; k++ {
			nodes[nodeKey{int32(k - a), buf[k]}]++
			if k < hi {
				links[linkKey{int32(k - a), buf[k], buf[k+1]}]++
			}
		}
	}
	id := func(pos int32, typ int32) string {
		return strconv.Itoa(int(pos)) + ":" + types.keys[typ]
	}
	for k, n := range nodes {
		key := types.keys[k.typ]
		label := o.Labels[key]
		if label == "" {
			label = key
		}
		res.Nodes = append(res.Nodes, PathNode{ID: id(k.pos, k.typ), Position: int(k.pos), TypeKey: key, Label: label, Count: n})
	}
	slices.SortFunc(res.Nodes, func(a, b PathNode) int {
		if a.Position != b.Position {
			return a.Position - b.Position
		}
		return byCountThenKeys(a.Count, b.Count, []string{a.TypeKey}, []string{b.TypeKey})
	})
	type sortedLink struct {
		PathLink
		pos int
	}
	all := make([]sortedLink, 0, len(links))
	for k, n := range links {
		all = append(all, sortedLink{PathLink{Source: id(k.pos, k.from), Target: id(k.pos+1, k.to), Count: n}, int(k.pos)})
	}
	slices.SortFunc(all, func(a, b sortedLink) int {
		if a.pos != b.pos {
			return a.pos - b.pos
		}
		return byCountThenKeys(a.Count, b.Count, []string{a.Source, a.Target}, []string{b.Source, b.Target})
	})
	res.Links = make([]PathLink, len(all))
	for i, l := range all {
		res.Links[i] = l.PathLink
	}
	return res
}
