// Command ingest measures touchpoint ingest against its raw limit in one run,
// on the Neo4j at NEO4J_URI (password NEO4J_PASSWORD), which it EMPTIES:
//
//	go run ./bench/ingest -accounts 650 [-modes seed,raw] [-cpuprofile f]
//
// A mode seed:N runs the seed load with N touchpoint writers (default
// seed.DefaultWriters), so that modes seed:1,seed:4,raw compares them in one
// run. A mode clients:N records the same touchpoints as raw does, after the
// same untimed setup, through store.RecordTouchpoints (what the
// recordTouchpoints mutation calls) from N concurrent clients sending batches
// of 1,000 in generation order, as independent API clients would: batches
// are not partitioned by account. A mode import:N imports with batches of N
// touchpoints (default importer.DefaultBatchSize).
//
// seed: the whole `journeygraph seed` load (seed.Load into the store: catalog,
// accounts, contacts, touchpoints with chains, paths and change feed, stage
// changes), timed end to end. raw: the same touchpoints created by a plain
// UNWIND batch of the same size (raw.cypher: node, type and account
// relationships only) after the catalog, accounts and contacts were loaded
// untimed. Each mode starts from an empty, migrated database. It prints
// touchpoints per second per mode, their ratio, and for seed the time spent
// per store query (the client's view: a statement's round trip).
package main

import (
	"context"
	_ "embed"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"golang.org/x/sync/errgroup"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/store"
)

//go:embed raw.cypher
var rawCypher string

func main() {
	accounts := flag.Int("accounts", 650, "seed accounts (650 ≈ 100k touchpoints, 6500 ≈ 1M)")
	modes := flag.String("modes", "seed,raw", "comma-separated: seed[:writers], clients[:n], import, raw, raw-http, in this order")
	batch := flag.Int("batch", seed.DefaultMaxRows, "raw: touchpoints per UNWIND transaction")
	cpuprofile := flag.String("cpuprofile", "", "write this process's CPU profile of the seed mode to this file")
	flag.Parse()
	if err := run(*accounts, strings.Split(*modes, ","), *batch, *cpuprofile); err != nil {
		fmt.Fprintln(os.Stderr, "ingest:", err)
		os.Exit(1)
	}
}

