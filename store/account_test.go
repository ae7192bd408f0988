package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/store"
	"github.com/journeygraph/journeygraph/store/storetest"
)

func ptr[T any](v T) *T { return &v }

func TestUpsertAccountIsIdempotent(t *testing.T) {
	db := storetest.New(t, nil)
	ctx := context.Background()
	seg := journey.SegmentEnterprise
	in := journey.AccountInput{ID: "crm-001", Name: "Acme Corp", Domain: ptr("acme.com"),
		Industry: ptr("Manufacturing"), Segment: &seg, Region: ptr("EMEA"), Tier: ptr("Tier 1"), ARR: ptr(120000.0)}

	first, created, err := db.Store.UpsertAccount(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if !created {
		t.Error("first upsert: created = false, want true")
	}
	if first.Name != "Acme Corp" || *first.Domain != "acme.com" || *first.Segment != seg || *first.ARR != 120000 {
		t.Errorf("first upsert returned %+v", first)
	}
	if first.CreatedAt.IsZero() || !first.CreatedAt.Equal(first.UpdatedAt) {
		t.Errorf("timestamps: created %v updated %v", first.CreatedAt, first.UpdatedAt)
	}

	time.Sleep(5 * time.Millisecond) // so a wrongly moved updatedAt would differ
	again, created, err := db.Store.UpsertAccount(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if created {
		t.Error("replay: created = true, want false")
	}
	if !again.UpdatedAt.Equal(first.UpdatedAt) {
		t.Errorf("replay moved updatedAt from %v to %v", first.UpdatedAt, again.UpdatedAt)
	}
	if n := db.Count(`MATCH (a:Account) RETURN count(a) AS n`, nil); n != 1 {
		t.Errorf("accounts after replay = %d, want 1", n)
	}
	// The stored node has exactly the model's properties (docs/model.md): no
	// helper property such as the lock marker is left behind. profileSeq is
	// the journey caches' mark (a new account is an analytics input).
	keys := db.Query(`MATCH (a:Account {id: 'crm-001'}) UNWIND keys(a) AS k WITH k ORDER BY k RETURN collect(k) AS k`, nil)[0]["k"]
	if got := fmt.Sprint(keys); got != "[arr batchId createdAt domain id industry name profileSeq region segment tier updatedAt]" {
		t.Errorf("stored properties = %s", got)
	}

	// A partial update changes only what is sent and moves updatedAt.
	time.Sleep(5 * time.Millisecond)
	upd, created, err := db.Store.UpsertAccount(ctx, journey.AccountInput{ID: "crm-001", Name: "Acme Corporation", ARR: ptr(150000.0)})
	if err != nil {
		t.Fatal(err)
	}
	if created || upd.Name != "Acme Corporation" || *upd.ARR != 150000 || *upd.Domain != "acme.com" || *upd.Region != "EMEA" {
		t.Errorf("partial update: created=%v account=%+v", created, upd)
	}
	if !upd.UpdatedAt.After(first.UpdatedAt) || !upd.CreatedAt.Equal(first.CreatedAt) {
		t.Errorf("partial update timestamps: created %v→%v updated %v→%v", first.CreatedAt, upd.CreatedAt, first.UpdatedAt, upd.UpdatedAt)
	}
}

func TestAccountsByIDSkipsUnknownIDs(t *testing.T) {
	db := storetest.New(t, nil)
	ctx := context.Background()
	for _, id := range []string{"a1", "a2", "a3"} {
		if _, _, err := db.Store.UpsertAccount(ctx, journey.AccountInput{ID: id, Name: "Account " + id}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.Store.AccountsByID(ctx, []string{"a3", "missing", "a1"})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, a := range got {
		names[a.ID] = a.Name
	}
	if len(got) != 2 || names["a1"] != "Account a1" || names["a3"] != "Account a3" {
		t.Errorf("AccountsByID = %+v", got)
	}
}

func TestCancelledContextIsATimeoutNotInternal(t *testing.T) {
	db := storetest.New(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := db.Store.AccountsByID(ctx, []string{"x"})
	var domainErr *journey.Error
	if !errors.As(err, &domainErr) || domainErr.Code != journey.CodeTimeout {
		t.Fatalf("err = %v, want code %s", err, journey.CodeTimeout)
	}
}

// Reading accounts with nothing below them (the account loader, a request
// for the account's own fields) runs the accounts' own query, which has no
// subquery: the read-ahead query costs a just-started Neo4j seconds to plan,
// more than MaxRetryTime, and while Neo4j recovers each call is bounded by
// MaxRetryTime, so such reads failed until something else had it planned
// (issue 13).
func TestAccountReadsWithoutPartsRunNoSubquery(t *testing.T) {
	var names []string
	var mu sync.Mutex
	db := storetest.New(t, func(_ context.Context, query string, _ time.Duration, _ error) {
		mu.Lock()
		defer mu.Unlock()
		names = append(names, query)
	})
	ctx := context.Background()
	for _, in := range []journey.AccountInput{{ID: "b-2", Name: "Beta"}, {ID: "a-1", Name: "Alpha"}} {
		if _, _, err := db.Store.UpsertAccount(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	names = nil
	mu.Unlock()

	trees, err := db.Store.AccountTrees(ctx, []string{"a-1", "missing"}, journey.AccountSelection{})
	if err != nil || len(trees) != 1 || trees[0].ID != "a-1" || trees[0].Name != "Alpha" || trees[0].Journey != nil {
		t.Fatalf("AccountTrees = %+v, %v; want Alpha alone", trees, err)
	}
	page, err := db.Store.AccountTreePage(ctx, journey.AccountQuery{OrderField: journey.AccountOrderName, First: 1}, journey.AccountSelection{})
	if err != nil || len(page.Items) != 1 || page.Items[0].Name != "Alpha" || !page.HasNext {
		t.Fatalf("AccountTreePage = %+v, %v; want Alpha and a next page", page, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(names, []string{"accounts_by_id", "accounts_page"}) {
		t.Fatalf("ran %v, want accounts_by_id, accounts_page", names)
	}
	for _, name := range names {
		text, _ := store.QueryText(name)
		if strings.Contains(text, "COLLECT {") || strings.Contains(text, "CALL {") {
			t.Errorf("%s reads parts below the accounts:\n%s", name, text)
		}
	}
}
