package ld

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/clrkit/clrkit/internal/jsonld"
	"github.com/clrkit/clrkit/internal/rdf"
)

// Dialect selects the rules a Canonicalizer follows where the JavaScript
// stack most credentials are signed with (jsonld.js and rdf-canonize)
// deviates from the JSON-LD 1.1 API and RDFC-1.0.
type Dialect uint8

const (
	// DialectSpec follows JSON-LD 1.1 and RDFC-1.0 as written. It is the
	// default, and what clrkit signs in.
	DialectSpec = Dialect(jsonld.DialectSpec)
	// DialectJSONLDJS reproduces jsonld.js 9 and rdf-canonize 5 exactly,
	// deviations included: numbers whose JavaScript string has no "."
	// written as integers (1e-7 as "0"), strings typed xsd:double run
	// through parseFloat, @direction ignored on numbers and booleans, a
	// string typed rdf:langString without a language written plain, JSON
	// literal members ordered by UTF-16 code unit, U+FFFE and U+FFFF left
	// unescaped, a context's
	// default @direction lost wherever jsonld.js copies the context (every
	// type-scoped context, so every OB and VC node), values de-duplicated
	// by jsonld.js's comparison (which ignores @direction) rather than as
	// RDF statements, so that a statement may occur twice, and lines
	// sorted by UTF-16 code unit rather than by code point.
	DialectJSONLDJS = Dialect(jsonld.DialectJSONLDJS)
)

// String returns "spec" or "jsonld-js", the names ParseDialect reads.
func (d Dialect) String() string {
	switch d {
	case DialectSpec:
		return "spec"
	case DialectJSONLDJS:
		return "jsonld-js"
	}
	return fmt.Sprintf("Dialect(%d)", uint8(d))
}

// ParseDialect reads a dialect name: "spec" or "jsonld-js".
func ParseDialect(name string) (Dialect, error) {
	switch name {
	case "spec":
		return DialectSpec, nil
	case "jsonld-js":
		return DialectJSONLDJS, nil
	}
	return 0, fmt.Errorf("ld: unknown dialect %q (want spec or jsonld-js)", name)
}

// ConstructKind names a kind of construct the dialects canonicalize
// differently.
type ConstructKind uint8

// The kinds of Construct.
const (
	// KindSmallNumber: a number below 1e-6 in magnitude whose shortest
	// form has a single digit (1e-7): jsonld.js writes "0"^^xsd:integer,
	// the specs "1.0E-7"^^xsd:double.
	KindSmallNumber = ConstructKind(jsonld.KindSmallNumber)
	// KindDoubleString: a string typed xsd:double that is not in canonical
	// form, which jsonld.js converts with parseFloat.
	KindDoubleString = ConstructKind(jsonld.KindDoubleString)
	// KindIgnoredDirection: a number or boolean with an @direction, which
	// the specs render with the direction and jsonld.js ignores.
	KindIgnoredDirection = ConstructKind(jsonld.KindIgnoredDirection)
	// KindUntaggedLangString: a string typed rdf:langString without a
	// language, which rdf-canonize writes as a plain string.
	KindUntaggedLangString = ConstructKind(jsonld.KindUntaggedLangString)
	// KindJSONKeyOrder: a JSON literal whose member names sort otherwise
	// by code point (JSON-LD 1.1) than by UTF-16 code unit (RFC 8785, which
	// jsonld.js uses).
	KindJSONKeyOrder = ConstructKind(jsonld.KindJSONKeyOrder)
	// KindNonCharacter: a string holding U+FFFE or U+FFFF, which canonical
	// N-Quads escape and rdf-canonize writes as it is.
	KindNonCharacter = ConstructKind(jsonld.KindNonCharacter)
	// KindIRIForm: a key or value that jsonld.js expands to another IRI:
	// it reads a comma as part of a scheme, and a term holding a slash as
	// a prefix.
	KindIRIForm = ConstructKind(jsonld.KindIRIForm)
	// KindNestContext: a @nest term's scoped context, which jsonld.js does
	// not apply to the nested members.
	KindNestContext = ConstructKind(jsonld.KindNestContext)
	// KindPropagate: @propagate in the first object of a context array,
	// which jsonld.js applies to the whole array and the specs ignore.
	KindPropagate = ConstructKind(jsonld.KindPropagate)
	// KindDroppedDirection: a string whose base direction comes from the
	// context's default @direction, which jsonld.js has lost at that point.
	KindDroppedDirection = ConstructKind(jsonld.KindDroppedDirection)
	// KindMergedDirection: a value that differs from an earlier value of
	// the same property only in its base direction; jsonld.js drops it.
	KindMergedDirection = ConstructKind(jsonld.KindMergedDirection)
	// KindDuplicateStatement: a value that gives the same statement as an
	// earlier value of the same property ("a" and "a" typed xsd:string,
	// two equal JSON literals); jsonld.js writes the statement twice.
	KindDuplicateStatement = ConstructKind(jsonld.KindDuplicateStatement)
	// KindUTF16Order: text holding a character above U+FFFF that sorts
	// against one in U+E000..U+FFFF: rdf-canonize orders by UTF-16 code
	// unit, RDFC-1.0 by code point.
	KindUTF16Order = ConstructKind(jsonld.KindUTF16Order)
)

