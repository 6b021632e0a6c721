package jsonld

import (
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"

	"github.com/clrkit/clrkit/internal/rdf"
)

// Dialect selects the rules the RDF step follows where jsonld.js, the
// JavaScript processor most credentials are signed with, deviates from the
// JSON-LD 1.1 API.
type Dialect uint8

const (
	// DialectSpec follows the JSON-LD 1.1 API as written.
	DialectSpec Dialect = iota
	// DialectJSONLDJS reproduces jsonld.js 9, each deviation a
	// ConstructKind: numbers typed by their JavaScript string (1e-7 is an
	// integer, written with toFixed(0)), strings typed xsd:double run
	// through parseFloat, @direction ignored on numbers and booleans, an
	// untagged rdf:langString written plain, JSON literals in RFC 8785
	// order, IRIs recognised by jsonld.js's looser pattern, a @nest term's
	// scoped context ignored, @propagate read from the first object of a
	// context array, a context's default base direction lost whenever
	// another context object is processed or a type-scoped context is
	// reverted, and values de-duplicated by jsonld.js's comparison (which
	// ignores @direction and never finds two JSON literals equal) rather
	// than by their RDF terms. rdf-canonize's deviations are internal/rdfc
	// options.
	DialectJSONLDJS
)

// ConstructKind names a kind of construct that the two dialects turn into
// different RDF.
type ConstructKind uint8

const (
	// KindSmallNumber: a number below 1e-6 in magnitude whose shortest
	// form has one significant digit (1e-7). JavaScript writes it without a
	// ".", so jsonld.js makes it the integer "0" (or "-0") where the specs
	// write an xsd:double.
	KindSmallNumber ConstructKind = iota + 1
	// KindDoubleString: a string typed xsd:double that is not in canonical
	// form; jsonld.js converts it with parseFloat ("2024-01-15" becomes
	// "2.024E3"), the specs keep it as written.
	KindDoubleString
	// KindIgnoredDirection: a number or boolean with an @direction, which
	// the specs render with the direction (an i18n datatype) and jsonld.js
	// ignores.
	KindIgnoredDirection
	// KindUntaggedLangString: a string typed rdf:langString without a
	// language, which rdf-canonize writes as a plain string.
	KindUntaggedLangString
	// KindJSONKeyOrder: a JSON literal with member names that sort
	// otherwise by code point (JSON-LD 1.1) than by UTF-16 code unit (RFC
	// 8785, which jsonld.js uses).
	KindJSONKeyOrder
	// KindNonCharacter: a string holding U+FFFE or U+FFFF, which canonical
	// N-Quads escape (RDFC-1.0: characters that are not XML 1.1 Char) and
	// rdf-canonize writes as they are.
	KindNonCharacter
	// KindIRIForm: a key or value that jsonld.js expands to another IRI:
	// it takes a comma for part of a scheme, and a term holding a slash
	// for a prefix.
	KindIRIForm
	// KindNestContext: a @nest term with a scoped context, which jsonld.js
	// does not apply to the nested members.
	KindNestContext
	// KindPropagate: a context array whose first context sets @propagate,
	// which jsonld.js applies to the whole array.
	KindPropagate
	// KindDroppedDirection: a string whose base direction comes from a
	// context's default @direction, which jsonld.js has lost at that point.
	KindDroppedDirection
	// KindMergedDirection: a value that differs from an earlier value of the
	// same property only in its @direction; jsonld.js drops it.
	KindMergedDirection
	// KindDuplicateStatement: a value that gives the same RDF statement as
	// an earlier value of the same property (a string and the same string
	// typed xsd:string, two equal JSON literals); jsonld.js keeps both
	// statements, so its canonical form holds the line twice.
	KindDuplicateStatement
	// KindUTF16Order: a string holding a character above U+FFFF that sorts
	// against one in U+E000..U+FFFF; rdf-canonize orders by UTF-16 code
	// unit, RDFC-1.0 by code point.
	KindUTF16Order
)

var kindNames = [...]string{
	KindSmallNumber:        "small number",
	KindDoubleString:       "string typed xsd:double",
	KindIgnoredDirection:   "direction on a number or boolean",
	KindUntaggedLangString: "rdf:langString without a language",
	KindJSONKeyOrder:       "JSON literal member order",
	KindNonCharacter:       "noncharacter U+FFFE or U+FFFF",
	KindIRIForm:            "IRI form",
	KindNestContext:        "scoped context of a @nest term",
	KindPropagate:          "@propagate in a context array",
	KindDroppedDirection:   "default base direction",
	KindMergedDirection:    "value differing only in @direction",
	KindDuplicateStatement: "duplicate statement",
	KindUTF16Order:         "UTF-16 ordering",
}

// String returns a short name of the kind.
func (k ConstructKind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "ConstructKind(" + strconv.Itoa(int(k)) + ")"
}

