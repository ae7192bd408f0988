// Create each transition that does not exist yet (parallel lists: see
// merge_touchpoints.cypher for why).
UNWIND range(0, size($ids) - 1) AS i
MERGE (st:StageTransition {id: $ids[i]})
  ON CREATE SET st.accountId = $accountIds[i], st.toStage = $stages[i], st.at = $ats[i],
    st.source = $sources[i], st.triggeredBy = $triggeredBy[i], st.batchId = $batchId
