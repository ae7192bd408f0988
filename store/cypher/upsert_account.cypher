// Idempotent upsert by external id. Only provided (non-null) properties are
// set, and updatedAt moves only when a value actually changes, so replaying
// the same input leaves the node exactly as it was.
MERGE (a:Account {id: $id})
  ON CREATE SET a.createdAt = datetime(), a.updatedAt = datetime(), a._created = true
WITH a, [k IN keys($props) WHERE a[k] IS NULL OR a[k] <> $props[k]] AS changed
FOREACH (_ IN CASE WHEN size(changed) > 0 THEN [1] ELSE [] END |
  SET a += $props, a.updatedAt = datetime())
WITH a, coalesce(a._created, false) AS created
REMOVE a._created
RETURN a {.*} AS account, created
