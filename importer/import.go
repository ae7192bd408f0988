package importer

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// DefaultBatchSize is how many touchpoints go into one store transaction.
const DefaultBatchSize = 500

// Recorder records a batch of touchpoints, all or nothing; *store.Store is one.
type Recorder interface {
	RecordTouchpoints(ctx context.Context, in []journey.TouchpointInput) (journey.RecordResult, error)
}

// Options configure an import.
type Options struct {
	// BatchSize is the number of touchpoints per transaction: DefaultBatchSize
	// when 0, at most journey.MaxTouchpointBatch.
	BatchSize int
	// Errors receives the per-row error report as CSV (ReportHeader first),
	// flushed after every batch. May be nil.
	Errors io.Writer
	// Progress receives progress lines. May be nil.
	Progress io.Writer
	// Terminal: Progress is a terminal, so progress is one line rewritten
	// with a carriage return; otherwise plain lines every ProgressEvery.
	Terminal bool
	// ProgressEvery is the interval of plain progress lines (default 10s) or
	// terminal updates (default 250ms).
	ProgressEvery time.Duration
	// Now is the clock future timestamps are checked against (default time.Now).
	Now func() time.Time
}

// Summary counts what an import did.
type Summary struct {
	Rows           int // data rows read (the header is not one)
	Created        int // touchpoints created
	AlreadyPresent int // touchpoints that were already in the graph (re-runs, repeated rows)
	Rejected       int // rows with at least one error in the report
	Errors         int // lines written to the error report
	Batches        int // transactions committed
	Elapsed        time.Duration
}

// RowsPerSecond is the import's rate over its whole duration.
func (s Summary) RowsPerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Rows) / s.Elapsed.Seconds()
}

func (s Summary) String() string {
	return fmt.Sprintf("rows %d · created %d · already present %d · rejected %d · %.0f rows/s",
		s.Rows, s.Created, s.AlreadyPresent, s.Rejected, s.RowsPerSecond())
}

// ReportHeader is the first line of the error report.
var ReportHeader = []string{"line", "external_id", "field", "reason", "message"}

// Import reads an export of mapping m's kind from r and records its
// touchpoints through rec in batches. Invalid rows and rows the store rejects
// (unknown account, unknown contact email, ...) are written to the error
// report and left out; every other row is recorded, also when it shares a
// batch with a rejected one. Touchpoint ids are source:externalId, so running
// the same file again creates nothing and counts its rows as already present.
//
// The returned error is fatal (unreadable input or header, the store failing
// for a reason other than the rows, a cancelled context); batches committed
// before it stay committed, and re-running the import is safe. Rejected rows
// alone are not an error.
func Import(ctx context.Context, r io.Reader, m *Mapping, rec Recorder, opts Options) (Summary, error) {
	start := time.Now()
	size := opts.BatchSize
	if size == 0 {
		size = DefaultBatchSize
	}
	if size < 1 || size > journey.MaxTouchpointBatch {
		return Summary{}, fmt.Errorf("batch size %d: want 1 to %d", size, journey.MaxTouchpointBatch)
	}
	p, err := NewParser(r, m, opts.Now)
	if err != nil {
		return Summary{}, err
	}
	im := &importer{ctx: ctx, rec: rec, size: size, start: start, batch: make([]journey.TouchpointInput, 0, size),
		pending: make([]Pending, 0, size), rejected: map[int]bool{}}
	if opts.Errors != nil {
		im.report = csv.NewWriter(opts.Errors)
		if err := im.report.Write(ReportHeader); err != nil {
			return Summary{}, fmt.Errorf("error report: %w", err)
		}
	}
	im.progress = newProgress(opts, start)
	defer func() { im.sum.Elapsed = time.Since(start) }()

	for {
		row, err := p.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			im.finish()
			return im.sum, fmt.Errorf("read %s export: %w", m.Kind, err)
		}
		im.sum.Rows++
		// A row's touchpoints go into the same batch.
		if len(im.pending)+len(row.Touchpoints) > size {
			if err := im.flush(); err != nil {
				im.finish()
				return im.sum, err
			}
		}
		im.rejectRow(row)
		im.pending = append(im.pending, row.Touchpoints...)
		im.progress.tick(im.sum, false)
	}
	err = im.flush()
	im.finish()
	return im.sum, err
}

type importer struct {
	ctx      context.Context
	rec      Recorder
	size     int
	start    time.Time
	pending  []Pending
	batch    []journey.TouchpointInput
	report   *csv.Writer
	progress *progress
	sum      Summary
	// rejected holds the lines of pending touchpoints whose rows are already
	// counted as rejected (at most one entry per pending touchpoint), so a
	// row with two bad touchpoints counts once.
	rejected  map[int]bool
	reportErr error
}

// rejectRow reports a row's own errors (conversion, validation) and counts it.
func (im *importer) rejectRow(row *Row) {
	if len(row.Errors) == 0 {
		return
	}
	for _, e := range row.Errors {
		im.write(e)
	}
	im.sum.Rejected++
	if len(row.Touchpoints) > 0 {
		im.rejected[row.Line] = true
	}
}

