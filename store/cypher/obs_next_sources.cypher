// One step of a skip scan over the (type, source, occurredAt) index: for each
// row's touchpoint type, the first source after row.after in index order, or
// no row when there is none. Repeating it until no row comes back lists every
// (type, source) pair with one short seek each, instead of aggregating every
// touchpoint.
UNWIND $rows AS row
CALL {
  WITH row
  MATCH (t:Touchpoint)
  WHERE t.type = row.type AND t.source > row.after AND t.occurredAt IS NOT NULL
  RETURN t.source AS source
  ORDER BY t.source
  LIMIT 1
}
RETURN row.type AS type, source
