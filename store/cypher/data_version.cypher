// The version of the data the journey cache holds (see store.DataVersion):
// the change feed's head, the profile counter (profile_marks.cypher) and how
// many nodes its last bump marked, the tokens of the head change and of the
// last bump, and the epoch, new with every database.
OPTIONAL MATCH (seq:ChangeSequence {id: 'main'})
RETURN coalesce(seq.epoch, '') AS epoch, coalesce(seq.value, 0) AS head,
  coalesce(seq.profiles, 0) AS profiles, coalesce(seq.profileMarks, 0) AS profileMarks,
  coalesce(seq.headToken, '') AS headToken, coalesce(seq.profileToken, '') AS profileToken
