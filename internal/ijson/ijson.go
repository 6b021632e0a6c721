package ijson

import (
	"encoding/binary"
	"errors"
	"math"
	"strconv"
)

// Sentinel errors for the I-JSON rules; the readers wrap them with the
// position of the offending value.
var (
	// ErrNumberRange: a number beyond the range of an IEEE 754 double, or
	// a nonzero literal that reads as zero.
	ErrNumberRange = errors.New("number out of the range of an IEEE 754 double")
	// ErrInvalidUTF8: a string or member name with bytes that are not UTF-8.
	ErrInvalidUTF8 = errors.New("invalid UTF-8 in a string")
	// ErrSurrogate: a \u escape of a surrogate that is not half of a
	// high-low pair.
	ErrSurrogate = errors.New("unpaired UTF-16 surrogate escape")
	// ErrDuplicateName: an object with two members of one name.
	ErrDuplicateName = errors.New("duplicate member name")
)

// ParseNumber returns the double nearest to lit, which must follow the JSON
// number grammar (RFC 8259 section 6). It fails with an error wrapping
// ErrNumberRange when lit is too large for a double, or is not zero but
// rounds to zero.
func ParseNumber(lit string) (float64, error) {
	f, err := strconv.ParseFloat(lit, 64)
	switch {
	case err != nil && !math.IsInf(f, 0):
		// Not reached for grammatical literals: ParseFloat's only other
		// failure is a syntax error.
		return 0, err
	case err != nil:
		return 0, &NumberError{Literal: lit, Overflow: true}
	case f == 0 && !zeroLiteral(lit):
		return 0, &NumberError{Literal: lit}
	}
	return f, nil
}

// NumberError is a number literal that no double represents.
type NumberError struct {
	Literal string
	// Overflow is true for a literal beyond the largest double, false for
	// one that underflows to zero.
	Overflow bool
}

// Error names the literal (cut at 40 characters) and how it misses the
// range.
func (e *NumberError) Error() string {
	lit := e.Literal
	if len(lit) > 40 {
		lit = lit[:40] + "..."
	}
	if e.Overflow {
		return "number " + lit + " is too large for an IEEE 754 double"
	}
	return "number " + lit + " is too small for an IEEE 754 double: it would read as 0"
}

// Unwrap returns ErrNumberRange.
func (e *NumberError) Unwrap() error { return ErrNumberRange }

// zeroLiteral reports whether every digit of the mantissa of the number
// literal lit (before any exponent) is 0.
func zeroLiteral(lit string) bool {
	for i := 0; i < len(lit); i++ {
		switch c := lit[i]; {
		case c == 'e' || c == 'E':
			return true
		case c >= '1' && c <= '9':
			return false
		}
	}
	return true
}

// MayBeOutOfRange reports whether the JSON number literal lit could fail
// ParseNumber, so that readers call it only for the literals that need it:
// those with an exponent, and those long enough to hold 308 digits.
func MayBeOutOfRange(lit []byte) bool {
	if len(lit) > 300 {
		return true
	}
	for _, c := range lit {
		if c == 'e' || c == 'E' {
			return true
		}
	}
	return false
}

// Hex4 decodes the four hex digits of a \u escape at data[i:i+4]; ok is
// false when there are fewer than four or one is not a hex digit. The
// readers decode escapes with it, and pair surrogates by the rule above.
func Hex4(data []byte, i int) (r rune, ok bool) {
	if i < 0 || i+4 > len(data) {
		return 0, false
	}
	for _, c := range data[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// Plain8 reports whether none of the first eight bytes of data (which must
// have eight) ends a JSON string, begins an escape, is a control character
// or belongs to a multi-byte UTF-8 sequence: whether a string scanner can
// step over all eight at once. It may say false for eight plain bytes (a
// borrow after a byte it looks for), never true for others.
func Plain8(data []byte) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	w := binary.LittleEndian.Uint64(data)
	q := w ^ ('"' * ones)
	b := w ^ ('\\' * ones)
	return ((w-0x20*ones)|(q-ones)|(b-ones)|w)&highs == 0
}
