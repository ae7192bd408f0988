// Marks the accounts and contacts ($accountIds, $contactIds; distinct, all
// existing) whose analytics attributes this transaction changed — created, or
// a new segment, industry, region or ARR, or a contact's account — with a new
// profile bump number, so each API process's journey cache re-reads them
// (profile_marks.cypher). Bumping the change feed's counter node takes its
// write lock until commit, so bumps are numbered in commit order, as changes
// are (append_touchpoint_change.cypher); the number of nodes marked lets a
// reader tell a bump whose commit is still being applied. Each bump gets a
// random token, kept on the counter node and in a ProfileBump node, so a
// cache can check that the bump it saw under a number is still the one under
// it (see store.DataVersion); the ProfileBump nodes of the last $keepBumps
// bumps are kept, older ones deleted here (an index seek, about one node).
MERGE (seq:ChangeSequence {id: 'main'})
  ON CREATE SET seq.value = 0, seq.epoch = randomUUID()
SET seq.profiles = coalesce(seq.profiles, 0) + 1, seq.profileMarks = size($accountIds) + size($contactIds),
  seq.profileToken = randomUUID()
WITH seq
MERGE (bump:ProfileBump {seq: seq.profiles})
SET bump.token = seq.profileToken
WITH seq
CALL {
  WITH seq
  MATCH (old:ProfileBump) WHERE old.seq <= seq.profiles - $keepBumps
  DELETE old
}
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
