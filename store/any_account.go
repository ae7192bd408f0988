package store

import "context"

// AnyAccount reports whether the database holds at least one account, so the
// demo seed can leave a database with real data alone.
func (s *Store) AnyAccount(ctx context.Context) (bool, error) {
	res, err := s.read(ctx, "any_account", nil)
	if err != nil {
		return false, err
	}
	return boolOf(res.Records[0].AsMap()["any"]), nil
}
