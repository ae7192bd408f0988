// What re-chaining NEXT_FOR_CONTACT for each contact from `from` (the earliest
// time among its new touchpoints) needs: the touchpoint just before `from`,
// then every touchpoint at or after it, in (occurredAt, id) order, each with
// its outgoing NEXT_FOR_CONTACT links (element id and target). The caller
// (chain.go) compares them with the order and writes only the difference:
// appending in time order creates the new links and deletes none; an event
// that arrives late replaces one link with two. Both look-ups use the
// (contactId, occurredAt) index range. Reading only, it plans no Eager; the
// caller holds the contact's lock.
UNWIND $chains AS chain
CALL {
  WITH chain
  OPTIONAL MATCH (before:Touchpoint {contactId: chain.id})
  WHERE before.occurredAt < chain.from
  WITH chain, before ORDER BY before.occurredAt DESC, before.id DESC LIMIT 1
  MATCH (t:Touchpoint {contactId: chain.id})
  WHERE t.occurredAt >= chain.from
  WITH before, t ORDER BY t.occurredAt, t.id
  WITH before, collect(t) AS suffix
  RETURN CASE WHEN before IS NULL THEN suffix ELSE [before] + suffix END AS path
}
RETURN [n IN path | n.id] AS ids,
       [n IN path | [(n)-[r:NEXT_FOR_CONTACT]->(m) | [elementId(r), m.id]]] AS links
