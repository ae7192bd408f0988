// Create each touchpoint that does not exist yet; an existing one is left as
// it is (touchpoints are immutable facts). Rows were validated beforehand
// (resolve_touchpoints) in the same transaction. The rows come as parallel
// lists rather than a list of maps: reading `row.accountId` from an unknown
// value would make the planner insert an Eager barrier, since `row` might be a
// node whose properties this query sets. link_touchpoints then links exactly
// the nodes this attempt created ($batchId).
UNWIND range(0, size($ids) - 1) AS i
MATCH (type:TouchpointType {key: $types[i]})
MERGE (t:Touchpoint {id: $ids[i]})
  ON CREATE SET t.source = $sources[i], t.externalId = $externalIds[i], t.type = $types[i],
    t.category = type.category, t.occurredAt = $occurredAts[i], t.accountId = $accountIds[i],
    t.contactId = $contactIds[i], t.value = $values[i], t.sentiment = $sentiments[i],
    t.attributes = $attributes[i], t.recordedAt = datetime(), t.batchId = $batchId
