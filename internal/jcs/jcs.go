package jcs

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/clrkit/clrkit/internal/ijson"
)

// Errors returned by Marshal and Transform wrap one of these, so callers
// can tell the cases apart with errors.Is.
var (
	// ErrSyntax: the input to Transform is not JSON text (RFC 8259).
	ErrSyntax = errors.New("jcs: invalid JSON")
	// ErrNumber: a number is NaN, infinite, too large for an IEEE-754
	// double, or (for a json.Number) not written as a JSON number.
	ErrNumber = errors.New("jcs: number not representable in I-JSON")
	// ErrString: a string or member name holds invalid UTF-8 or an
	// unpaired UTF-16 surrogate escape.
	ErrString = errors.New("jcs: string is not valid Unicode")
	// ErrDuplicateKey: an object names the same member twice.
	ErrDuplicateKey = errors.New("jcs: duplicate object member name")
	// ErrType: a Go value of a type that is not a JSON value was given to
	// Marshal.
	ErrType = errors.New("jcs: unsupported Go type")
	// ErrDepth: arrays and objects nest deeper than MaxDepth (which also
	// stops Marshal from looping on a value that contains itself).
	ErrDepth = errors.New("jcs: nesting too deep")
)

// MaxDepth is how deeply arrays and objects may nest in the input of
// Marshal and Transform.
const MaxDepth = 10000

// Marshal returns the canonical form of a decoded JSON value. It accepts
// nil, bool, string, float64, json.Number, the Go integer types,
// []any and map[string]any, nested in any combination. Integers are
// converted to the nearest float64 first, since that is all a JCS
// consumer can represent. Any other type is an error wrapping ErrType.
func Marshal(v any) ([]byte, error) {
	return Append(nil, v)
}

// Append is Marshal writing onto the end of dst. On error the returned
// slice is nil.
func Append(dst []byte, v any) ([]byte, error) {
	out, err := encoder{CompareUTF16}.appendValue(dst, v, 0)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// MarshalCodePointOrder is Marshal with object members sorted by the code
// points of their names rather than by UTF-16 code units: the canonical
// form JSON-LD 1.1 gives a JSON literal (its rdf:JSON value space orders
// keys "lexicographically", which the JSON-LD Working Group has since
// clarified as code point order). The two orders differ only between a
// name character in U+E000..U+FFFF and one above U+FFFF.
func MarshalCodePointOrder(v any) ([]byte, error) {
	return encoder{strings.Compare}.appendValue(nil, v, 0)
}

// encoder writes canonical JSON with object members in the order of cmp.
type encoder struct {
	cmp func(a, b string) int
}

func (e encoder) appendValue(dst []byte, v any, depth int) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case bool:
		if x {
			return append(dst, "true"...), nil
		}
		return append(dst, "false"...), nil
	case string:
		return AppendString(dst, x)
	case float64:
		return AppendNumber(dst, x)
	case json.Number:
		f, err := parseNumber(string(x))
		if err != nil {
			return nil, err
		}
		return AppendNumber(dst, f)
	case int:
		return AppendNumber(dst, float64(x))
	case int8:
		return AppendNumber(dst, float64(x))
	case int16:
		return AppendNumber(dst, float64(x))
	case int32:
		return AppendNumber(dst, float64(x))
	case int64:
		return AppendNumber(dst, float64(x))
	case uint:
		return AppendNumber(dst, float64(x))
	case uint8:
		return AppendNumber(dst, float64(x))
	case uint16:
		return AppendNumber(dst, float64(x))
	case uint32:
		return AppendNumber(dst, float64(x))
	case uint64:
		return AppendNumber(dst, float64(x))
	case []any:
		if depth >= MaxDepth {
			return nil, ErrDepth
		}
		dst = append(dst, '[')
		for i, it := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = e.appendValue(dst, it, depth+1); err != nil {
				return nil, err
			}
		}
		return append(dst, ']'), nil
	case map[string]any:
		if depth >= MaxDepth {
			return nil, ErrDepth
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			if !utf8.ValidString(k) {
				return nil, fmt.Errorf("%w: member name %q", ErrString, k)
			}
			keys = append(keys, k)
		}
		slices.SortFunc(keys, e.cmp)
		dst = append(dst, '{')
		for i, k := range keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendQuoted(dst, k)
			dst = append(dst, ':')
			var err error
			if dst, err = e.appendValue(dst, x[k], depth+1); err != nil {
				return nil, err
			}
		}
		return append(dst, '}'), nil
	}
	return nil, fmt.Errorf("%w %T", ErrType, v)
}

