// Every stage transition of each account of a batch, oldest first. The stage
// keys come from the TO_STAGE / FROM_STAGE relationships, falling back to the
// transition's own toStage / fromStage properties.
UNWIND $accountIds AS id
MATCH (:Account {id: id})-[:HAD_TRANSITION]->(tr:StageTransition)
OPTIONAL MATCH (tr)-[:TO_STAGE]->(to:Stage)
OPTIONAL MATCH (tr)-[:FROM_STAGE]->(from:Stage)
OPTIONAL MATCH (tr)-[:TRIGGERED_BY]->(tp:Touchpoint)
WITH id, tr, to, from, tp ORDER BY tr.at, tr.id
RETURN id AS accountId,
  tr {.id, .at, .source, toStage: coalesce(to.key, tr.toStage), fromStage: coalesce(from.key, tr.fromStage), triggeredBy: tp.id} AS transition
