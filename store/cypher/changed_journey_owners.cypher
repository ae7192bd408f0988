// The changes after $after up to $head (read first, in an earlier statement
// of the same transaction; see read_changes.cypher), in order, each with the
// accounts and contacts whose journeys it changed and how many of the nodes it
// names were found: fewer than it names means its commit is still being
// applied (only the head's can be), as in Store.Changes.
MATCH (c:Change)
WHERE c.seq > $after AND c.seq <= $head
WITH c ORDER BY c.seq
CALL {
  WITH c
  UNWIND c.ids AS id
  OPTIONAL MATCH (t:Touchpoint {id: id}) WHERE c.kind = 'touchpoints'
  OPTIONAL MATCH (st:StageTransition {id: id}) WHERE c.kind = 'stages'
  RETURN count(t) + count(st) AS found,
    collect(DISTINCT coalesce(t.accountId, st.accountId)) AS accounts,
    collect(DISTINCT t.contactId) AS contacts
}
RETURN c.seq AS seq, size(c.ids) AS named, found, accounts, contacts
