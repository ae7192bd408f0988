// The touchpoint catalog, optionally narrowed by $category and $phase, in
// display order: by category ($rank maps each category to its position), then
// name. Each type carries its channel's and owning department's keys.
MATCH (t:TouchpointType)
WHERE ($category IS NULL OR t.category = $category)
  AND ($phase IS NULL OR t.phase = $phase)
OPTIONAL MATCH (t)-[:IN_CHANNEL]->(c:Channel)
OPTIONAL MATCH (t)-[:OWNED_BY]->(d:Department)
WITH t, c, d, coalesce($rank[t.category], size(keys($rank))) AS rank
ORDER BY rank, t.name, t.key
RETURN t {.*, channelKey: c.key, departmentKey: d.key} AS type
