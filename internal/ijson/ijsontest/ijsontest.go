// Package ijsontest is the reference the I-JSON readers of clrkit
// (internal/jsonld's decoder, internal/jsonobj's validator) are tested and
// fuzzed against: an I-JSON check built on encoding/json's tokens and
// math/big, sharing no code with them.
package ijsontest

import (
	"bytes"
	"encoding/json"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Accepts is an I-JSON (RFC 7493) check of a JSON text that encoding/json
// accepts, written apart from the project's readers as their reference: the text is UTF-8, every \u
// escape of a surrogate is a high one followed by an escaped low one, no
// object repeats a member name, and every number is one that a double
// holds (compared with math/big at 256 bits: nonzero literals that round
// to zero or to infinity are refused).
func Accepts(data []byte) bool { return accepts(data, false) }

// AcceptsIgnoringDuplicates is Accepts without the rule on duplicate
// member names, for readers that leave that rule to a later step.
func AcceptsIgnoringDuplicates(data []byte) bool { return accepts(data, true) }

func accepts(data []byte, duplicatesAllowed bool) bool {
	if !utf8.Valid(data) {
		return false
	}
	inString := false
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			inString = !inString
		case inString && c == '\\' && i+1 < len(data) && data[i+1] == 'u':
			u, err := strconv.ParseUint(string(data[i+2:min(i+6, len(data))]), 16, 32)
			if err != nil {
				return true // a syntax error: json.Valid decides
			}
			switch {
			case u >= 0xDC00 && u <= 0xDFFF:
				return false
			case u >= 0xD800 && u <= 0xDBFF:
				if i+12 > len(data) || string(data[i+6:i+8]) != "\\u" {
					return false
				}
				low, err := strconv.ParseUint(string(data[i+8:i+12]), 16, 32)
				if err != nil || low < 0xDC00 || low > 0xDFFF {
					return false
				}
				i += 11
			default:
				i += 5
			}
		case inString && c == '\\':
			i++
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	type frame struct {
		names map[string]bool
		key   bool // the next token of this object is a member name
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return true // the end, or a syntax error json.Valid reports
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.key {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:len(stack)-1]
				continue
			}
			name := tok.(string)
			if top.names[name] && !duplicatesAllowed {
				return false
			}
			top.names[name] = true
			top.key = false
			continue
		}
		if top != nil && top.names != nil {
			top.key = true // a value was read; a name or '}' comes next
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				if top != nil && top.names != nil {
					top.key = true
				}
				stack = append(stack, &frame{names: map[string]bool{}, key: true})
			case '[':
				stack = append(stack, &frame{})
			default:
				stack = stack[:len(stack)-1]
			}
		case json.Number:
			if !fitsDouble(string(v)) {
				return false
			}
		}
	}
}

// fitsDouble reports whether a JSON number literal is zero or reads as a
// nonzero finite double. The literal is first rewritten as d.ddd×10^E, so
// that exponents beyond what math/big parses (0e99999999999) are decided
// by E alone.
func fitsDouble(lit string) bool {
	mant, exp, _ := strings.Cut(strings.ToLower(strings.TrimPrefix(lit, "-")), "e")
	intPart, frac, _ := strings.Cut(mant, ".")
	digits := intPart + frac
	first := strings.IndexFunc(digits, func(r rune) bool { return r != '0' })
	if first < 0 {
		return true // zero, whatever the exponent
	}
	e := new(big.Int)
	if exp != "" {
		e.SetString(strings.TrimPrefix(exp, "+"), 10)
	}
	e.Add(e, big.NewInt(int64(len(intPart)-first-1)))
	switch {
	case e.Cmp(big.NewInt(400)) > 0:
		return false
	case e.Cmp(big.NewInt(-400)) < 0:
		return false
	}
	norm := digits[first:first+1] + "." + digits[first+1:] + "e" + e.String()
	f, _, err := big.ParseFloat(norm, 10, 256, big.ToNearestEven)
	if err != nil {
		return false
	}
	g, _ := f.Float64()
	return g != 0 && !math.IsInf(g, 0)
}
