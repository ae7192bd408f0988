package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/store/storetest"
)

func TestSeedFlags(t *testing.T) {
	noEnv := func(string) string { return "" }
	opts, cfg, err := parseSeedFlags([]string{"-accounts", "42", "-contacts-per-account", "3", "-seed", "7",
		"-from", "2025-01-01", "-to", "2025-06-30T12:00:00Z", "-mix", "churned=1", "-if-empty", "-neo4j-uri", "bolt://db:7687"}, noEnv, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	want := seed.Params{Seed: 7, Accounts: 42, ContactsPerAccount: 3,
		Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC),
		Mix: seed.JourneyMix{Churned: 1}}
	if opts.params != want || !opts.ifEmpty {
		t.Fatalf("params %+v, want %+v", opts.params, want)
	}
	if cfg.Neo4j.URI != "bolt://db:7687" || cfg.Neo4j.Database != "neo4j" {
		t.Fatalf("settings flags not passed through: %+v", cfg.Neo4j)
	}

	opts, _, err = parseSeedFlags(nil, noEnv, &bytes.Buffer{})
	if err != nil || opts.params != seed.DefaultParams() || opts.ifEmpty {
		t.Fatalf("defaults: %+v, %v", opts, err)
	}

	_, _, err = parseSeedFlags([]string{"-accounts", "0", "-to", "2999-01-01", "-neo4j-uri", "http://x"}, noEnv, &bytes.Buffer{})
	for _, want := range []string{"accounts must be between", "in the future", "NEO4J_URI"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want it to mention %q", err, want)
		}
	}
	if _, _, err := parseSeedFlags([]string{"-from", "yesterday", "-mix", "won=1"}, noEnv, &bytes.Buffer{}); err == nil ||
		!strings.Contains(err.Error(), "-from") || !strings.Contains(err.Error(), "-mix") {
		t.Errorf("err = %v, want both -from and -mix reported", err)
	}
}

func TestSeedCommandIfEmptyLeavesADatabaseWithAccountsAlone(t *testing.T) {
	db := storetest.New(t, nil)
	runWith := commandsOn(t, db)
	seedWith := func(args ...string) string { t.Helper(); return runWith(append([]string{"seed"}, args...)...) }
	accounts := func() int64 { return db.Count("MATCH (a:Account) RETURN count(a)", nil) }

	seedWith("-if-empty", "-accounts", "3")
	if n := accounts(); n != 3 {
		t.Fatalf("%d accounts after seeding an empty database with 3", n)
	}
	if out := seedWith("-if-empty", "-accounts", "5"); !strings.Contains(out, "not seeding") || accounts() != 3 {
		t.Fatalf("-if-empty seeded a database with accounts (%d now):\n%s", accounts(), out)
	}
	seedWith("-accounts", "5")
	if n := accounts(); n != 5 {
		t.Fatalf("%d accounts after seeding 5 without -if-empty", n)
	}
}

// Re-running seed, or migrate after it, adds no node and no relationship, and
// the re-run says it created nothing. Some generated contacts have no
// touchpoint: they are what an earlier version gave an empty journey path on
// every run.
func TestSeedAndMigrateAgainCreateNothing(t *testing.T) {
	db := storetest.New(t, nil)
	runWith := commandsOn(t, db)
	graph := func() (nodes, rels int64) {
		return db.Count(`MATCH (n) RETURN count(n)`, nil), db.Count(`MATCH ()-[r]->() RETURN count(r)`, nil)
	}
	runWith("seed", "-accounts", "20")
	if n := db.Count(`MATCH (c:Contact) WHERE NOT EXISTS { MATCH (t:Touchpoint) WHERE t.contactId = c.id } RETURN count(c)`, nil); n == 0 {
		t.Fatal("the fixture has no contact without touchpoints; take more accounts")
	}
	nodes, rels := graph()
	out := runWith("seed", "-accounts", "20")
	if !strings.Contains(out, "created: 0 accounts, 0 contacts, 0 touchpoints, 0 stage changes") {
		t.Errorf("the re-run does not say it created nothing:\n%s", out)
	}
	if n, r := graph(); n != nodes || r != rels {
		t.Errorf("seed again: %d nodes and %d relationships, want %d and %d", n, r, nodes, rels)
	}
	runWith("migrate")
	if n, r := graph(); n != nodes || r != rels {
		t.Errorf("migrate after seed: %d nodes and %d relationships, want %d and %d", n, r, nodes, rels)
	}
}

// commandsOn returns a function running a journeygraph command against db
// that returns its stderr and fails the test when the command fails.
func commandsOn(t *testing.T, db *storetest.DB) func(args ...string) string {
	env := map[string]string{"NEO4J_URI": db.Config.URI, "NEO4J_PASSWORD": db.Config.Password}
	getenv := func(k string) string { return env[k] }
	return func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(context.Background(), args, getenv, &out); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out.String())
		}
		return out.String()
	}
}
