// An identify links its anonymousId to its userId; a later identify of the
// same anonymousId moves the link. Setting the same value again changes nothing.
UNWIND range(0, size($anonymousIds) - 1) AS i
MERGE (s:SegmentAlias {anonymousId: $anonymousIds[i]})
  ON CREATE SET s.userId = $userIds[i]
  ON MATCH SET s.userId = $userIds[i]
