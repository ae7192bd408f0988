package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/journeygraph/journeygraph/config"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/server"
	"github.com/journeygraph/journeygraph/store"
)

// seedOptions are the seed command's own flags.
type seedOptions struct {
	params  seed.Params
	ifEmpty bool
}

// parseSeedFlags reads the seed command's flags; see parseGeneratorFlags.
func parseSeedFlags(args []string, getenv func(string) string, usage io.Writer) (seedOptions, config.Config, error) {
	var ifEmpty *bool
	opts, cfg, err := parseGeneratorFlags("journeygraph seed", args, getenv, usage, func(fs *flag.FlagSet) {
		ifEmpty = fs.Bool("if-empty", false, "seed only when the database has no account yet (what make run does)")
	})
	opts.ifEmpty = ifEmpty != nil && *ifEmpty
	return opts, cfg, err
}

// parseGeneratorFlags reads the generator's flags (and the command's own,
// which extra defines) and passes the settings flags (-neo4j-uri, ...)
// through to config.Load, which owns their defaults, environment variables
// and validation.
func parseGeneratorFlags(name string, args []string, getenv func(string) string, usage io.Writer,
	extra func(*flag.FlagSet)) (seedOptions, config.Config, error) {
	def := seed.DefaultParams()
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(usage)
	accounts := fs.Int("accounts", def.Accounts, "accounts to generate (about 157 touchpoints each with the default mix: 6,400 accounts ≈ 1M touchpoints)")
	contacts := fs.Int("contacts-per-account", def.ContactsPerAccount, "mean contacts per account (each gets 2/3 to 4/3 of it)")
	seedValue := fs.Int64("seed", def.Seed, "random seed: the same seed and flags give the same data")
	from := fs.String("from", def.Start.Format(time.DateOnly), "start of the time span (YYYY-MM-DD or RFC 3339)")
	to := fs.String("to", def.End.Format(time.DateOnly), "end of the time span, not in the future (YYYY-MM-DD or RFC 3339)")
	mix := fs.String("mix", def.Mix.String(), "shares of the journey kinds lost, churned, retained and advocate")
	if extra != nil {
		extra(fs)
	}
	settings := map[string]*string{}
	for _, s := range config.Settings {
		// Backquotes would make flag's usage read the quoted word as the value's name.
		help := strings.ReplaceAll(s.Help, "`", "")
		settings[s.Flag] = fs.String(s.Flag, "", help+" (env "+s.Env+", default "+s.Default+")")
	}
	if err := fs.Parse(args); err != nil {
		return seedOptions{}, config.Config{}, err
	}
	if fs.NArg() > 0 {
		return seedOptions{}, config.Config{}, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	var passThrough []string
	fs.Visit(func(f *flag.Flag) {
		if _, ok := settings[f.Name]; ok {
			passThrough = append(passThrough, "-"+f.Name+"="+f.Value.String())
		}
	})
	cfg, _, cfgErr := config.Load(name, passThrough, getenv, usage)

	opts := seedOptions{params: seed.Params{Seed: *seedValue, Accounts: *accounts, ContactsPerAccount: *contacts}}
	// Report every problem at once, like config.Load.
	var errs []string
	var startErr, endErr, mixErr error
	if opts.params.Start, startErr = parseDate(*from); startErr != nil {
		errs = append(errs, "-from: "+startErr.Error())
	}
	if opts.params.End, endErr = parseDate(*to); endErr != nil {
		errs = append(errs, "-to: "+endErr.Error())
	}
	if opts.params.Mix, mixErr = seed.ParseMix(*mix); mixErr != nil {
		errs = append(errs, "-"+mixErr.Error())
	}
	if startErr == nil && endErr == nil && mixErr == nil {
		if err := opts.params.Validate(time.Now()); err != nil {
			errs = append(errs, err.Error())
		}
	}
	if cfgErr != nil {
		errs = append(errs, cfgErr.Error())
	}
	if len(errs) > 0 {
		return opts, cfg, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return opts, cfg, nil
}

func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date such as 2025-01-31 or 2025-01-31T12:00:00Z", s)
	}
	return t.UTC(), nil
}

// seedCommand generates synthetic journeys and loads them into Neo4j,
// migrating the schema first (MERGE needs the key constraints to be fast).
func seedCommand(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	opts, cfg, err := parseSeedFlags(args, getenv, stderr)
	if err != nil {
		return err
	}
	st, err := store.Open(cfg.Neo4j, nil)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	st.SetLogger(server.NewLogger(cfg, stderr))
	if err := st.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate %s: %w", cfg.Neo4j.URI, err)
	}
	if opts.ifEmpty {
		any, err := st.AnyAccount(ctx)
		if err != nil {
			return fmt.Errorf("check for accounts: %w", err)
		}
		if any {
			fmt.Fprintln(stderr, "seed: the database already has accounts; not seeding (-if-empty)")
			return nil
		}
	}
	p := opts.params
	fmt.Fprintf(stderr, "seed: %d accounts, ~%d contacts each, seed %d, %s to %s, mix %s, into %s database %q\n",
		p.Accounts, p.ContactsPerAccount, p.Seed, p.Start.Format(time.DateOnly), p.End.Format(time.DateOnly), p.Mix,
		cfg.Neo4j.URI, cfg.Neo4j.Database)
	stats, err := seed.Load(ctx, st, p, stderr)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	fmt.Fprintf(stderr, "seed: done in %s: %d touchpoints, %.0f events/s\n",
		stats.Elapsed.Round(time.Millisecond), stats.Touchpoints, stats.TouchpointsPerSecond())
	return nil
}
