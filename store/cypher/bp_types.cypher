// The touchpoint catalog in display order ($rank: category positions) with
// each type's design: owner (department, team, region), ratings and the data
// fields it creates.
MATCH (t:TouchpointType)
OPTIONAL MATCH (t)-[:IN_CHANNEL]->(c:Channel)
OPTIONAL MATCH (t)-[:OWNED_BY]->(d:Department)
WITH t, c, d, coalesce($rank[t.category], size(keys($rank))) AS rank
ORDER BY rank, t.name, t.key
RETURN t {.*, channelKey: c.key, departmentKey: d.key, departmentName: d.name,
  fields: COLLECT { MATCH (t)-[r:CREATES]->(f:DataField) RETURN {field: f.key, asked: coalesce(r.askedOfCustomer, false)} ORDER BY f.key }
} AS type
