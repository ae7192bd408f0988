package seed

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// reporter prints load progress: on a terminal one line rewritten in place
// (carriage return), elsewhere (logs, CI) a plain line per interval.
type reporter struct {
	w           io.Writer
	interactive bool
	total       int
	start       time.Time
	every       time.Duration
	last        time.Time
	now         func() time.Time
}

func newReporter(w io.Writer, total int, start time.Time, every time.Duration) *reporter {
	if w == nil {
		w = io.Discard
	}
	interactive := isTerminal(w)
	if every <= 0 {
		every = 10 * time.Second
		if interactive {
			every = time.Second
		}
	}
	return &reporter{w: w, interactive: interactive, total: total, start: start, every: every, last: start, now: time.Now}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// update reports s when the interval has passed, and always when final.
func (r *reporter) update(s Stats, final bool) {
	now := r.now()
	if !final && now.Sub(r.last) < r.every {
		return
	}
	r.last = now
	line := r.line(s, now.Sub(r.start), final)
	switch {
	case r.interactive && final:
		fmt.Fprintf(r.w, "\r%s\n", line)
	case r.interactive:
		fmt.Fprintf(r.w, "\r%s", line)
	default:
		fmt.Fprintln(r.w, line)
	}
}

func (r *reporter) line(s Stats, elapsed time.Duration, final bool) string {
	rate := 0.0
	if elapsed > 0 {
		rate = float64(s.Touchpoints) / elapsed.Seconds()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "seed: accounts %d/%d (%.0f%%)  touchpoints %d  stage changes %d  %.0f events/s  elapsed %s",
		s.Accounts, r.total, 100*float64(s.Accounts)/float64(max(r.total, 1)), s.Touchpoints, s.StageChanges, rate,
		elapsed.Round(time.Second))
	if final {
		fmt.Fprintf(&b, "  created: %d accounts, %d contacts, %d touchpoints, %d stage changes",
			s.AccountsCreated, s.ContactsCreated, s.TouchpointsCreated, s.StageChangesCreated)
	} else if s.Accounts > 0 {
		eta := time.Duration(float64(elapsed) / float64(s.Accounts) * float64(r.total-s.Accounts))
		fmt.Fprintf(&b, "  ETA %s", eta.Round(time.Second))
	}
	if r.interactive {
		b.WriteString("\033[K") // clear what a longer previous line left behind
	}
	return b.String()
}
