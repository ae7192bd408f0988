// Package scalar holds the Go mappings of the GraphQL custom scalars. They
// replace gqlgen's stock ones so that a value a client gets wrong is reported
// as BAD_USER_INPUT (a *journey.Error), not as an uncoded error that the error
// presenter must treat as INTERNAL and log.
package scalar

import "unicode/utf8"

// kind names a decoded JSON value's type for an error message, without
// echoing the value.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	default:
		return "a number"
	}
}

// clip keeps error messages short when a client sends a long string.
func clip(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
