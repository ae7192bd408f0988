// Link the touchpoints merge_touchpoints created in this attempt to their
// type, account and contact; returns their positions in $ids.
UNWIND range(0, size($ids) - 1) AS i
MATCH (t:Touchpoint {id: $ids[i]})
WHERE t.batchId = $batchId
MATCH (type:TouchpointType {key: t.type})
MATCH (account:Account {id: t.accountId})
OPTIONAL MATCH (contact:Contact {id: t.contactId})
CREATE (t)-[:OF_TYPE]->(type), (t)-[:FOR_ACCOUNT]->(account)
FOREACH (_ IN CASE WHEN contact IS NULL THEN [] ELSE [1] END | CREATE (t)-[:BY_CONTACT]->(contact))
RETURN i
