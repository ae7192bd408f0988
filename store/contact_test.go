package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/journeygraph/journeygraph/journey"
)

func TestUpsertContactAttachesByEmailDomain(t *testing.T) {
	db := journeyFixture(t) // acme.com and globex.com exist
	ctx := context.Background()

	c, created, err := db.Store.UpsertContact(ctx, journey.ContactInput{ID: "dee", Email: "dee@acme.com", Title: ptr("CFO")})
	if err != nil || !created || c.AccountID == nil || *c.AccountID != "acme" {
		t.Fatalf("dee: %+v created=%v err=%v, want attached to acme", c, created, err)
	}
	if n := db.Count(`MATCH (:Contact {id: 'dee'})-[:WORKS_AT]->(:Account {id: 'acme'}) RETURN count(*) AS n`, nil); n != 1 {
		t.Errorf("WORKS_AT links = %d", n)
	}
	// Nobody owns initech.com: the contact is stored without an account.
	c, _, err = db.Store.UpsertContact(ctx, journey.ContactInput{ID: "eve", Email: "eve@initech.com"})
	if err != nil || c.AccountID != nil {
		t.Errorf("eve: %+v err=%v, want no account", c, err)
	}
	// An explicit account moves a contact; the old link goes.
	c, created, err = db.Store.UpsertContact(ctx, journey.ContactInput{ID: "dee", Email: "dee@acme.com", AccountID: ptr("globex")})
	if err != nil || created || *c.AccountID != "globex" || c.Title == nil || *c.Title != "CFO" {
		t.Errorf("move: %+v created=%v err=%v", c, created, err)
	}
	if n := db.Count(`MATCH (:Contact {id: 'dee'})-[:WORKS_AT]->(a) RETURN count(a) AS n`, nil); n != 1 {
		t.Errorf("dee works at %d accounts after the move, want 1", n)
	}
	// Replaying without accountId keeps the current account rather than re-attaching by domain.
	c, _, err = db.Store.UpsertContact(ctx, journey.ContactInput{ID: "dee", Email: "dee@acme.com"})
	if err != nil || *c.AccountID != "globex" {
		t.Errorf("replay without account: %+v err=%v", c, err)
	}
}

func TestUpsertContactRejectsTakenEmailAndUnknownAccount(t *testing.T) {
	db := journeyFixture(t)
	ctx := context.Background()
	for _, tt := range []struct {
		in     journey.ContactInput
		reason journey.Reason
		field  string
	}{
		{journey.ContactInput{ID: "imposter", Email: "ada@acme.com"}, journey.ReasonEmailTaken, "input.email"},
		{journey.ContactInput{ID: "new", Email: "new@acme.com", AccountID: ptr("nowhere")}, journey.ReasonUnknownAccount, "input.accountId"},
	} {
		_, _, err := db.Store.UpsertContact(ctx, tt.in)
		var errs journey.Errors
		if !errors.As(err, &errs) || errs[0].Reason != tt.reason || errs[0].Field != tt.field {
			t.Errorf("%+v: err = %v", tt.in, err)
		}
	}
	if n := db.Count(`MATCH (c:Contact) RETURN count(c) AS n`, nil); n != 3 {
		t.Errorf("contacts = %d, want the fixture's 3", n)
	}
}

// Concurrent upserts of different contacts with one email: exactly one wins,
// every other gets EMAIL_TAKEN (the constraint, not an INTERNAL error).
func TestConcurrentContactsWithTheSameEmail(t *testing.T) {
	db := journeyFixture(t)
	ctx := context.Background()
	errs := make(chan error, 8)
	for i := range 8 {
		go func() {
			_, _, err := db.Store.UpsertContact(ctx, journey.ContactInput{ID: fmt.Sprintf("dup-%d", i), Email: "same@acme.com"})
			errs <- err
		}()
	}
	ok, taken := 0, 0
	for range 8 {
		err := <-errs
		var domainErrs journey.Errors
		switch {
		case err == nil:
			ok++
		case errors.As(err, &domainErrs) && domainErrs[0].Reason == journey.ReasonEmailTaken && domainErrs[0].Field == "input.email":
			taken++
		default:
			t.Errorf("unexpected error: %v (code %s)", err, journey.ErrorCode(err))
		}
	}
	if ok != 1 || taken != 7 {
		t.Errorf("%d succeeded and %d got EMAIL_TAKEN, want 1 and 7", ok, taken)
	}
	if n := db.Count(`MATCH (c:Contact {email: 'same@acme.com'}) RETURN count(c) AS n`, nil); n != 1 {
		t.Errorf("%d contacts hold the email", n)
	}
}
