// After new transitions: recompute, per account, each transition's
// FROM_STAGE (the stage of the transition before it in time) and the
// account's CURRENT_STAGE (the stage of its latest transition), so changes
// may arrive in any order. A history has tens of entries, not thousands.
UNWIND $accountIds AS accountId
MATCH (account:Account {id: accountId})-[:HAD_TRANSITION]->(st:StageTransition)
WITH account, st ORDER BY st.at, st.id
WITH account, collect(st) AS history
CALL {
  WITH history
  UNWIND history AS st
  MATCH (st)-[old:FROM_STAGE]->()
  DELETE old
}
CALL {
  WITH history
  UNWIND range(0, size(history) - 1) AS i
  WITH history[i] AS st, CASE WHEN i > 0 THEN history[i - 1].toStage END AS previous
  SET st.fromStage = previous
  WITH st, previous
  MATCH (from:Stage {key: previous})
  CREATE (st)-[:FROM_STAGE]->(from)
}
CALL {
  WITH account
  MATCH (account)-[old:CURRENT_STAGE]->()
  DELETE old
}
WITH account, last(history) AS latest
MATCH (current:Stage {key: latest.toStage})
CREATE (account)-[:CURRENT_STAGE {since: latest.at}]->(current)
