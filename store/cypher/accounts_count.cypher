// How many accounts match the filter of accounts_page, in all pages.
MATCH (a:Account)
WHERE ($segments IS NULL OR a.segment IN $segments)
  AND ($industries IS NULL OR a.industry IN $industries)
  AND ($regions IS NULL OR a.region IN $regions)
  AND ($tiers IS NULL OR a.tier IN $tiers)
  AND ($nameContains IS NULL OR toLower(a.name) CONTAINS toLower($nameContains))
  AND ($stages IS NULL OR EXISTS { (a)-[:CURRENT_STAGE]->(s:Stage) WHERE s.key IN $stages })
RETURN count(a) AS n
