// The oldest $limit changes below $head, in order, each with whether it was
// recorded before $before: an ordered seek of the Change(seq) index that
// stops after $limit entries, however long the retained feed. The head
// change itself is never pruned, so a reader that misses it knows it is still
// being committed.
MATCH (c:Change)
WHERE c.seq > 0 AND c.seq < $head
RETURN c.seq AS seq, c.at < $before AS expired
ORDER BY c.seq
LIMIT $limit
