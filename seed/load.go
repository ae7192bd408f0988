package seed

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/store"
)

// Sink is where Load writes: *store.Store satisfies it. Every method is
// idempotent (MERGE on external ids), which makes a re-run create nothing.
type Sink interface {
	LoadCatalog(ctx context.Context, c journey.Catalog) error
	UpsertAccounts(ctx context.Context, in []journey.AccountInput) (created int, err error)
	UpsertContacts(ctx context.Context, in []journey.ContactInput) (created int, err error)
	RecordTouchpoints(ctx context.Context, in []journey.TouchpointInput) (journey.RecordResult, error)
	RecordStageChanges(ctx context.Context, in []journey.StageChangeInput) (created int, err error)
}

var _ Sink = (*store.Store)(nil)

// Stats counts what a load sent and what it created; a re-run sends the same
// and creates nothing.
type Stats struct {
	Accounts, Contacts, Touchpoints, StageChanges                             int
	AccountsCreated, ContactsCreated, TouchpointsCreated, StageChangesCreated int
	Elapsed                                                                   time.Duration
}

// TouchpointsPerSecond is the load's rate of touchpoints sent.
func (s Stats) TouchpointsPerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Touchpoints) / s.Elapsed.Seconds()
}

// Loader writes generated journeys in batches. The zero value uses the defaults.
type Loader struct {
	// BatchAccounts is how many accounts are generated and written together
	// (default 200): their accounts, then contacts, touchpoints and stage changes.
	BatchAccounts int
	// MaxRows bounds the rows of one write call, i.e. one transaction (default 5000).
	// Touchpoints are cut at account boundaries when an account fits, so that
	// each account's journey chain is linked in one go.
	MaxRows int
	// Writers is how many touchpoint transactions of a batch run at once
	// (default DefaultWriters). Their chunks hold different accounts (and so
	// different contacts), so they never wait for each other's account
	// locks; the parts of an account too large for one chunk stay with one
	// writer, in time order. The default is 1: on the 2-core benchmark
	// machine 4 writers were slower (BENCHMARKS.md, issue 16), the change
	// feed's sequence serialising their commits.
	Writers int
	// ProgressEvery is the interval between progress reports (default 1s on a
	// terminal, 10s otherwise).
	ProgressEvery time.Duration
}

// Default batch sizes: 200 accounts are ~30,000 touchpoints, written in
// transactions of at most 5,000 rows (one UNWIND each).
const (
	DefaultBatchAccounts = 200
	DefaultMaxRows       = 5000
	DefaultWriters       = 1
)

// Load writes the catalog and then p's journeys to sink; see Loader.Load.
func Load(ctx context.Context, sink Sink, p Params, progress io.Writer) (Stats, error) {
	return Loader{}.Load(ctx, sink, p, progress)
}

