// Records of calls (SegmentMessage, skipped ones included) older than
// $cutoff are dropped, a bounded number per call (at index); the skip counts
// (SegmentSkipCount) stay.
MATCH (m:SegmentMessage)
WHERE m.at < $cutoff
WITH m LIMIT $limit
DELETE m
RETURN count(*) AS pruned
