// Design touchpoint types into a stage.
MATCH (s:Stage {key: $stage})
UNWIND $types AS k
MATCH (tt:TouchpointType {key: k})
MERGE (s)-[:EXPECTS]->(tt)
RETURN count(*) AS n
