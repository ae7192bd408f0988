package journey

import (
	"errors"
	"testing"
)

// Ids and keys are visible characters and plain spaces; each refused string
// hides one character that does not show, and each is reported on its field.
func TestValidateIDRefusesInvisibleCharacters(t *testing.T) {
	for _, id := range []string{"acc-1", "acc 1", "Société-名前-№7", "a\\b", "🚀"} {
		if err := ValidateID("input.id", id); err != nil {
			t.Errorf("ValidateID(%q) = %v, want nil", id, err)
		}
	}
	for _, id := range []string{
		"acc\x00", "acc\n1", "acc\x1b", "acc\x7f", "acc\u0085", // Cc
		"acc\u200b", "acc\u200d", "acc\u202e", "\ufeffacc", "acc\u00ad", "acc\U000e0041", // Cf
		"acc\u00a01", "acc\u30001", "acc\u2028", "acc\u2029", // spaces but U+0020, separators
		"acc\ue000", "acc\U000f0000", // private use
		"acc\u0378",                                                     // unassigned
		"acc\ufe0f", "acc\u034f", "acc\u3164", "acc\u115f", "acc\u2800", // render as nothing
		"acc\xff", // invalid UTF-8
	} {
		var e *Error
		if err := ValidateID("input.id", id); !errors.As(err, &e) || e.Code != CodeInvalidInput || e.Field != "input.id" {
			t.Errorf("ValidateID(%q) = %v, want BAD_USER_INPUT on input.id", id, err)
		}
	}
	if _, err := NormalizeEmail("input.email", "ada\u200b@acme.com"); err == nil {
		t.Error("an email with U+200B was accepted")
	}
	if _, err := NormalizeEmail("input.email", "ada\xff@acme.com"); err == nil {
		t.Error("an email with invalid UTF-8 was accepted")
	}
}

// Normalizing trims ASCII spaces and tabs around ids, keys and emails and
// nothing else: an invisible or control character at either end is refused
// like one inside, not dropped into a look-alike of the visible id.
func TestNormalizeRefusesInvisibleCharactersAtTheEnds(t *testing.T) {
	for _, id := range []string{"nbsp\u00a0", "\u00a0nbsp", "nel\u0085", "\u200bzw", "line\n"} {
		in := AccountInput{ID: id, Name: "Look-alike"}
		var e *Error
		if err := in.Normalize("input"); !errors.As(err, &e) || e.Code != CodeInvalidInput || e.Field != "input.id" {
			t.Errorf("account id %q: %v (normalized to %q), want BAD_USER_INPUT on input.id", id, err, in.ID)
		}
	}
	in := AccountInput{ID: " \tacc-1\t ", Name: "Acme"}
	if err := in.Normalize("input"); err != nil || in.ID != "acc-1" {
		t.Errorf("spaces and tabs around an id: %v, id %q; want acc-1", err, in.ID)
	}
	if _, err := NormalizeEmail("input.email", "ada@acme.com\u00a0"); err == nil {
		t.Error("an email ending in U+00A0 was accepted")
	}
	if _, err := normKey("key", "\u00a0lead"); err == nil {
		t.Error("a key starting with U+00A0 was accepted")
	}
}