// Construct is a place in a document that the dialects turn into different
// RDF.
type Construct struct {
	Kind ConstructKind
	// Path is the RFC 6901 JSON pointer of the value.
	Path string
	// Spec and JSONLDJS are the N-Quads terms the two dialects write for
	// the value ("" when the dialect writes no statement for it), or, for
	// a construct of a context (KindNestContext, KindPropagate), what each
	// does with it.
	Spec, JSONLDJS string
}

// noteOrigin remembers where list object m is, when the call keeps
// origins.
func (s *state) noteOrigin(m map[string]any) {
	if s.origins != nil {
		s.origins[reflect.ValueOf(m).UnsafePointer()] = s.pointer()
	}
}

// noteLiteral records a construct when the number, or string typed
// xsd:double, of value object v becomes a different literal in the two
// dialects, and remembers where v is when the call keeps origins. Only the
// RDF step records.
func (s *state) noteLiteral(v map[string]any) {
	if !s.forRDF {
		return
	}
	if s.origins != nil {
		s.origins[reflect.ValueOf(v).UnsafePointer()] = s.pointer()
	}
	if str, ok := v["@value"].(string); ok && s.origins != nil && strings.ContainsAny(str, "\uFFFE\uFFFF") {
		// Found only by the call that keeps origins: the RDF step's caller
		// sees an escaped noncharacter in the canonical form.
		t := rdf.NewLiteral(str, "")
		s.constructs = append(s.constructs, Construct{Kind: KindNonCharacter, Path: s.pointer(),
			Spec: string(rdf.AppendTerm(nil, t)), JSONLDJS: string(rdf.AppendTermRawNonchars(nil, t))})
	}
	kind := literalKind(v)
	if kind == KindJSONKeyOrder {
		spec, err1 := jsonLiteral(v["@value"], DialectSpec)
		js, err2 := jsonLiteral(v["@value"], DialectJSONLDJS)
		if err1 == nil && err2 == nil && string(spec) != string(js) {
			s.constructs = append(s.constructs, Construct{Kind: kind, Path: s.pointer(),
				Spec:     string(rdf.AppendTerm(nil, rdf.NewLiteral(string(spec), rdf.RDFJSON))),
				JSONLDJS: string(rdf.AppendTerm(nil, rdf.NewLiteral(string(js), rdf.RDFJSON)))})
		}
		return
	}
	if kind == 0 {
		return
	}
	spec, ok := lexicalOf(v, DialectSpec)
	js, _ := lexicalOf(v, DialectJSONLDJS)
	if st, jt := spec.i18nTerm(), js.i18nTerm(); ok && st != jt {
		s.constructs = append(s.constructs, Construct{Kind: kind, Path: s.pointer(), Spec: st, JSONLDJS: jt})
	}
}

// literalKind returns the kind of construct value object v may be, or 0
// when the dialects cannot write it differently.
func literalKind(v map[string]any) ConstructKind {
	datatype, _ := v["@type"].(string)
	return literalKindOf(v["@value"], datatype, hasKey(v, "@language"), hasKey(v, "@direction"))
}

// literalKindOf is literalKind of the value object with @value value, the
// @type datatype ("" for none), and a @language and @direction or not.
func literalKindOf(value any, datatype string, hasLang, hasDir bool) ConstructKind {
	switch x := value.(type) {
	case string:
		switch {
		case datatype == "@json":
			return 0
		case datatype == rdf.XSDDouble:
			return KindDoubleString
		case datatype == rdf.RDFLangStr && !hasLang:
			return KindUntaggedLangString
		}
		return 0
	case bool:
	default:
		if datatype == "@json" {
			if orderSensitive(x) {
				return KindJSONKeyOrder
			}
			return 0
		}
		if f, ok := numberValue(x); ok && f != math.Trunc(f) && math.Abs(f) < 1e-6 {
			return KindSmallNumber
		}
	}
	if hasDir {
		return KindIgnoredDirection
	}
	return 0
}

// orderSensitive reports whether a JSON value holds an object with a
// member name that UTF-16 and code point order may sort differently (one
// with a character from U+E000 on).
func orderSensitive(v any) bool {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if orderSensitive(e) {
				return true
			}
		}
	case map[string]any:
		for k, e := range x {
			for _, r := range k {
				if r >= 0xE000 {
					return true
				}
			}
			if orderSensitive(e) {
				return true
			}
		}
	}
	return false
}

