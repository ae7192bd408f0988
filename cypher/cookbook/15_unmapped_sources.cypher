// Unmapped sources: touchpoints that arrived from a source that is not a
// technology mapped to their type (an unknown system, or a known one doing
// something the blueprint does not say). Reads every touchpoint in the
// window: narrow the window on a large graph.
// :param from => '2024-01-01T00:00:00Z'
// :param to => '2100-01-01T00:00:00Z'
MATCH (tp:Touchpoint)
WHERE tp.occurredAt >= datetime($from) AND tp.occurredAt < datetime($to)
WITH tp.type AS touchpointType, tp.source AS source, count(*) AS touchpoints
WHERE NOT EXISTS { (:Technology {key: source})-[:CAPTURES]->(:TouchpointType {key: touchpointType}) }
RETURN source, touchpointType, touchpoints
ORDER BY touchpoints DESC, source, touchpointType
