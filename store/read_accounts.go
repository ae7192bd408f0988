package store

import (
	"context"

	"github.com/journeygraph/journeygraph/journey"
)

// Accounts returns one page of accounts matching q (keyset pagination; see
// account_page.cypher), and their total count when q.WithTotal.
func (s *Store) Accounts(ctx context.Context, q journey.AccountQuery) (journey.Page[journey.Account], error) {
	trees, err := s.AccountTreePage(ctx, q, journey.AccountSelection{})
	page := journey.Page[journey.Account]{Items: make([]journey.Account, len(trees.Items)), HasNext: trees.HasNext, Total: trees.Total}
	for i, t := range trees.Items {
		page.Items[i] = t.Account
	}
	return page, err
}

// accountPageParams are the page and filter parameters of accounts_page.
func accountPageParams(q journey.AccountQuery) map[string]any {
	params := accountFilterParams(q.Filter)
	params["field"] = string(q.OrderField)
	params["desc"] = q.Desc
	params["limit"] = q.First + 1
	params["afterId"], params["afterKey"] = nil, nil
	if c := q.After; c != nil {
		params["afterId"] = c.ID
		switch {
		case c.S != nil:
			params["afterKey"] = *c.S
		case c.F != nil:
			params["afterKey"] = *c.F
		case c.T != nil:
			params["afterKey"] = *c.T
		}
	}
	return params
}

// AccountCount counts the accounts matching f.
func (s *Store) AccountCount(ctx context.Context, f journey.AccountFilter) (int, error) {
	res, err := s.read(ctx, "accounts_count", accountFilterParams(f))
	if err != nil {
		return 0, err
	}
	n, _ := res.Records[0].Get("n")
	return integer(n), nil
}

func accountFilterParams(f journey.AccountFilter) map[string]any {
	return map[string]any{
		"segments":     listParam(f.Segments),
		"industries":   listParam(f.Industries),
		"regions":      listParam(f.Regions),
		"tiers":        listParam(f.Tiers),
		"stages":       listParam(f.CurrentStages),
		"nameContains": optParam(f.NameContains),
	}
}