func run(accounts int, modes []string, batch int, cpuprofile string) error {
	ctx := context.Background()
	cfg := store.Config{URI: os.Getenv("NEO4J_URI"), Username: "neo4j", Password: os.Getenv("NEO4J_PASSWORD"),
		Database: "neo4j", MaxRetryTime: time.Minute}
	if cfg.URI == "" {
		return fmt.Errorf("NEO4J_URI is not set")
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.Username, cfg.Password, ""))
	if err != nil {
		return err
	}
	defer driver.Close(ctx)
	p := seed.DefaultParams()
	p.Accounts = accounts
	fmt.Printf("accounts: %d, start: %s, load average: %s\n", accounts, time.Now().UTC().Format(time.RFC3339), loadAverage())
	rates := map[string]float64{}
	for _, mode := range modes {
		if err := wipe(ctx, driver); err != nil {
			return err
		}
		times := &queryTimes{took: map[string]time.Duration{}, count: map[string]int{}}
		st, err := store.Open(cfg, times.observe)
		if err != nil {
			return err
		}
		if err := st.Migrate(ctx); err != nil {
			return err
		}
		var n int
		var took time.Duration
		kind, writers, _ := strings.Cut(mode, ":")
		switch kind {
		case "seed":
			stop, err := startProfile(cpuprofile)
			if err != nil {
				return err
			}
			loader := seed.Loader{}
			if writers != "" {
				if loader.Writers, err = strconv.Atoi(writers); err != nil {
					return fmt.Errorf("mode %s: %w", mode, err)
				}
			}
			stats, err := loader.Load(ctx, st, p, nil)
			stop()
			if err != nil {
				return err
			}
			n, took = stats.Touchpoints, stats.Elapsed
		case "raw":
			n, took, err = raw(ctx, st, driver, p, nil, func(tps []journey.TouchpointInput) error {
				return rawUnwind(ctx, driver, tps, batch)
			})
			if err != nil {
				return err
			}
		case "raw-http":
			n, took, err = raw(ctx, st, driver, p, nil, func(tps []journey.TouchpointInput) error {
				return rawUnwindHTTP(ctx, cfg.Password, tps, batch)
			})
			if err != nil {
				return err
			}
		case "import":
			dir, err := os.MkdirTemp("", "bench-ingest-import-")
			if err != nil {
				return err
			}
			var files map[string]string
			n, took, err = raw(ctx, st, driver, p, func(tps []journey.TouchpointInput, contacts []journey.ContactInput) error {
				var rows int
				files, rows, err = importFiles(dir, tps, contacts)
				fmt.Printf("  import: %d of %d touchpoints written as %d export files (types no kind maps are left out)\n",
					rows, len(tps), len(files))
				return err
			}, func([]journey.TouchpointInput) error {
				return importAll(ctx, st, files, writers)
			})
			os.RemoveAll(dir)
			if err != nil {
				return err
			}
		case "clients":
			clients := 4
			if writers != "" {
				if clients, err = strconv.Atoi(writers); err != nil {
					return fmt.Errorf("mode %s: %w", mode, err)
				}
			}
			n, took, err = raw(ctx, st, driver, p, nil, func(tps []journey.TouchpointInput) error {
				return record(ctx, st, tps, clients)
			})
			if err != nil {
				return err
			}
		default:
			return fmt.Errorf("unknown mode %q", mode)
		}
		_ = st.Close(ctx)
		rates[mode] = float64(n) / took.Seconds()
		fmt.Printf("%s: %d touchpoints in %s: %.0f touchpoints/s (load average %s)\n", mode, n,
			took.Round(time.Millisecond), rates[mode], loadAverage())
		if !strings.HasPrefix(kind, "raw") {
			times.print(took)
		}
	}
	for _, mode := range modes {
		for _, limit := range []string{"raw", "raw-http"} {
			if !strings.HasPrefix(mode, "raw") && rates[mode] > 0 && rates[limit] > 0 {
				fmt.Printf("%s / %s: %.2f\n", mode, limit, rates[mode]/rates[limit])
			}
		}
	}
	return nil
}

