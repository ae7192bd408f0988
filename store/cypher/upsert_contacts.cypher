// Idempotent upsert by external id (see upsert_accounts.cypher), then the
// WORKS_AT link to the resolved account, replacing a link to another account.
UNWIND $rows AS row
MERGE (c:Contact {id: row.id})
  ON CREATE SET c.createdAt = datetime(), c.updatedAt = datetime(), c.batchId = $batchId
WITH c, row, [k IN keys(row.props) WHERE c[k] IS NULL OR c[k] <> row.props[k]] AS changed
FOREACH (_ IN CASE WHEN size(changed) > 0 THEN [1] ELSE [] END |
  SET c += row.props, c.updatedAt = datetime())
// moved: the contact's account changed (see mark_profiles.cypher).
WITH c, row, 'accountId' IN changed AS moved
// `other` has no label: WORKS_AT always ends at an Account, and with
// `other:Account` the planner, once accounts exist, scanned the Account index
// for every contact (accounts x contacts rows) instead of expanding from c.
CALL {
  WITH c, row
  MATCH (c)-[old:WORKS_AT]->(other)
  WHERE row.props.accountId IS NOT NULL AND other.id <> row.props.accountId
  DELETE old
}
CALL {
  WITH c, row
  MATCH (a:Account {id: row.props.accountId})
  MERGE (c)-[:WORKS_AT]->(a)
}
RETURN c {.*} AS contact, c.batchId = $batchId AS created, moved
