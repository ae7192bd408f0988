// The highest change number committed; 0 before the first change.
OPTIONAL MATCH (seq:ChangeSequence {id: 'main'})
RETURN coalesce(seq.value, 0) AS head
