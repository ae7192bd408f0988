// Everything one Segment call needs to know of the graph, each part a seek on
// a unique key or index: contacts by id and by email, accounts, the
// anonymousId links (of the anonymous ids named, and those of the users named:
// calls pending under a user's anonymous ids are the user's), the group links
// (to accounts that exist), which messages are settled (their touchpoint is
// recorded) or recorded as applied (with their content's fingerprint), the
// pending calls under the given keys and under those anonymous ids, and how
// many are pending in all (the count store).
CALL {
  UNWIND $userIds AS id
  MATCH (c:Contact {id: id})
  RETURN collect({id: c.id, email: c.email, accountId: c.accountId}) AS contacts
}
CALL {
  UNWIND $emails AS email
  MATCH (c:Contact {email: email})
  RETURN collect({email: email, id: c.id}) AS emailOwners
}
CALL {
  UNWIND $accountIds AS id
  MATCH (a:Account {id: id})
  RETURN collect({id: a.id, name: a.name}) AS accounts
}
CALL {
  CALL {
    UNWIND $anonymousIds AS id
    MATCH (s:SegmentAlias {anonymousId: id})
    RETURN s
    UNION
    UNWIND $userIds AS id
    MATCH (s:SegmentAlias {userId: id})
    RETURN s
  }
  RETURN collect({anonymousId: s.anonymousId, userId: s.userId}) AS aliases
}
CALL {
  UNWIND $userIds AS id
  MATCH (g:SegmentGroupLink {userId: id})
  MATCH (a:Account {id: g.groupId})
  RETURN collect({userId: id, groupId: a.id}) AS groupLinks
}
CALL {
  UNWIND range(0, size($messageIds) - 1) AS i
  MATCH (t:Touchpoint {id: $touchpointIds[i]})
  RETURN collect($messageIds[i]) AS settled
}
CALL {
  UNWIND $messageIds AS id
  MATCH (m:SegmentMessage {messageId: id})
  RETURN collect(m {.messageId, .fingerprint}) AS applied
}
CALL {
  WITH aliases
  UNWIND $pendingKeys + [a IN aliases | 'anon:' + a.anonymousId] AS key
  WITH DISTINCT key
  MATCH (p:SegmentPending {key: key})
  RETURN collect(p {.messageId, .fingerprint, .key, .kind, .name, .receivedAt, .message}) AS pending
}
CALL {
  MATCH (p:SegmentPending)
  RETURN count(p) AS pendingTotal
}
RETURN contacts, emailOwners, accounts, aliases, groupLinks, settled, applied, pending, pendingTotal
