// Whether from -> to is a step of the designed stage order itself (not an
// exception to it).
RETURN EXISTS { (:Stage {key: $from})-[:NEXT_STAGE]->(:Stage {key: $to}) } AS designed
