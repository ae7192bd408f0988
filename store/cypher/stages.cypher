// The lifecycle stages in their designed order.
MATCH (s:Stage)
WITH s ORDER BY s.order, s.key
RETURN s {.*} AS stage
