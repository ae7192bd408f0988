package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/journeygraph/journeygraph/config"
	"github.com/journeygraph/journeygraph/eventlog"
	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/server"
	"github.com/journeygraph/journeygraph/store"
)

// stdout is where `journeygraph export` writes without -o (a variable for tests).
var stdout io.Writer = os.Stdout

const exportUsage = `usage: journeygraph export -format xes|ocel2-json [-o FILE] [scope flags]

Writes the journeys of an analysis scope as an event log for process-mining
tools: IEEE XES (one trace per journey) or OCEL 2.0 JSON (accounts, contacts
and stages as objects). The scope flags are the analytics' AnalysisScope
(lists comma-separated, times RFC 3339 or YYYY-MM-DD); without them every
account journey with every touchpoint. docs/export.md describes both formats.
Progress goes to standard error.

Flags:
`

// scopeFlags maps the export command's flags to AnalysisScope fields.
var scopeFlags = map[string]struct{ field, help string }{
	"level":              {"level", "journeys: ACCOUNT (default) or CONTACT"},
	"segment":            {"segment", "only accounts in these segments (SMB, MID_MARKET, ENTERPRISE)"},
	"industry":           {"industry", "only accounts in these industries"},
	"region":             {"region", "only accounts in these regions"},
	"from":               {"from", "only touchpoints and stage changes at or after this time"},
	"to":                 {"to", "only touchpoints and stage changes before this time"},
	"cohort-from":        {"cohortFrom", "only journeys whose first touchpoint ever is at or after this time"},
	"cohort-to":          {"cohortTo", "only journeys whose first touchpoint ever is before this time"},
	"exclude-categories": {"excludeCategories", "leave out touchpoints of these categories"},
	"exclude-types":      {"excludeTypes", "leave out touchpoints of these types (keys)"},
}

// exportCommand runs `journeygraph export`.
func exportCommand(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	var format, outPath string
	values := map[string]*string{}
	var flags *flag.FlagSet
	cfg, rest, err := config.LoadWith("journeygraph export", args, getenv, stderr, func(fs *flag.FlagSet) {
		flags = fs
		fs.StringVar(&format, "format", "", "event-log format: xes or ocel2-json")
		fs.StringVar(&outPath, "o", "", "output file (default standard output)")
		for name, f := range scopeFlags {
			values[f.field] = fs.String(name, "", f.help)
		}
		fs.Usage = func() {
			fmt.Fprint(fs.Output(), exportUsage)
			fs.PrintDefaults()
		}
	})
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("export: unexpected arguments: %v", rest)
	}
	f, err := eventlog.ParseFormat(format)
	if err != nil {
		return fmt.Errorf("export: -format: %w", err)
	}
	// A flag given, even empty (`-industry "$UNSET"`), is passed on so the
	// scope refuses it instead of exporting every journey.
	given := map[string]bool{}
	flags.Visit(func(f *flag.Flag) {
		if sf, ok := scopeFlags[f.Name]; ok {
			given[sf.field] = true
		}
	})
	scope, err := eventlog.ParseScope(func(field string) []string {
		if given[field] {
			return []string{*values[field]}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("export: %s", flagNames(err.Error()))
	}

	st, err := store.Open(cfg.Neo4j, nil)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	st.SetLogger(server.NewLogger(cfg, stderr))

	out, name := stdout, "standard output"
	var file *os.File
	if outPath != "" && outPath != "-" {
		// Written beside the target and renamed at the end, so a failed
		// export never leaves a truncated log under the name asked for.
		file, err = os.CreateTemp(filepath.Dir(outPath), ".journeygraph-export-*")
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer func() {
			if file != nil {
				_ = file.Close()
				_ = os.Remove(file.Name())
			}
		}()
		out, name = file, outPath
	}
	stats, err := eventlog.Write(ctx, st, out, eventlog.Options{
		Format: f, Scope: scope, Progress: stderr, Terminal: isTerminal(stderr),
	})
	var invalid journey.Errors
	if errors.As(err, &invalid) {
		return fmt.Errorf("export: %s", flagNames(err.Error()))
	}
	if err != nil {
		return err
	}
	if file != nil {
		// CreateTemp makes the file private (0600); a log is an ordinary
		// file: the mode of the file it replaces, or rw-r--r--.
		mode := os.FileMode(0o644)
		if fi, err := os.Stat(outPath); err == nil {
			mode = fi.Mode().Perm()
		}
		if err := file.Chmod(mode); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if err := file.Close(); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if err := os.Rename(file.Name(), outPath); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		file = nil
	}
	fmt.Fprintf(stderr, "export %s to %s: %s\n", f, name, stats)
	return nil
}

// flagNames turns the scope's field names in an error into the flags' names.
func flagNames(msg string) string {
	for name, f := range scopeFlags {
		msg = strings.ReplaceAll(msg, "scope."+f.field, "-"+name)
	}
	return msg
}
