package jsonld

import (
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/clrkit/clrkit/internal/jcs"
	"github.com/clrkit/clrkit/internal/rdf"
)

// rdfWriter runs Deserialize JSON-LD to RDF (JSON-LD 1.1 API section 8.1)
// over a node map.
type rdfWriter struct {
	s     *state
	nm    *nodeMap // nil when writing straight from the expanded form (setWriter)
	lab   *labeler // issues the blank nodes of lists and compound literals
	quads []rdf.Quad
	graph rdf.Term
	// origins, kept when the call keeps origins, is the JSON pointer of
	// the value behind each quad's object ("" for none).
	origins []string
	origin  string
	// checked is set in safe mode: expansion has then already rejected
	// every relative or ill-formed IRI and language tag, so the
	// well-formedness tests of this step cannot fail and are skipped.
	checked bool
}

// wellFormed reports whether a node identifier may appear in the output.
func (w *rdfWriter) wellFormed(id string) bool { return w.checked || isWellFormedRef(id) }

func (w *rdfWriter) emit(s, p, o rdf.Term) error {
	if len(w.quads) >= w.s.p.maxQuads {
		return w.s.errf(CodeMaxQuads, "more than "+strconv.Itoa(w.s.p.maxQuads)+" quads")
	}
	w.quads = append(w.quads, rdf.Quad{Subject: s, Predicate: p, Object: o, Graph: w.graph})
	if w.s.origins != nil {
		w.origins = append(w.origins, w.origin)
	}
	return nil
}

func refTerm(id string) rdf.Term {
	if isBlankID(id) {
		return rdf.NewBlank(id[2:])
	}
	return rdf.NewIRI(id)
}

func (w *rdfWriter) run() error {
	names := append([]string(nil), w.nm.order...)
	sort.Strings(names)
	for _, name := range names {
		if name == defaultGraph {
			w.graph = rdf.Term{}
		} else if w.wellFormed(name) {
			w.graph = refTerm(name)
		} else {
			continue
		}
		if err := w.graphQuads(w.nm.graphs[name]); err != nil {
			return err
		}
	}
	return nil
}

