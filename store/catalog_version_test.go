package store_test

import (
	"context"
	"testing"

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
