package server

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/lexer"
)

// Go's JSON decoder and the GraphQL lexer both turn invalid UTF-8 and unpaired
// UTF-16 surrogate escapes ("\ud800") into U+FFFD without a word, which would
// store a value other than the one sent. The transport looks at the raw
// request for them first and refuses the request, naming where.

// invalidUnicodeInJSON returns the path ("variables.in.externalId", "query")
// of the first JSON string in b that holds invalid UTF-8 or an unpaired
// surrogate escape. It reports nothing for JSON it cannot read: the decoding
// that follows refuses that.
func invalidUnicodeInJSON(b []byte) (string, bool) {
	// Fast path: outside its strings JSON has no backslash and only ASCII,
	// so a body with nothing bad anywhere needs no tokenizing.
	if !badUnicode(b) {
		return "", false
	}
	type frame struct {
		object  bool
		key     string // object: the current member
		wantKey bool   // object: the next string is a member name
		index   int    // array: the current element
	}
	var stack []frame
	path := func() string {
		var sb strings.Builder
		for _, f := range stack {
			if f.object && f.wantKey { // between members: the object itself
				break
			}
			if f.object {
				if sb.Len() > 0 {
					sb.WriteByte('.')
				}
				sb.WriteString(f.key)
			} else {
				sb.WriteString("[" + strconv.Itoa(f.index) + "]")
			}
		}
		return sb.String()
	}
	valueDone := func() {
		if n := len(stack); n > 0 {
			if stack[n-1].object {
				stack[n-1].wantKey = true
			} else {
				stack[n-1].index++
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	var prev int64
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", false
		}
		// Between two tokens there are only the JSON delimiters, all ASCII.
		raw := b[prev:dec.InputOffset()]
		prev = dec.InputOffset()
		switch tok := tok.(type) {
		case json.Delim:
			switch tok {
			case '{':
				stack = append(stack, frame{object: true, wantKey: true})
			case '[':
				stack = append(stack, frame{})
			default:
				stack = stack[:len(stack)-1]
				valueDone()
			}
		case string:
			if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].wantKey {
				if badUnicode(raw) { // a member name: report its object
					return path(), true
				}
				stack[n-1].key, stack[n-1].wantKey = tok, false
				continue
			}
			if badUnicode(raw) {
				return path(), true
			}
			valueDone()
		default:
			valueDone()
		}
	}
}

// badUnicode reports whether raw JSON or GraphQL string source holds invalid
// UTF-8 or a \uXXXX escape of a surrogate that is not part of a pair.
func badUnicode(raw []byte) bool {
	if !utf8.Valid(raw) {
		return true
	}
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' || i+1 >= len(raw) {
			continue
		}
		if raw[i+1] != 'u' {
			i++ // \" \\ \n ...: the escaped character is no escape itself
			continue
		}
		r, ok := hex4(raw[i+2:])
		switch {
		case !ok || r < 0xD800 || r > 0xDFFF:
		case r >= 0xDC00: // a trailing surrogate on its own
			return true
		default: // a leading surrogate must be followed by an escaped trailing one
			next := raw[i+6:]
			if len(next) < 6 || next[0] != '\\' || next[1] != 'u' {
				return true
			}
			if r2, ok := hex4(next[2:]); !ok || r2 < 0xDC00 || r2 > 0xDFFF {
				return true
			}
			i += 6
		}
		i += 5
	}
	return false
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	v, err := strconv.ParseUint(string(b[:4]), 16, 32)
	return rune(v), err == nil
}

// invalidUnicodeInDocument reports whether a string literal of a GraphQL
// document holds an unpaired surrogate escape (or the document invalid UTF-8).
// Block strings have no escapes; a document the lexer cannot read is left to
// the parser.
func invalidUnicodeInDocument(query string) bool {
	if !utf8.ValidString(query) {
		return true
	}
	if !strings.Contains(query, `\u`) {
		return false
	}
	runes := []rune(query) // token positions count runes
	lex := lexer.New(&ast.Source{Input: query})
	for {
		tok, err := lex.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			return false
		}
		if tok.Kind == lexer.String && tok.Pos.End <= len(runes) && badUnicode([]byte(string(runes[tok.Pos.Start:tok.Pos.End]))) {
			return true
		}
	}
}
