// Stage × touchpoint category × technology: how many of the touchpoint types a
// stage expects each technology captures ('(none)': captured by nothing).
MATCH (s:Stage)-[:EXPECTS]->(t:TouchpointType)
OPTIONAL MATCH (tech:Technology)-[:CAPTURES]->(t)
WITH s, t.category AS category, coalesce(tech.name, '(none)') AS technology, collect(t.key) AS types
RETURN s.order AS step, s.name AS stage, category, technology, size(types) AS touchpointTypes, types
ORDER BY step, category, technology
