// The tokens of change $head and profile bump $profiles (see
// store.DataVersion), each with whether it exists: a change or bump written
// before tokens were has none (''); a change pruned from the feed, or a bump
// past the ProfileBump nodes kept, is not found. For a pruned change, the
// change after it keeps its token (prevToken).
OPTIONAL MATCH (c:Change {seq: $head})
OPTIONAL MATCH (next:Change {seq: $head + 1})
OPTIONAL MATCH (b:ProfileBump {seq: $profiles})
RETURN c IS NOT NULL AS changeFound, coalesce(c.token, '') AS changeToken,
  next IS NOT NULL AS nextFound, coalesce(next.prevToken, '') AS nextPrevToken,
  b IS NOT NULL AS bumpFound, coalesce(b.token, '') AS bumpToken
