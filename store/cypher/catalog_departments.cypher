UNWIND $rows AS row
MERGE (d:Department {key: row.key})
SET d.name = row.name
