// Every account's journey, for a full load of the journey cache.
MATCH (a:Account)
// #include cached_account_rows
