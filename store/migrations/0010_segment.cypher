// The Segment source's own state (see docs/segment-source.md): one node per
// key, each with its uniqueness constraint; pending calls are found by key and
// expired by age, skipped ones counted by reason.
CREATE CONSTRAINT segment_alias_anonymous_id IF NOT EXISTS FOR (s:SegmentAlias) REQUIRE s.anonymousId IS UNIQUE;
CREATE CONSTRAINT segment_group_link_user_id IF NOT EXISTS FOR (g:SegmentGroupLink) REQUIRE g.userId IS UNIQUE;
CREATE CONSTRAINT segment_pending_message_id IF NOT EXISTS FOR (p:SegmentPending) REQUIRE p.messageId IS UNIQUE;
CREATE CONSTRAINT segment_skipped_message_id IF NOT EXISTS FOR (s:SegmentSkipped) REQUIRE s.messageId IS UNIQUE;
CREATE INDEX segment_pending_key IF NOT EXISTS FOR (p:SegmentPending) ON (p.key);
CREATE INDEX segment_pending_received_at IF NOT EXISTS FOR (p:SegmentPending) ON (p.receivedAt);
CREATE INDEX segment_skipped_reason IF NOT EXISTS FOR (s:SegmentSkipped) ON (s.reason);
