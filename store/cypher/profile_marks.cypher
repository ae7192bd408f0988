// The accounts and contacts whose analytics attributes changed after profile
// bump $after (profile_marks are set by mark_profiles.cypher), from the
// profileSeq indexes, at most $limit of each (the caller reloads everything
// when it gets more than it reads one by one, as for changes), and how many
// carry bump $at or a later one: fewer than bump $at marked means its commit
// is still being applied. No upper bound: a node marked again since the
// version was read is read in its newest state.
CALL {
  MATCH (a:Account) WHERE a.profileSeq > $after
  WITH a LIMIT $limit
  RETURN collect(a.id) AS accounts, sum(CASE WHEN a.profileSeq >= $at THEN 1 ELSE 0 END) AS accountsAtHead
}
CALL {
  MATCH (c:Contact) WHERE c.profileSeq > $after
  WITH c LIMIT $limit
  RETURN collect(c.id) AS contacts, sum(CASE WHEN c.profileSeq >= $at THEN 1 ELSE 0 END) AS contactsAtHead
}
RETURN accounts, contacts, accountsAtHead + contactsAtHead AS atHead
