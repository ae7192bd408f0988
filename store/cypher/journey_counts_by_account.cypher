// How many touchpoints match the filter of journey_by_account, for each
// account of a batch, in all pages.
UNWIND $ids AS id
CALL {
  WITH id
  MATCH (t:Touchpoint)
  WHERE t.accountId = id AND t.occurredAt >= $from AND t.occurredAt < $to
    AND ($categories IS NULL OR t.category IN $categories)
    AND ($types IS NULL OR t.type IN $types)
  RETURN count(t) AS n
}
RETURN id, n
