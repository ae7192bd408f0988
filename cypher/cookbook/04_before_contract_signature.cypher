// The touchpoints that precede a Contract signature: which types occur in the
// five steps before each signature of an account's journey, how often, and in
// how many accounts.
MATCH (:TouchpointType {key: 'contract_signature'})<-[:OF_TYPE]-(signature:Touchpoint)
MATCH (before:Touchpoint)-[:NEXT_FOR_ACCOUNT*1..5]->(signature)
RETURN before.type AS touchpointType, count(*) AS occurrences,
       count(DISTINCT signature.accountId) AS accounts
ORDER BY occurrences DESC, touchpointType
