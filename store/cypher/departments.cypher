// Every department, by name.
MATCH (n:Department)
WITH n ORDER BY n.name, n.key
RETURN n {.key, .name} AS department
