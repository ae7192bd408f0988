// The given keys that name nothing, per label: a blueprint edit checks every
// reference first and reports each unknown key with its input field.
RETURN
  [k IN $technologies WHERE NOT EXISTS { MATCH (:Technology {key: k}) }] AS technologies,
  [k IN $types WHERE NOT EXISTS { MATCH (:TouchpointType {key: k}) }] AS types,
  [k IN $stages WHERE NOT EXISTS { MATCH (:Stage {key: k}) }] AS stages,
  [k IN $fields WHERE NOT EXISTS { MATCH (:DataField {key: k}) }] AS fields,
  [k IN $departments WHERE NOT EXISTS { MATCH (:Department {key: k}) }] AS departments,
  [k IN $vendors WHERE NOT EXISTS { MATCH (:Vendor {key: k}) }] AS vendors