// String returns a short name of the kind, such as "small number".
func (k ConstructKind) String() string { return jsonld.ConstructKind(k).String() }

// Construct is a place in a document that the two dialects canonicalize
// differently.
type Construct struct {
	Kind ConstructKind
	// Path is the RFC 6901 JSON pointer of the value, "" when the
	// construct is not a value of the document (an IRI).
	Path string
	// Spec and JSONLDJS are the N-Quads terms each dialect writes for it;
	// JSONLDJS is "" when jsonld.js writes no statement for the value. For
	// a construct of a context (KindNestContext, KindPropagate) they say
	// what each does with it.
	Spec, JSONLDJS string
}

// String describes the construct: where it is, and what each dialect
// makes of it.
func (c Construct) String() string {
	where := c.Path
	if where == "" {
		where = "(an IRI)"
	}
	switch {
	case c.Kind == KindNestContext:
		return fmt.Sprintf("%s: %s: the specs apply it to the nested members, jsonld.js does not", where, c.Kind)
	case c.Kind == KindPropagate:
		return fmt.Sprintf("%s: %s: jsonld.js applies it to the whole array, the specs do not", where, c.Kind)
	case c.Kind == KindDuplicateStatement:
		return fmt.Sprintf("%s: %s: %s also comes from an earlier value; jsonld.js writes it twice", where, c.Kind, c.Spec)
	case c.Kind == KindUTF16Order:
		return fmt.Sprintf("%s: %s: %s sorts otherwise by UTF-16 code unit (jsonld.js) than by code point (the specs)", where, c.Kind, c.Spec)
	case c.JSONLDJS == "":
		return fmt.Sprintf("%s: %s: the specs write %s, jsonld.js drops it", where, c.Kind, c.Spec)
	}
	return fmt.Sprintf("%s: %s: the specs write %s, jsonld.js %s", where, c.Kind, c.Spec, c.JSONLDJS)
}

// Remedy says how to write the value so that every implementation
// canonicalizes it alike, or that no rewriting can.
func (c Construct) Remedy() string {
	switch c.Kind {
	case KindSmallNumber:
		return "write the number with a decimal point in its digits (1.0e-7) or as a string"
	case KindIgnoredDirection:
		return "leave @direction out of a number or boolean value"
	case KindUntaggedLangString:
		return "give the value a @language, or leave its @type out"
	case KindDoubleString:
		return "write the value as a JSON number, or in the canonical xsd:double form (" + lexicalForm(c.JSONLDJS) + ")"
	case KindDroppedDirection:
		return "give the value its own direction ({\"@value\": ..., \"@direction\": ...}) or give its term one in the context"
	case KindJSONKeyOrder:
		return "give the JSON object's members names that UTF-16 and code points order alike, or sign with an explicit dialect"
	case KindNonCharacter:
		return "leave the noncharacters U+FFFE and U+FFFF out of the text"
	case KindMergedDirection, KindDuplicateStatement:
		return "remove the repeated value"
	case KindUTF16Order:
		return "no rewriting of the text avoids it; sign with an explicit dialect"
	case KindIRIForm:
		return "write the IRI in full, with a scheme of letters, digits, \"+\", \"-\" and \".\", and use no term holding a slash as a prefix"
	case KindNestContext:
		return "put the scoped context on the terms of the nested members instead of the @nest term"
	case KindPropagate:
		return "give the context object that sets @propagate on its own, not in an array"
	}
	return ""
}

