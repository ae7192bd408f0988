// Every data field by name.
MATCH (f:DataField)
RETURN f {.key, .name, .description} AS field
ORDER BY f.name, f.key
