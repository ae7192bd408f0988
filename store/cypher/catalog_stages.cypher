UNWIND $rows AS row
MERGE (s:Stage {key: row.key})
SET s.name = row.name, s.order = row.order, s.description = row.description
