package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/journeygraph/journeygraph/journey"
)

// UpsertContact creates or updates one contact; see UpsertContacts.
func (s *Store) UpsertContact(ctx context.Context, in journey.ContactInput) (journey.Contact, bool, error) {
	contacts, created, err := s.upsertContacts(ctx, []journey.ContactInput{in})
	if err != nil {
		return journey.Contact{}, false, journey.SingleItem(err, "input")
	}
	return contacts[0], created[0], nil
}

// UpsertContacts creates or updates contacts in one transaction, all or
// nothing, and returns how many it created. Inputs must be normalised. A
// contact without AccountID keeps its current account, or attaches to the one
// account whose domain is its email's domain. An email already used by
// another contact is refused.
func (s *Store) UpsertContacts(ctx context.Context, in []journey.ContactInput) (int, error) {
	_, created, err := s.upsertContacts(ctx, in)
	return countTrue(created), err
}

func (s *Store) upsertContacts(ctx context.Context, in []journey.ContactInput) ([]journey.Contact, []bool, error) {
	var contacts []journey.Contact
	var created []bool
	err := s.writeTx(ctx, "upsert_contacts", func(r *txRunner) error {
		var err error
		contacts, created, err = r.upsertContacts(in)
		return err
	})
	return contacts, created, emailTakenAsInput(err)
}

// emailTakenAsInput answers a write the Contact.email constraint refused
// (another transaction took the email between our check and our write) as
// the check does.
func emailTakenAsInput(err error) error {
	if isEmailTaken(err) {
		return journey.Errors{(&journey.Error{Code: journey.CodeInvalidInput, Reason: journey.ReasonEmailTaken,
			Field: "email", Message: "the email is already used by another contact"}).AtItem(0)}
	}
	return err
}

// upsertContacts is UpsertContacts inside a transaction of the caller's.
func (r *txRunner) upsertContacts(in []journey.ContactInput) ([]journey.Contact, []bool, error) {
	probe := make([]map[string]any, len(in))
	for i, c := range in {
		probe[i] = map[string]any{"i": i, "id": c.ID, "email": c.Email, "emailDomain": journey.EmailDomain(c.Email), "accountId": c.AccountID}
	}
	recs, err := r.run("resolve_contacts", map[string]any{"rows": probe})
	if err != nil {
		return nil, nil, err
	}
	var problems journey.Errors
	accountOf := make([]*string, len(in))
	for _, rec := range recs {
		m := rec.AsMap()
		i := integer(m["i"])
		c := in[i]
		if owner := optStr(m["emailOwner"]); owner != nil && *owner != c.ID {
			problems = append(problems, (&journey.Error{Code: journey.CodeInvalidInput, Reason: journey.ReasonEmailTaken,
				Field: "email", Message: fmt.Sprintf("%s is already the email of contact %q", c.Email, *owner)}).AtItem(i))
			continue
		}
		switch {
		case c.AccountID != nil:
			if !boolOf(m["accountKnown"]) {
				problems = append(problems, (&journey.Error{Code: journey.CodeInvalidInput, Reason: journey.ReasonUnknownAccount,
					Field: "accountId", Message: fmt.Sprintf("no account has id %q", *c.AccountID)}).AtItem(i))
				continue
			}
			accountOf[i] = c.AccountID
		case optStr(m["currentAccount"]) != nil:
			accountOf[i] = optStr(m["currentAccount"])
		default:
			// Attach by email domain only when exactly one account owns it.
			if owners, _ := m["domainAccounts"].([]any); len(owners) == 1 {
				accountOf[i] = optStr(owners[0])
			}
		}
	}
	if len(problems) > 0 {
		return nil, nil, problems
	}
	rows := make([]map[string]any, len(in))
	for i, c := range in {
		props := map[string]any{"email": c.Email}
		setIf(props, "firstName", c.FirstName)
		setIf(props, "lastName", c.LastName)
		setIf(props, "title", c.Title)
		setIf(props, "accountId", accountOf[i])
		if c.Role != nil {
			props["role"] = string(*c.Role)
		}
		rows[i] = map[string]any{"id": c.ID, "props": props}
	}
	recs, err = r.run("upsert_contacts", map[string]any{"rows": rows, "batchId": r.batchID})
	if err != nil {
		return nil, nil, err
	}
	contacts, created := make([]journey.Contact, len(recs)), make([]bool, len(recs))
	for i, rec := range recs {
		m, _ := rec.Get("contact")
		c, _ := rec.Get("created")
		contacts[i], created[i] = contactFromMap(m.(map[string]any)), boolOf(c)
		if moved, _ := rec.Get("moved"); created[i] || boolOf(moved) {
			r.markContactProfile(contacts[i].ID)
		}
	}
	return contacts, created, nil
}

// isEmailTaken reports whether err is Neo4j refusing a write for the
// uniqueness constraint on Contact.email.
func isEmailTaken(err error) bool {
	var neoErr *neo4j.Neo4jError
	return errors.As(err, &neoErr) && neoErr.Code == "Neo.ClientError.Schema.ConstraintValidationFailed" &&
		strings.Contains(neoErr.Msg, "`email`")
}
