// Create each touchpoint that does not exist yet, with its type, account and
// contact links. Touchpoints are immutable: an existing one is left as it is.
// Rows are validated beforehand (resolve_touchpoints) in the same transaction.
UNWIND $rows AS row
MATCH (type:TouchpointType {key: row.type})
MATCH (account:Account {id: row.accountId})
MERGE (t:Touchpoint {id: row.id})
  ON CREATE SET t.source = row.source, t.externalId = row.externalId, t.type = row.type,
    t.category = type.category, t.occurredAt = row.occurredAt, t.accountId = row.accountId,
    t.contactId = row.contactId, t.value = row.value, t.sentiment = row.sentiment,
    t.attributes = row.attributes, t.recordedAt = datetime(), t.batchId = $batchId
WITH t, type, account, row
WHERE t.batchId = $batchId
CREATE (t)-[:OF_TYPE]->(type), (t)-[:FOR_ACCOUNT]->(account)
WITH t, row
CALL {
  WITH t, row
  MATCH (c:Contact {id: row.contactId})
  CREATE (t)-[:BY_CONTACT]->(c)
}
RETURN row.i AS i
