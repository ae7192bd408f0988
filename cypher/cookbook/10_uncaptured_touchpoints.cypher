// Touchpoint types no technology captures, with the stages that expect them:
// steps of the journey that leave no digital record.
MATCH (t:TouchpointType)
WHERE NOT EXISTS { (:Technology)-[:CAPTURES]->(t) }
RETURN t.key AS touchpointType, t.category AS category,
       COLLECT { MATCH (s:Stage)-[:EXPECTS]->(t) RETURN s.name ORDER BY s.order } AS expectedAt
ORDER BY touchpointType
