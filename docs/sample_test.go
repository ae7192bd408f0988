package docs_test

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// The README shows answers trimmed for reading: a sample is JSON in which an
// ellipsis (`...`, `…` or the string "…") stands for what was left out. A
// sample matches a live answer when (see matchSample):
//
//   - an object shows only keys of the live object, each with a matching
//     value; it must show them all unless it contains an ellipsis;
//   - an array shows elements of the live array in order: an ellipsis stands
//     for one or more elements left out at that place (so elements before
//     the first ellipsis are the live array's first ones, and those after the
//     last one its last ones); `... 39 nodes` also says the live array has 39
//     elements; without an ellipsis the arrays have the same length;
//   - a number shown with d decimals is the live number rounded to d
//     decimals; strings, booleans and null are equal.

// sampleValue is one parsed value of a sample.
type sampleValue struct {
	kind     byte // '{', '[', 's' string, 'n' number, 'b' bool, '0' null, '.' ellipsis
	str      string
	num      float64
	decimals int
	boolean  bool
	keys     []string
	fields   map[string]*sampleValue
	elided   bool // an object or array with an ellipsis in it
	items    []*sampleValue
	total    int // for an ellipsis with a count (`... 39 nodes`); -1 otherwise
}

type sampleParser struct {
	src string
	pos int
}

func parseSample(src string) (*sampleValue, error) {
	p := &sampleParser{src: src}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	if p.skipSpace(); p.pos != len(p.src) {
		return nil, p.errorf("trailing text")
	}
	return v, nil
}

func (p *sampleParser) errorf(format string, args ...any) error {
	return fmt.Errorf("sample JSON at byte %d (%q): %s", p.pos, p.src[p.pos:min(p.pos+20, len(p.src))], fmt.Sprintf(format, args...))
}

func (p *sampleParser) skipSpace() {
	for p.pos < len(p.src) && strings.ContainsRune(" \t\r\n", rune(p.src[p.pos])) {
		p.pos++
	}
}

func (p *sampleParser) take(prefix string) bool {
	p.skipSpace()
	if strings.HasPrefix(p.src[p.pos:], prefix) {
		p.pos += len(prefix)
		return true
	}
	return false
}

func (p *sampleParser) value() (*sampleValue, error) {
	p.skipSpace()
	switch {
	case p.take("..."), p.take("…"), p.take(`"…"`):
		v := &sampleValue{kind: '.', total: -1}
		// An optional count of the whole list: `... 39 nodes`.
		save := p.pos
		p.skipSpace()
		start := p.pos
		for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
			p.pos++
		}
		if n, err := strconv.Atoi(p.src[start:p.pos]); err == nil && p.pos < len(p.src) && p.src[p.pos] == ' ' {
			p.pos++
			for p.pos < len(p.src) && unicode.IsLetter(rune(p.src[p.pos])) {
				p.pos++
			}
			v.total = n
		} else {
			p.pos = save
		}
		return v, nil
	case p.take("{"):
		v := &sampleValue{kind: '{', fields: map[string]*sampleValue{}}
		for !p.take("}") {
			if len(v.keys) > 0 || v.elided {
				if !p.take(",") {
					return nil, p.errorf("want , or }")
				}
			}
			if p.take("...") || p.take("…") || p.take(`"…"`) {
				v.elided = true
				continue
			}
			key, err := p.value()
			if err != nil {
				return nil, err
			}
			if key.kind != 's' || !p.take(":") {
				return nil, p.errorf("want a key and :")
			}
			val, err := p.value()
			if err != nil {
				return nil, err
			}
			v.keys = append(v.keys, key.str)
			v.fields[key.str] = val
		}
		return v, nil
	case p.take("["):
		v := &sampleValue{kind: '['}
		for !p.take("]") {
			// An ellipsis on a line of its own may go without its comma.
			if len(v.items) > 0 && !p.take(",") && v.items[len(v.items)-1].kind != '.' {
				return nil, p.errorf("want , or ]")
			}
			item, err := p.value()
			if err != nil {
				return nil, err
			}
			if item.kind == '.' {
				v.elided = true
			}
			v.items = append(v.items, item)
		}
		return v, nil
	case p.take("true"):
		return &sampleValue{kind: 'b', boolean: true}, nil
	case p.take("false"):
		return &sampleValue{kind: 'b'}, nil
	case p.take("null"):
		return &sampleValue{kind: '0'}, nil
	case strings.HasPrefix(p.src[p.pos:], `"`):
		dec := json.NewDecoder(strings.NewReader(p.src[p.pos:]))
		var s string
		if err := dec.Decode(&s); err != nil {
			return nil, p.errorf("string: %v", err)
		}
		p.pos += int(dec.InputOffset())
		return &sampleValue{kind: 's', str: s}, nil
	}
	start := p.pos
	for p.pos < len(p.src) && strings.ContainsRune("-+.eE0123456789", rune(p.src[p.pos])) {
		p.pos++
	}
	lit := p.src[start:p.pos]
	n, err := strconv.ParseFloat(lit, 64)
	if err != nil {
		p.pos = start
		return nil, p.errorf("want a value")
	}
	v := &sampleValue{kind: 'n', num: n}
	if i := strings.IndexByte(lit, '.'); i >= 0 {
		v.decimals = len(lit) - i - 1
	}
	return v, nil
}

