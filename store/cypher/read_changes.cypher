// Changes after $after up to $head, in order. $head was read first, in an
// earlier statement: every change up to it had committed by then (see
// append_touchpoint_change.cypher), so this read cannot see a later change
// while missing an earlier one.
MATCH (c:Change)
WHERE c.seq > $after AND c.seq <= $head
RETURN c.seq AS seq, c.at AS at, c.kind AS kind, c.ids AS ids, c.fromStages AS fromStages
ORDER BY c.seq
LIMIT $limit
