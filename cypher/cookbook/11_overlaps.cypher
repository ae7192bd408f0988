// Touchpoint types captured by two or more technologies, with their vendors:
// candidates for consolidation or retirement.
MATCH (tech:Technology)-[:CAPTURES]->(t:TouchpointType)
MATCH (tech)-[:MADE_BY]->(v:Vendor)
WITH t, collect(tech.name) AS technologies, collect(DISTINCT v.name) AS vendors
WHERE size(technologies) >= 2
RETURN t.key AS touchpointType, technologies, vendors
ORDER BY touchpointType
