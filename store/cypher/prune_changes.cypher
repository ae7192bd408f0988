// Deletes up to $limit of the oldest changes recorded before $before, and
// only a prefix of the feed: it stops at the first change young enough to
// keep, so the retained feed has no holes and a missing number below the
// head always means "pruned". The head change itself is always kept, so a
// reader that misses it knows it is still being committed. It only reads the
// ChangeSequence node, so writers never wait for it.
OPTIONAL MATCH (seq:ChangeSequence {id: 'main'})
WITH coalesce(seq.value, 0) AS head
MATCH (c:Change)
WHERE c.seq > 0 AND c.seq < head
WITH c ORDER BY c.seq LIMIT $limit
WITH collect(c) AS oldest
WITH oldest, [i IN range(0, size(oldest) - 1) WHERE oldest[i].at >= $before] AS young
WITH CASE WHEN size(young) = 0 THEN oldest ELSE oldest[..young[0]] END AS expired
UNWIND expired AS c
DELETE c
RETURN count(*) AS pruned