// write adds one line to the error report.
func (im *importer) write(e RowError) {
	im.sum.Errors++
	if im.report != nil && im.reportErr == nil {
		im.reportErr = im.report.Write([]string{strconv.Itoa(e.Line), spreadsheetSafe(e.ExternalID), e.Field, e.Reason, spreadsheetSafe(e.Message)})
	}
}

// flush records the pending touchpoints. When the store rejects some of them
// it reports those and records the rest, until the batch is recorded or empty.
func (im *importer) flush() (err error) {
	defer func() {
		im.pending = im.pending[:0]
		clear(im.rejected)
		if im.report != nil {
			im.report.Flush()
			if ferr := im.report.Error(); ferr != nil && im.reportErr == nil {
				im.reportErr = ferr
			}
		}
		if err == nil && im.reportErr != nil {
			err = fmt.Errorf("error report: %w", im.reportErr)
		}
		im.progress.tick(im.sum, false)
	}()
	for len(im.pending) > 0 {
		if err := im.ctx.Err(); err != nil {
			return err
		}
		im.batch = im.batch[:0]
		for i := range im.pending {
			im.batch = append(im.batch, im.pending[i].Input)
		}
		res, err := im.rec.RecordTouchpoints(im.ctx, im.batch)
		if err == nil {
			created := 0
			for _, c := range res.Created {
				if c {
					created++
				}
			}
			// Every input either created its touchpoint or found it stored
			// (by an earlier run, an earlier batch, or earlier in this batch).
			im.sum.Created += created
			im.sum.AlreadyPresent += len(im.pending) - created
			im.sum.Batches++
			return nil
		}
		var problems journey.Errors
		if !errors.As(err, &problems) || len(problems) == 0 {
			return fmt.Errorf("record batch of lines %d-%d: %w", im.pending[0].Line, im.pending[len(im.pending)-1].Line, err)
		}
		// Each rejection names its item: a position in the batch. The store
		// reports them in batch order, which is file order.
		bad := make(map[int]bool, len(problems))
		for _, e := range problems {
			if e.Item == nil || *e.Item < 0 || *e.Item >= len(im.pending) {
				return fmt.Errorf("record batch of lines %d-%d: a rejection names no row of the batch: %w",
					im.pending[0].Line, im.pending[len(im.pending)-1].Line, e)
			}
			i := *e.Item
			pd := &im.pending[i]
			im.write(RowError{Line: pd.Line, ExternalID: pd.Input.ExternalID, Field: pd.origin.column(e.Field),
				Reason: reasonOf(e), Message: im.message(i, e)})
			if !im.rejected[pd.Line] {
				im.rejected[pd.Line] = true
				im.sum.Rejected++
			}
			bad[i] = true
		}
		kept := im.pending[:0]
		for i, pd := range im.pending {
			if !bad[i] {
				kept = append(kept, pd)
			}
		}
		im.pending = kept
	}
	return nil
}

// message is e's message for the report; a conflicting duplicate also says
// the line of the touchpoint's first occurrence.
func (im *importer) message(i int, e *journey.Error) string {
	if e.Reason != journey.ReasonConflictingDuplicateID {
		return e.Message
	}
	id := im.pending[i].Input.ID()
	for _, pd := range im.pending[:i] {
		if pd.Input.ID() == id {
			return fmt.Sprintf("%s (first at line %d)", e.Message, pd.Line)
		}
	}
	return e.Message
}

func (im *importer) finish() {
	im.sum.Elapsed = time.Since(im.start)
	im.progress.tick(im.sum, true)
}

// progress writes the running counts.
type progress struct {
	w     io.Writer
	tty   bool
	every time.Duration
	last  time.Time
	start time.Time
	n     int // calls since the clock was last read
}

func newProgress(opts Options, start time.Time) *progress {
	every := opts.ProgressEvery
	if every <= 0 {
		every = 10 * time.Second
		if opts.Terminal {
			every = 250 * time.Millisecond
		}
	}
	return &progress{w: opts.Progress, tty: opts.Terminal, every: every, last: start, start: start}
}

func (p *progress) tick(s Summary, final bool) {
	if p.w == nil {
		return
	}
	if !final {
		// Reading the clock for every row would cost more than the row.
		if p.n++; p.n < 256 {
			return
		}
		p.n = 0
		now := time.Now()
		if now.Sub(p.last) < p.every {
			return
		}
		p.last = now
	}
	s.Elapsed = time.Since(p.start)
	switch {
	case p.tty && final:
		fmt.Fprintf(p.w, "\r%s\x1b[K\n", s)
	case p.tty:
		fmt.Fprintf(p.w, "\r%s\x1b[K", s)
	case final:
		fmt.Fprintf(p.w, "done: %s\n", s)
	default:
		fmt.Fprintln(p.w, s)
	}
}

// spreadsheetSafe keeps a report cell that repeats file content from being
// run as a formula when the report is opened in a spreadsheet: a leading
// '=', '+', '-', '@', tab or carriage return gets a quote in front.
func spreadsheetSafe(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