// lexicalForm returns the lexical form of an N-Quads literal.
func lexicalForm(term string) string {
	if t, err := rdf.ParseNQuads([]byte("<a:s> <a:p> " + term + " .\n")); err == nil && len(t) == 1 {
		return t[0].Object.Value
	}
	return term
}

// WithDialect returns a Canonicalizer that canonicalizes in dialect d and
// shares c's processed contexts, limits and hash.
func (c *Canonicalizer) WithDialect(d Dialect) *Canonicalizer {
	if d == c.dialect {
		return c
	}
	cc := *c
	cc.dialect = d
	return &cc
}

// Dialect returns the dialect c canonicalizes in.
func (c *Canonicalizer) Dialect() Dialect { return c.dialect }

// dataset runs the JSON-LD to RDF step in c's dialect, as a set of
// statements when asSet is set (see jsonld.RDFOptions.AsSet). The
// statements are built in buf when it is not nil.
func (c *Canonicalizer) dataset(ctx context.Context, doc any, origins, asSet bool, buf []rdf.Quad) (*jsonld.Dataset, error) {
	if p, ok := c.toRDF.(*jsonld.Processor); ok {
		return p.ToDataset(ctx, doc, jsonld.RDFOptions{Dialect: jsonld.Dialect(c.dialect), Origins: origins, AsSet: asSet, Quads: buf})
	}
	if c.dialect != DialectSpec {
		return nil, fmt.Errorf("ld: the %s dialect needs clrkit's JSON-LD processor", c.dialect)
	}
	quads, err := c.toRDF.ToRDF(ctx, doc)
	if err != nil {
		return nil, err
	}
	return &jsonld.Dataset{Quads: quads}, nil
}

// dependence is what one canonicalization found out about the document's
// dependence on the dialect.
type dependence struct {
	constructs []Construct
	// mayDiffer is set when the other dialect may give another canonical
	// form: the document holds a construct, a property whose values may
	// compare otherwise, or text that UTF-16 may order otherwise.
	mayDiffer bool
	// withOrigins is set for a jsonld.js-dialect canonicalization that
	// kept origins, whose constructs are then complete.
	withOrigins bool
}

func newDependence(ds *jsonld.Dataset, res *Canonical, origins bool) *dependence {
	d := &dependence{withOrigins: origins && res.Dialect == DialectJSONLDJS}
	for _, c := range ds.Constructs {
		d.constructs = append(d.constructs, Construct{Kind: ConstructKind(c.Kind), Path: c.Path, Spec: c.Spec, JSONLDJS: c.JSONLDJS})
	}
	for _, i := range res.inverted {
		q := ds.Quads[i]
		for _, t := range [...]rdf.Term{q.Subject, q.Predicate, q.Object, q.Graph} {
			if !utf16Sensitive(t.Value) {
				continue
			}
			path := ""
			if t == q.Object && len(ds.Origins) > i {
				path = ds.Origins[i]
			}
			d.constructs = append(d.constructs, Construct{Kind: KindUTF16Order, Path: path, Spec: string(rdf.AppendTerm(nil, t))})
		}
	}
	hazard := res.hazard
	if res.hasText() {
		hazard = textHazard(res.NQuads)
	}
	d.mayDiffer = len(d.constructs) > 0 || ds.Suspect || hazard
	return d
}

// textHazard reports whether canonical N-Quads hold text the dialects may
// write or order otherwise: characters UTF-16 orders otherwise
// (utf16Hazard), or an escaped U+FFFE or U+FFFF.
func textHazard(nq []byte) bool {
	return utf16Hazard(nq) || bytes.Contains(nq, []byte(`\uFFF`))
}

// utf16Hazard reports whether a canonical N-Quads document holds both a
// character above U+FFFF (lead byte 0xF0..0xF4) and one in U+E000..U+FFFF
// (lead byte 0xEE or 0xEF), the only pairs UTF-16 orders otherwise.
func utf16Hazard(nq []byte) bool {
	var above, high bool
	for i := 0; i < len(nq); i++ {
		if i+32 <= len(nq) {
			w := binary.LittleEndian.Uint64(nq[i:]) | binary.LittleEndian.Uint64(nq[i+8:]) |
				binary.LittleEndian.Uint64(nq[i+16:]) | binary.LittleEndian.Uint64(nq[i+24:])
			if w&0x8080808080808080 == 0 {
				i += 31 // 32 ASCII bytes
				continue
			}
		}
		c := nq[i]
		if c < 0xEE {
			continue
		}
		if c >= 0xF0 {
			above = true
		} else {
			high = true
		}
		if above && high {
			return true
		}
	}
	return false
}

