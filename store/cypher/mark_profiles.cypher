// Marks the accounts and contacts ($accountIds, $contactIds; distinct, all
// existing) whose analytics attributes this transaction changed — created, or
// a new segment, industry, region or ARR, or a contact's account — with a new
// profile bump number, so each API process's journey cache re-reads them
// (profile_marks.cypher). Bumping the change feed's counter node takes its
// write lock until commit, so bumps are numbered in commit order, as changes
// are (append_touchpoint_change.cypher); the number of nodes marked lets a
// reader tell a bump whose commit is still being applied.
MERGE (seq:ChangeSequence {id: 'main'})
  ON CREATE SET seq.value = 0, seq.epoch = randomUUID()
SET seq.profiles = coalesce(seq.profiles, 0) + 1, seq.profileMarks = size($accountIds) + size($contactIds)
WITH seq
CALL {
  WITH seq
  UNWIND $accountIds AS id
  MATCH (a:Account {id: id})
  SET a.profileSeq = seq.profiles
}
CALL {
  WITH seq
  UNWIND $contactIds AS id
  MATCH (c:Contact {id: id})
  SET c.profileSeq = seq.profiles
}
RETURN seq.profiles AS profiles
