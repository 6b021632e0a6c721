package jsonld

// The RFC 8785 (JCS) serializer for @json literals lives in internal/jcs;
// this file keeps the xsd lexical forms the RDF step writes for numbers.

import (
	"strconv"
	"strings"
)

// xsdDouble formats a number in the canonical lexical form of xsd:double
// that JSON-LD uses (e.g. "1.1E0", "1.0E21").
func xsdDouble(f float64) string {
	e := strconv.FormatFloat(f, 'E', 15, 64) // -d.dddddddddddddddE±XX
	mant, exp, _ := strings.Cut(e, "E")
	mant = strings.TrimRight(mant, "0")
	if strings.HasSuffix(mant, ".") {
		mant += "0"
	}
	neg := strings.HasPrefix(exp, "-")
	exp = strings.TrimLeft(exp[1:], "0")
	if exp == "" {
		exp = "0"
	}
	if neg {
		exp = "-" + exp
	}
	return mant + "E" + exp
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
