package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/journeygraph/journeygraph/config"
	"github.com/journeygraph/journeygraph/importer"
	"github.com/journeygraph/journeygraph/server"
	"github.com/journeygraph/journeygraph/store"
)

// stdin is what `journeygraph import -` reads (a variable for tests).
var stdin io.Reader = os.Stdin

const importUsage = `usage: journeygraph import -kind KIND [-batch 500] [-errors PATH] FILE.csv

Imports the touchpoints of a CSV export into the journey graph. FILE may be -
for standard input. KIND is one of: %s
(the column mapping of each kind is in docs/import.md).

The accounts and contacts the rows refer to must exist. Rows that cannot be
imported (a bad value, an unknown account or contact email, ...) are left out
and listed in the error report, one line per problem; they do not stop the
import nor make it fail. Running the same file again creates nothing.

Exit status: 0 when the file was read to the end (even with rejected rows),
1 when it could not be read, its header does not fit the kind, or Neo4j failed.

Flags:
`

// importCommand runs `journeygraph import`.
func importCommand(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	var kind, reportPath string
	var batch int
	cfg, rest, err := config.LoadWith("journeygraph import", args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&kind, "kind", "", "export kind: "+strings.Join(importer.KindNames(), ", "))
		fs.IntVar(&batch, "batch", importer.DefaultBatchSize, "touchpoints per transaction, 1 to 1000")
		fs.StringVar(&reportPath, "errors", "", "per-row error report, CSV (default FILE.errors.csv, or import.errors.csv for stdin); removed when there are no errors")
		fs.Usage = func() {
			fmt.Fprintf(fs.Output(), importUsage, strings.Join(importer.KindNames(), ", "))
			fs.PrintDefaults()
		}
	})
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return fmt.Errorf("import: want exactly one file (or - for standard input), got %d arguments", len(rest))
	}
	m, err := importer.Lookup(kind)
	if err != nil {
		return fmt.Errorf("import: -kind: %w", err)
	}
	path := rest[0]
	in, name := stdin, "standard input"
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		defer f.Close()
		in, name = f, path
	}
	if reportPath == "" {
		reportPath = path + ".errors.csv"
		if path == "-" {
			reportPath = "import.errors.csv"
		}
	}

	st, err := store.Open(cfg.Neo4j, nil)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	st.SetLogger(server.NewLogger(cfg, stderr))
	// Migrations are idempotent; without the key constraints every MERGE by
	// id would scan, and concurrent imports could duplicate nodes.
	if err := st.Migrate(ctx); err != nil {
		return fmt.Errorf("import: migrate Neo4j at %s: %w", cfg.Neo4j.URI, err)
	}
	report, err := os.Create(reportPath)
	if err != nil {
		return fmt.Errorf("import: error report: %w", err)
	}
	sum, err := importer.Import(ctx, in, m, st, importer.Options{
		BatchSize: batch, Errors: report, Progress: stderr, Terminal: isTerminal(stderr),
	})
	if cerr := report.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("import: error report: %w", cerr)
	}
	where := "no errors"
	if sum.Errors == 0 {
		_ = os.Remove(reportPath)
	} else {
		where = fmt.Sprintf("%d errors in %s", sum.Errors, reportPath)
	}
	fmt.Fprintf(stderr, "import %s from %s: %d rows, %d touchpoints created, %d already present, %d rows rejected (%s)\n",
		m.Kind, name, sum.Rows, sum.Created, sum.AlreadyPresent, sum.Rejected, where)
	if err != nil {
		var herr *importer.HeaderError
		if errors.As(err, &herr) {
			return fmt.Errorf("import %s: %w", name, err)
		}
		return fmt.Errorf("import %s stopped after %d rows (committed batches stay; re-running is safe): %w", name, sum.Rows, err)
	}
	return nil
}

// isTerminal reports whether w is a terminal (progress then rewrites one line).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
