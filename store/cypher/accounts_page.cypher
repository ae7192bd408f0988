// One page of accounts: the filter, then the keyset after the cursor, ordered
// by the chosen key and id in the same direction. $field is NAME, ARR or
// CREATED_AT and $desc the direction; ARR sorts nulls last in both directions.
// $limit is the page size + 1, so the caller can tell whether a page follows.
// An empty filter list matches nothing; a null one is no criterion.
// #include account_page
RETURN a {.*} AS account
