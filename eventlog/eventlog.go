// Package eventlog writes the journeys of an analysis scope as event logs
// that process-mining tools read: IEEE 1849 XES (one trace per journey) and
// OCEL 2.0 JSON (object-centric: accounts, contacts and stages as objects).
// docs/export.md describes the mapping.
//
// Both writers stream: the journeys come from the store a page at a time and
// are written as they come, so an export of any size holds one page.
package eventlog

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// Format is an event-log format.
type Format string

const (
	FormatXES       Format = "xes"
	FormatOCEL2JSON Format = "ocel2-json"
)

// Formats lists the formats, for usage texts.
var Formats = []Format{FormatXES, FormatOCEL2JSON}

// ParseFormat reads a format name.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == strings.ToLower(strings.TrimSpace(s)) {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q (want xes or ocel2-json)", s)
}

// Extension is the usual file name extension of the format.
func (f Format) Extension() string {
	if f == FormatXES {
		return ".xes"
	}
	return ".jsonocel"
}

// ContentType is the media type a download of the format is served as.
func (f Format) ContentType() string {
	if f == FormatXES {
		return "application/xml; charset=utf-8"
	}
	return "application/json; charset=utf-8"
}

// Source is what an export reads: the store.
type Source interface {
	ExportJourneys(ctx context.Context, scope journey.AnalysisScope, pageAccounts int, visit func(journey.ExportPage) error) error
	TouchpointTypes(ctx context.Context, category *journey.Category, phase *journey.Phase) ([]journey.TouchpointType, error)
	Stages(ctx context.Context) ([]journey.Stage, error)
}

// Options configure Write.
type Options struct {
	Format Format
	// Scope is normalized by the caller.
	Scope journey.AnalysisScope
	// Progress receives progress lines; nil for none. Terminal: it is a
	// terminal, so progress is one line rewritten in place.
	Progress io.Writer
	Terminal bool
	// ProgressEvery is the interval of progress reports (default 1s on a
	// terminal, 10s elsewhere).
	ProgressEvery time.Duration
	// PageAccounts is how many accounts the store reads at a time (0: the
	// store's default); memory grows with it, not with the export.
	PageAccounts int
	// TempDir holds the OCEL export's spooled objects ("" for the system's).
	TempDir string
}

// Stats count what an export wrote.
type Stats struct {
	Journeys     int
	Touchpoints  int
	StageChanges int
	Elapsed      time.Duration
}

// Events is every event written.
func (s Stats) Events() int { return s.Touchpoints + s.StageChanges }

func (s Stats) String() string {
	rate := 0.0
	if s.Elapsed > 0 {
		rate = float64(s.Events()) / s.Elapsed.Seconds()
	}
	return fmt.Sprintf("%d journeys, %d touchpoint events, %d stage-change events, %.0f events/s, %s",
		s.Journeys, s.Touchpoints, s.StageChanges, rate, s.Elapsed.Round(time.Millisecond))
}

// pageWriter is one format's writer: a header, the pages, then the end.
type pageWriter interface {
	begin(catalog) error
	// page writes a page's events and returns how many of each kind.
	page(journey.ExportPage, journey.JourneyLevel) (touchpoints, stageChanges int, err error)
	end() error
}

// catalog is what the writers need of the catalog: each type's category,
// channel and source system, and the stages.
type catalog struct {
	types  []journey.TouchpointType
	byKey  map[string]journey.TouchpointType
	stages []journey.Stage
}

// Write exports the scope's journeys to w in the format.
func Write(ctx context.Context, src Source, w io.Writer, opts Options) (Stats, error) {
	start := time.Now()
	types, err := src.TouchpointTypes(ctx, nil, nil)
	if err != nil {
		return Stats{}, fmt.Errorf("export: read the touchpoint types: %w", err)
	}
	stages, err := src.Stages(ctx)
	if err != nil {
		return Stats{}, fmt.Errorf("export: read the stages: %w", err)
	}
	cat := catalog{types: types, byKey: map[string]journey.TouchpointType{}, stages: stages}
	for _, t := range types {
		cat.byKey[t.Key] = t
	}
	if err := checkExcludedTypes(opts.Scope, cat); err != nil {
		return Stats{}, err
	}
	var pw pageWriter
	switch opts.Format {
	case FormatXES:
		pw = newXESWriter(w)
	case FormatOCEL2JSON:
		ow, err := newOCELWriter(w, opts.TempDir)
		if err != nil {
			return Stats{}, err
		}
		defer ow.close()
		pw = ow
	default:
		return Stats{}, fmt.Errorf("export: unknown format %q", opts.Format)
	}
	var stats Stats
	progress := newProgress(opts, start)
	if err := pw.begin(cat); err != nil {
		return stats, err
	}
	err = src.ExportJourneys(ctx, opts.Scope, opts.PageAccounts, func(p journey.ExportPage) error {
		tps, changes, err := pw.page(p, opts.Scope.Level)
		if err != nil {
			return err
		}
		stats.Journeys += len(p.Journeys)
		stats.Touchpoints += tps
		stats.StageChanges += changes
		stats.Elapsed = time.Since(start)
		progress.report(stats, false)
		return nil
	})
	if err != nil {
		return stats, fmt.Errorf("export: %w", err)
	}
	if err := pw.end(); err != nil {
		return stats, err
	}
	stats.Elapsed = time.Since(start)
	progress.report(stats, true)
	return stats, nil
}

// progress writes the running counts: on a terminal one line rewritten in
// place, elsewhere a plain line per interval.
type progress struct {
	w     io.Writer
	tty   bool
	every time.Duration
	last  time.Time
}

func newProgress(opts Options, start time.Time) *progress {
	every := opts.ProgressEvery
	if every <= 0 {
		every = 10 * time.Second
		if opts.Terminal {
			every = time.Second
		}
	}
	return &progress{w: opts.Progress, tty: opts.Terminal, every: every, last: start}
}

func (p *progress) report(s Stats, final bool) {
	if p.w == nil {
		return
	}
	now := time.Now()
	if !final && now.Sub(p.last) < p.every {
		return
	}
	p.last = now
	switch {
	case p.tty && final:
		fmt.Fprintf(p.w, "\rexport: done: %s\x1b[K\n", s)
	case p.tty:
		fmt.Fprintf(p.w, "\rexport: %s\x1b[K", s)
	case final:
		fmt.Fprintf(p.w, "export: done: %s\n", s)
	default:
		fmt.Fprintf(p.w, "export: %s\n", s)
	}
}
