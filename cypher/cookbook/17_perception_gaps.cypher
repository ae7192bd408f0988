// Touchpoints where the company and its customers disagree most about
// importance or performance (ratings 1–5; gap = internal − customer).
MATCH (t:TouchpointType)
UNWIND [
  {aspect: 'importance', internal: t.importanceInternal, customer: t.importanceCustomer},
  {aspect: 'performance', internal: t.performanceInternal, customer: t.performanceCustomer}
] AS r
WITH t, r WHERE r.internal IS NOT NULL AND r.customer IS NOT NULL
RETURN r.aspect AS aspect, t.key AS touchpointType, r.internal AS internal, r.customer AS customer,
       r.internal - r.customer AS gap
ORDER BY aspect, abs(gap) DESC, touchpointType