// colonIRI expands value, which holds a colon after its first character,
// as a compact IRI with prefix term pd and suffix, or as an absolute IRI;
// ok is false when it is neither (IRI Expansion steps 6.4 and 6.5). In the
// jsonld.js dialect a term holding a slash may be a prefix, and value is
// absolute by jsonld.js's pattern, whose scheme admits a comma and whose
// remainder no Unicode white space.
func colonIRI(pd *termDef, value, suffix string, d Dialect) (string, bool) {
	js := d == DialectJSONLDJS
	if pd != nil && !pd.null && (pd.prefix && !js || pd.jsPrefix && js) {
		return pd.iri + suffix, true
	}
	if !js && isAbsoluteIRI(value) || js && jsAbsoluteIRI(value) {
		return value, true
	}
	return "", false
}

// jsAbsoluteIRI is jsonld.js's test for an absolute IRI:
// /^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$/, whose character class is the
// range from "+" to ".", a comma included.
func jsAbsoluteIRI(s string) bool {
	c := strings.IndexByte(s, ':')
	if c <= 0 {
		return false
	}
	if s[:c] != "_" {
		for i := 0; i < c; i++ {
			b := s[i]
			letter := b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
			if !letter && (i == 0 || !(b >= '0' && b <= '9' || b >= '+' && b <= '.')) {
				return false
			}
		}
	}
	return !strings.ContainsFunc(s[c+1:], isJSWhiteSpace)
}

// noteIRIForm records a construct when value expands to different IRIs in
// the two dialects.
func (s *state) noteIRIForm(active *activeContext, pd *termDef, value, suffix string, vocab, docRel bool) {
	if !s.forRDF {
		return
	}
	expand := func(d Dialect) string {
		if r, ok := colonIRI(pd, value, suffix, d); ok {
			return r
		}
		switch {
		case vocab && active.hasVocab:
			return active.vocab + value
		case docRel:
			return resolveIRI(active.base, value)
		}
		return value
	}
	if spec, js := expand(DialectSpec), expand(DialectJSONLDJS); spec != js {
		s.constructs = append(s.constructs, Construct{Kind: KindIRIForm, Path: s.pointer(), Spec: "<" + spec + ">", JSONLDJS: "<" + js + ">"})
	}
}

// noteContext records a construct of a context at the current path, with
// what each dialect does with it.
func (s *state) noteContext(kind ConstructKind, spec, js string) {
	if s.forRDF {
		s.constructs = append(s.constructs, Construct{Kind: kind, Path: s.pointer(), Spec: spec, JSONLDJS: js})
	}
}

// defaultDirection returns the base direction a string value without a
// direction of its own or of its term gets from active, in the call's
// dialect, and records a construct when the other dialect would give
// another.
//
// The specs take the direction from spec; jsonld.js from js, which differs
// only where jsonld.js processes a term's scoped context first (a language
// map).
func (s *state) defaultDirection(spec, js *activeContext, value string, lang string, hasLang bool) (string, bool) {
	if spec.hasDir != js.jsHasDir || spec.dir != js.jsDir {
		if s.forRDF {
			l := ""
			if hasLang {
				l = lang
			}
			st, jt := directedTerm(value, l, spec.dir, spec.hasDir), directedTerm(value, l, js.jsDir, js.jsHasDir)
			s.constructs = append(s.constructs, Construct{Kind: KindDroppedDirection, Path: s.pointer(), Spec: st, JSONLDJS: jt})
		}
	}
	if s.dialect == DialectJSONLDJS {
		return js.jsDir, js.jsHasDir
	}
	return spec.dir, spec.hasDir
}

// directedTerm is the N-Quads term of a string with an optional language
// and base direction under the i18n-datatype rendering.
func directedTerm(value, lang, dir string, hasDir bool) string {
	var t rdf.Term
	switch {
	case hasDir:
		t = rdf.NewLiteral(value, "https://www.w3.org/ns/i18n#"+strings.ToLower(lang)+"_"+dir)
	case lang != "":
		t = rdf.NewLangLiteral(value, lang)
	default:
		t = rdf.NewLiteral(value, "")
	}
	return string(rdf.AppendTerm(nil, t))
}

// reverted returns the context a node reverts to from active (the
// previous context of a type-scoped one). jsonld.js reverts to a copy of
// it, and its copies lose the default base direction; the shadow direction
// of the context returned here follows.
func (s *state) reverted(active *activeContext) *activeContext {
	prev := active.previous
	if !prev.jsHasDir {
		return prev
	}
	if r := s.revertedCopies[prev]; r != nil {
		return r
	}
	r := prev.clone()
	r.shared = false
	r.jsDir, r.jsHasDir = "", false
	if s.revertedCopies == nil {
		s.revertedCopies = make(map[*activeContext]*activeContext)
	}
	s.revertedCopies[prev] = r
	return r
}

