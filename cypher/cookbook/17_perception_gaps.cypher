// Touchpoints where the company and its customers disagree most about
// importance or performance (ratings 1–5; gap = internal − customer, to two
// decimals). Equal ratings are no gap and are left out, as in the API.
MATCH (t:TouchpointType)
UNWIND [
  {aspect: 'importance', internal: t.importanceInternal, customer: t.importanceCustomer},
  {aspect: 'performance', internal: t.performanceInternal, customer: t.performanceCustomer}
] AS r
WITH t, r, round(r.internal - r.customer, 2) AS gap
WHERE gap IS NOT NULL AND gap <> 0
RETURN r.aspect AS aspect, t.key AS touchpointType, r.internal AS internal, r.customer AS customer, gap
ORDER BY aspect, abs(gap) DESC, touchpointType
