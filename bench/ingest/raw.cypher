// The raw limit of touchpoint creation: each touchpoint node with its type
// and account relationships in one UNWIND batch, nothing else (no
// validation, replay check, chains, journey paths or change feed).
UNWIND range(0, size($ids) - 1) AS i
MATCH (type:TouchpointType {key: $types[i]})
MATCH (account:Account {id: $accountIds[i]})
CREATE (t:Touchpoint {id: $ids[i], source: $sources[i], externalId: $externalIds[i], type: $types[i],
  category: type.category, occurredAt: $occurredAts[i], accountId: $accountIds[i], contactId: $contactIds[i]})
CREATE (t)-[:OF_TYPE]->(type), (t)-[:FOR_ACCOUNT]->(account)
