package store

// EncodeJourneyPath is the JourneyPath encoding (typeSequence and timeDeltas,
// see journey_path.go) for code that builds paths outside a transaction: the
// offline bulk load writes them into its CSV files, and the graph it produces
// must equal online ingest's.
func EncodeJourneyPath(keys []string, ms []int64) (typeSequence string, timeDeltas []byte) {
	return encodeJourneyPath(keys, ms)
}
