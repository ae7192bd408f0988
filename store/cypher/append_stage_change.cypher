// The change feed entry of a transaction that created stage transitions:
// always its LAST statement (see append_touchpoint_change.cypher for why the
// numbers follow commit order). The stage each transition left is kept as
// it was now ('' for none): an earlier-dated transition recorded later
// rewrites StageTransition.fromStage, not an event already delivered.
MERGE (seq:ChangeSequence {id: 'main'})
  ON CREATE SET seq.value = 0, seq.epoch = randomUUID()
SET seq.value = seq.value + 1
WITH seq, seq.headToken AS prevToken
SET seq.headToken = randomUUID()
CREATE (c:Change {seq: seq.value, kind: 'stages', token: seq.headToken, prevToken: prevToken, ids: $ids, fromStages: $fromStages, at: datetime()})
RETURN c.seq AS seq
