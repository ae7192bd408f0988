package store_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/store"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// Two API replicas over one database: each keeps the touchpoint catalog in
// memory, and an edit made through either (a catalog load, a blueprint edit
// of a type's department) is seen by the other on its next read, because the
// edit replaces the catalog's version token in its own transaction.
func TestCatalogCopyFollowsEditsOfOtherReplicas(t *testing.T) {
	db := storetest.New(t, nil)
	ctx := context.Background()
	replicaA := db.Store
	replicaB, err := store.Open(db.Config, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = replicaB.Close(context.Background()) })

	catalog := seed.Catalog()
	if err := replicaB.LoadCatalog(ctx, catalog); err != nil {
		t.Fatal(err)
	}
	typeOf := func(s *store.Store, key string) journey.TouchpointType {
		t.Helper()
		types, err := s.TouchpointTypes(ctx, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range types {
			if tt.Key == key {
				return tt
			}
		}
		t.Fatalf("no type %s among %d", key, len(types))
		return journey.TouchpointType{}
	}
	demo := typeOf(replicaA, "demo")
	if demo.Name != "Demo" {
		t.Fatalf("demo is named %q", demo.Name)
	}

	// A rename behind the API's back sets no token: replica A answers from
	// its copy (this is what shows that it keeps one).
	db.Query(`MATCH (t:TouchpointType {key: 'demo'}) SET t.name = 'Product demo'`, nil)
	if got := typeOf(replicaA, "demo").Name; got != "Demo" {
		t.Fatalf("without a new token replica A read the catalog again: %q", got)
	}

	// A blueprint edit through replica B moves demo to another department;
	// replica A's next read sees it, and the rename with it.
	other := "marketing"
	if demo.DepartmentKey == other {
		other = "sales"
	}
	if err := replicaB.SetTouchpointDesign(ctx, journey.TouchpointDesignInput{TouchpointType: "demo", Department: &other}); err != nil {
		t.Fatal(err)
	}
	if got := typeOf(replicaA, "demo"); got.DepartmentKey != other || got.Name != "Product demo" {
		t.Errorf("after replica B's edit replica A reads demo as %q of %s, want %q of %s", got.Name, got.DepartmentKey, "Product demo", other)
	}

	// A catalog load through replica B (the seed's names again) too.
	if err := replicaB.LoadCatalog(ctx, catalog); err != nil {
		t.Fatal(err)
	}
	if got := typeOf(replicaA, "demo").Name; got != "Demo" {
		t.Errorf("after replica B's catalog load replica A reads demo as %q, want Demo", got)
	}
}

// The read-ahead of an account's journey answers touchpoint types from the
// replica's copy of the catalog; its query returns the catalog's token, so
// an edit through another replica is seen on the next read, with one extra
// query only while the copy is stale.
func TestAccountTreeTypesFollowEditsOfOtherReplicas(t *testing.T) {
	var names []string
	var mu sync.Mutex
	db := storetest.New(t, func(_ context.Context, query string, _ time.Duration, _ error) {
		mu.Lock()
		defer mu.Unlock()
		names = append(names, query)
	})
	ctx := context.Background()
	replicaA := db.Store
	replicaB, err := store.Open(db.Config, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = replicaB.Close(context.Background()) })
	if err := replicaB.LoadCatalog(ctx, seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	acme := "acme"
	if _, _, err := replicaB.UpsertAccount(ctx, journey.AccountInput{ID: acme, Name: "Acme"}); err != nil {
		t.Fatal(err)
	}
	if _, err := replicaB.RecordTouchpoints(ctx, []journey.TouchpointInput{
		{Source: "crm", ExternalID: "1", TypeKey: "demo", OccurredAt: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC), AccountID: &acme},
		{Source: "crm", ExternalID: "2", TypeKey: "invoice", OccurredAt: time.Date(2026, 1, 2, 9, 0, 0, 0, time.UTC), AccountID: &acme},
	}); err != nil {
		t.Fatal(err)
	}
	sel := journey.AccountSelection{
		Journey:          &journey.JourneyQuery{First: 10},
		TouchpointFields: journey.TouchpointKeyFields,
		TouchpointTypes:  true,
	}
	// read returns the names of acme's touchpoint types in time order and
	// the queries replica A ran for them.
	read := func() ([]string, []string) {
		t.Helper()
		mu.Lock()
		names = nil
		mu.Unlock()
		trees, err := replicaA.AccountTrees(ctx, []string{acme}, sel)
		if err != nil || len(trees) != 1 || trees[0].Journey == nil {
			t.Fatalf("AccountTrees = %+v, %v", trees, err)
		}
		var got []string
		for _, tp := range trees[0].Journey.Items {
			if tp.PrefetchedType == nil {
				t.Fatalf("touchpoint %s has no type attached", tp.ID)
			}
			got = append(got, tp.PrefetchedType.Name)
		}
		mu.Lock()
		defer mu.Unlock()
		return got, slices.Clone(names)
	}

	// No copy yet: the tree and then the catalog.
	got, ran := read()
	if !slices.Equal(got, []string{"Demo", "Invoice"}) || !slices.Equal(ran, []string{"account_trees_by_id", "touchpoint_types"}) {
		t.Fatalf("first read: types %v by %v, want [Demo Invoice] by the tree and the catalog", got, ran)
	}
	// A rename behind the API's back sets no token: the copy answers, and
	// the tree's query is the only one.
	db.Query(`MATCH (t:TouchpointType {key: 'demo'}) SET t.name = 'Product demo'`, nil)
	got, ran = read()
	if !slices.Equal(got, []string{"Demo", "Invoice"}) || !slices.Equal(ran, []string{"account_trees_by_id"}) {
		t.Fatalf("with the copy current: types %v by %v, want [Demo Invoice] by the tree alone", got, ran)
	}
	// An edit through replica B sets a new token: replica A's next read
	// sees the rename, reading the catalog once more.
	if err := replicaB.SetTouchpointDesign(ctx, journey.TouchpointDesignInput{TouchpointType: "invoice", Department: ptr("sales")}); err != nil {
		t.Fatal(err)
	}
	got, ran = read()
	if !slices.Equal(got, []string{"Product demo", "Invoice"}) || !slices.Equal(ran, []string{"account_trees_by_id", "touchpoint_types"}) {
		t.Errorf("after replica B's edit: types %v by %v, want [Product demo Invoice] by the tree and the catalog", got, ran)
	}
	got, ran = read()
	if !slices.Equal(got, []string{"Product demo", "Invoice"}) || !slices.Equal(ran, []string{"account_trees_by_id"}) {
		t.Errorf("once more: types %v by %v, want [Product demo Invoice] by the tree alone", got, ran)
	}
}
