// Create or update a data field.
MERGE (f:DataField {key: $key})
SET f.name = $name, f.description = $description
RETURN f.key AS key
