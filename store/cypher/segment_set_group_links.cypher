// A group call puts its user in the account groupId; an identify that comes
// later (or a contact that exists) attaches to it. The last group call wins.
UNWIND range(0, size($userIds) - 1) AS i
MERGE (g:SegmentGroupLink {userId: $userIds[i]})
  ON CREATE SET g.groupId = $groupIds[i]
  ON MATCH SET g.groupId = $groupIds[i]
