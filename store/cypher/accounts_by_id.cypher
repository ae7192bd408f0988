// Batch lookup of accounts by id, nothing below them (the account loader, a
// request that selects only the account's own fields): one round trip per
// batch of ids.
UNWIND $ids AS id
MATCH (a:Account {id: id})
RETURN a {.*} AS account
