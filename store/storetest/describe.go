package storetest

import (
	"fmt"
	"strings"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// DescribeJourneys renders journeys one per line as
// "id/account[arr]: type@minute ... | stage@minute ...", in minutes after t0,
// so a test's expectations read like its fixture.
func DescribeJourneys(js []journey.ObservedJourney, t0 time.Time) string {
	minute := func(at time.Time) int { return int(at.Sub(t0) / time.Minute) }
	out := make([]string, len(js))
	for i, j := range js {
		var b strings.Builder
		fmt.Fprintf(&b, "%s/%s", j.ID, j.AccountID)
		if j.ARR != nil {
			fmt.Fprintf(&b, "[%g]", *j.ARR)
		}
		b.WriteString(":")
		for _, s := range j.Steps {
			fmt.Fprintf(&b, " %s@%d", s.TypeKey, minute(s.At))
		}
		b.WriteString(" |")
		for _, e := range j.StageEntries {
			fmt.Fprintf(&b, " %s@%d", e.StageKey, minute(e.At))
		}
		out[i] = b.String()
	}
	return strings.Join(out, "\n")
}
