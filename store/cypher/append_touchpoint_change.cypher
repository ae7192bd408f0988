// The change feed entry of a transaction that created touchpoints: always its
// LAST statement. Incrementing the one ChangeSequence node takes its write
// lock, held until commit, so numbers are handed out in commit order and
// densely (a rollback gives its number back); only this short tail of each
// write transaction is serialised. SET reads the value under that lock (a
// direct dependency), so no two transactions get the same number. The
// change's random token, kept on the counter node too, tells it from a change
// given the same number by a database restored from a backup (see
// store.DataVersion); a retried transaction was rolled back whole, so a new
// token for its attempt is right. The change keeps the token of the one
// before it too (read under the lock, so it is the change numbered one
// below): a refresh from a change pruned since checks its token there.
MERGE (seq:ChangeSequence {id: 'main'})
  ON CREATE SET seq.value = 0, seq.epoch = randomUUID()
SET seq.value = seq.value + 1
WITH seq, seq.headToken AS prevToken
SET seq.headToken = randomUUID()
CREATE (c:Change {seq: seq.value, kind: 'touchpoints', token: seq.headToken, prevToken: prevToken, ids: $ids, at: datetime()})
RETURN c.seq AS seq
