// A new epoch for the database's data (see store.DataVersion): after an
// offline bulk load, whose database has no change feed yet, so no API process
// mistakes it for the database it cached before.
MERGE (seq:ChangeSequence {id: 'main'})
  ON CREATE SET seq.value = 0
SET seq.epoch = randomUUID()
