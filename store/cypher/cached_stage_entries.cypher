// Every account's stage entries, for a full load of the journey cache.
MATCH (a:Account)
// #include cached_stage_rows
