// Package feed serves the change feed (see journey.Change) to the process's
// subscribers. One Hub per API process polls Neo4j for new changes, in
// order, and hands each to every subscriber; the graph is the only source,
// so a subscriber sees writes made through any replica and by offline
// import. A subscriber that resumes from a cursor first reads what it
// missed from Neo4j, then follows the live changes.
package feed

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/store"
)

// Config tunes a Hub; zero fields take the defaults below.
type Config struct {
	// PollInterval is how often the hub asks Neo4j for new changes (one
	// small indexed read per interval per process, however many subscribers).
	PollInterval time.Duration
	// PageSize is how many changes one read returns at most.
	PageSize int
	// Backlog is how many changes a subscriber may have waiting; one that
	// falls further behind is ended with journey.CodeSlowConsumer.
	Backlog int
	// Retention is how long changes are kept for resuming; older ones are
	// pruned, PruneBatch at a time, every PruneInterval. A negative
	// PruneInterval disables pruning in this process.
	Retention     time.Duration
	PruneInterval time.Duration
	PruneBatch    int
}

// Defaults of Config.
const (
	DefaultPollInterval  = 200 * time.Millisecond
	DefaultPageSize      = 200
	DefaultBacklog       = 256
	DefaultRetention     = 24 * time.Hour
	DefaultPruneInterval = time.Minute
	DefaultPruneBatch    = 1000
)

func (c Config) withDefaults() Config {
	def := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.PollInterval, DefaultPollInterval)
	def(&c.Retention, DefaultRetention)
	def(&c.PruneInterval, DefaultPruneInterval)
	for _, f := range []struct {
		v *int
		d int
	}{{&c.PageSize, DefaultPageSize}, {&c.Backlog, DefaultBacklog}, {&c.PruneBatch, DefaultPruneBatch}} {
		if *f.v <= 0 {
			*f.v = f.d
		}
	}
	return c
}

// Errors a subscription ends with (besides the store's own).
var (
	errShuttingDown = &journey.Error{Code: CodeShuttingDown,
		Message: "the server is shutting down: resubscribe (to another replica) with the last cursor"}
	errSlowConsumer = &journey.Error{Code: journey.CodeSlowConsumer,
		Message: "the subscriber fell too far behind: resubscribe with the last cursor"}
	errUnavailable = &journey.Error{Code: journey.CodeUnavailable,
		Message: "the graph database is unavailable: resubscribe with the last cursor later"}
)

// startWait bounds how long Subscribe waits for a starting hub.
const startWait = 5 * time.Second

// CodeShuttingDown ends the subscriptions of a process that is stopping.
const CodeShuttingDown journey.Code = "SHUTTING_DOWN"

// Hub is one process's poller and its subscribers.
type Hub struct {
	st     *store.Store
	cfg    Config
	logger *slog.Logger

	ready chan struct{} // closed once last is known
	mu    sync.Mutex
	last  int64 // the last change handed to subscribers
	subs  map[*Subscription]struct{}
	down  error // set while polling fails or after shutdown: Subscribe refuses
}

// New returns a hub reading st; Run starts it.
func New(st *store.Store, cfg Config, logger *slog.Logger) *Hub {
	return &Hub{st: st, cfg: cfg.withDefaults(), logger: logger, ready: make(chan struct{}), subs: map[*Subscription]struct{}{}}
}

// Run polls until ctx ends, then ends every subscription with
// CodeShuttingDown. It starts from the feed's head: earlier changes are for
// subscribers that resume, which read them themselves.
func (h *Hub) Run(ctx context.Context) {
	defer h.shutDown()
	for {
		head, err := h.st.ChangeHead(ctx)
		if err == nil {
			h.mu.Lock()
			h.last = head
			h.mu.Unlock()
			close(h.ready)
			break
		}
		h.logger.WarnContext(ctx, "change feed: cannot read the head; retrying", "error", err)
		if !sleep(ctx, h.cfg.PollInterval*5) {
			return
		}
	}
	if h.cfg.PruneInterval > 0 {
		// Run returns only after the pruner has: its caller closes the store
		// next.
		pruned := make(chan struct{})
		go func() { defer close(pruned); h.prune(ctx) }()
		defer func() { <-pruned }()
	}
	for {
		full := h.poll(ctx)
		if !full && !sleep(ctx, h.cfg.PollInterval) {
			return
		}
		if ctx.Err() != nil {
			return
		}
	}
}

