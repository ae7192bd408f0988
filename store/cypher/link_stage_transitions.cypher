// Link the transitions this attempt created to their account, stage and
// triggering touchpoint; returns their positions in $ids.
UNWIND range(0, size($ids) - 1) AS i
MATCH (st:StageTransition {id: $ids[i]})
WHERE st.batchId = $batchId
MATCH (account:Account {id: st.accountId})
MATCH (stage:Stage {key: st.toStage})
OPTIONAL MATCH (trigger:Touchpoint {id: st.triggeredBy})
CREATE (account)-[:HAD_TRANSITION]->(st), (st)-[:TO_STAGE]->(stage)
FOREACH (_ IN CASE WHEN trigger IS NULL THEN [] ELSE [1] END | CREATE (st)-[:TRIGGERED_BY]->(trigger))
RETURN i
