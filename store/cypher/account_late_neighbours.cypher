// What inserting touchpoints that arrived late (at or before their account's
// last touchpoint) into NEXT_FOR_ACCOUNT chains and account JourneyPaths needs,
// and nothing more of the journeys (append.go, late.go):
//   - neighbours: for each new touchpoint i ($owners[i], $ids[i], $ats[i],
//     already created in this transaction), the touchpoint just before it and
//     just after it in (occurredAt, id) order, the one before with its
//     outgoing NEXT_FOR_ACCOUNT links (the one a late event falls into);
//   - windows: for each millisecond w ($windowOwners[w], $windowMs[w], seeked
//     as the range $windowFroms[w] to $windowTos[w] around it) of new
//     touchpoints, the types of the account's touchpoints in it in
//     (occurredAt, id) order, which replace that millisecond's steps of the
//     stored path.
// Every look-up is a seek of the (accountId, occurredAt) index (hinted: with
// a filling database's statistics the planner may scan it); ordering by
// accountId too lets the index provide the order, so a neighbour's seek stops
// after its first instant (PartialTop) instead of reading the journey to its
// end (Top); the tie on id is a CASE, which the planner cannot split into a
// union of two scans as it does an OR. Reading only, it plans no Eager; the
// caller holds the accounts' locks.
CALL {
  UNWIND range(0, size($ids) - 1) AS i
  CALL {
    WITH i
    MATCH (p:Touchpoint {accountId: $owners[i]})
    USING INDEX SEEK p:Touchpoint(accountId, occurredAt)
    WHERE p.occurredAt <= $ats[i] AND CASE WHEN p.occurredAt = $ats[i] THEN p.id < $ids[i] ELSE true END
    WITH p ORDER BY p.accountId DESC, p.occurredAt DESC, p.id DESC LIMIT 1
    RETURN collect(p) AS before
  }
  CALL {
    WITH i
    MATCH (s:Touchpoint {accountId: $owners[i]})
    USING INDEX SEEK s:Touchpoint(accountId, occurredAt)
    WHERE s.occurredAt >= $ats[i] AND CASE WHEN s.occurredAt = $ats[i] THEN s.id > $ids[i] ELSE true END
    WITH s ORDER BY s.accountId, s.occurredAt, s.id LIMIT 1
    RETURN collect(s) AS after
  }
  WITH i, before[0] AS p, after[0] AS s
  RETURN collect({i: i, before: elementId(p), beforeId: p.id,
    beforeLinks: [(p)-[r:NEXT_FOR_ACCOUNT]->() | elementId(r)], after: elementId(s), afterId: s.id}) AS neighbours
}
CALL {
  UNWIND range(0, size($windowOwners) - 1) AS w
  CALL {
    WITH w
    MATCH (t:Touchpoint {accountId: $windowOwners[w]})
    USING INDEX SEEK t:Touchpoint(accountId, occurredAt)
    WHERE t.occurredAt >= $windowFroms[w] AND t.occurredAt < $windowTos[w]
      AND t.occurredAt.epochMillis = $windowMs[w]
    WITH t ORDER BY t.accountId, t.occurredAt, t.id
    RETURN collect(t.type) AS types
  }
  RETURN collect({w: w, types: types}) AS windows
}
RETURN neighbours, windows
