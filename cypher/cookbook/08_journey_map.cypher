// The journey map: stages in their designed order, each with the customer's
// experience and its expected touchpoints, their owner, the technologies that
// capture them and the moments of truth.
MATCH (s:Stage)
OPTIONAL MATCH (s)-[e:EXPECTS]->(t:TouchpointType)
OPTIONAL MATCH (t)-[:OWNED_BY]->(d:Department)
WITH s, e, t, d, COLLECT { MATCH (tech:Technology)-[:CAPTURES]->(t) RETURN tech.name ORDER BY tech.name } AS capturedBy
ORDER BY s.order, t.category, t.name
RETURN s.order AS step, s.name AS stage, s.desiredEmotion AS desired, s.observedEmotion AS observed, s.painPoints AS painPoints,
       collect(CASE WHEN t IS NULL THEN null ELSE {touchpoint: t.name, owner: d.name, team: t.ownerTeam, capturedBy: capturedBy,
         momentOfTruth: e.momentOfTruth} END) AS touchpoints
ORDER BY step
