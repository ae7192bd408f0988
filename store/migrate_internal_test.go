package store

import (
	"slices"
	"strings"
	"testing"
)

// The plain index creations are taken out to be created together; every
// other statement (constraints, drops, data fixes) keeps its file order.
// Worked out by hand.
func TestSplitIndexMigrations(t *testing.T) {
	in := []Migration{
		{"0001", "CREATE CONSTRAINT a_id IF NOT EXISTS FOR (a:A) REQUIRE a.id IS UNIQUE"},
		{"0002", "CREATE INDEX a_name IF NOT EXISTS FOR (a:A) ON (a.name)"},
		{"0002", "create range index a_at if not exists for (a:A) on (a.at)"},
		{"0003", "DROP INDEX a_old IF EXISTS"},
		{"0004", "MATCH (p:P) WHERE p.old DELETE p"},
		{"0005", "CREATE TEXT INDEX a_text IF NOT EXISTS FOR (a:A) ON (a.text)"},
		{"0005", "CREATE CONSTRAINT b_key IF NOT EXISTS FOR (b:B) REQUIRE b.key IS UNIQUE"},
	}
	indexes, others := splitIndexMigrations(in)
	if want := []Migration{in[1], in[2], in[5]}; !slices.Equal(indexes, want) {
		t.Errorf("indexes = %v, want %v", indexes, want)
	}
	if want := []Migration{in[0], in[3], in[4], in[6]}; !slices.Equal(others, want) {
		t.Errorf("others = %v, want %v", others, want)
	}
	// The migration files: 8 indexes in 0002, 4 in 0010, 4 in 0011, 1 in
	// 0012, 2 in 0013 (the profile marks), counted by hand.
	all, err := Migrations()
	if err != nil {
		t.Fatal(err)
	}
	if indexes, others := splitIndexMigrations(all); len(indexes) != 19 || len(indexes)+len(others) != len(all) {
		t.Errorf("%d index creations and %d others of %d statements, want 19 index creations", len(indexes), len(others), len(all))
	}
}

// Moving the index creations after every other statement is safe only while
// no DROP names an index some file creates: on a fresh database that DROP
// would run first and the index would survive it. This guards the migration
// files, not the split.
func TestNoMigrationDropsAnIndexAFileCreates(t *testing.T) {
	all, err := Migrations()
	if err != nil {
		t.Fatal(err)
	}
	indexes, others := splitIndexMigrations(all)
	created := map[string]string{}
	for _, m := range indexes {
		words := strings.Fields(m.Statement)
		at := slices.IndexFunc(words, func(w string) bool { return strings.EqualFold(w, "INDEX") })
		created[words[at+1]] = m.File
	}
	if len(created) != len(indexes) {
		t.Fatalf("%d index creations name %d indexes", len(indexes), len(created))
	}
	for _, m := range others {
		words := strings.Fields(m.Statement)
		if len(words) > 2 && strings.EqualFold(words[0], "DROP") && strings.EqualFold(words[1], "INDEX") {
			if file, ok := created[words[2]]; ok {
				t.Errorf("%s drops index %s, which %s creates: with the creations moved last, it would survive on a fresh database", m.File, words[2], file)
			}
		}
	}
}