// numberLiteral returns the lexical form and datatype of the RDF literal
// for number f with datatype ("" for none) in dialect d: Object to RDF
// steps 10 and 11, or what jsonld.js does in their place.
func numberLiteral(f float64, datatype string, d Dialect) (lex, dt string) {
	var double bool
	if d == DialectJSONLDJS {
		double = jsIsDouble(f) || datatype == rdf.XSDDouble
	} else {
		double = f != math.Trunc(f) || math.Abs(f) >= 1e21 || datatype == rdf.XSDDouble
	}
	switch {
	case double:
		lex, dt = xsdDouble(f), rdf.XSDDouble
	case f != math.Trunc(f):
		// Only jsonld.js gets here: a tiny number, which toFixed(0)
		// rounds to zero, keeping the sign of a negative one.
		lex, dt = "0", rdf.XSDInteger
		if f < 0 {
			lex = "-0"
		}
	default:
		lex, dt = xsdInteger(f), rdf.XSDInteger
	}
	if datatype != "" {
		dt = datatype
	}
	return lex, dt
}

// jsIsDouble is jsonld.js's test for a double: the number's JavaScript
// string holds a "." or it is at least 1e21 in magnitude.
func jsIsDouble(f float64) bool {
	a := math.Abs(f)
	switch {
	case a >= 1e21:
		return true
	case f == math.Trunc(f):
		return false
	case a >= 1e-6:
		return true // written in fixed notation, with a fractional part
	}
	// Written in exponent notation, with a "." only when the shortest
	// digits that read back as f number more than one.
	mant, _, _ := strings.Cut(strconv.FormatFloat(a, 'e', -1, 64), "e")
	return len(mant) > 1
}

// jsExponential is what jsonld.js writes for a double: xsdDouble, and
// "NaN", "Infinity" and "-Infinity" for what parseFloat may return.
func jsExponential(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return xsdDouble(f)
}

// roundedDigits returns the 16 significant digits of a > 0 rounded half up
// and the decimal exponent of the first.
func roundedDigits(a float64) (string, int) {
	s := strconv.FormatFloat(a, 'e', 15, 64) // d.ddddddddddddddde±XX, rounded to even
	digits := s[:1] + s[2:17]
	exp, _ := strconv.Atoi(s[18:])
	s17 := strconv.FormatFloat(a, 'e', 16, 64)
	if s17[17] != '5' {
		return digits, exp // not halfway: both roundings agree
	}
	exact, _ := new(big.Rat).SetString(s17)
	if exact.Cmp(new(big.Rat).SetFloat64(a)) != 0 {
		return digits, exp
	}
	// Exactly halfway: round the truncated digits up.
	d17, _ := strconv.Atoi(s17[19:])
	up := new(big.Int)
	up.SetString(s17[:1]+s17[2:17], 10)
	up.Add(up, big.NewInt(1))
	digits = up.String()
	if len(digits) > 16 {
		digits, d17 = digits[:16], d17+1
	}
	return digits, d17
}

// jsParseFloat is JavaScript's parseFloat: the longest prefix of s, after
// white space, that reads as a decimal number or Infinity, or NaN.
func jsParseFloat(s string) float64 {
	s = strings.TrimLeftFunc(s, isJSWhiteSpace)
	sign, rest := "", s
	if rest != "" && (rest[0] == '+' || rest[0] == '-') {
		sign, rest = rest[:1], rest[1:]
	}
	if strings.HasPrefix(rest, "Infinity") {
		if sign == "-" {
			return math.Inf(-1)
		}
		return math.Inf(1)
	}
	n := 0
	digits := 0
	for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
		n++
		digits++
	}
	if n < len(rest) && rest[n] == '.' {
		n++
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
			digits++
		}
	}
	if digits == 0 {
		return math.NaN()
	}
	if n < len(rest) && (rest[n] == 'e' || rest[n] == 'E') {
		m := n + 1
		if m < len(rest) && (rest[m] == '+' || rest[m] == '-') {
			m++
		}
		e := m
		for e < len(rest) && rest[e] >= '0' && rest[e] <= '9' {
			e++
		}
		if e > m {
			n = e
		}
	}
	// A decimal literal that is too large reads as ±Inf and one too
	// small as ±0, which ParseFloat returns along with ErrRange.
	f, _ := strconv.ParseFloat(sign+rest[:n], 64)
	return f
}

// isJSWhiteSpace reports whether r is StrWhiteSpaceChar of ECMA-262: white
// space or a line terminator.
func isJSWhiteSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// noteDropped records value v, which jsonld.js drops as equal to kept
// although the specs keep both.
func (s *state) noteDropped(v, kept nmVal) {
	str, _ := v.value["@value"].(string)
	lang, _ := v.value["@language"].(string)
	dir, hasDir := v.value["@direction"].(string)
	s.constructs = append(s.constructs, Construct{Kind: KindMergedDirection,
		Path: s.origins[reflect.ValueOf(v.value).UnsafePointer()], Spec: directedTerm(str, lang, dir, hasDir)})
}