// matchSample reports where want (a sample) does not match got (a live
// answer decoded with UseNumber), or "" when it matches.
func matchSample(want *sampleValue, got any, path string) string {
	switch want.kind {
	case '{':
		obj, ok := got.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: live answer is %s, not an object", path, brief(got))
		}
		for _, k := range want.keys {
			g, ok := obj[k]
			if !ok {
				return fmt.Sprintf("%s: live answer has no %q", path, k)
			}
			if d := matchSample(want.fields[k], g, path+"."+k); d != "" {
				return d
			}
		}
		if !want.elided && len(obj) != len(want.keys) {
			return fmt.Sprintf("%s: live answer has %d fields, the sample shows %d without an ellipsis", path, len(obj), len(want.keys))
		}
		return ""
	case '[':
		arr, ok := got.([]any)
		if !ok {
			return fmt.Sprintf("%s: live answer is %s, not a list", path, brief(got))
		}
		for _, it := range want.items {
			if it.kind == '.' && it.total >= 0 && it.total != len(arr) {
				return fmt.Sprintf("%s: live list has %d elements, the sample says %d", path, len(arr), it.total)
			}
		}
		if d := matchItems(want.items, arr, path, 0, 0); d != "" {
			return d
		}
		return ""
	case 'n':
		n, ok := got.(json.Number)
		if !ok {
			return fmt.Sprintf("%s: live answer is %s, not a number", path, brief(got))
		}
		f, err := n.Float64()
		scale := math.Pow(10, float64(want.decimals))
		if err != nil || math.Abs(math.Round(f*scale)/scale-want.num) > 1e-9*math.Max(1, math.Abs(want.num)) {
			return fmt.Sprintf("%s: live %s, sample %v (to %d decimals)", path, n, want.num, want.decimals)
		}
		return ""
	case 's':
		if got != want.str {
			return fmt.Sprintf("%s: live %s, sample %q", path, brief(got), want.str)
		}
		return ""
	case 'b':
		if got != want.boolean {
			return fmt.Sprintf("%s: live %s, sample %v", path, brief(got), want.boolean)
		}
		return ""
	case '0':
		if got != nil {
			return fmt.Sprintf("%s: live %s, sample null", path, brief(got))
		}
		return ""
	}
	return fmt.Sprintf("%s: an ellipsis outside a list or object", path)
}

// matchItems matches want[i:] against got[j:]; an ellipsis takes one or more
// elements, trying the fewest first.
func matchItems(want []*sampleValue, got []any, path string, i, j int) string {
	if i == len(want) {
		if j != len(got) {
			return fmt.Sprintf("%s: live list has %d elements, the sample shows %d without an ellipsis at the end", path, len(got), j)
		}
		return ""
	}
	if want[i].kind == '.' {
		first := ""
		for k := j + 1; k <= len(got); k++ {
			d := matchItems(want, got, path, i+1, k)
			if d == "" {
				return ""
			}
			if first == "" {
				first = d
			}
		}
		if first == "" {
			first = fmt.Sprintf("%s: an ellipsis at element %d, but the live list has no more elements", path, j)
		}
		return first
	}
	if j == len(got) {
		return fmt.Sprintf("%s: the sample shows more elements than the live list's %d", path, len(got))
	}
	if d := matchSample(want[i], got[j], fmt.Sprintf("%s[%d]", path, j)); d != "" {
		return d
	}
	return matchItems(want, got, path, i+1, j+1)
}

func brief(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 80 {
		return string(b[:80]) + "…"
	}
	return string(b)
}
