package store

import (
	"context"
	"embed"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

//go:embed migrations/*.cypher
var migrationFiles embed.FS

// Migration is one statement (a constraint, an index or a data fix such as
// 0006's), from the file that holds it.
type Migration struct {
	File      string
	Statement string
}

// Migrations returns the statements in file order. Running them again is a
// no-op (schema statements use IF NOT EXISTS; a data fix finds nothing left
// to fix), so there is no version bookkeeping node to clutter the analysts'
// graph.
func Migrations() ([]Migration, error) {
	entries, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	var out []Migration
	for _, name := range names {
		b, err := migrationFiles.ReadFile("migrations/" + name)
		if err != nil {
			return nil, err
		}
		for _, stmt := range splitStatements(string(b)) {
			out = append(out, Migration{File: name, Statement: stmt})
		}
	}
	return out, nil
}

// splitStatements drops comment lines, then splits on semicolons. Migration
// statements contain no string literals with ';' or '//'.
func splitStatements(src string) []string {
	var code []string
	for _, line := range strings.Split(src, "\n") {
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "//") {
			code = append(code, line)
		}
	}
	var out []string
	for _, stmt := range strings.Split(strings.Join(code, "\n"), ";") {
		if stmt = strings.TrimSpace(stmt); stmt != "" {
			out = append(out, stmt)
		}
	}
	return out
}

// Migrate creates every constraint and index the model relies on, waits
// until the indexes are online and builds missing journey paths. Safe to run
// at every start.
func (s *Store) Migrate(ctx context.Context) error {
	migrations, err := Migrations()
	if err != nil {
		return fmt.Errorf("read migrations: %w", err)
	}
	// Schema commands cannot be parameterised; these are fixed texts from
	// the binary, never user input.
	indexes, others := splitIndexMigrations(migrations)
	for _, m := range others {
		// Data fixes run before the path rebuild below, which recreates what
		// they drop.
		if _, err := s.eager(ctx, "migration "+m.File, m.Statement, nil, neo4j.AccessModeWrite); err != nil {
			return err
		}
	}
	if err := s.createIndexes(ctx, indexes); err != nil {
		return err
	}
	if err := s.awaitIndexesOnline(ctx, indexPollInterval); err != nil {
		return err
	}
	_, err = s.BuildMissingJourneyPaths(ctx)
	return err
}

// splitIndexMigrations separates the plain index creations (CREATE [kind]
// INDEX) from every other statement (constraints, drops, data fixes), each
// list in file order. No other statement depends on a plain index existing,
// and no index covers what a constraint covers, so creating the indexes
// after the others changes no outcome.
func splitIndexMigrations(migrations []Migration) (indexes, others []Migration) {
	for _, m := range migrations {
		words := strings.Fields(strings.ToUpper(m.Statement))
		if len(words) > 2 && words[0] == "CREATE" && (words[1] == "INDEX" || words[2] == "INDEX") {
			indexes = append(indexes, m)
		} else {
			others = append(others, m)
		}
	}
	return indexes, others
}

// createIndexes creates the indexes in one schema transaction: Neo4j
// populates the indexes one transaction creates with one scan of the store
// for all of them, where one transaction per index scanned it once per index
// (after a bulk load of ten million touchpoints, each of the Touchpoint
// indexes was its own 2-3 minute scan). Migrate runs it after the
// constraints, which are built one at a time as their statements run: the
// one population then has the two cores to itself (created before them, it
// slowed the touchpoint key's build and finished no sooner; BENCHMARKS.md).
// An index that exists is left as it is (IF NOT EXISTS), so on a running
// database this is a no-op apart from a new index.
func (s *Store) createIndexes(ctx context.Context, indexes []Migration) error {
	if len(indexes) == 0 {
		return nil
	}
	return s.execute(ctx, "migration indexes", neo4j.AccessModeWrite, func(ctx context.Context, tx neo4j.ManagedTransaction) error {
		for _, m := range indexes {
			cursor, err := tx.Run(ctx, m.Statement, nil)
			if err != nil {
				return err
			}
			if _, err := cursor.Consume(ctx); err != nil {
				return err
			}
		}
		return nil
	})
}

// indexPollInterval is how often Migrate checks the indexes being built.
const indexPollInterval = 5 * time.Second

// awaitIndexesOnline returns once every index is online, polling with short
// reads: an index build over millions of touchpoints outlasts any one
// transaction (see indexes_not_online.cypher), and waits only as long as ctx
// allows. An index that failed to build is an error naming it. Progress is
// logged at most once a minute.
func (s *Store) awaitIndexesOnline(ctx context.Context, every time.Duration) error {
	var logged time.Time
	for {
		res, err := s.read(ctx, "indexes_not_online", nil)
		if err != nil {
			return err
		}
		if len(res.Records) == 0 {
			return nil
		}
		progress := make([]string, 0, len(res.Records))
		for _, rec := range res.Records {
			name, _ := rec.Get("name")
			state, _ := rec.Get("state")
			percent, _ := rec.Get("populationPercent")
			if state == "FAILED" {
				return fmt.Errorf("index %v failed to build (SHOW INDEXES YIELD name, failureMessage)", name)
			}
			progress = append(progress, fmt.Sprintf("%v %.0f%%", name, percent))
		}
		if time.Since(logged) >= time.Minute {
			s.logger.InfoContext(ctx, "waiting for indexes", "populating", strings.Join(progress, ", "))
			logged = time.Now()
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for indexes %s: %w", strings.Join(progress, ", "), ctx.Err())
		case <-time.After(every):
		}
	}
}
