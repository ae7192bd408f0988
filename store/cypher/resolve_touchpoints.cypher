// What record_touchpoints needs to validate each row: does its type exist
// (and its category, which a new touchpoint copies), its account, its contact
// (by id or by email) and that contact's account, and is the touchpoint
// already recorded (then as stored: touchpoints never change).
UNWIND $rows AS row
OPTIONAL MATCH (type:TouchpointType {key: row.type})
OPTIONAL MATCH (account:Account {id: row.accountId})
OPTIONAL MATCH (byId:Contact {id: row.contactId})
OPTIONAL MATCH (byEmail:Contact {email: row.contactEmail})
OPTIONAL MATCH (existing:Touchpoint {id: row.id})
RETURN row.i AS i,
       type IS NOT NULL AS typeKnown,
       type.category AS category,
       account IS NOT NULL AS accountKnown,
       byId.id AS contactById,
       byId.accountId AS accountOfContactById,
       byEmail.id AS contactByEmail,
       byEmail.accountId AS accountOfContactByEmail,
       existing {.*} AS stored
