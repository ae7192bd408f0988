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
