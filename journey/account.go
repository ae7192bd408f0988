package journey

import (
	"math"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Segment is the go-to-market segment of an account.
type Segment string

const (
	SegmentSMB        Segment = "SMB"
	SegmentMidMarket  Segment = "MID_MARKET"
	SegmentEnterprise Segment = "ENTERPRISE"
)

// Valid reports whether s is one of the known segments.
func (s Segment) Valid() bool {
	switch s {
	case SegmentSMB, SegmentMidMarket, SegmentEnterprise:
		return true
	}
	return false
}

// Account is a buying organisation. ID is the external id from the system of
// record (usually the CRM account id), which makes upserts idempotent.
type Account struct {
	ID        string
	Name      string
	Domain    *string
	Industry  *string
	Segment   *Segment
	Region    *string
	Tier      *string
	ARR       *float64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// AccountInput is what a client sends to create or update an account. Nil
// fields are left as they are on update.
type AccountInput struct {
	ID       string
	Name     string
	Domain   *string
	Industry *string
	Segment  *Segment
	Region   *string
	Tier     *string
	ARR      *float64
}

// MaxIDLength bounds every external id so keys stay index-friendly.
const MaxIDLength = 200

// maxTextLength bounds free-text attributes such as names.
const maxTextLength = 500

var domainPattern = regexp.MustCompile(`^(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$`)

// Normalize trims and lower-cases what should be compared case-insensitively
// and validates every field, returning the first problem as an *Error whose
// Field is prefixed with prefix (e.g. "input").
func (in *AccountInput) Normalize(prefix string) error {
	in.ID = TrimID(in.ID)
	in.Name = strings.TrimSpace(in.Name)
	if err := ValidateID(prefix+".id", in.ID); err != nil {
		return err
	}
	if in.Name == "" {
		return Invalid(prefix+".name", "must not be empty")
	}
	if err := validateText(prefix+".name", in.Name); err != nil {
		return err
	}
	if in.Domain != nil {
		d := NormalizeDomain(*in.Domain)
		if !domainPattern.MatchString(d) || len(d) > 253 {
			return Invalid(prefix+".domain", "%q is not a web domain such as example.com", *in.Domain)
		}
		in.Domain = &d
	}
	if in.Segment != nil && !in.Segment.Valid() {
		return Invalid(prefix+".segment", "unknown segment %q", *in.Segment)
	}
	for field, v := range map[string]*string{"industry": in.Industry, "region": in.Region, "tier": in.Tier} {
		if v == nil {
			continue
		}
		if err := validateText(prefix+"."+field, *v); err != nil {
			return err
		}
	}
	if in.ARR != nil && (*in.ARR < 0 || math.IsNaN(*in.ARR) || math.IsInf(*in.ARR, 0)) {
		return Invalid(prefix+".arr", "must be a non-negative amount")
	}
	return nil
}

// NormalizeDomain lower-cases a domain and strips a scheme, "www." and any path.
func NormalizeDomain(d string) string {
	d = strings.ToLower(strings.TrimSpace(d))
	d = strings.TrimPrefix(strings.TrimPrefix(d, "https://"), "http://")
	if i := strings.IndexAny(d, "/?#"); i >= 0 {
		d = d[:i]
	}
	return strings.TrimPrefix(d, "www.")
}

// EmailDomain returns the normalised domain part of an email address.
func EmailDomain(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return ""
	}
	return NormalizeDomain(email[at+1:])
}

// MaxEmailLength is the longest address SMTP allows (RFC 5321); it also keeps
// the value within what Neo4j can index.
const MaxEmailLength = 254

// MaxKeyLength bounds catalog keys (touchpoint types, stages) sent by clients.
const MaxKeyLength = 100

// NormalizeEmail validates an address and returns it lower-cased.
func NormalizeEmail(field, email string) (string, error) {
	email = TrimID(email)
	if len(email) > MaxEmailLength {
		return "", Invalid(field, "must be at most %d bytes", MaxEmailLength)
	}
	if err := validateText(field, email); err != nil {
		return "", err
	}
	if err := validateVisible(field, email); err != nil {
		return "", err
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || EmailDomain(email) == "" || !strings.Contains(EmailDomain(email), ".") {
		return "", Invalid(field, "%q is not a valid email address", email)
	}
	return strings.ToLower(email), nil
}

// ValidateKey checks a catalog key sent by a client: non-empty, bounded,
// visible (see ValidateID).
func ValidateKey(field, key string) error { return validateBounded(field, key, MaxKeyLength) }

// ValidateID checks an external id: non-empty, bounded, and made of visible
// characters and plain spaces only, so no two ids look alike while differing
// in what cannot be seen.
func ValidateID(field, id string) error { return validateBounded(field, id, MaxIDLength) }

func validateBounded(field, s string, maxLen int) error {
	switch {
	case s == "":
		return Invalid(field, "must not be empty")
	case len(s) > maxLen:
		return Invalid(field, "must be at most %d bytes", maxLen)
	}
	if err := validateText(field, s); err != nil {
		return err
	}
	return validateVisible(field, s)
}

// TrimID trims the ASCII spaces and tabs around an id, key or email. Only
// those: an invisible or control character at either end (U+00A0, U+0085,
// U+200B) is refused by validateVisible like one inside, not quietly dropped.
func TrimID(s string) string { return strings.Trim(s, " \t") }

// validateVisible refuses, in valid UTF-8, what an identifier must not hold:
// control (Cc) and format (Cf) characters such as U+200B ZERO WIDTH SPACE,
// line and paragraph separators, spaces other than U+0020, private-use and
// unassigned code points, and other characters that render as nothing
// (variation selectors, Hangul fillers, U+2800 BRAILLE PATTERN BLANK).
func validateVisible(field, s string) error {
	for _, r := range s {
		if !visible(r) {
			return Invalid(field, "must not contain control, format or other invisible characters (found U+%04X)", r)
		}
	}
	return nil
}

func visible(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= ' ' && r != 0x7F
	}
	return unicode.IsGraphic(r) && !unicode.Is(unicode.Zs, r) && r != '\u2800' &&
		!unicode.In(r, unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point)
}

func validateText(field, s string) error {
	if len(s) > maxTextLength {
		return Invalid(field, "must be at most %d bytes", maxTextLength)
	}
	if !utf8.ValidString(s) {
		return Invalid(field, "must be valid UTF-8")
	}
	if strings.ContainsRune(s, 0) {
		return Invalid(field, "must not contain NUL characters")
	}
	return nil
}
