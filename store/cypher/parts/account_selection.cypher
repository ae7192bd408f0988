// The parts of account a that the request selects below it (see
// journey.AccountSelection), read in the same query as the accounts so a
// nested read costs no round trip of its own. A part not selected has LIMIT 0
// and reads nothing. Contacts and touchpoints come as lists of the properties
// named in $contactFields / $touchpointFields, in that order: only what the
// selection needs.
COLLECT {
  MATCH (c:Contact)
  WHERE c.accountId = a.id AND ($contactAfter IS NULL OR c.id > $contactAfter)
  WITH c ORDER BY c.id LIMIT $contactLimit
  RETURN [prop IN $contactFields | c[prop]]
} AS contacts,
COLLECT {
  MATCH (a)-[:CURRENT_STAGE]->(s:Stage)
  WITH s LIMIT $stageLimit
  RETURN s {.*}
} AS stage,
// The journey page: one subquery per direction, so each reads the
// (accountId, occurredAt) index in its own order and stops after its limit;
// the other direction has LIMIT 0. $journeyFrom (inclusive) and $journeyTo
// (exclusive) are always given, so the seek is a bounded range; ordering by
// accountId first lets the planner see the index order. Rows are put in page
// order by the caller, which does not rely on the order of the subquery's
// rows. Touchpoint types are not read per touchpoint: the caller answers
// them from its copy of the catalog, and catalogToken (read when $withTypes)
// tells it whether that copy is the catalog this query saw.
COLLECT {
  MATCH (t:Touchpoint)
  WHERE t.accountId = a.id AND t.occurredAt >= $journeyFrom AND t.occurredAt < $journeyTo
    AND ($journeyCategories IS NULL OR t.category IN $journeyCategories)
    AND ($journeyTypes IS NULL OR t.type IN $journeyTypes)
    AND ($journeyAfterId IS NULL OR t.occurredAt > $journeyAfterAt
      OR (t.occurredAt = $journeyAfterAt AND t.id > $journeyAfterId))
  WITH t ORDER BY t.accountId, t.occurredAt, t.id LIMIT $journeyAscLimit
  RETURN [prop IN $touchpointFields | t[prop]]
} + COLLECT {
  MATCH (t:Touchpoint)
  WHERE t.accountId = a.id AND t.occurredAt >= $journeyFrom AND t.occurredAt < $journeyTo
    AND ($journeyCategories IS NULL OR t.category IN $journeyCategories)
    AND ($journeyTypes IS NULL OR t.type IN $journeyTypes)
    AND ($journeyAfterId IS NULL OR t.occurredAt < $journeyAfterAt
      OR (t.occurredAt = $journeyAfterAt AND t.id < $journeyAfterId))
  WITH t ORDER BY t.accountId DESC, t.occurredAt DESC, t.id DESC LIMIT $journeyDescLimit
  RETURN [prop IN $touchpointFields | t[prop]]
} AS journey,
COLLECT {
  MATCH (v:CatalogVersion {id: 'catalog'}) WHERE $withTypes
  RETURN v.token
} AS catalogToken
