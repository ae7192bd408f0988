// Batch lookup for the account loader: one round trip per batch of ids.
UNWIND $ids AS id
MATCH (a:Account {id: id})
RETURN a {.*} AS account
