// A batch's late touchpoints of each contact read as one range (late.go):
// for contact o ($owners[o]), every touchpoint from the millisecond of its
// earliest new touchpoint to the millisecond of its latest ($froms[o] <=
// occurredAt < $tos[o]; the new ones, created in this transaction, among
// them) in (occurredAt, id) order, at most $limit of them (the caller falls
// back to per-touchpoint seeks, contact_late_neighbours, for a contact
// whose range is longer: the new ones spread thinly over a long journey);
// the touchpoint just before the range and the one just after it. Each with
// its outgoing NEXT_FOR_CONTACT links (and their ends), which the caller
// compares with the merged order to delete the links new touchpoints fall
// into; the range's types and milliseconds replace those milliseconds'
// steps of the stored path. Three seeks of the (contactId, occurredAt) index
// per contact, hinted as in contact_late_neighbours and read in index order
// (PartialTop: each stops at its first instant, or at its $limit rows).
// Reading only, it plans no Eager; the caller holds the contacts' locks.
UNWIND range(0, size($owners) - 1) AS o
CALL {
  WITH o
  MATCH (p:Touchpoint {contactId: $owners[o]})
  USING INDEX SEEK p:Touchpoint(contactId, occurredAt)
  WHERE p.occurredAt < $froms[o]
  WITH p ORDER BY p.contactId DESC, p.occurredAt DESC, p.id DESC LIMIT 1
  RETURN collect(p) AS before
}
CALL {
  WITH o
  MATCH (t:Touchpoint {contactId: $owners[o]})
  USING INDEX SEEK t:Touchpoint(contactId, occurredAt)
  WHERE t.occurredAt >= $froms[o] AND t.occurredAt < $tos[o]
  WITH t ORDER BY t.contactId, t.occurredAt, t.id LIMIT $limit
  RETURN collect(t) AS inside
}
CALL {
  WITH o
  MATCH (s:Touchpoint {contactId: $owners[o]})
  USING INDEX SEEK s:Touchpoint(contactId, occurredAt)
  WHERE s.occurredAt >= $tos[o]
  WITH s ORDER BY s.contactId, s.occurredAt, s.id LIMIT 1
  RETURN collect(s) AS after
}
RETURN o,
  [p IN before | {node: elementId(p), links: [(p)-[r:NEXT_FOR_CONTACT]->(n) | [elementId(r), elementId(n)]]}] AS before,
  [t IN inside | {node: elementId(t), type: t.type, ms: t.occurredAt.epochMillis,
    links: [(t)-[r:NEXT_FOR_CONTACT]->(n) | [elementId(r), elementId(n)]]}] AS inside,
  [s IN after | {node: elementId(s), links: []}] AS after
