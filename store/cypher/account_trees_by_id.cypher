// Batch lookup of accounts by id: one round trip per batch of ids, with the
// parts of each account the request selects (account_selection).
UNWIND $ids AS id
MATCH (a:Account {id: id})
RETURN a {.*} AS account,
// #include account_selection
