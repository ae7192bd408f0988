// Re-chain NEXT_FOR_CONTACT: the same as relink_account_chains.cypher, per contact.
// The caller holds the contact's lock.
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
  WITH CASE WHEN before IS NULL THEN suffix ELSE [before] + suffix END AS path
  CALL {
    WITH path
    UNWIND path AS n
    MATCH (n)-[old:NEXT_FOR_CONTACT]->()
    DELETE old
  }
  CALL {
    WITH path
    UNWIND range(0, size(path) - 2) AS i
    WITH path[i] AS a, path[i + 1] AS b
    CREATE (a)-[:NEXT_FOR_CONTACT]->(b)
  }
  RETURN size(path) AS linked
}
RETURN sum(linked) AS linked
