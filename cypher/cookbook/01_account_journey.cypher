// One account's journey, drawn as a path: its touchpoints in time order along
// NEXT_FOR_ACCOUNT, from its first touch, up to 1000 steps.
// In Neo4j Browser: switch to the graph view; each touchpoint shows its type.
// :param accountId => 'acc-000001'
MATCH (first:Touchpoint {accountId: $accountId})
WHERE NOT ()-[:NEXT_FOR_ACCOUNT]->(first)
MATCH journey = (first)-[:NEXT_FOR_ACCOUNT*0..1000]->(last)
WHERE NOT (last)-[:NEXT_FOR_ACCOUNT]->() OR length(journey) = 1000
RETURN journey
