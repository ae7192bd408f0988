package store

import (
	"context"

	"github.com/journeygraph/journeygraph/journey"
)

// Contacts returns one page of contacts matching q, ordered by id, and their
// total count when q.WithTotal.
func (s *Store) Contacts(ctx context.Context, q journey.ContactQuery) (journey.Page[journey.Contact], error) {
	params := contactFilterParams(q.Filter)
	params["limit"] = q.First + 1
	params["afterId"] = nil
	if q.After != nil {
		params["afterId"] = q.After.ID
	}
	res, err := s.read(ctx, "contacts_page", params)
	if err != nil {
		return journey.Page[journey.Contact]{}, err
	}
	page := pageOf(column(res, "contact"), q.First, contactFromMap)
	if q.WithTotal {
		res, err := s.read(ctx, "contacts_count", contactFilterParams(q.Filter))
		if err != nil {
			return journey.Page[journey.Contact]{}, err
		}
		n, _ := res.Records[0].Get("n")
		total := integer(n)
		page.Total = &total
	}
	return page, nil
}

func contactFilterParams(f journey.ContactFilter) map[string]any {
	return map[string]any{"accountId": optParam(f.AccountID), "roles": listParam(f.Roles)}
}

// ContactsByID returns the contacts with the given ids, in no particular
// order; unknown ids are simply absent.
func (s *Store) ContactsByID(ctx context.Context, ids []string) ([]journey.Contact, error) {
	return readByID(ctx, s, "contacts_by_id", "contact", ids, contactFromMap)
}

// ContactsByAccount returns one page of contacts (ordered by id, q.First of
// them after q.After) for each account of a batch, keyed by account id, with
// each page's total when q.WithTotal. q.Filter is ignored: the account is the
// filter.
func (s *Store) ContactsByAccount(ctx context.Context, accountIDs []string, q journey.ContactQuery) (map[string]*journey.Page[journey.Contact], error) {
	params := map[string]any{"accountIds": accountIDs, "limit": q.First + 1, "afterId": nil}
	if q.After != nil {
		params["afterId"] = q.After.ID
	}
	res, err := s.read(ctx, "contacts_by_account", params)
	if err != nil {
		return nil, err
	}
	out := pagesByParent(res, "accountId", "contacts", q.First, contactFromMap)
	if q.WithTotal {
		counts, err := s.ContactCountsByAccount(ctx, accountIDs)
		if err != nil {
			return nil, err
		}
		for id, page := range out {
			n := counts[id]
			page.Total = &n
		}
	}
	return out, nil
}

// ContactCountsByAccount counts the contacts of each account of a batch.
func (s *Store) ContactCountsByAccount(ctx context.Context, accountIDs []string) (map[string]int, error) {
	res, err := s.read(ctx, "contact_counts_by_account", map[string]any{"accountIds": accountIDs})
	if err != nil {
		return nil, err
	}
	return countsByID(res.Records, "accountId"), nil
}
