// The demo blueprint's integrations; an existing one keeps its field list.
UNWIND $rows AS row
MATCH (a:Technology {key: row.from}), (b:Technology {key: row.to})
MERGE (a)-[r:INTEGRATES_WITH]->(b)
  ON CREATE SET r.fields = row.fields
