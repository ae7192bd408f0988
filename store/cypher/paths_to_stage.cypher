// Each account of a batch on its way to $stage: when it first entered the
// stage, how many of its touchpoints happened at or before that instant, and
// when the first of them happened. Accounts that never entered the stage get
// no row. The touchpoints are counted on the (accountId, occurredAt) index.
UNWIND $accountIds AS id
MATCH (:Account {id: id})-[:HAD_TRANSITION]->(tr:StageTransition)
OPTIONAL MATCH (tr)-[:TO_STAGE]->(to:Stage)
WITH id, tr
WHERE coalesce(to.key, tr.toStage) = $stage
WITH id, min(tr.at) AS reachedAt
CALL {
  WITH id, reachedAt
  MATCH (t:Touchpoint)
  WHERE t.accountId = id AND t.occurredAt <= reachedAt
  RETURN count(t) AS steps, min(t.occurredAt) AS firstAt
}
RETURN id AS accountId, reachedAt, steps, firstAt