// CompareUTF16 orders two valid UTF-8 strings by their UTF-16 code units,
// the order RFC 8785 section 3.2.3 prescribes for member names. It returns
// a negative number, zero or a positive number as a sorts before, equal to
// or after b.
//
// UTF-8 byte order equals code point order, which agrees with UTF-16 order
// except between a code point above U+FFFF (a surrogate pair, whose first
// unit lies in D800–DBFF) and one in U+E000–U+FFFF: UTF-16 puts the
// former first. Only the first differing code point needs that care.
func CompareUTF16(a, b string) int {
	n := min(len(a), len(b))
	i := 0
	for i < n && a[i] == b[i] {
		i++
	}
	if i == n {
		return len(a) - len(b)
	}
	if a[i] < utf8.RuneSelf && b[i] < utf8.RuneSelf {
		return int(a[i]) - int(b[i])
	}
	for i > 0 && !utf8.RuneStart(a[i]) {
		i-- // the strings agree up to here, so a rune starts at i in both
	}
	ra, _ := utf8.DecodeRuneInString(a[i:])
	rb, _ := utf8.DecodeRuneInString(b[i:])
	return int(firstUnit(ra)) - int(firstUnit(rb))
}

// firstUnit returns the first UTF-16 code unit of r, widened so that two
// different code points of the same plane class still compare by value.
func firstUnit(r rune) rune {
	if r < 0x10000 {
		if r >= 0xD800 {
			// BMP code points above the surrogate block sort after every
			// surrogate pair; keep their order among themselves.
			return r + 0x100000
		}
		return r
	}
	// A supplementary code point: its high surrogate is D800–DBFF; pairs
	// order among themselves by code point. Map into a range between the
	// code points below D800 and those at or above E000.
	return 0xD800 + (r - 0x10000)
}

// AppendString appends s as a canonical JSON string: '"' and '\' are
// escaped, control characters use the short escapes \b \f \n \r \t where
// those exist and \u00xx (lower-case hex) otherwise, and everything else,
// '/' and non-ASCII included, is copied as UTF-8. It fails, wrapping
// ErrString, if s is not valid UTF-8.
func AppendString(dst []byte, s string) ([]byte, error) {
	if !utf8.ValidString(s) {
		return nil, fmt.Errorf("%w: %q", ErrString, s)
	}
	return appendQuoted(dst, s), nil
}

// appendQuoted is AppendString for a string already known to be valid.
// internal/rdf's canonical N-Quads writer escapes differently on purpose
// (uppercase \u00XX, DEL escaped); JCS wants lowercase and DEL raw.
func appendQuoted(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// AppendNumber appends f written as ECMAScript's Number.prototype.toString
// writes it (RFC 8785 section 3.2.2.3): the shortest digits that read back
// as f, plain notation for magnitudes in [1e-6, 1e21), exponent notation
// ("1e+21", "5e-324") outside it, and "0" for both zeros. NaN and the
// infinities have no JSON form; they give an error wrapping ErrNumber.
func AppendNumber(dst []byte, f float64) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fmt.Errorf("%w: %v", ErrNumber, f)
	}
	if f == 0 {
		return append(dst, '0'), nil
	}
	if f < 0 {
		dst = append(dst, '-')
		f = -f
	}
	// Shortest round-trip digits in the form d.ddde±x. Go picks, among the
	// shortest digit strings, the one nearest to f, as ECMAScript does.
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', -1, 64)
	var digits [17]byte
	k := 0
	i := 0
	for ; e[i] != 'e'; i++ {
		if e[i] != '.' {
			digits[k] = e[i]
			k++
		}
	}
	exp, _ := strconv.Atoi(string(e[i+1:]))
	n := exp + 1 // the value is 0.digits × 10^n
	d := digits[:k]
	switch {
	case k <= n && n <= 21: // integer: digits then zeros
		dst = append(dst, d...)
		for j := k; j < n; j++ {
			dst = append(dst, '0')
		}
	case 0 < n && n <= 21: // decimal point inside the digits
		dst = append(dst, d[:n]...)
		dst = append(dst, '.')
		dst = append(dst, d[n:]...)
	case -6 < n && n <= 0: // 0.000ddd
		dst = append(dst, '0', '.')
		for j := n; j < 0; j++ {
			dst = append(dst, '0')
		}
		dst = append(dst, d...)
	default: // exponent notation
		dst = append(dst, d[0])
		if k > 1 {
			dst = append(dst, '.')
			dst = append(dst, d[1:]...)
		}
		dst = append(dst, 'e')
		if n-1 >= 0 {
			dst = append(dst, '+')
		}
		dst = strconv.AppendInt(dst, int64(n-1), 10)
	}
	return dst, nil
}

// parseNumber reads s, which must follow the JSON number grammar, as the
// nearest float64. A literal beyond the double range, or one that is not
// zero but rounds to zero (1e-400), is an error: I-JSON (RFC 7493 section
// 2.2) admits only numbers a double holds, and reading 1e-400 as 0 would
// give it the canonical form of 0.
func parseNumber(s string) (float64, error) {
	if !validNumber(s) {
		return 0, fmt.Errorf("%w: %q is not a JSON number", ErrNumber, s)
	}
	f, err := ijson.ParseNumber(s)
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrNumber, err)
	}
	return f, nil
}

// validNumber reports whether s is exactly one JSON number (RFC 8259
// section 6).
func validNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && '1' <= s[i] && s[i] <= '9':
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || !isDigit(s[i]) {
			return false
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || !isDigit(s[i]) {
			return false
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	return i == len(s)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
