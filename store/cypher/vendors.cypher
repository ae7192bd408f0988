// Every vendor, by name.
MATCH (n:Vendor)
WITH n ORDER BY n.name, n.key
RETURN n {.key, .name} AS vendor
