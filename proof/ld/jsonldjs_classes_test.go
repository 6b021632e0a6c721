package ld

import (
	"context"
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/clrkit/clrkit/internal/rdf"
)

// Where clrkit and the JavaScript reference (jsonld.js 9.0.0 and
// rdf-canonize 5.0.0) differ on a variant of the mutation corpus, the
// difference must be one of these, each decided by the specifications.
// The first five are refusals of clrkit's that jsonld.js does not make;
// the others are deviations of jsonld.js from the JSON-LD 1.1 API, which
// clrkit follows (issue 12 adds them as an explicit dialect). Each
// classifier confirms its explanation: the refusals by their code, the
// deviations by rewriting clrkit's output the way jsonld.js writes it and
// canonicalizing again, which must give jsonld.js's N-Quads exactly.
var jsonldJSDifferences = []struct {
	name    string
	explain func(doc []byte, ours string, err error, js jsonldJSVerdict) bool
}{
	// The VC Data Model and JCS require I-JSON (RFC 7493 section 2): an
	// unpaired surrogate, invalid UTF-8, a duplicate member name, a number
	// no double holds. JSON.parse repairs or accepts each, so that two
	// texts become one document; clrkit refuses them.
	{"clrkit refuses text that is not I-JSON", func(_ []byte, _ string, err error, js jsonldJSVerdict) bool {
		return refusedWith(err, CodeNotIJSON, "") && js.Error == ""
	}},
	// Expansion step 13.4.11.2 expands an @list value with the active
	// property, so step 5.2.3 flattens an inner array when the property is
	// not a @list container; jsonld.js makes it a list of lists. Two
	// readings of one document: clrkit refuses it in safe mode.
	{"clrkit refuses an array inside @list", func(_ []byte, _ string, err error, js jsonldJSVerdict) bool {
		return refusedWith(err, "safe mode: dropped value", "an array inside @list") && js.Error == ""
	}},
	// Deserialize JSON-LD to RDF ignores @index (step 1.3.2.2): documents
	// differing only in indexes sign alike. clrkit refuses @index in safe
	// mode; jsonld.js drops it.
	{"clrkit refuses @index", func(_ []byte, _ string, err error, js jsonldJSVerdict) bool {
		return refusedWith(err, "safe mode: dropped value", "@index has no RDF form") && js.Error == ""
	}},
	// An IRI with a character RFC 3987 forbids (space, <, >, ...) is not
	// well formed, and Deserialize JSON-LD to RDF skips it (steps 1.3.1,
	// 1.3.2.1, 1.3.2.4; Object to RDF step 1); jsonld.js writes it into the
	// N-Quads, where "<" and ">" break the syntax. clrkit refuses it in
	// safe mode.
	{"clrkit refuses an ill-formed IRI", func(_ []byte, _ string, err error, js jsonldJSVerdict) bool {
		return refusedWith(err, "safe mode: invalid IRI", "") && js.Error == "" && illFormedIRI.MatchString(js.NQuads)
	}},
	// A language tag that is not well-formed BCP 47 (RFC 5646 section
	// 2.2.9; "x" alone, "en-1") makes Object to RDF drop the value (step
	// 7); jsonld.js checks only ALPHA{1,8}("-" ALPHANUM{1,8})* and writes
	// it. clrkit refuses it in safe mode.
	{"clrkit refuses an ill-formed language tag", func(_ []byte, _ string, err error, js jsonldJSVerdict) bool {
		return refusedWith(err, "safe mode: dropped value", "ill-formed language tag") && js.Error == ""
	}},
	// A base direction that the context sets applies to every string value
	// (Value Expansion step 6, which a type-scoped context without
	// @direction leaves alone) and, with the i18n-datatype rdfDirection,
	// becomes the datatype (Object to RDF step 13.2). jsonld.js loses it
	// inside nodes whose type has a scoped context (every OB and VC type).
	{"jsonld.js drops @direction", func(_ []byte, ours string, err error, js jsonldJSVerdict) bool {
		return err == nil && js.Error == "" && rewritesTo(ours, js.NQuads, dropDirection)
	}},
	// Object to RDF step 10 converts only a number to the canonical form
	// of an xsd:double; a string typed xsd:double keeps its lexical form
	// (step 12). jsonld.js runs parseFloat on the string ("2024-01-15"
	// becomes "2.024E3", a word "NaN").
	{"jsonld.js converts a string typed xsd:double", func(_ []byte, ours string, err error, js jsonldJSVerdict) bool {
		return err == nil && js.Error == "" && rewritesTo(ours, js.NQuads, parseDoubleStrings)
	}},
	// Object to RDF steps 10 and 11 write a number with a nonzero
	// fractional part as an xsd:double. jsonld.js decides by the number's
	// JavaScript string: without a "." (1e-7) it is an integer, written
	// with toFixed(0) ("0").
	{"jsonld.js writes small numbers as integers", func(_ []byte, ours string, err error, js jsonldJSVerdict) bool {
		return err == nil && js.Error == "" && rewritesTo(ours, js.NQuads, jsIntegers)
	}},
}

