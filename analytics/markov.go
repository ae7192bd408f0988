package analytics

import (
	"cmp"
	"math"
	"slices"
)

// The MARKOV model is the first-order removal effect. Each journey with at
// least one touchpoint on its path (a converting journey's credited
// touchpoints; every touchpoint in scope of a journey that never converts) is
// the walk START → t1 → … → tn → CONVERSION, or → NULL when it never
// converts, so journeys that never convert weigh on every transition they
// take. The transition probabilities are the observed counts divided by each
// state's outgoing total (journeys, not value, are counted). The chain's
// conversion probability P — the probability of absorption in CONVERSION from
// START — is solved exactly from the absorbing chain's linear system
// p = Q·p + b (Gaussian elimination with partial pivoting), and so is P_t, the
// same with every visit to type t sent to NULL. The removal effect of t is
// 1 − P_t/P; removing a state can only lose conversions, so it lies in
// [0, 1] and is clamped there against rounding. Each type's credit is
// TotalCredit × effect / Σ effects: no credit is ever negative, and the
// credits add up to TotalCredit. A type seen only on journeys that never
// converted still has a positive effect when it leads into states that do.

// chainCounts are the observed transitions. State 0 is START; touchpoint type
// i is state i+1.
type chainCounts struct {
	journeys int
	next     [][]int64 // next[from][to]
	conv     []int64   // conv[from]: walks that converted after from
	null     []int64   // null[from]: walks that ended unconverted after from
}

func newChainCounts() *chainCounts { return &chainCounts{} }

func (c *chainCounts) row(from int) []int64 {
	for len(c.next) <= from {
		c.next = append(c.next, nil)
		c.conv = append(c.conv, 0)
		c.null = append(c.null, 0)
	}
	return c.next[from]
}

func (c *chainCounts) add(path []int32, converted bool) {
	if len(path) == 0 {
		return
	}
	c.journeys++
	prev := 0
	for _, t := range path {
		s := int(t) + 1
		r := c.row(prev)
		if len(r) <= s {
			r = append(r, make([]int64, s+1-len(r))...)
			c.next[prev] = r
		}
		r[s]++
		prev = s
	}
	c.row(prev)
	if converted {
		c.conv[prev]++
	} else {
		c.null[prev]++
	}
}

// attribute solves the chain and shares total by removal effect; credit is
// indexed by touchpoint type.
func (c *chainCounts) attribute(types *typeIndex, total float64) (*MarkovAttribution, []float64) {
	credit := make([]float64, len(types.keys))
	out := &MarkovAttribution{Journeys: c.journeys, RemovalEffects: []MarkovRemovalEffect{}}
	if c.journeys == 0 {
		return out, credit
	}
	// Transient states in use: START and every type left at least once
	// (every visited type is, by CONVERSION, NULL or another type).
	var states []int
	pos := make([]int, len(c.next))
	for s := range c.next {
		pos[s] = -1
		if c.conv[s]+c.null[s] > 0 || len(c.next[s]) > 0 {
			pos[s] = len(states)
			states = append(states, s)
		}
	}
	n := len(states)
	// a = I − Q, b = P(→ CONVERSION), over the states in use.
	a := make([]float64, n*n)
	b := make([]float64, n)
	for i, s := range states {
		outTotal := c.conv[s] + c.null[s]
		for _, k := range c.next[s] {
			outTotal += k
		}
		a[i*n+i] = 1
		for to, k := range c.next[s] {
			if k > 0 {
				a[i*n+pos[to]] -= float64(k) / float64(outTotal)
			}
		}
		b[i] = float64(c.conv[s]) / float64(outTotal)
	}
	work := make([]float64, n*n+n)
	p := solveAbsorption(a, b, -1, work)
	out.ConversionProbability = p
	sum := 0.0
	effects := make([]float64, len(types.keys))
	for i, s := range states {
		if s == 0 {
			continue
		}
		without := solveAbsorption(a, b, i, work)
		effect := 0.0
		if p > 0 {
			effect = min(1, max(0, 1-without/p))
		}
		effects[s-1] = effect
		sum += effect
		out.RemovalEffects = append(out.RemovalEffects, MarkovRemovalEffect{
			TypeKey: types.keys[s-1], RemovalEffect: effect, ConversionProbabilityWithout: without,
		})
	}
	slices.SortFunc(out.RemovalEffects, func(x, y MarkovRemovalEffect) int {
		return cmp.Or(cmp.Compare(y.RemovalEffect, x.RemovalEffect), cmp.Compare(x.TypeKey, y.TypeKey))
	})
	if sum > 0 {
		for t, e := range effects {
			credit[t] = total * e / sum
		}
	}
	return out, credit
}

// solveAbsorption solves (I − Q)·p = b for the absorption probability from
// state 0 (START), with state removed (its p forced to 0: every visit ends
// unconverted) unless removed < 0. a is n×n row-major and is not changed;
// work holds n·n + n floats.
func solveAbsorption(a, b []float64, removed int, work []float64) float64 {
	n := len(b)
	m, x := work[:n*n], work[n*n:n*n+n]
	copy(m, a)
	copy(x, b)
	if removed >= 0 {
		row := m[removed*n : (removed+1)*n]
		clear(row)
		row[removed] = 1
		x[removed] = 0
	}
	for col := 0; col < n; col++ {
		pivot := col
		for r := col + 1; r < n; r++ {
			if math.Abs(m[r*n+col]) > math.Abs(m[pivot*n+col]) {
				pivot = r
			}
		}
		if m[pivot*n+col] == 0 {
			continue // cannot happen: every state in use reaches an absorbing state
		}
		if pivot != col {
			for k := 0; k < n; k++ {
				m[col*n+k], m[pivot*n+k] = m[pivot*n+k], m[col*n+k]
			}
			x[col], x[pivot] = x[pivot], x[col]
		}
		d := m[col*n+col]
		for r := col + 1; r < n; r++ {
			f := m[r*n+col] / d
			if f == 0 {
				continue
			}
			for k := col; k < n; k++ {
				m[r*n+k] -= f * m[col*n+k]
			}
			x[r] -= f * x[col]
		}
	}
	for r := n - 1; r >= 0; r-- {
		v := x[r]
		for k := r + 1; k < n; k++ {
			v -= m[r*n+k] * x[k]
		}
		if m[r*n+r] != 0 {
			x[r] = v / m[r*n+r]
		}
	}
	return x[0]
}
