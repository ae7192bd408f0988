// W3 written by hand: the touchpoint catalog (key, name, category).
MATCH (t:TouchpointType)
RETURN t.key AS key, t.name AS name, t.category AS category
ORDER BY t.category, t.name, t.key
