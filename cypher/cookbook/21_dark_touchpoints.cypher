// Dark touchpoints: designed into a stage but never observed while an account
// was in it, with how many accounts entered the stage.
MATCH (s:Stage)-[:EXPECTS]->(t:TouchpointType)
WHERE NOT EXISTS {
  MATCH (a:Account)-[:HAD_TRANSITION]->(st:StageTransition)-[:TO_STAGE]->(s)
  OPTIONAL MATCH (a)-[:HAD_TRANSITION]->(later:StageTransition)
  WHERE later.at > st.at
  WITH a, st, min(later.at) AS end
  MATCH (tp:Touchpoint)
  WHERE tp.accountId = a.id AND tp.type = t.key AND tp.occurredAt >= st.at
    AND tp.occurredAt < coalesce(end, datetime('9999-12-31T00:00:00Z'))
}
RETURN s.order AS step, s.name AS stage, t.key AS touchpointType,
       COUNT { MATCH (a:Account)-[:HAD_TRANSITION]->(:StageTransition)-[:TO_STAGE]->(s) RETURN DISTINCT a } AS accountsAffected
ORDER BY step, touchpointType