// poll reads one page after the last change and hands it out; it reports
// whether the page was full (more may be waiting).
func (h *Hub) poll(ctx context.Context) bool {
	h.mu.Lock()
	after := h.last
	h.mu.Unlock()
	page, err := h.st.Changes(ctx, after, h.cfg.PageSize)
	if err != nil {
		if ctx.Err() != nil {
			return false
		}
		cause := errUnavailable
		if journey.ErrorCode(err) == journey.CodeCursorExpired {
			// This process fell behind retention (it could not poll for that
			// long): its subscribers missed changes; they must reload.
			cause = journey.ErrCursorExpired("after")
			if head, herr := h.st.ChangeHead(ctx); herr == nil {
				h.mu.Lock()
				h.last = head
				h.mu.Unlock()
			}
		}
		h.logger.WarnContext(ctx, "change feed: poll failed; ending subscriptions", "error", err)
		h.fail(cause)
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.down = nil
	for _, c := range page.Changes {
		for s := range h.subs {
			if s.resyncUntil > 0 {
				s.resyncUntil = c.Seq // it reads this one from Neo4j too, in order
				continue
			}
			select {
			case s.live <- c:
			default:
				if s.replaying {
					// Still reading its history from Neo4j: the backlog filled
					// while it did, not because it reads slowly. It reads
					// these changes from Neo4j as well (Next).
					s.resyncUntil = c.Seq
					continue
				}
				h.end(s, errSlowConsumer)
			}
		}
		h.last = c.Seq
	}
	return len(page.Changes) == h.cfg.PageSize
}

// fail ends every subscription with err and refuses new ones until a poll
// succeeds.
func (h *Hub) fail(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.down = err
	for s := range h.subs {
		h.end(s, err)
	}
}

func (h *Hub) shutDown() {
	h.fail(errShuttingDown)
	select {
	case <-h.ready:
	default:
		close(h.ready)
	}
}

// end removes s, telling it why; h.mu is held.
func (h *Hub) end(s *Subscription, why error) {
	if _, ok := h.subs[s]; !ok {
		return
	}
	delete(h.subs, s)
	s.reason = why
	close(s.live)
}

func (h *Hub) prune(ctx context.Context) {
	t := time.NewTicker(h.cfg.PruneInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		before := time.Now().Add(-h.cfg.Retention)
		for {
			n, err := h.st.PruneChanges(ctx, before, h.cfg.PruneBatch)
			if err != nil {
				// Another replica pruning the same changes, or Neo4j away: try next time.
				h.logger.WarnContext(ctx, "change feed: prune failed; trying again later", "error", err)
				break
			}
			if n < h.cfg.PruneBatch {
				break
			}
		}
	}
}

// position is the last change the hub has handed out.
func (h *Hub) position() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.last
}

