// A batch's late touchpoints of each account read as one range (late.go):
// for account o ($owners[o]), every touchpoint from the millisecond of its
// earliest new touchpoint to the millisecond of its latest ($froms[o] <=
// occurredAt < $tos[o]; the new ones, created in this transaction, among
// them) in (occurredAt, id) order, at most $limit of them (the caller falls
// back to per-touchpoint seeks, account_late_neighbours, for an account
// whose range is longer: the new ones spread thinly over a long journey);
// the touchpoint just before the range and the one just after it. Each with
// its outgoing NEXT_FOR_ACCOUNT links (and their ends), which the caller
// compares with the merged order to delete the links new touchpoints fall
// into; the range's types and milliseconds replace those milliseconds'
// steps of the stored path. Three seeks of the (accountId, occurredAt) index
// per account, hinted as in account_late_neighbours and read in index order
// (PartialTop: each stops at its first instant, or at its $limit rows).
// Reading only, it plans no Eager; the caller holds the accounts' locks.
UNWIND range(0, size($owners) - 1) AS o
CALL {
  WITH o
  MATCH (p:Touchpoint {accountId: $owners[o]})
  USING INDEX SEEK p:Touchpoint(accountId, occurredAt)
  WHERE p.occurredAt < $froms[o]
  WITH p ORDER BY p.accountId DESC, p.occurredAt DESC, p.id DESC LIMIT 1
  RETURN collect(p) AS before
}
CALL {
  WITH o
  MATCH (t:Touchpoint {accountId: $owners[o]})
  USING INDEX SEEK t:Touchpoint(accountId, occurredAt)
  WHERE t.occurredAt >= $froms[o] AND t.occurredAt < $tos[o]
  WITH t ORDER BY t.accountId, t.occurredAt, t.id LIMIT $limit
  RETURN collect(t) AS inside
}
CALL {
  WITH o
  MATCH (s:Touchpoint {accountId: $owners[o]})
  USING INDEX SEEK s:Touchpoint(accountId, occurredAt)
  WHERE s.occurredAt >= $tos[o]
  WITH s ORDER BY s.accountId, s.occurredAt, s.id LIMIT 1
  RETURN collect(s) AS after
}
RETURN o,
  [p IN before | {node: elementId(p), links: [(p)-[r:NEXT_FOR_ACCOUNT]->(n) | [elementId(r), elementId(n)]]}] AS before,
  [t IN inside | {node: elementId(t), type: t.type, ms: t.occurredAt.epochMillis,
    links: [(t)-[r:NEXT_FOR_ACCOUNT]->(n) | [elementId(r), elementId(n)]]}] AS inside,
  [s IN after | {node: elementId(s), links: []}] AS after
