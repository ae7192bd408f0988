// The change feed entry of a transaction that created touchpoints: always its
// LAST statement. Incrementing the one ChangeSequence node takes its write
// lock, held until commit, so numbers are handed out in commit order and
// densely (a rollback gives its number back); only this short tail of each
// write transaction is serialised. SET reads the value under that lock (a
// direct dependency), so no two transactions get the same number.
MERGE (seq:ChangeSequence {id: 'main'})
  ON CREATE SET seq.value = 0, seq.epoch = randomUUID()
SET seq.value = seq.value + 1
CREATE (c:Change {seq: seq.value, kind: 'touchpoints', ids: $ids, at: datetime()})
RETURN c.seq AS seq
