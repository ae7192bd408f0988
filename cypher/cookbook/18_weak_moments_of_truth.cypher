// Moments of truth customers rate below 3 for performance: where the
// relationship is made or broken and the company is failing.
MATCH (s:Stage)-[e:EXPECTS]->(t:TouchpointType)
WHERE e.momentOfTruth IS NOT NULL AND t.performanceCustomer < 3
RETURN s.name AS stage, t.key AS touchpointType, e.momentOfTruth AS momentOfTruth,
       t.performanceInternal AS internal, t.performanceCustomer AS customer
ORDER BY customer, s.order
