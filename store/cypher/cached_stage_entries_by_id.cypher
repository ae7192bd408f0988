// The stage entries of the accounts $ids, for a journey cache refresh.
UNWIND $ids AS id
MATCH (a:Account {id: id})
// #include cached_stage_rows
