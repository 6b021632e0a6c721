package jsonld

// The RFC 8785 (JCS) serializer for @json literals lives in internal/jcs;
// this file keeps the xsd lexical forms the RDF step writes for numbers.

import (
	"math"
	"strconv"
	"strings"
)

// xsdDouble formats a finite number in the canonical lexical form of an
// xsd:double that JSON-LD 1.1 API section 8.6 defines ("1.1E0", "1.0E21"):
// the mantissa rounded to 15 digits after the decimal point, both zeros
// written "0.0E0". The section gives
// (value).toExponential(15).replace(/(\d)0*e\+?/,'$1E') as the way to
// compute it, so a value exactly halfway between two such mantissas rounds
// up (ECMA-262 Number.prototype.toExponential), not to even as C's
// printf("%1.15E") of JSON-LD 1.0 would.
func xsdDouble(f float64) string {
	if f == 0 {
		return "0.0E0"
	}
	digits, exp := roundedDigits(math.Abs(f))
	mant := strings.TrimRight(digits[1:], "0")
	if mant == "" {
		mant = "0"
	}
	sign := ""
	if f < 0 {
		sign = "-"
	}
	return sign + digits[:1] + "." + mant + "E" + strconv.Itoa(exp)
}

// xsdInteger formats an integral JSON number as an xsd:integer. JSON-LD
// processors read numbers as IEEE doubles, so the lexical form is the exact
// decimal value of the double, as jsonld.js writes it (Number.toFixed(0)):
// 9007199254740993 in the JSON text becomes "9007199254740992". Keeping the
// JSON digits instead would sign different N-Quads than every JavaScript
// verifier computes.
func xsdInteger(f float64) string {
	if f == 0 {
		return "0" // also for -0
	}
	return strconv.FormatFloat(f, 'f', 0, 64)
}
