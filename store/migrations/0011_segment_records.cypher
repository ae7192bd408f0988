// The Segment source, second version (see docs/segment-source.md): the
// anonymous ids linked to a user are found by the user, so the calls pending
// under them are mapped when the user's contact can take them.
CREATE INDEX segment_alias_user_id IF NOT EXISTS FOR (s:SegmentAlias) ON (s.userId);
// Every call applied is recorded (SegmentMessage, by messageId and content
// fingerprint) in the transaction of its effect, so a replay changes nothing.
CREATE CONSTRAINT segment_message_id IF NOT EXISTS FOR (m:SegmentMessage) REQUIRE m.id IS UNIQUE;
CREATE INDEX segment_message_message_id IF NOT EXISTS FOR (m:SegmentMessage) ON (m.messageId);
// A skipped call's record is its mark (SegmentMessage:SegmentSkipped), keyed
// by messageId and content: a call reusing a messageId is counted as well.
// Records of earlier versions keep their messageId, with an unknown content.
DROP CONSTRAINT segment_skipped_message_id IF EXISTS;
MATCH (s:SegmentSkipped) WHERE s.id IS NULL SET s:SegmentMessage, s.id = s.messageId + '|', s.fingerprint = '';
// Skipped calls are counted as they are skipped (SegmentSkipCount, by reason,
// type and name: an admin reads these, ordered by count), and the records of
// calls are dropped after a retention (at); counts of earlier versions'
// skipped calls are made once from their records (counted marks them).
CREATE CONSTRAINT segment_skip_count_key IF NOT EXISTS FOR (c:SegmentSkipCount) REQUIRE c.key IS UNIQUE;
CREATE INDEX segment_skip_count_count IF NOT EXISTS FOR (c:SegmentSkipCount) ON (c.count);
CREATE INDEX segment_skip_count_reason_count IF NOT EXISTS FOR (c:SegmentSkipCount) ON (c.reason, c.count);
CREATE INDEX segment_message_at IF NOT EXISTS FOR (m:SegmentMessage) ON (m.at);
MATCH (s:SegmentSkipped) WHERE s.fingerprint = '' AND s.counted IS NULL
WITH s.reason AS reason, s.kind AS kind, CASE WHEN s.kind IN ['track', 'page'] THEN s.name ELSE '' END AS name, collect(s) AS calls
MERGE (c:SegmentSkipCount {key: reason + '|' + kind + '|' + name})
  ON CREATE SET c.reason = reason, c.kind = kind, c.name = name, c.count = 0
SET c.count = c.count + size(calls),
  c.firstSeen = reduce(t = c.firstSeen, s IN calls | CASE WHEN t IS NULL OR s.at < t THEN s.at ELSE t END),
  c.lastSeen = reduce(t = c.lastSeen, s IN calls | CASE WHEN t IS NULL OR s.at > t THEN s.at ELSE t END)
FOREACH (s IN calls | SET s.counted = true);
