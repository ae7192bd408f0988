package store

import (
	"context"

	"github.com/journeygraph/journeygraph/journey"
)

// UpsertAccount creates or updates an account by external id. It reports
// whether the account was created. in must already be normalised.
func (s *Store) UpsertAccount(ctx context.Context, in journey.AccountInput) (journey.Account, bool, error) {
	accounts, created, err := s.upsertAccounts(ctx, []journey.AccountInput{in})
	if err != nil {
		return journey.Account{}, false, err
	}
	return accounts[0], created[0], nil
}

// UpsertAccounts creates or updates accounts in one transaction and returns
// how many it created. Inputs must already be normalised.
func (s *Store) UpsertAccounts(ctx context.Context, in []journey.AccountInput) (int, error) {
	_, created, err := s.upsertAccounts(ctx, in)
	return countTrue(created), err
}

func (s *Store) upsertAccounts(ctx context.Context, in []journey.AccountInput) ([]journey.Account, []bool, error) {
	var accounts []journey.Account
	var created []bool
	err := s.writeTx(ctx, "upsert_accounts", func(r *txRunner) error {
		var err error
		accounts, created, err = r.upsertAccounts(in)
		return err
	})
	return accounts, created, err
}

// upsertAccounts is UpsertAccounts inside a transaction of the caller's.
func (r *txRunner) upsertAccounts(in []journey.AccountInput) ([]journey.Account, []bool, error) {
	rows := make([]map[string]any, len(in))
	for i, a := range in {
		props := map[string]any{"name": a.Name}
		setIf(props, "domain", a.Domain)
		setIf(props, "industry", a.Industry)
		setIf(props, "region", a.Region)
		setIf(props, "tier", a.Tier)
		setIf(props, "arr", a.ARR)
		if a.Segment != nil {
			props["segment"] = string(*a.Segment)
		}
		rows[i] = map[string]any{"id": a.ID, "props": props}
	}
	recs, err := r.run("upsert_accounts", map[string]any{"rows": rows, "batchId": r.batchID})
	if err != nil {
		return nil, nil, err
	}
	accounts, created := make([]journey.Account, len(recs)), make([]bool, len(recs))
	for i, rec := range recs {
		m, _ := rec.Get("account")
		c, _ := rec.Get("created")
		accounts[i], created[i] = accountFromMap(m.(map[string]any)), boolOf(c)
		if changed, _ := rec.Get("profileChanged"); created[i] || boolOf(changed) {
			r.markAccountProfile(accounts[i].ID)
		}
	}
	return accounts, created, nil
}

// AccountsByID returns the accounts with the given ids, in no particular
// order; unknown ids are simply absent.
func (s *Store) AccountsByID(ctx context.Context, ids []string) ([]journey.Account, error) {
	trees, err := s.AccountTrees(ctx, ids, journey.AccountSelection{})
	out := make([]journey.Account, len(trees))
	for i, t := range trees {
		out[i] = t.Account
	}
	return out, err
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
		Segment:   optEnum[journey.Segment](m["segment"]),
		CreatedAt: timeOf(m["createdAt"]),
		UpdatedAt: timeOf(m["updatedAt"]),
	}
	return a
}
