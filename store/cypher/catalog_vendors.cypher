UNWIND $rows AS row
MERGE (v:Vendor {key: row.key})
SET v.name = row.name
