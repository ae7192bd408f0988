// Re-chain NEXT_FOR_ACCOUNT for each account from `from` (the earliest time
// among its new touchpoints) onwards: the touchpoint just before `from`, then
// every touchpoint at or after it, in (occurredAt, id) order. Appending in time
// order touches only the new touchpoints and their predecessor; an event that
// arrives late re-chains the journey from its time on. Both look-ups use the
// (accountId, occurredAt) index range. The caller holds the account's lock.
UNWIND $chains AS chain
CALL {
  WITH chain
  OPTIONAL MATCH (before:Touchpoint {accountId: chain.id})
  WHERE before.occurredAt < chain.from
  WITH chain, before ORDER BY before.occurredAt DESC, before.id DESC LIMIT 1
  MATCH (t:Touchpoint {accountId: chain.id})
  WHERE t.occurredAt >= chain.from
  WITH before, t ORDER BY t.occurredAt, t.id
  WITH before, collect(t) AS suffix
  WITH CASE WHEN before IS NULL THEN suffix ELSE [before] + suffix END AS path
  CALL {
    WITH path
    UNWIND path AS n
    MATCH (n)-[old:NEXT_FOR_ACCOUNT]->()
    DELETE old
  }
  CALL {
    WITH path
    UNWIND range(0, size(path) - 2) AS i
    WITH path[i] AS a, path[i + 1] AS b
    CREATE (a)-[:NEXT_FOR_ACCOUNT]->(b)
  }
  RETURN size(path) AS linked
}
RETURN sum(linked) AS linked
