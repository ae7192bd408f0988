// Create each transition that does not exist yet, linked to its account, the
// stage entered and the touchpoint that triggered it.
UNWIND $rows AS row
MATCH (account:Account {id: row.accountId})
MATCH (stage:Stage {key: row.stage})
MERGE (st:StageTransition {id: row.id})
  ON CREATE SET st.accountId = row.accountId, st.toStage = row.stage, st.at = row.at,
    st.source = row.source, st.triggeredBy = row.triggeredBy, st.batchId = $batchId
WITH st, account, stage, row
WHERE st.batchId = $batchId
CREATE (account)-[:HAD_TRANSITION]->(st), (st)-[:TO_STAGE]->(stage)
WITH st, row
CALL {
  WITH st, row
  MATCH (t:Touchpoint {id: row.triggeredBy})
  CREATE (st)-[:TRIGGERED_BY]->(t)
}
RETURN row.i AS i
