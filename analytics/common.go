package analytics

import (
	"cmp"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// typeIndex numbers touchpoint type keys densely (0, 1, ...) in order of
// first sight, so per-type and per-pair tallies are slices, not maps.
type typeIndex struct {
	ids  map[string]int32
	keys []string
}

func newTypeIndex() *typeIndex { return &typeIndex{ids: map[string]int32{}} }

func (x *typeIndex) id(key string) int32 {
	if id, ok := x.ids[key]; ok {
		return id
	}
	id := int32(len(x.keys))
	x.ids[key] = id
	x.keys = append(x.keys, key)
	return id
}

// lookup returns key's id, or -1 if no journey has it.
func (x *typeIndex) lookup(key string) int32 {
	if id, ok := x.ids[key]; ok {
		return id
	}
	return -1
}

// conversion says whether a journey converted on an outcome within an
// optional window, and where its path up to the outcome ends.
type conversion struct {
	outcome journey.Outcome
	window  time.Duration // 0: no window
}

// reach returns whether j reached the outcome, when, and how many of its
// steps lead up to it. With a window, an outcome more than window after the
// journey's first step does not count; a journey with no step before the
// outcome meets any window. When the journey did not convert, before is
// len(j.Steps): its whole journey is its path.
func (c conversion) reach(j *journey.ObservedJourney) (at time.Time, before int, ok bool) {
	at, before, ok = c.outcome.ReachedIn(j)
	if ok && c.window > 0 && before > 0 && at.Sub(j.Steps[0].At) > c.window {
		ok = false
	}
	if !ok {
		return time.Time{}, len(j.Steps), false
	}
	return at, before, true
}

// rate returns num/den, or nil when den is 0.
func rate(num, den int) *float64 {
	if den == 0 {
		return nil
	}
	r := float64(num) / float64(den)
	return &r
}

// share returns num/den, or 0 when den is 0.
func share(num, den int) float64 {
	if den == 0 {
		return 0
	}
	return float64(num) / float64(den)
}

// seconds returns b−a in seconds.
func seconds(a, b time.Time) float64 { return b.Sub(a).Seconds() }

// quantiles returns the median and 90th percentile of xs (sorted in place),
// or nils for none.
func quantiles(xs []float64) (median, p90 *float64) {
	if len(xs) == 0 {
		return nil, nil
	}
	m, p := Quantile(xs, 0.5), Quantile(xs, 0.9)
	return &m, &p
}

// byCountThenKeys orders tallies by count descending, then by keys ascending.
func byCountThenKeys(ca, cb int, ka, kb []string) int {
	if c := cmp.Compare(cb, ca); c != 0 {
		return c
	}
	for i := 0; i < len(ka) && i < len(kb); i++ {
		if c := cmp.Compare(ka[i], kb[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(ka), len(kb))
}
