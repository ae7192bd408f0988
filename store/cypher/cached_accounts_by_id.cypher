// The journeys of the accounts $ids (those that exist), for a journey cache
// refresh.
UNWIND $ids AS id
MATCH (a:Account {id: id})
// #include cached_account_rows
