// Create the touchpoints of a batch with their type, account and contact
// links in one pass. The caller checked under the owners' locks that none of
// them exists, and compares the summary's created-node count with the rows:
// only a touchpoint of the same id recorded concurrently for another account
// can make MERGE match instead of create, and then the caller retries the
// whole transaction, whose next attempt sees it as existing. Reading no
// property of a merged node (the caller knows every value it wrote, the
// category too, which resolve_touchpoints read, and datetime() is one value
// per statement) keeps the plan free of Eager. Rows
// come as parallel lists: reading `row.x` from an unknown value would plan an
// Eager too (`row` might be a node this query writes).
WITH datetime() AS recordedAt
UNWIND range(0, size($ids) - 1) AS i
MATCH (type:TouchpointType {key: $types[i]})
MATCH (account:Account {id: $accountIds[i]})
OPTIONAL MATCH (contact:Contact {id: $contactIds[i]})
MERGE (t:Touchpoint {id: $ids[i]})
  ON CREATE SET t.source = $sources[i], t.externalId = $externalIds[i], t.type = $types[i],
    t.category = $categories[i], t.occurredAt = $occurredAts[i], t.accountId = $accountIds[i],
    t.contactId = $contactIds[i], t.value = $values[i], t.sentiment = $sentiments[i],
    t.attributes = $attributes[i], t.recordedAt = recordedAt, t.batchId = $batchId
CREATE (t)-[:OF_TYPE]->(type), (t)-[:FOR_ACCOUNT]->(account)
FOREACH (_ IN CASE WHEN contact IS NULL THEN [] ELSE [1] END | CREATE (t)-[:BY_CONTACT]->(contact))
RETURN i, elementId(t) AS node, recordedAt
