UNWIND $rows AS row
MERGE (t:TouchpointType {key: row.key})
SET t.name = row.name, t.category = row.category, t.phase = row.phase,
    t.sourceSystem = row.sourceSystem, t.core40 = row.core40, t.description = row.description
WITH t, row
CALL {
  WITH t, row
  MATCH (t)-[old:IN_CHANNEL]->(c:Channel) WHERE c.key <> row.channel
  DELETE old
}
CALL {
  WITH t, row
  MATCH (t)-[old:OWNED_BY]->(d:Department) WHERE d.key <> row.department
  DELETE old
}
MATCH (c:Channel {key: row.channel})
MATCH (d:Department {key: row.department})
MERGE (t)-[:IN_CHANNEL]->(c)
MERGE (t)-[:OWNED_BY]->(d)
