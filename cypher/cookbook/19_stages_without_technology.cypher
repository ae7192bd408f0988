// Stages where no technology is used and none captures an expected touchpoint.
MATCH (s:Stage)
WHERE NOT EXISTS { (:Technology)-[:USED_AT]->(s) }
  AND NOT EXISTS { (s)-[:EXPECTS]->(:TouchpointType)<-[:CAPTURES]-(:Technology) }
RETURN s.name AS stage
ORDER BY s.order