// Subscribers is the number of open subscriptions.
func (h *Hub) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// Subscribe opens a subscription from position from, or from now on when
// from is nil. Close it when done.
func (h *Hub) Subscribe(ctx context.Context, from *journey.FeedPosition) (*Subscription, error) {
	// The hub reads the feed's head when it starts; while Neo4j does not
	// answer that, subscribers wait a little, then are told it is unavailable.
	wait := time.NewTimer(startWait)
	defer wait.Stop()
	select {
	case <-h.ready:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-wait.C:
		return nil, errUnavailable
	}
	if from != nil && from.Seq > h.position()+1 {
		// Ahead of this replica: another replica's fresh cursor, or one that
		// was never handed out (another database, a restore). Only Neo4j's
		// head tells; a position past it would skip every event up to it.
		head, err := h.st.ChangeHead(ctx)
		if err != nil {
			return nil, err
		}
		if from.Seq > head+1 {
			return nil, journey.Invalid("after", "the cursor is ahead of the change feed (at change %d): it was not handed out by this database; resubscribe without it", head)
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.down != nil {
		return nil, h.down
	}
	s := &Subscription{h: h, live: make(chan journey.Change, h.cfg.Backlog)}
	s.next = journey.FeedPosition{Seq: h.last + 1}
	if from != nil {
		s.next = *from
		s.replayUntil = h.last // what the hub handed out before s joined
		s.replaying = true
	}
	h.subs[s] = struct{}{}
	return s, nil
}

// Subscription is one subscriber's place in the feed.
type Subscription struct {
	h    *Hub
	live chan journey.Change // filled by the hub; closed when it ends s
	// reason is why the hub ended s; written before live is closed.
	reason      error
	next        journey.FeedPosition // the next event to deliver
	replayUntil int64                // changes up to this one are read from Neo4j
	replayed    []journey.Change
	// replaying is true until a resuming subscriber has read its history and
	// waits on live; resyncUntil, when not 0, is the last change the hub
	// left for it to read from Neo4j because its backlog filled meanwhile;
	// lag is how far behind the hub it was at its last resync. All three
	// are guarded by the hub's mu.
	replaying   bool
	resyncUntil int64
	lag         int64
}

// Next returns the next change with events for the subscriber and the index
// of its first such event, waiting for one. It fails when ctx ends, when the
// cursor was older than retention (journey.CodeCursorExpired) or when the
// hub ended the subscription.
func (s *Subscription) Next(ctx context.Context) (journey.Change, int, error) {
	for {
		var c journey.Change
		switch {
		case len(s.replayed) > 0:
			c, s.replayed = s.replayed[0], s.replayed[1:]
		case s.next.Seq <= s.replayUntil:
			page, err := s.h.st.Changes(ctx, s.next.Seq-1, s.h.cfg.PageSize)
			if err != nil {
				return journey.Change{}, 0, err
			}
			for _, pc := range page.Changes {
				if pc.Seq <= s.replayUntil {
					s.replayed = append(s.replayed, pc)
				}
			}
			if len(s.replayed) == 0 {
				// Every change the hub handed out was complete when read.
				return journey.Change{}, 0, errors.New("change feed: replay read nothing before the hub's position")
			}
			continue
		default:
			if s.catchUp() {
				continue
			}
			select {
			case <-ctx.Done():
				return journey.Change{}, 0, ctx.Err()
			case lc, ok := <-s.live:
				if !ok {
					return journey.Change{}, 0, s.reason
				}
				c = lc
			}
		}
		if c.Seq < s.next.Seq || (c.Seq == s.next.Seq && s.next.Index >= c.Len()) {
			continue // before the resume position (or a cursor past the change's end)
		}
		from := 0
		if c.Seq == s.next.Seq {
			from = s.next.Index
		}
		s.next = journey.FeedPosition{Seq: c.Seq + 1}
		return c, from, nil
	}
}

// catchUp is called when s has read its history up to replayUntil. If the
// hub left changes for it to read from Neo4j meanwhile, it drops its live
// backlog (every change in it is among them) and extends the replay to them;
// otherwise s is live from now on, and a full backlog ends it as a slow
// consumer. A resuming subscriber whose lag did not shrink since its last
// resync reads slower than changes arrive and would never catch up: it is
// ended as a slow consumer too.
func (s *Subscription) catchUp() (resync bool) {
	h := s.h
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[s]; !ok || s.resyncUntil == 0 {
		s.replaying = false
		return false
	}
	lag := s.resyncUntil - s.next.Seq + 1
	if s.lag > 0 && lag >= s.lag {
		h.end(s, errSlowConsumer)
		return false
	}
	s.lag = lag
	for drained := false; !drained; {
		select {
		case <-s.live:
		default:
			drained = true
		}
	}
	s.replayUntil, s.resyncUntil = s.resyncUntil, 0
	return true
}

// Close leaves the feed.
func (s *Subscription) Close() {
	s.h.mu.Lock()
	defer s.h.mu.Unlock()
	if _, ok := s.h.subs[s]; ok {
		delete(s.h.subs, s)
	}
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