func (w *rdfWriter) graphQuads(g *nmGraph) error {
	subjects := append([]string(nil), g.order...)
	sort.Strings(subjects)
	typeIRI := rdf.NewIRI(rdf.RDFType)
	for _, subj := range subjects {
		if !w.wellFormed(subj) {
			continue
		}
		if err := w.s.checkCanceled(); err != nil {
			return err
		}
		st := refTerm(subj)
		node := g.nodes[subj]
		for _, t := range node.types {
			if w.wellFormed(t) {
				if err := w.emit(st, typeIRI, refTerm(t)); err != nil {
					return err
				}
			}
		}
		props := make([]string, 0, len(node.props))
		for p := range node.props {
			props = append(props, p)
		}
		sort.Strings(props)
		for _, p := range props {
			if isKeyword(p) || isBlankID(p) && !w.s.p.opts.ProduceGeneralizedRDF || !w.wellFormed(p) {
				continue
			}
			pt := refTerm(p)
			vals := node.props[p]
			if !w.s.suspect && (len(vals) > 1 && slices.ContainsFunc(vals, sensitive) || p == rdf.RDFType && len(node.types) > 0) {
				w.s.suspect = true
			}
			var seen map[rdf.Term]bool // jsonld.js: the literals and IRIs written so far
			if len(vals) > 1 && w.s.origins != nil {
				seen = make(map[rdf.Term]bool, len(vals))
			}
			for _, v := range vals {
				o, ok, err := w.object(v)
				if err != nil {
					return err
				}
				if !ok {
					continue
				}
				w.origin = w.originOf(v)
				if w.s.origins != nil && p == rdf.RDFType && v.kind == valRef && slices.Contains(node.types, v.id) {
					// jsonld.js writes the statement of @type and that of
					// the rdf:type property both.
					t := string(rdf.AppendTerm(nil, o))
					w.s.constructs = append(w.s.constructs, Construct{Kind: KindDuplicateStatement, Spec: t, JSONLDJS: t + " (twice)"})
				}
				if seen != nil && o.Kind != rdf.Blank {
					if seen[o] {
						w.s.constructs = append(w.s.constructs, Construct{Kind: KindDuplicateStatement, Path: w.origin,
							Spec: string(rdf.AppendTerm(nil, o)), JSONLDJS: string(rdf.AppendTerm(nil, o)) + " (twice)"})
					}
					seen[o] = true
				}
				err = w.emit(st, pt, o)
				w.origin = ""
				if err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// object is Object to RDF (section 8.1.3); ok is false when the value has
// no RDF form.
func (w *rdfWriter) object(v nmVal) (rdf.Term, bool, error) {
	switch v.kind {
	case valRef:
		if !w.wellFormed(v.id) {
			return rdf.Term{}, false, nil
		}
		return refTerm(v.id), true, nil
	case valList:
		t, err := w.list(v.list.items)
		return t, err == nil, err
	}
	return w.literal(v.value)
}

// list is List to RDF (section 8.1.4).
func (w *rdfWriter) list(items []nmVal) (rdf.Term, error) {
	if len(items) == 0 {
		return rdf.NewIRI(rdf.RDFNil), nil
	}
	nodes := make([]rdf.Term, len(items))
	for i := range items {
		nodes[i] = refTerm(w.lab.issue(""))
	}
	first, rest := rdf.NewIRI(rdf.RDFFirst), rdf.NewIRI(rdf.RDFRest)
	for i, item := range items {
		o, ok, err := w.object(item)
		if err != nil {
			return rdf.Term{}, err
		}
		if ok {
			if err := w.emit(nodes[i], first, o); err != nil {
				return rdf.Term{}, err
			}
		}
		next := rdf.NewIRI(rdf.RDFNil)
		if i+1 < len(nodes) {
			next = nodes[i+1]
		}
		if err := w.emit(nodes[i], rest, next); err != nil {
			return rdf.Term{}, err
		}
	}
	return nodes[0], nil
}

func (w *rdfWriter) literal(m map[string]any) (rdf.Term, bool, error) {
	datatype, _ := m["@type"].(string)
	lang, hasLang := m["@language"].(string)
	dir, _ := m["@direction"].(string)
	return w.literalOf(m["@value"], datatype, lang, hasLang, dir)
}

// literalOf is literal of the value object with @value value, @type
// datatype, @language lang (when hasLang) and @direction dir ("" for
// none).
func (w *rdfWriter) literalOf(value any, datatype, lang string, hasLang bool, dir string) (rdf.Term, bool, error) {
	if !w.checked && datatype != "" && datatype != "@json" && !isWellFormedIRI(datatype) {
		return rdf.Term{}, false, nil
	}
	if !w.checked && hasLang && !isWellFormedLanguage(lang) {
		return rdf.Term{}, false, nil
	}
	lx, ok := lexicalFrom(value, datatype, lang, dir, w.s.dialect)
	if !ok {
		// Not reached: expansion checked every number (checkNumber).
		return rdf.Term{}, false, w.s.errf(CodeInvalidInput, "a number that is not a finite double")
	}
	if lx.datatype == "@json" {
		canon, err := jsonLiteral(value, w.s.dialect)
		if err != nil {
			// Not I-JSON (a non-finite or out-of-range number, a string that
			// is not valid Unicode, or a Go value that is not JSON): it has
			// no canonical form to sign.
			return rdf.Term{}, false, w.s.errf(CodeInvalidInput, "@json literal: "+err.Error())
		}
		return rdf.NewLiteral(string(canon), rdf.RDFJSON), true, nil
	}
	if lx.dir != "" && w.s.p.opts.RDFDirection != "" {
		return w.directional(lx.lex, lx.lang, lx.dir)
	}
	return lx.term(), true, nil
}

// lexical is a value object's literal before the rendering of a base
// direction: lexical form, datatype ("" with a language), language and
// direction ("" for none).
type lexical struct {
	lex, datatype, lang, dir string
}

// lexicalOf converts value object m as Object to RDF steps 9 to 12 do, or
// as jsonld.js does in dialect d: numbers whose JavaScript string has no
// "." are integers, strings typed xsd:double are read with parseFloat, a
// number or boolean keeps no @direction, and a string typed rdf:langString
// without a language is a plain string (rdf-canonize writes it so). ok is
// false for a number that is not a finite double.
func lexicalOf(m map[string]any, d Dialect) (lx lexical, ok bool) {
	datatype, _ := m["@type"].(string)
	lang, _ := m["@language"].(string)
	dir, _ := m["@direction"].(string)
	return lexicalFrom(m["@value"], datatype, lang, dir, d)
}

// lexicalFrom is lexicalOf of the value object with @value value and the
// given @type, @language and @direction ("" for none).
func lexicalFrom(value any, datatype, lang, dir string, d Dialect) (lx lexical, ok bool) {
	lx.datatype, lx.lang, lx.dir = datatype, lang, dir
	switch x := value.(type) {
	case string:
		lx.lex = x
		if d == DialectJSONLDJS {
			switch {
			case lx.datatype == rdf.XSDDouble:
				lx.lex = jsExponential(jsParseFloat(x))
			case lx.datatype == rdf.RDFLangStr && lx.lang == "":
				lx.datatype = ""
			}
		}
		return lx, true
	case bool:
		lx.lex = strconv.FormatBool(x)
		if lx.datatype == "" {
			lx.datatype = rdf.XSDBoolean
		}
	default:
		if lx.datatype == "@json" {
			return lx, true
		}
		f, ok := numberValue(value)
		if !ok {
			return lx, false
		}
		lx.lex, lx.datatype = numberLiteral(f, lx.datatype, d)
	}
	if d == DialectJSONLDJS {
		lx.dir = "" // jsonld.js writes numbers and booleans before looking at @direction
	}
	return lx, true
}

// term is the literal without a base direction.
func (lx lexical) term() rdf.Term {
	if lx.lang != "" && lx.datatype == "" {
		return rdf.NewLangLiteral(lx.lex, lx.lang)
	}
	return rdf.NewLiteral(lx.lex, lx.datatype)
}

// i18nTerm is the literal as the i18n-datatype rendering writes it, in
// N-Quads.
func (lx lexical) i18nTerm() string {
	t := lx.term()
	if lx.dir != "" {
		t = rdf.NewLiteral(lx.lex, "https://www.w3.org/ns/i18n#"+strings.ToLower(lx.lang)+"_"+lx.dir)
	}
	return string(rdf.AppendTerm(nil, t))
}

// directional renders a string with a base direction per the rdfDirection
// option.
func (w *rdfWriter) directional(lex, lang, dir string) (rdf.Term, bool, error) {
	if w.s.p.opts.RDFDirection == "i18n-datatype" {
		return rdf.NewLiteral(lex, "https://www.w3.org/ns/i18n#"+strings.ToLower(lang)+"_"+dir), true, nil
	}
	b := refTerm(w.lab.issue(""))
	if err := w.emit(b, rdf.NewIRI(rdf.RDFValue), rdf.NewLiteral(lex, "")); err != nil {
		return rdf.Term{}, false, err
	}
	if lang != "" {
		if err := w.emit(b, rdf.NewIRI(rdf.RDFLanguage), rdf.NewLiteral(lang, "")); err != nil {
			return rdf.Term{}, false, err
		}
	}
	if err := w.emit(b, rdf.NewIRI(rdf.RDFDirection), rdf.NewLiteral(dir, "")); err != nil {
		return rdf.Term{}, false, err
	}
	return b, true, nil
}

// originOf returns the JSON pointer of the value behind v, when the call
// keeps origins.
func (w *rdfWriter) originOf(v nmVal) string {
	switch {
	case w.s.origins == nil || v.kind == valRef:
		return ""
	case v.kind == valList:
		return v.list.origin
	}
	return w.s.origins[reflect.ValueOf(v.value).UnsafePointer()]
}

// jsonLiteral is the canonical form of a JSON literal: members ordered by
// code point (JSON-LD 1.1, the rdf:JSON datatype), or, in the jsonld.js
// dialect, by UTF-16 code unit as RFC 8785 orders them.
func jsonLiteral(v any, d Dialect) ([]byte, error) {
	if d == DialectJSONLDJS {
		return jcs.Marshal(v)
	}
	return jcs.MarshalCodePointOrder(v)
}