// raw loads the catalog, accounts and contacts of p untimed and runs prepare
// (when not nil) on the touchpoints and contacts untimed, then times load
// writing p's touchpoints, and returns how many touchpoints the database
// holds and how long load took.
func raw(ctx context.Context, st *store.Store, driver neo4j.DriverWithContext, p seed.Params,
	prepare func([]journey.TouchpointInput, []journey.ContactInput) error, load func([]journey.TouchpointInput) error) (int, time.Duration, error) {
	if err := st.LoadCatalog(ctx, seed.Catalog()); err != nil {
		return 0, 0, err
	}
	now := time.Now()
	var tps []journey.TouchpointInput
	var accounts []journey.AccountInput
	var contacts []journey.ContactInput
	err := seed.Generate(p, func(j seed.AccountJourney) error {
		accounts = append(accounts, j.Account)
		contacts = append(contacts, j.Contacts...)
		for _, t := range j.Touchpoints {
			if err := t.Normalize("touchpoint", now); err != nil {
				return err
			}
			if t.AccountID == nil {
				t.AccountID = &j.Account.ID
			}
			tps = append(tps, t)
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	if prepare != nil {
		if err := prepare(tps, contacts); err != nil {
			return 0, 0, err
		}
	}
	const batch = seed.DefaultMaxRows
	for len(accounts) > 0 { // untimed: what the touchpoints need
		n := min(batch, len(accounts))
		if _, err := st.UpsertAccounts(ctx, accounts[:n]); err != nil {
			return 0, 0, err
		}
		accounts = accounts[n:]
	}
	for len(contacts) > 0 {
		n := min(batch, len(contacts))
		if _, err := st.UpsertContacts(ctx, contacts[:n]); err != nil {
			return 0, 0, err
		}
		contacts = contacts[n:]
	}
	start := time.Now()
	if err := load(tps); err != nil {
		return 0, 0, err
	}
	took := time.Since(start)
	res, err := neo4j.ExecuteQuery(ctx, driver, "MATCH (t:Touchpoint) RETURN count(t) AS n", nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase("neo4j"))
	if err != nil {
		return 0, 0, err
	}
	n, _ := res.Records[0].Get("n")
	return int(n.(int64)), took, nil
}

// rawUnwind creates tps by raw.cypher over Bolt in transactions of batch.
func rawUnwind(ctx context.Context, driver neo4j.DriverWithContext, tps []journey.TouchpointInput, batch int) error {
	return inBatches(tps, batch, func(t journey.TouchpointInput) any { return t.OccurredAt }, func(params map[string]any) error {
		_, err := neo4j.ExecuteQuery(ctx, driver, rawCypher, params, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase("neo4j"))
		return err
	})
}

// inBatches calls write with the parameters of raw.cypher for each batch of
// tps, occurredAt as at gives it.
func inBatches(tps []journey.TouchpointInput, batch int, at func(journey.TouchpointInput) any, write func(map[string]any) error) error {
	for len(tps) > 0 {
		chunk := tps[:min(batch, len(tps))]
		tps = tps[len(chunk):]
		cols := map[string][]any{}
		for _, t := range chunk {
			var contact any
			if t.ContactID != nil {
				contact = *t.ContactID
			}
			for k, v := range map[string]any{"ids": t.ID(), "sources": t.Source, "externalIds": t.ExternalID,
				"types": t.TypeKey, "occurredAts": at(t), "accountIds": *t.AccountID, "contactIds": contact} {
				cols[k] = append(cols[k], v)
			}
		}
		params := map[string]any{}
		for k, v := range cols {
			params[k] = v
		}
		if err := write(params); err != nil {
			return err
		}
	}
	return nil
}

// record sends tps through RecordTouchpoints in batches of 1,000 from
// clients goroutines, each taking the next batch in generation order.
func record(ctx context.Context, st *store.Store, tps []journey.TouchpointInput, clients int) error {
	const size = 1000
	batches := make(chan []journey.TouchpointInput)
	g, ctx := errgroup.WithContext(ctx)
	for range clients {
		g.Go(func() error {
			for b := range batches {
				if _, err := st.RecordTouchpoints(ctx, b); err != nil {
					return err
				}
			}
			return nil
		})
	}
	g.Go(func() error {
		defer close(batches)
		for len(tps) > 0 {
			b := tps[:min(size, len(tps))]
			tps = tps[len(b):]
			select {
			case batches <- b:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	return g.Wait()
}

// wipe empties the database (schema stays) in short transactions: one CALL
// IN TRANSACTIONS statement over 100k touchpoints outlived the server's 120 s
// transaction timeout on a loaded machine. Relationships go first, 50,000 at a
// time: a node's DETACH DELETE takes all of its own in one transaction, and a
// touchpoint type of a 1M load has ~30,000 (its OF_TYPE links), which outgrew
// the server's transaction memory.
func wipe(ctx context.Context, driver neo4j.DriverWithContext) error {
	for _, q := range []string{
		"MATCH ()-[r]->() WITH r LIMIT 50000 DELETE r RETURN count(*) AS n",
		"MATCH (n) WITH n LIMIT 10000 DELETE n RETURN count(*) AS n",
	} {
		for {
			res, err := neo4j.ExecuteQuery(ctx, driver, q, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase("neo4j"))
			if err != nil {
				return err
			}
			if n, _ := res.Records[0].Get("n"); n.(int64) == 0 {
				break
			}
		}
	}
	return nil
}

func startProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func loadAverage() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// queryTimes adds up the client-side time of each store query.
type queryTimes struct {
	mu    sync.Mutex
	took  map[string]time.Duration
	count map[string]int
}

func (q *queryTimes) observe(_ context.Context, name string, took time.Duration, _ error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.took[name] += took
	q.count[name]++
}

func (q *queryTimes) print(total time.Duration) {
	names := make([]string, 0, len(q.took))
	for n := range q.took {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int { return int(q.took[b] - q.took[a]) })
	for _, n := range names {
		fmt.Printf("  %-30s %5d runs %10s %5.1f%%\n", n, q.count[n], q.took[n].Round(time.Millisecond),
			100*q.took[n].Seconds()/total.Seconds())
	}
}
