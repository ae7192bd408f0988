package store

// SetRowsPerRecord changes how many rows a bulk read packs into one record,
// for tests; the returned function restores it.
func SetRowsPerRecord(n int) (restore func()) {
	old := rowsPerRecord
	rowsPerRecord = n
	return func() { rowsPerRecord = old }
}
