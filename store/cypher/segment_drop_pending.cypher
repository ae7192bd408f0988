// Pending calls mapped again and skipped are done: their skip is written in
// the same transaction.
UNWIND $messageIds AS id
MATCH (p:SegmentPending {messageId: id})
DELETE p
