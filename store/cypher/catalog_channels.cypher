UNWIND $rows AS row
MERGE (c:Channel {key: row.key})
SET c.name = row.name
