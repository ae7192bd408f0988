// The Segment source, second version (see docs/segment-source.md): the
// anonymous ids linked to a user are found by the user, so the calls pending
// under them are mapped when the user's contact can take them.
CREATE INDEX segment_alias_user_id IF NOT EXISTS FOR (s:SegmentAlias) ON (s.userId);
