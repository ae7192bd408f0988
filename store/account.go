package store

import (
	"context"

	"github.com/journeygraph/journeygraph/journey"
)

// UpsertAccount creates or updates an account by external id. It reports
// whether the account was created. in must already be normalised.
func (s *Store) UpsertAccount(ctx context.Context, in journey.AccountInput) (journey.Account, bool, error) {
	props := map[string]any{"name": in.Name}
	setIf(props, "domain", in.Domain)
	setIf(props, "industry", in.Industry)
	setIf(props, "region", in.Region)
	setIf(props, "tier", in.Tier)
	setIf(props, "arr", in.ARR)
	if in.Segment != nil {
		props["segment"] = string(*in.Segment)
	}
	res, err := s.write(ctx, "upsert_account", map[string]any{"id": in.ID, "props": props})
	if err != nil {
		return journey.Account{}, false, err
	}
	rec := res.Records[0]
	m, _ := rec.Get("account")
	created, _ := rec.Get("created")
	return accountFromMap(m.(map[string]any)), created.(bool), nil
}

// AccountsByID returns the accounts with the given ids, in no particular
// order; unknown ids are simply absent.
func (s *Store) AccountsByID(ctx context.Context, ids []string) ([]journey.Account, error) {
	res, err := s.read(ctx, "accounts_by_id", map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make([]journey.Account, 0, len(res.Records))
	for _, rec := range res.Records {
		m, _ := rec.Get("account")
		out = append(out, accountFromMap(m.(map[string]any)))
	}
	return out, nil
}

func accountFromMap(m map[string]any) journey.Account {
	a := journey.Account{
		ID:        str(m["id"]),
		Name:      str(m["name"]),
		Domain:    optStr(m["domain"]),
		Industry:  optStr(m["industry"]),
		Region:    optStr(m["region"]),
		Tier:      optStr(m["tier"]),
		ARR:       optFloat(m["arr"]),
		CreatedAt: timeOf(m["createdAt"]),
		UpdatedAt: timeOf(m["updatedAt"]),
	}
	if seg := optStr(m["segment"]); seg != nil {
		s := journey.Segment(*seg)
		a.Segment = &s
	}
	return a
}
