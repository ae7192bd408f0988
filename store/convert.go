package store

import "time"

// Conversions from the driver's property values to domain fields. They keep
// driver types from leaking above this package.

func setIf[T any](props map[string]any, key string, v *T) {
	if v != nil {
		props[key] = *v
	}
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func optStr(v any) *string {
	if s, ok := v.(string); ok {
		return &s
	}
	return nil
}

func optFloat(v any) *float64 {
	switch n := v.(type) {
	case float64:
		return &n
	case int64:
		f := float64(n)
		return &f
	}
	return nil
}

func timeOf(v any) time.Time {
	if t, ok := v.(time.Time); ok {
		return t.UTC()
	}
	return time.Time{}
}
