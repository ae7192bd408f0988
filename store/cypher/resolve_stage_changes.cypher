UNWIND $rows AS row
OPTIONAL MATCH (account:Account {id: row.accountId})
OPTIONAL MATCH (stage:Stage {key: row.stage})
OPTIONAL MATCH (trigger:Touchpoint {id: row.triggeredBy})
OPTIONAL MATCH (existing:StageTransition {id: row.id})
RETURN row.i AS i, account IS NOT NULL AS accountKnown, stage IS NOT NULL AS stageKnown,
       trigger IS NOT NULL AS triggerKnown, trigger.accountId AS triggerAccount,
       existing IS NOT NULL AS exists