// utf16Sensitive reports whether s holds a character that UTF-16 orders
// otherwise than code points against some other character.
func utf16Sensitive(s string) bool {
	for _, r := range s {
		if r >= 0xE000 && r != utf8.RuneError {
			return true
		}
	}
	return false
}

// MayDependOnDialect reports whether the other dialect might canonicalize
// the document differently: it holds a construct of one of the kinds, or
// a property whose values one dialect may compare otherwise, or text that
// UTF-16 may order otherwise. Only CompareDialects can tell for certain;
// when this is false, it has nothing to do. Always false for N-Quads
// input.
func (r *Canonical) MayDependOnDialect() bool { return r.dependence != nil && r.dependence.mayDiffer }

// DialectComparison is a document canonicalized in both dialects.
type DialectComparison struct {
	Spec, JSONLDJS *Canonical
	// Constructs are the places of the document that make the canonical
	// forms differ, by path; nil when they are equal.
	Constructs []Construct
}

// Differs reports whether the canonical forms of the two dialects differ,
// so that a signature over one does not verify over the other.
func (d *DialectComparison) Differs() bool { return !bytes.Equal(d.Spec.NQuads, d.JSONLDJS.NQuads) }

// In returns the canonical form in dialect d.
func (d *DialectComparison) In(dialect Dialect) *Canonical {
	if dialect == DialectJSONLDJS {
		return d.JSONLDJS
	}
	return d.Spec
}

// CompareDialects canonicalizes the JSON-LD document in data in both
// dialects and names the constructs that make them differ.
func (c *Canonicalizer) CompareDialects(ctx context.Context, data []byte) (*DialectComparison, error) {
	doc, err := c.decode(data)
	if err != nil {
		return nil, err
	}
	return c.CompareDialectsValue(ctx, doc, nil)
}

// CompareDialectsValue is CompareDialects for a decoded document. have, if
// not nil, is doc's canonical form in one dialect, computed by c or a
// Canonicalizer of the same options; when it shows that the document
// cannot depend on the dialect, nothing more is computed and have is the
// comparison's form in both dialects. Otherwise its N-Quads are reused
// where it has them (a result of DigestOnly has none): the comparison's
// forms always do.
func (c *Canonicalizer) CompareDialectsValue(ctx context.Context, doc any, have *Canonical) (*DialectComparison, error) {
	c = c.withText()
	if have == nil || have.dependence == nil {
		var err error
		if have, err = c.WithDialect(DialectSpec).CanonicalizeValue(ctx, doc); err != nil {
			return nil, err
		}
	}
	if !have.MayDependOnDialect() {
		return &DialectComparison{Spec: have, JSONLDJS: have}, nil
	}
	js := have
	if have.Dialect != DialectJSONLDJS || !have.dependence.withOrigins || !have.hasText() {
		var err error
		if js, err = c.WithDialect(DialectJSONLDJS).canonicalizeValue(ctx, doc, true, false); err != nil {
			return nil, err
		}
	}
	spec := have
	if have.Dialect != DialectSpec || !have.hasText() {
		var err error
		if spec, err = c.WithDialect(DialectSpec).CanonicalizeValue(ctx, doc); err != nil {
			return nil, err
		}
	}
	cmp := &DialectComparison{Spec: spec, JSONLDJS: js}
	if cmp.Differs() {
		cmp.Constructs = sortConstructs(js.dependence.constructs)
	}
	return cmp, nil
}

// sortConstructs orders constructs by path and kind, dropping repeats,
// and a construct found both without a place (a key, while its object's
// type-scoped contexts were looked for) and with one.
func sortConstructs(cs []Construct) []Construct {
	placed := map[Construct]bool{}
	for _, c := range cs {
		if c.Path != "" {
			k := c
			k.Path = ""
			placed[k] = true
		}
	}
	out := slices.DeleteFunc(slices.Clone(cs), func(c Construct) bool { return c.Path == "" && placed[c] })
	slices.SortStableFunc(out, func(a, b Construct) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return cmp.Compare(a.Kind, b.Kind)
	})
	return slices.Compact(out)
}
