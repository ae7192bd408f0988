// Silent technologies: mapped to a touchpoint type, but no touchpoint of that
// type came from them in the window (a source is the technology's key). Each
// check is one seek of the (type, source, occurredAt) index.
// :param from => '2024-01-01T00:00:00Z'
// :param to => '2100-01-01T00:00:00Z'
MATCH (tech:Technology)-[:CAPTURES]->(t:TouchpointType)
WHERE NOT EXISTS {
  MATCH (tp:Touchpoint)
  WHERE tp.type = t.key AND tp.source = tech.key
    AND tp.occurredAt >= datetime($from) AND tp.occurredAt < datetime($to)
}
RETURN tech.name AS technology, collect(t.key) AS silentTouchpointTypes,
       COUNT { (tech)-[:CAPTURES]->() } AS mappedTypes
ORDER BY technology
