// Read under the owners' locks (lock_touchpoint_owners) before touchpoints
// are created: which of $ids exist by now (recorded by a transaction that
// committed since resolve_touchpoints), and for each account and contact its
// last touchpoint in (occurredAt, id) order, from the end of the
// (accountId|contactId, occurredAt) index, with its stored JourneyPath.
// Ordering by the owner's id too lets the index provide the order, so the
// seek stops after the last instant (PartialTop) instead of reading the whole
// journey (Top). New touchpoints all after the last one are appended without
// reading the journey (append.go); the others are inserted between their
// neighbours (late.go).
// The seeks are hinted: with the statistics of a filling database the planner
// once chose to scan the whole (accountId, occurredAt) index per account
// (440k db hits in 2 of 7 batches of a 32k load, growing with the graph).
CALL {
  UNWIND $ids AS id
  MATCH (t:Touchpoint {id: id})
  RETURN collect(t {.*}) AS existing
}
CALL {
  UNWIND $accountIds AS id
  CALL {
    WITH id
    MATCH (t:Touchpoint {accountId: id})
    USING INDEX SEEK t:Touchpoint(accountId, occurredAt)
    WHERE t.occurredAt IS NOT NULL
    WITH t ORDER BY t.accountId DESC, t.occurredAt DESC, t.id DESC LIMIT 1
    RETURN collect(t) AS last
  }
  OPTIONAL MATCH (p:JourneyPath {id: 'ACCOUNT:' + id})
  RETURN collect({owner: id, node: elementId(last[0]), id: last[0].id, at: last[0].occurredAt,
    types: p.typeSequence, times: p.timeDeltas}) AS accountTails
}
CALL {
  UNWIND $contactIds AS id
  CALL {
    WITH id
    MATCH (t:Touchpoint {contactId: id})
    USING INDEX SEEK t:Touchpoint(contactId, occurredAt)
    WHERE t.occurredAt IS NOT NULL
    WITH t ORDER BY t.contactId DESC, t.occurredAt DESC, t.id DESC LIMIT 1
    RETURN collect(t) AS last
  }
  OPTIONAL MATCH (p:JourneyPath {id: 'CONTACT:' + id})
  RETURN collect({owner: id, node: elementId(last[0]), id: last[0].id, at: last[0].occurredAt,
    types: p.typeSequence, times: p.timeDeltas}) AS contactTails
}
RETURN existing, accountTails, contactTails
