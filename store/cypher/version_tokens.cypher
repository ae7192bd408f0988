// The tokens of change $head and profile bump $profiles (see
// store.DataVersion), each with whether it exists: a change or bump written
// before tokens were has none (''); a change pruned from the feed, or a bump
// past the ProfileBump nodes kept, is not found.
OPTIONAL MATCH (c:Change {seq: $head})
OPTIONAL MATCH (b:ProfileBump {seq: $profiles})
RETURN c IS NOT NULL AS changeFound, coalesce(c.token, '') AS changeToken,
  b IS NOT NULL AS bumpFound, coalesce(b.token, '') AS bumpToken
