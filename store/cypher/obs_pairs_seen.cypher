// The (type, source) pairs of $pairs with at least one touchpoint in
// [$from, $to): one index seek each, stopping at the first hit.
UNWIND $pairs AS p
CALL {
  WITH p
  MATCH (t:Touchpoint)
  USING INDEX t:Touchpoint(type, source, occurredAt)
  WHERE t.type = p.type AND t.source = p.source AND t.occurredAt >= $from AND t.occurredAt < $to
  RETURN t.id AS hit
  LIMIT 1
}
RETURN p.type AS type, p.source AS source
