// How many touchpoints each (type, source) pair of $pairs has in
// [$from, $to), counted from the index.
UNWIND $pairs AS p
CALL {
  WITH p
  MATCH (t:Touchpoint)
  USING INDEX t:Touchpoint(type, source, occurredAt)
  WHERE t.type = p.type AND t.source = p.source AND t.occurredAt >= $from AND t.occurredAt < $to
  RETURN count(t) AS n
}
RETURN p.type AS type, p.source AS source, n