// Load writes the catalog, then generates p's journeys and writes them batch
// by batch, reporting progress to progress (nil for none). Inputs are
// normalised before they are sent, as the store requires.
func (l Loader) Load(ctx context.Context, sink Sink, p Params, progress io.Writer) (Stats, error) {
	if l.BatchAccounts <= 0 {
		l.BatchAccounts = DefaultBatchAccounts
	}
	if l.MaxRows <= 0 {
		l.MaxRows = DefaultMaxRows
	}
	if l.Writers <= 0 {
		l.Writers = DefaultWriters
	}
	start := time.Now()
	var stats Stats
	if err := p.Validate(start); err != nil {
		return stats, err
	}
	if err := sink.LoadCatalog(ctx, Catalog()); err != nil {
		return stats, fmt.Errorf("load catalog: %w", err)
	}
	report := newReporter(progress, p.Accounts, start, l.ProgressEvery)
	batch := make([]AccountJourney, 0, l.BatchAccounts)
	flush := func() error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := l.write(ctx, sink, batch, start, &stats); err != nil {
			return err
		}
		batch = batch[:0]
		report.update(stats, false)
		return nil
	}
	err := Generate(p, func(j AccountJourney) error {
		batch = append(batch, j)
		if len(batch) == l.BatchAccounts {
			return flush()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	stats.Elapsed = time.Since(start)
	report.update(stats, true)
	return stats, err
}

// write sends one batch in dependency order: accounts, contacts (which need
// their account), touchpoints (which need both) and stage changes (which
// point at their triggering touchpoint).
func (l Loader) write(ctx context.Context, sink Sink, batch []AccountJourney, now time.Time, stats *Stats) error {
	var accounts []journey.AccountInput
	var contacts []journey.ContactInput
	var changes []journey.StageChangeInput
	for _, j := range batch {
		if err := NormalizeJourney(&j, now); err != nil {
			return fmt.Errorf("generated data of %s is invalid: %w", j.Account.ID, err)
		}
		accounts = append(accounts, j.Account)
		contacts = append(contacts, j.Contacts...)
		changes = append(changes, j.StageChanges...)
	}
	if err := inChunks(accounts, l.MaxRows, func(c []journey.AccountInput) error {
		n, err := sink.UpsertAccounts(ctx, c)
		stats.AccountsCreated += n
		return err
	}); err != nil {
		return fmt.Errorf("accounts %s…: %w", batch[0].Account.ID, err)
	}
	stats.Accounts += len(accounts)
	if err := inChunks(contacts, l.MaxRows, func(c []journey.ContactInput) error {
		n, err := sink.UpsertContacts(ctx, c)
		stats.ContactsCreated += n
		return err
	}); err != nil {
		return fmt.Errorf("contacts of %s…: %w", batch[0].Account.ID, err)
	}
	stats.Contacts += len(contacts)
	if err := l.writeTouchpoints(ctx, sink, batch, stats); err != nil {
		return err
	}
	if err := inChunks(changes, l.MaxRows, func(c []journey.StageChangeInput) error {
		n, err := sink.RecordStageChanges(ctx, c)
		stats.StageChangesCreated += n
		return err
	}); err != nil {
		return fmt.Errorf("stage changes of %s…: %w", batch[0].Account.ID, err)
	}
	stats.StageChanges += len(changes)
	return nil
}

// writeTouchpoints records a batch's touchpoints with up to l.Writers
// transactions at once, one lane of chunks per writer (see touchpointLanes).
func (l Loader) writeTouchpoints(ctx context.Context, sink Sink, batch []AccountJourney, stats *Stats) error {
	var mu sync.Mutex
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(l.Writers)
	for _, lane := range touchpointLanes(batch, l.MaxRows) {
		g.Go(func() error {
			for _, chunk := range lane {
				res, err := sink.RecordTouchpoints(ctx, chunk)
				if err != nil {
					return fmt.Errorf("touchpoints %s…: %w", chunk[0].ExternalID, err)
				}
				mu.Lock()
				for _, created := range res.Created {
					if created {
						stats.TouchpointsCreated++
					}
				}
				stats.Touchpoints += len(chunk)
				mu.Unlock()
			}
			return nil
		})
	}
	return g.Wait()
}

// NormalizeJourney normalises every input of a generated journey, as the
// store requires of its inputs (now bounds future timestamps).
func NormalizeJourney(j *AccountJourney, now time.Time) error {
	if err := j.Account.Normalize("account"); err != nil {
		return err
	}
	for i := range j.Contacts {
		if err := j.Contacts[i].Normalize(fmt.Sprintf("contacts[%d]", i)); err != nil {
			return err
		}
	}
	for i := range j.Touchpoints {
		if err := j.Touchpoints[i].Normalize(fmt.Sprintf("touchpoints[%d]", i), now); err != nil {
			return err
		}
	}
	for i := range j.StageChanges {
		if err := j.StageChanges[i].Normalize(fmt.Sprintf("stageChanges[%d]", i), now); err != nil {
			return err
		}
	}
	return nil
}

func inChunks[T any](rows []T, size int, write func([]T) error) error {
	for len(rows) > 0 {
		n := min(size, len(rows))
		if err := write(rows[:n]); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// touchpointLanes packs whole accounts' touchpoints into chunks of at most
// max rows, each chunk a lane of its own; only an account with more than max
// touchpoints is split, into one lane of chunks in time order, so that its
// chain is still appended in order and no two lanes hold the same account.
func touchpointLanes(batch []AccountJourney, max int) [][][]journey.TouchpointInput {
	var lanes [][][]journey.TouchpointInput
	var cur []journey.TouchpointInput
	for _, j := range batch {
		tps := j.Touchpoints
		if len(tps) > max {
			var lane [][]journey.TouchpointInput
			for len(tps) > 0 {
				n := min(max, len(tps))
				lane, tps = append(lane, tps[:n]), tps[n:]
			}
			lanes = append(lanes, lane)
			continue
		}
		if len(cur)+len(tps) > max && len(cur) > 0 {
			lanes = append(lanes, [][]journey.TouchpointInput{cur})
			cur = nil
		}
		cur = append(cur, tps...)
	}
	if len(cur) > 0 {
		lanes = append(lanes, [][]journey.TouchpointInput{cur})
	}
	return lanes
}
