// Every channel, by name.
MATCH (n:Channel)
WITH n ORDER BY n.name, n.key
RETURN n {.key, .name} AS channel
