// The whole touchpoint catalog in display order (by category, $rank mapping
// each category to its position, then name), each type with its channel's and
// owning department's keys, and the catalog's version token (null while no
// catalog load or edit has set one). The catalog is read only when the token
// differs from $known, the token of the copy the caller holds: an unchanged
// catalog costs one index seek and returns no types.
OPTIONAL MATCH (v:CatalogVersion {id: 'catalog'})
WITH v.token AS version
CALL {
  WITH version
  WITH version WHERE version IS NULL OR version <> $known
  MATCH (t:TouchpointType)
  OPTIONAL MATCH (t)-[:IN_CHANNEL]->(c:Channel)
  OPTIONAL MATCH (t)-[:OWNED_BY]->(d:Department)
  WITH t, c, d, coalesce($rank[t.category], size(keys($rank))) AS rank
  ORDER BY rank, t.name, t.key
  RETURN collect(t {.*, channelKey: c.key, departmentKey: d.key}) AS types
}
RETURN version, types
