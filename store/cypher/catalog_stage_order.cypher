// Chain the stages in their designed order with NEXT_STAGE, removing links
// between stages that are no longer consecutive.
MATCH (s:Stage)
WITH s ORDER BY s.order
WITH collect(s) AS stages
CALL {
  WITH stages
  MATCH (a:Stage)-[link:NEXT_STAGE]->(b:Stage)
  WHERE NOT any(i IN range(0, size(stages) - 2) WHERE stages[i] = a AND stages[i + 1] = b)
  DELETE link
}
UNWIND range(0, size(stages) - 2) AS i
WITH stages[i] AS a, stages[i + 1] AS b
MERGE (a)-[:NEXT_STAGE]->(b)