// knownJSONLDJSDifference names the reason clrkit and jsonld.js differ on
// doc, or returns "" when no known reason applies.
func knownJSONLDJSDifference(doc []byte, ours string, err error, js jsonldJSVerdict) string {
	for _, d := range jsonldJSDifferences {
		if d.explain(doc, ours, err, js) {
			return d.name
		}
	}
	return ""
}

// refusedWith reports whether err is an *Error with code whose message
// holds detail.
func refusedWith(err error, code, detail string) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code && strings.Contains(e.Error(), detail)
}

var illFormedIRI = regexp.MustCompile(`<[^>\n]*[ <"{}|\\^` + "`" + `][^>\n]*>`)

// rewritesTo reports whether rewriting the literals of the canonical
// N-Quads ours with f, then canonicalizing again, gives want.
func rewritesTo(ours, want string, f func(rdf.Term) rdf.Term) bool {
	quads, err := rdf.ParseNQuads([]byte(ours))
	if err != nil {
		return false
	}
	changed := false
	for i, q := range quads {
		if q.Object.Kind == rdf.Literal {
			if o := f(q.Object); o != q.Object {
				quads[i].Object, changed = o, true
			}
		}
	}
	if !changed {
		return false
	}
	res, err := Default().CanonicalizeNQuads(context.Background(), rdf.SerializeNQuads(quads))
	return err == nil && string(res.NQuads) == want
}

// dropDirection turns an i18n-datatype literal back into the string, or
// language-tagged string, it was without its direction.
func dropDirection(t rdf.Term) rdf.Term {
	rest, ok := strings.CutPrefix(t.Datatype, "https://www.w3.org/ns/i18n#")
	if !ok {
		return t
	}
	lang, _, _ := strings.Cut(rest, "_")
	if lang == "" {
		return rdf.NewLiteral(t.Value, "")
	}
	return rdf.NewLangLiteral(t.Value, lang)
}

// parseDoubleStrings writes an xsd:double literal whose lexical form is
// not the canonical form of a number as jsonld.js does: parseFloat of it,
// in canonical form.
func parseDoubleStrings(t rdf.Term) rdf.Term {
	if t.Datatype != rdf.XSDDouble || canonicalDouble.MatchString(t.Value) {
		return t
	}
	m := jsFloatPrefix.FindString(strings.TrimLeft(t.Value, " \t\n\r"))
	f, err := strconv.ParseFloat(m, 64)
	if err != nil {
		return rdf.NewLiteral("NaN", rdf.XSDDouble)
	}
	return rdf.NewLiteral(jsExponential(f), rdf.XSDDouble)
}

var (
	canonicalDouble = regexp.MustCompile(`^-?[0-9]\.[0-9]+E-?[0-9]+$`)
	jsFloatPrefix   = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?`)
)

// jsExponential is (f).toExponential(15) with JSON-LD's trimming, as
// jsonld.js writes doubles.
func jsExponential(f float64) string {
	if f == 0 {
		return "0.0E0"
	}
	s := strconv.FormatFloat(f, 'E', 15, 64)
	mant, exp, _ := strings.Cut(s, "E")
	mant = strings.TrimRight(mant, "0")
	if strings.HasSuffix(mant, ".") {
		mant += "0"
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}

// jsIntegers writes a number clrkit wrote as a double the way jsonld.js
// writes it when its JavaScript string has no ".": toFixed(0), and
// xsd:integer in place of the xsd:double clrkit chose.
func jsIntegers(t rdf.Term) rdf.Term {
	if !canonicalDouble.MatchString(t.Value) {
		return t
	}
	f, err := strconv.ParseFloat(t.Value, 64)
	if err != nil || f == 0 || math.Abs(f) >= 1e21 {
		return t
	}
	// JavaScript writes a number below 1e-6 in exponent form, with a "."
	// unless its shortest form has a single digit; others above 1e-6 have
	// a "." when they are not integral.
	mant, _, _ := strings.Cut(strconv.FormatFloat(math.Abs(f), 'e', -1, 64), "e")
	if math.Abs(f) >= 1e-6 || strings.Contains(mant, ".") {
		return t
	}
	dt := t.Datatype
	if dt == rdf.XSDDouble {
		dt = rdf.XSDInteger
	}
	fixed := strconv.FormatFloat(f, 'f', 0, 64)
	return rdf.NewLiteral(fixed, dt)
}
