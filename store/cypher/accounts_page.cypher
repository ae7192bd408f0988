// One page of accounts: the filter, then the keyset after the cursor, ordered
// by the chosen key and id in the same direction. $field is NAME, ARR or
// CREATED_AT and $desc the direction; ARR sorts nulls last in both directions.
// $limit is the page size + 1, so the caller can tell whether a page follows.
// An empty filter list matches nothing; a null one is no criterion. The
// parts of each account the request selects come along (account_selection).
MATCH (a:Account)
WHERE ($segments IS NULL OR a.segment IN $segments)
  AND ($industries IS NULL OR a.industry IN $industries)
  AND ($regions IS NULL OR a.region IN $regions)
  AND ($tiers IS NULL OR a.tier IN $tiers)
  AND ($nameContains IS NULL OR toLower(a.name) CONTAINS toLower($nameContains))
  AND ($stages IS NULL OR EXISTS { (a)-[:CURRENT_STAGE]->(s:Stage) WHERE s.key IN $stages })
WITH a, CASE $field WHEN 'NAME' THEN a.name WHEN 'ARR' THEN a.arr ELSE a.createdAt END AS k
WHERE $afterId IS NULL OR CASE
    WHEN $afterKey IS NULL THEN k IS NULL AND CASE WHEN $desc THEN a.id < $afterId ELSE a.id > $afterId END
    WHEN k IS NULL THEN true
    WHEN $desc THEN k < $afterKey OR (k = $afterKey AND a.id < $afterId)
    ELSE k > $afterKey OR (k = $afterKey AND a.id > $afterId)
  END
WITH a, k
ORDER BY k IS NULL,
  CASE WHEN $desc THEN k END DESC, CASE WHEN $desc THEN a.id END DESC,
  k, a.id
LIMIT $limit
RETURN a {.*} AS account,
// #include account_selection
