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
// accountId first lets the planner see the index order. A touchpoint row
// ends with its type's catalog entry when $withTypes (null otherwise). Rows
// are put in page order by the caller, which does not rely on the order of
// the subquery's rows.
COLLECT {
  MATCH (t:Touchpoint)
  WHERE t.accountId = a.id AND t.occurredAt >= $journeyFrom AND t.occurredAt < $journeyTo
    AND ($journeyCategories IS NULL OR t.category IN $journeyCategories)
    AND ($journeyTypes IS NULL OR t.type IN $journeyTypes)
    AND ($journeyAfterId IS NULL OR t.occurredAt > $journeyAfterAt
      OR (t.occurredAt = $journeyAfterAt AND t.id > $journeyAfterId))
  WITH t ORDER BY t.accountId, t.occurredAt, t.id LIMIT $journeyAscLimit
  OPTIONAL MATCH (tt:TouchpointType {key: t.type}) WHERE $withTypes
  RETURN [prop IN $touchpointFields | t[prop]] + [tt {.key, .name, .category, .phase, .sourceSystem, .core40, .description}]
} + COLLECT {
  MATCH (t:Touchpoint)
  WHERE t.accountId = a.id AND t.occurredAt >= $journeyFrom AND t.occurredAt < $journeyTo
    AND ($journeyCategories IS NULL OR t.category IN $journeyCategories)
    AND ($journeyTypes IS NULL OR t.type IN $journeyTypes)
    AND ($journeyAfterId IS NULL OR t.occurredAt < $journeyAfterAt
      OR (t.occurredAt = $journeyAfterAt AND t.id < $journeyAfterId))
  WITH t ORDER BY t.accountId DESC, t.occurredAt DESC, t.id DESC LIMIT $journeyDescLimit
  OPTIONAL MATCH (tt:TouchpointType {key: t.type}) WHERE $withTypes
  RETURN [prop IN $touchpointFields | t[prop]] + [tt {.key, .name, .category, .phase, .sourceSystem, .core40, .description}]
} AS journey
