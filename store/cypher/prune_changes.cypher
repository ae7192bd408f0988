// Deletes the changes numbered $from to $upto: a prefix of the feed that
// oldest_changes found expired, so the retained feed has no holes and a
// missing number below the head always means "pruned". It seeks the
// Change(seq) index and never touches the ChangeSequence node, so writers
// (which only create changes above the head) never wait for it.
MATCH (c:Change)
WHERE c.seq >= $from AND c.seq <= $upto
DELETE c
RETURN count(*) AS pruned
