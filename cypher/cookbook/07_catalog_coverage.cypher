// The touchpoint catalog with owner, channel and the technologies that capture
// each type; types no technology captures come first (coverage gaps).
MATCH (t:TouchpointType)-[:OWNED_BY]->(d:Department)
MATCH (t)-[:IN_CHANNEL]->(ch:Channel)
OPTIONAL MATCH (tech:Technology)-[:CAPTURES]->(t)
WITH t, d, ch, collect(tech.name) AS capturedBy
RETURN t.category AS category, t.name AS touchpoint, d.name AS owner, ch.name AS channel, capturedBy
ORDER BY size(capturedBy), category, touchpoint
