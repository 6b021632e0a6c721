package jsonobj

import (
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/clrkit/clrkit/internal/ijson"
)

// valid reports whether data is one JSON value with optional surrounding
// white space (RFC 8259 grammar, at most 10,000 levels of nesting, as
// encoding/json's Valid) that also keeps I-JSON's rules on strings and
// numbers (RFC 7493 section 2; see internal/ijson): valid UTF-8, \u escapes
// of surrogates only in pairs, numbers a double holds. Duplicate member
// names, I-JSON's third rule, are left to Members and Check. It is several
// times faster than encoding/json: every model object is checked before
// it is split into members. FuzzValid holds it to encoding/json and the
// ijsontest reference.
func valid(data []byte) bool { return validDepth(data, maxNesting) }

// validDepth is valid with at most maxDepth levels of nesting.
func validDepth(data []byte, maxDepth int) bool {
	v := validator{data: data, max: maxDepth}
	return v.run()
}

// isJSON reports whether data follows the JSON grammar, as encoding/json's
// Valid does, whatever I-JSON says of its strings and numbers.
func isJSON(data []byte) bool {
	v := validator{data: data, max: maxNesting, lax: true}
	return v.run()
}

// notIJSON returns the error for JSON text that breaks an I-JSON rule, with
// the path of the value at fault, or nil when it breaks none.
func notIJSON(data []byte) *Error {
	v := validator{data: data, max: maxNesting}
	if v.run() {
		return nil
	}
	e, _ := v.err.(*Error)
	return e
}

func (v *validator) run() bool {
	v.space()
	if !v.value(0) {
		return false
	}
	v.space()
	return v.i == len(v.data)
}

// maxNesting is encoding/json's nesting limit.
const maxNesting = 10000

type validator struct {
	data []byte
	i    int
	max  int
	// lax skips the I-JSON rules: only the grammar is checked.
	lax bool
	// err is set when the text failed an I-JSON rule rather than the
	// grammar: an *Error whose path grows as the failure unwinds.
	err error
}

// breaks records that the value at v.i breaks an I-JSON rule.
func (v *validator) breaks(rule error) bool {
	v.err = &Error{Err: fmt.Errorf("%w: %w", ErrNotIJSON, rule)}
	return false
}

func (v *validator) space() {
	for v.i < len(v.data) {
		switch v.data[v.i] {
		case ' ', '\t', '\n', '\r':
			v.i++
		default:
			return
		}
	}
}

func (v *validator) value(depth int) bool {
	if v.i >= len(v.data) {
		return false
	}
	switch c := v.data[v.i]; {
	case c == '{':
		return v.object(depth + 1)
	case c == '[':
		return v.array(depth + 1)
	case c == '"':
		return v.string()
	case c == '-' || c >= '0' && c <= '9':
		return v.number()
	case c == 't':
		return v.literal("true")
	case c == 'f':
		return v.literal("false")
	case c == 'n':
		return v.literal("null")
	}
	return false
}

func (v *validator) literal(lit string) bool {
	if len(v.data)-v.i < len(lit) || string(v.data[v.i:v.i+len(lit)]) != lit {
		return false
	}
	v.i += len(lit)
	return true
}

func (v *validator) object(depth int) bool {
	if depth > v.max {
		return false
	}
	v.i++ // '{'
	v.space()
	if v.i < len(v.data) && v.data[v.i] == '}' {
		v.i++
		return true
	}
	for {
		key := v.i
		if v.i >= len(v.data) || v.data[v.i] != '"' || !v.string() {
			return false
		}
		keyEnd := v.i
		v.space()
		if v.i >= len(v.data) || v.data[v.i] != ':' {
			return false
		}
		v.i++
		v.space()
		if !v.value(depth) {
			if v.err != nil {
				name, _ := String(v.data[key:keyEnd])
				v.err = At(name, v.err)
			}
			return false
		}
		v.space()
		if v.i >= len(v.data) {
			return false
		}
		switch v.data[v.i] {
		case ',':
			v.i++
			v.space()
		case '}':
			v.i++
			return true
		default:
			return false
		}
	}
}

func (v *validator) array(depth int) bool {
	if depth > v.max {
		return false
	}
	v.i++ // '['
	v.space()
	if v.i < len(v.data) && v.data[v.i] == ']' {
		v.i++
		return true
	}
	for n := 0; ; n++ {
		if !v.value(depth) {
			if v.err != nil {
				v.err = Index(n, v.err)
			}
			return false
		}
		v.space()
		if v.i >= len(v.data) {
			return false
		}
		switch v.data[v.i] {
		case ',':
			v.i++
			v.space()
		case ']':
			v.i++
			return true
		default:
			return false
		}
	}
}

func (v *validator) string() bool {
	v.i++ // '"'
	for v.i < len(v.data) {
		if v.i+8 <= len(v.data) && ijson.Plain8(v.data[v.i:]) {
			v.i += 8
			continue
		}
		c := v.data[v.i]
		switch {
		case c == '"':
			v.i++
			return true
		case c < 0x20:
			return false
		case c >= utf8.RuneSelf && !v.lax:
			r, size := utf8.DecodeRune(v.data[v.i:])
			if r == utf8.RuneError && size == 1 {
				return v.breaks(ijson.ErrInvalidUTF8)
			}
			v.i += size
		case c == '\\':
			v.i++
			if v.i >= len(v.data) {
				return false
			}
			switch v.data[v.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				v.i++
			case 'u':
				r, ok := ijson.Hex4(v.data, v.i+1)
				if !ok {
					return false
				}
				v.i += 5
				if v.lax || !utf16.IsSurrogate(r) {
					continue
				}
				if r < 0xDC00 && len(v.data)-v.i >= 2 && v.data[v.i] == '\\' && v.data[v.i+1] == 'u' {
					r2, ok := ijson.Hex4(v.data, v.i+2)
					if !ok {
						return false
					}
					if r2 >= 0xDC00 && r2 <= 0xDFFF {
						v.i += 6
						continue
					}
				}
				return v.breaks(fmt.Errorf("%w \\u%04x", ijson.ErrSurrogate, r))
			default:
				return false
			}
		default:
			v.i++
		}
	}
	return false
}

func (v *validator) number() bool {
	digits := func() int {
		n := 0
		for v.i < len(v.data) && v.data[v.i] >= '0' && v.data[v.i] <= '9' {
			v.i++
			n++
		}
		return n
	}
	start := v.i
	if v.data[v.i] == '-' {
		v.i++
	}
	if v.i >= len(v.data) {
		return false
	}
	if v.data[v.i] == '0' {
		v.i++
	} else if digits() == 0 {
		return false
	}
	if v.i < len(v.data) && v.data[v.i] == '.' {
		v.i++
		if digits() == 0 {
			return false
		}
	}
	if v.i < len(v.data) && (v.data[v.i] == 'e' || v.data[v.i] == 'E') {
		v.i++
		if v.i < len(v.data) && (v.data[v.i] == '+' || v.data[v.i] == '-') {
			v.i++
		}
		if digits() == 0 {
			return false
		}
	}
	if lit := v.data[start:v.i]; !v.lax && ijson.MayBeOutOfRange(lit) {
		if _, err := ijson.ParseNumber(string(lit)); err != nil {
			return v.breaks(err)
		}
	}
	return true
}
