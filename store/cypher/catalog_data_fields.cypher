// Data fields of the demo blueprint. Names and descriptions are only filled
// in when missing: reloading the demo never undoes an architect's edits.
UNWIND $rows AS row
MERGE (f:DataField {key: row.key})
SET f.name = coalesce(f.name, row.name), f.description = coalesce(f.description, row.description)
