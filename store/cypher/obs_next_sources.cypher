// One step of a skip scan over the (type, source, occurredAt) index: for each
// row's touchpoint type, the first source after row.after in index order, or
// no row when there is none. Repeating it until no row comes back lists every
// (type, source) pair with one short seek each, instead of aggregating every
// touchpoint. The hint and the ORDER BY on all three index properties make
// the index provide the order (a Limit, not a Top over the type's touchpoints).
UNWIND $rows AS row
CALL {
  WITH row
  MATCH (t:Touchpoint)
  USING INDEX t:Touchpoint(type, source, occurredAt)
  WHERE t.type = row.type AND t.source > row.after AND t.occurredAt IS NOT NULL
  RETURN t.source AS source
  ORDER BY t.type, t.source, t.occurredAt
  LIMIT 1
}
RETURN row.type AS type, source
