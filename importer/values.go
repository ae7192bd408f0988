package importer

import (
	"errors"
	"strconv"
	"time"
)

// timeLayouts are the timestamp forms every mapping accepts, tried in order.
// Forms without an offset are UTC. Fractional seconds are accepted after the
// seconds in every form with seconds.
var timeLayouts = []string{
	time.RFC3339,                // 2026-03-01T09:30:00Z, 2026-03-01T09:30:00.000+02:00
	"2006-01-02T15:04:05",       // no offset: UTC
	"2006-01-02 15:04:05",       // no offset: UTC
	"2006-01-02 15:04:05Z07:00", // 2026-03-01 09:30:00+02:00
	"2006-01-02 15:04:05 -0700", // 2026-03-01 09:30:00 +0200
	"2006-01-02 15:04:05 UTC",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02", // midnight UTC
}

// TimeForms is how the accepted timestamp forms are described to users.
const TimeForms = "RFC 3339 (2026-03-01T09:30:00Z, 2026-03-01T09:30:00+02:00), 2026-03-01 09:30:00, 2026-03-01 09:30 or 2026-03-01 (UTC unless an offset is given)"

var errBadTime = errors.New("not a timestamp")

// parseTime reads a timestamp in one of timeLayouts.
func parseTime(s string) (time.Time, error) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, errBadTime // cheap rejection of 03/01/2026 and friends
	}
	for _, layout := range timeLayouts {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errBadTime
}

var errBadAmount = errors.New("not an amount")

// parseAmount reads an amount with '.' as the decimal separator and no
// thousands separators: 1234.5, -20, +0.75. Anything else (1,234.50, 12,5,
// 1e3, €12) is refused rather than guessed.
func parseAmount(s string) (float64, error) {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits, dot := 0, false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot && digits > 0:
			dot = true
			if i == len(s)-1 {
				return 0, errBadAmount
			}
		default:
			return 0, errBadAmount
		}
	}
	if digits == 0 || digits > 30 {
		return 0, errBadAmount
	}
	return strconv.ParseFloat(s, 64)
}
