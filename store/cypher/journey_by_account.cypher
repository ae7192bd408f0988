// One journey page for each account of a batch: its touchpoints in
// (occurredAt, id) order, ascending or descending ($desc), filtered, after
// the cursor ($afterAt, $afterId). The (accountId, occurredAt) index finds them;
// $from (inclusive) and $to (exclusive) are always given, so the range is
// bounded. $limit is the page size + 1. Every id gets a row, maybe empty.
UNWIND $ids AS id
CALL {
  WITH id
  MATCH (t:Touchpoint)
  WHERE t.accountId = id AND t.occurredAt >= $from AND t.occurredAt < $to
    AND ($categories IS NULL OR t.category IN $categories)
    AND ($types IS NULL OR t.type IN $types)
    AND ($afterId IS NULL OR CASE
      WHEN $desc THEN t.occurredAt < $afterAt OR (t.occurredAt = $afterAt AND t.id < $afterId)
      ELSE t.occurredAt > $afterAt OR (t.occurredAt = $afterAt AND t.id > $afterId)
    END)
  WITH t
  ORDER BY CASE WHEN $desc THEN t.occurredAt END DESC, CASE WHEN $desc THEN t.id END DESC,
    t.occurredAt, t.id
  LIMIT $limit
  RETURN collect(t {.*}) AS touchpoints
}
RETURN id, touchpoints
