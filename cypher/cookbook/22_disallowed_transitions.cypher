// Observed stage moves the design does not allow: neither the next stage in
// order (NEXT_STAGE) nor a designed exception (MAY_MOVE_TO).
MATCH (a:Account)-[:HAD_TRANSITION]->(st:StageTransition)-[:TO_STAGE]->(to:Stage)
MATCH (st)-[:FROM_STAGE]->(from:Stage)
WHERE NOT EXISTS { (from)-[:NEXT_STAGE|MAY_MOVE_TO]->(to) }
RETURN from.name AS fromStage, to.name AS toStage, count(*) AS transitions, count(DISTINCT a) AS accountsAffected
ORDER BY accountsAffected DESC, fromStage, toStage
