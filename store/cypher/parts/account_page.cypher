// The accounts of one page, in page order (accounts_page, account_trees_page).
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
