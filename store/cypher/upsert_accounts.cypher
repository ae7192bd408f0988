// Idempotent upsert by external id. Only provided (non-null) properties are
// set, and updatedAt moves only when a value actually changes, so replaying
// the same input leaves the node exactly as it was. `created` is true only for
// the transaction attempt that created the node ($batchId is per attempt).
UNWIND $rows AS row
MERGE (a:Account {id: row.id})
  ON CREATE SET a.createdAt = datetime(), a.updatedAt = datetime(), a.batchId = $batchId
WITH a, row, [k IN keys(row.props) WHERE a[k] IS NULL OR a[k] <> row.props[k]] AS changed
FOREACH (_ IN CASE WHEN size(changed) > 0 THEN [1] ELSE [] END |
  SET a += row.props, a.updatedAt = datetime())
// profileChanged: an attribute the analytics scope by or weigh with changed
// (see mark_profiles.cypher).
RETURN a {.*} AS account, a.batchId = $batchId AS created,
  any(k IN changed WHERE k IN ['segment', 'industry', 'region', 'arr']) AS profileChanged
