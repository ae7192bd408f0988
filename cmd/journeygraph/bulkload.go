package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"syscall"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/journeygraph/journeygraph/bulkload"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/server"
	"github.com/journeygraph/journeygraph/store"
)

// bulkloadCommand is the offline bulk load (docs/bulk-load.md) in its two
// halves around `scripts/neo4j.sh import`:
//
//	journeygraph bulkload -out DIR [generator flags]   write the import files
//	journeygraph bulkload -finish [settings flags]     after the import: migrations, catalog
func bulkloadCommand(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	var out *string
	var finish *bool
	opts, cfg, err := parseGeneratorFlags("journeygraph bulkload", args, getenv, stderr, func(fs *flag.FlagSet) {
		out = fs.String("out", "", "directory to write the import files into (created; files of an earlier load replaced)")
		finish = fs.Bool("finish", false, "after `scripts/neo4j.sh import`: apply the migrations and load the catalog")
	})
	if err != nil {
		return err
	}
	switch {
	case *finish && *out != "":
		return errors.New("bulkload: -out and -finish are two separate steps; pass one")
	case *finish:
		return finishBulkload(ctx, cfg.Neo4j, server.NewLogger(cfg, stderr), stderr)
	case *out == "":
		return errors.New("bulkload: pass -out DIR (write the files) or -finish (after the import)")
	}
	p := opts.params
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	start := time.Now()
	w, err := bulkload.Create(*out, seed.Catalog(), start)
	if err != nil {
		return fmt.Errorf("bulkload: %w", err)
	}
	err = writeJourneys(ctx, w, p, start)
	stats, closeErr := w.Close()
	if err = errors.Join(err, closeErr); err != nil {
		return fmt.Errorf("bulkload: %w", err)
	}
	fmt.Fprintf(stderr, "bulkload: wrote %s in %s: %d accounts, %d contacts, %d touchpoints, %d stage transitions, "+
		"%d journey paths, %d relationships (peak RSS %d MiB)\n",
		*out, time.Since(start).Round(time.Millisecond), stats.Accounts, stats.Contacts, stats.Touchpoints,
		stats.StageTransitions, stats.JourneyPaths, stats.Relationships, peakRSSMiB())
	fmt.Fprintf(stderr, "bulkload: next: scripts/neo4j.sh import %s (instance stopped), start it, journeygraph bulkload -finish\n", *out)
	return nil
}

// writeJourneys generates p's journeys and adds them to w in index order,
// runs of accountsPerPart accounts generated and formatted by one goroutine
// per CPU at once (accounts are independent), then appended in order.
func writeJourneys(ctx context.Context, w *bulkload.Writer, p seed.Params, now time.Time) error {
	if err := p.Validate(now); err != nil {
		return err
	}
	const accountsPerPart = 64
	parts := make([]*bulkload.Writer, runtime.GOMAXPROCS(0))
	for k := range parts {
		parts[k] = w.Part()
	}
	for first := 0; first < p.Accounts; first += len(parts) * accountsPerPart {
		g, ctx := errgroup.WithContext(ctx)
		for k, part := range parts {
			from := first + k*accountsPerPart
			to := min(from+accountsPerPart, p.Accounts)
			g.Go(func() error {
				for i := from; i < to; i++ {
					if err := ctx.Err(); err != nil {
						return err
					}
					j := seed.GenerateAccount(p, i)
					if err := seed.NormalizeJourney(&j, now); err != nil {
						return fmt.Errorf("generated data of %s is invalid: %w", j.Account.ID, err)
					}
					if err := part.Add(j); err != nil {
						return err
					}
				}
				return nil
			})
		}
		if err := g.Wait(); err != nil {
			return err
		}
		for _, part := range parts {
			if err := w.Append(part); err != nil {
				return err
			}
		}
	}
	return nil
}

// finishBulkload makes an imported database one that online ingest and the
// API can use: the constraints and indexes (waiting until they are online)
// and the catalog, loaded as `journeygraph seed` loads it.
func finishBulkload(ctx context.Context, cfg store.Config, logger *slog.Logger, stderr io.Writer) error {
	start := time.Now()
	st, err := store.Open(cfg, nil)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	st.SetLogger(logger)
	if err := st.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate %s: %w", cfg.URI, err)
	}
	// A new data epoch: an API process that cached the database this one
	// replaced must not take it for the same (see store.DataVersion).
	if err := st.NewDataEpoch(ctx); err != nil {
		return fmt.Errorf("new data epoch: %w", err)
	}
	migrated := time.Since(start)
	if err := st.LoadCatalog(ctx, seed.Catalog()); err != nil {
		return fmt.Errorf("load catalog: %w", err)
	}
	fmt.Fprintf(stderr, "bulkload: finished %s database %q: migrations and indexes in %s, catalog in %s\n",
		cfg.URI, cfg.Database, migrated.Round(time.Millisecond), (time.Since(start) - migrated).Round(time.Millisecond))
	return nil
}

// peakRSSMiB is this process's peak resident set size.
func peakRSSMiB() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Maxrss / 1024 // KiB on Linux
}
