package jsonld

import (
	"strconv"
	"strings"
)

// container is a set of @container keywords.
type container uint8

const (
	cList container = 1 << iota
	cSet
	cIndex
	cLanguage
	cID
	cType
	cGraph
)

var containerNames = map[string]container{
	"@list": cList, "@set": cSet, "@index": cIndex, "@language": cLanguage,
	"@id": cID, "@type": cType, "@graph": cGraph,
}

func (c container) has(x container) bool { return c&x != 0 }

// termDef is a term definition (JSON-LD 1.1 API section 4.1). Immutable once
// its context is built.
type termDef struct {
	iri       string // IRI mapping; meaningless when null is set
	null      bool   // the term is explicitly mapped to null
	reverse   bool
	typ       string // type mapping: "", "@id", "@vocab", "@json", "@none" or an IRI
	lang      string
	hasLang   bool // a language mapping is present (lang "" means null)
	dir       string
	hasDir    bool // a direction mapping is present (dir "" means null)
	container container
	ctx       any // scoped context
	hasCtx    bool
	baseURL   string // base URL for the scoped context
	nest      string
	prefix    bool
	jsPrefix  bool // the prefix flag jsonld.js sets (see colonIRI)
	protected bool
	index     string
	shared    bool // built from an immutable source into a shared context
	typValue  any  // typ as an interface value, boxed once for value objects
	iriOK     bool // iri is a well-formed absolute IRI (checked once, for safe mode)
	iriValue  any  // iri as an interface value when iriOK, boxed once for @type values
}

// sameAs compares two definitions, ignoring protection (for the protected
// term redefinition check).
func (d *termDef) sameAs(o *termDef) bool {
	return d.iri == o.iri && d.null == o.null && d.reverse == o.reverse && d.typ == o.typ &&
		d.lang == o.lang && d.hasLang == o.hasLang && d.dir == o.dir && d.hasDir == o.hasDir &&
		d.container == o.container && d.hasCtx == o.hasCtx && jsonEqual(d.ctx, o.ctx) &&
		d.nest == o.nest && d.prefix == o.prefix && d.index == o.index
}

// termBuilder holds the state of one run of Create Term Definition over a
// local context (JSON-LD 1.1 API section 4.2).
type termBuilder struct {
	s         *state
	active    *activeContext
	local     map[string]any
	defined   map[string]bool
	baseURL   string
	protected bool
	override  bool
	remote    []string
}

var termDefKeys = map[string]bool{
	"@id": true, "@reverse": true, "@container": true, "@context": true, "@direction": true,
	"@index": true, "@language": true, "@nest": true, "@prefix": true, "@protected": true, "@type": true,
}

// define runs Create Term Definition for term.
func (tb *termBuilder) define(term string) error {
	s := tb.s
	if done, seen := tb.defined[term]; seen {
		if done {
			return nil
		}
		return s.errf(CodeCyclicIRIMapping, quoteDetail("term", term))
	}
	if term == "" {
		return s.errf(CodeInvalidTermDefinition, "empty term")
	}
	if s.terms++; s.terms > s.p.maxTerms {
		return s.errf(CodeMaxTermDefinitions, "more than "+strconv.Itoa(s.p.maxTerms)+" term definitions")
	}
	tb.defined[term] = false
	value := tb.local[term]
	if term == "@type" && !tb.active.mode10 {
		if err := tb.checkTypeRedefinition(value); err != nil {
			return err
		}
	} else if isKeyword(term) {
		return s.errf(CodeKeywordRedefinition, quoteDetail("term", term))
	} else if hasKeywordForm(term) {
		tb.defined[term] = true // reserved: ignored
		return nil
	}
	previous := tb.active.term(term)
	tb.active.terms = tb.active.terms.remove(term, tb.active.edit)

	// A string or null value is shorthand for {"@id": value}; it is handled
	// without building that map, as only the IRI mapping applies to it.
	var m map[string]any
	var idv any
	hasID, simple := false, false
	switch v := value.(type) {
	case nil:
		hasID = true
	case string:
		idv, hasID, simple = v, true, true
	case map[string]any:
		m = v
		idv, hasID = m["@id"]
	default:
		return s.errf(CodeInvalidTermDefinition, quoteDetail("term", term))
	}
	def := &termDef{protected: tb.protected, shared: tb.active.shared}
	if m != nil {
		if v, ok := m["@protected"]; ok {
			if tb.active.mode10 {
				return s.errf(CodeInvalidTermDefinition, quoteDetail("@protected in json-ld-1.0 mode, term", term))
			}
			b, ok := v.(bool)
			if !ok {
				return s.errf(CodeInvalidProtectedValue, quoteDetail("term", term))
			}
			def.protected = b
		}
		if v, ok := m["@type"]; ok {
			if err := tb.typeMapping(def, term, v); err != nil {
				return err
			}
		}
		if v, ok := m["@reverse"]; ok {
			return tb.reverseTerm(def, term, m, v, previous)
		}
	}
	done, err := tb.iriMapping(def, term, idv, hasID, simple)
	if err != nil || done {
		return err
	}
	if m != nil {
		if err := tb.details(def, term, m); err != nil {
			return err
		}
	}
	return tb.store(term, def, previous)
}

func (tb *termBuilder) checkTypeRedefinition(value any) error {
	m, ok := value.(map[string]any)
	if !ok || len(m) == 0 {
		return tb.s.errf(CodeKeywordRedefinition, "@type may only be given @container @set and @protected")
	}
	for k, v := range m {
		switch k {
		case "@container":
			if v != "@set" {
				return tb.s.errf(CodeKeywordRedefinition, "@type container must be @set")
			}
		case "@protected":
		default:
			return tb.s.errf(CodeKeywordRedefinition, "@type may only be given @container @set and @protected")
		}
	}
	return nil
}

func (tb *termBuilder) typeMapping(def *termDef, term string, v any) error {
	s := tb.s
	str, ok := v.(string)
	if !ok {
		return s.errf(CodeInvalidTypeMapping, quoteDetail("term", term))
	}
	t, ok, err := s.expandIRI(tb.active, str, true, false, tb)
	if err != nil {
		return err
	}
	switch {
	case !ok:
		return s.errf(CodeInvalidTypeMapping, quoteDetail("term", term))
	case t == "@json" || t == "@none":
		if tb.active.mode10 {
			return s.errf(CodeInvalidTypeMapping, quoteDetail("type "+t+" in json-ld-1.0 mode, term", term))
		}
	case t == "@id" || t == "@vocab":
	case isAbsoluteIRI(t):
	default:
		return s.errf(CodeInvalidTypeMapping, quoteDetail("type mapping of term "+term+":", str))
	}
	def.typ = t
	return nil
}

func (tb *termBuilder) reverseTerm(def *termDef, term string, m map[string]any, v any, previous *termDef) error {
	s := tb.s
	if _, ok := m["@id"]; ok {
		return s.errf(CodeInvalidReverseProperty, quoteDetail("@reverse with @id, term", term))
	}
	if _, ok := m["@nest"]; ok {
		return s.errf(CodeInvalidReverseProperty, quoteDetail("@reverse with @nest, term", term))
	}
	str, ok := v.(string)
	if !ok {
		return s.errf(CodeInvalidIRIMapping, quoteDetail("@reverse must be a string, term", term))
	}
	if hasKeywordForm(str) {
		tb.defined[term] = true
		return nil
	}
	iri, ok, err := s.expandIRI(tb.active, str, true, false, tb)
	if err != nil {
		return err
	}
	if !ok || !(isAbsoluteIRI(iri) || isBlankID(iri)) {
		return s.errf(CodeInvalidIRIMapping, quoteDetail("@reverse of term", term))
	}
	def.iri = iri
	if c, ok := m["@container"]; ok {
		switch c {
		case nil:
		case "@set":
			def.container = cSet
		case "@index":
			def.container = cIndex
		default:
			return s.errf(CodeInvalidReverseProperty, quoteDetail("container of reverse term", term))
		}
	}
	def.reverse = true
	if err := tb.details(def, term, m); err != nil {
		return err
	}
	return tb.store(term, def, previous)
}

// iriMapping sets def's IRI mapping (steps 14 to 20 of Create Term
// Definition) from the definition's @id entry, if it has one (hasID).
// done reports that the term is to be ignored.
func (tb *termBuilder) iriMapping(def *termDef, term string, idv any, hasID, simple bool) (done bool, err error) {
	s := tb.s
	if hasID && idv != term {
		if idv == nil {
			def.null = true
			return false, nil
		}
		str, ok := idv.(string)
		if !ok {
			return false, s.errf(CodeInvalidIRIMapping, quoteDetail("@id must be a string, term", term))
		}
		if !isKeyword(str) && hasKeywordForm(str) {
			tb.defined[term] = true
			return true, nil
		}
		iri, ok, err := s.expandIRI(tb.active, str, true, false, tb)
		if err != nil {
			return false, err
		}
		if !ok || !(isKeyword(iri) || isAbsoluteIRI(iri) || isBlankID(iri)) {
			return false, s.errf(CodeInvalidIRIMapping, quoteDetail("term", term))
		}
		if iri == "@context" {
			return false, s.errf(CodeInvalidKeywordAlias, quoteDetail("term", term))
		}
		def.iri = iri
		if c := strings.IndexByte(term, ':'); (c > 0 && c < len(term)-1) || strings.IndexByte(term, '/') >= 0 {
			tb.defined[term] = true
			exp, ok, err := s.expandIRI(tb.active, term, true, false, tb)
			if err != nil {
				return false, err
			}
			if !ok || exp != iri {
				return false, s.errf(CodeInvalidIRIMapping, quoteDetail("term does not expand to its @id, term", term))
			}
		}
		if !strings.ContainsAny(term, ":/") && simple && (endsWithGenDelim(iri) || isBlankID(iri)) {
			def.prefix = true
		}
		// jsonld.js forgets the slash, and knows no blank node prefixes.
		def.jsPrefix = !strings.Contains(term, ":") && simple && endsWithGenDelim(iri)
		return false, nil
	}
	if c := strings.IndexByte(term[1:], ':'); c >= 0 {
		prefix, suffix := term[:c+1], term[c+2:]
		if _, ok := tb.local[prefix]; ok {
			if err := tb.define(prefix); err != nil {
				return false, err
			}
		}
		if pd := tb.active.term(prefix); pd != nil && !pd.null {
			def.iri = pd.iri + suffix
		} else {
			def.iri = term
		}
		return false, nil
	}
	if strings.IndexByte(term, '/') >= 0 {
		iri, ok, err := s.expandIRI(tb.active, term, true, false, nil)
		if err != nil {
			return false, err
		}
		if !ok || !isAbsoluteIRI(iri) {
			return false, s.errf(CodeInvalidIRIMapping, quoteDetail("term", term))
		}
		def.iri = iri
		return false, nil
	}
	if term == "@type" {
		def.iri = "@type"
		return false, nil
	}
	if tb.active.hasVocab {
		def.iri = tb.active.vocab + term
		return false, nil
	}
	return false, s.errf(CodeInvalidIRIMapping, quoteDetail("no @vocab to expand term", term))
}

// details processes @container, @index, @context, @language, @direction,
// @nest and @prefix, and rejects unknown entries.
func (tb *termBuilder) details(def *termDef, term string, m map[string]any) error {
	s := tb.s
	mode10 := tb.active.mode10
	if unknown, found := firstKey(m, func(k string) bool { return !termDefKeys[k] }); found {
		return s.errf(CodeInvalidTermDefinition, quoteDetail("unknown entry "+unknown+" in term", term))
	}
	if v, ok := m["@container"]; ok && !def.reverse {
		c, err := tb.containerMapping(term, v)
		if err != nil {
			return err
		}
		def.container = c
		if c.has(cType) {
			if def.typ == "" {
				def.typ = "@id"
			} else if def.typ != "@id" && def.typ != "@vocab" {
				return s.errf(CodeInvalidTypeMapping, quoteDetail("@type container needs @id or @vocab type, term", term))
			}
		}
	}
	if v, ok := m["@index"]; ok {
		str, isStr := v.(string)
		if mode10 || !def.container.has(cIndex) || !isStr {
			return s.errf(CodeInvalidTermDefinition, quoteDetail("@index of term", term))
		}
		iri, ok, err := s.expandIRI(tb.active, str, true, false, tb)
		if err != nil {
			return err
		}
		if !ok || !isAbsoluteIRI(iri) {
			return s.errf(CodeInvalidTermDefinition, quoteDetail("@index of term", term))
		}
		def.index = str
	}
	if v, ok := m["@context"]; ok {
		if mode10 {
			return s.errf(CodeInvalidTermDefinition, quoteDetail("@context in json-ld-1.0 mode, term", term))
		}
		prm := ctxParams{baseURL: tb.baseURL, remote: tb.remote, overrideProtect: true, propagate: true, stable: false}
		if _, err := s.processContextSlow(tb.active, v, prm); err != nil {
			if e, ok := err.(*Error); ok && (e.Code == CodeCanceled || e.Code == CodeContextOverflow || e.Code == CodeMaxTermDefinitions) {
				return err // a limit, not a fault of the scoped context
			}
			return &Error{Code: CodeInvalidScopedContext, Path: s.pointer(), Detail: quoteDetail("term", term), Err: err}
		}
		def.ctx, def.hasCtx, def.baseURL = v, true, tb.baseURL
	}
	if v, ok := m["@language"]; ok && def.typ == "" {
		switch l := v.(type) {
		case nil:
			def.lang, def.hasLang = "", true
		case string:
			if s.p.opts.Safe && !isWellFormedLanguage(l) {
				return s.errf(CodeSafeDroppedValue, quoteDetail("ill-formed language tag of term "+term+":", l))
			}
			def.lang, def.hasLang = strings.ToLower(l), true
		default:
			return s.errf(CodeInvalidLanguageMapping, quoteDetail("term", term))
		}
	}
	if v, ok := m["@direction"]; ok && def.typ == "" {
		switch v {
		case nil:
			def.dir, def.hasDir = "", true
		case "ltr", "rtl":
			def.dir, def.hasDir = v.(string), true
		default:
			return s.errf(CodeInvalidBaseDirection, quoteDetail("term", term))
		}
	}
	if v, ok := m["@nest"]; ok {
		str, isStr := v.(string)
		if mode10 {
			return s.errf(CodeInvalidTermDefinition, quoteDetail("@nest in json-ld-1.0 mode, term", term))
		}
		if !isStr || (isKeyword(str) && str != "@nest") {
			return s.errf(CodeInvalidNestValue, quoteDetail("term", term))
		}
		def.nest = str
	}
	if v, ok := m["@prefix"]; ok {
		if mode10 || strings.ContainsAny(term, ":/") {
			return s.errf(CodeInvalidTermDefinition, quoteDetail("@prefix on term", term))
		}
		b, ok := v.(bool)
		if !ok {
			return s.errf(CodeInvalidPrefixValue, quoteDetail("term", term))
		}
		if b && isKeyword(def.iri) {
			return s.errf(CodeInvalidTermDefinition, quoteDetail("keyword alias as prefix, term", term))
		}
		def.prefix, def.jsPrefix = b, b
	}
	return nil
}

func (tb *termBuilder) containerMapping(term string, v any) (container, error) {
	s := tb.s
	bad := func() (container, error) {
		return 0, s.errf(CodeInvalidContainerMapping, quoteDetail("term", term))
	}
	var items []any
	switch c := v.(type) {
	case string:
		items = []any{c}
	case []any:
		if tb.active.mode10 {
			return bad()
		}
		items = c
	default:
		return bad()
	}
	var set container
	for _, it := range items {
		str, ok := it.(string)
		x := containerNames[str]
		if !ok || x == 0 || set.has(x) {
			return bad()
		}
		set |= x
	}
	if tb.active.mode10 && set&(cGraph|cID|cType) != 0 {
		return bad()
	}
	rest := set &^ cSet
	switch {
	case len(items) == 1:
	case set.has(cList):
		return bad()
	case set.has(cGraph) && rest&^(cGraph|cID|cIndex) == 0 && rest != cGraph|cID|cIndex:
	case set.has(cSet) && rest&(rest-1) == 0 && !rest.has(cList):
	default:
		return bad()
	}
	return set, nil
}

// store finishes a definition: the protected check, then the assignment.
func (tb *termBuilder) store(term string, def, previous *termDef) error {
	if !tb.override && previous != nil && previous.protected {
		if !def.sameAs(previous) {
			return tb.s.errf(CodeProtectedTermRedefinition, quoteDetail("term", term))
		}
		def = previous
	} else {
		if def.typ != "" {
			def.typValue = def.typ
		}
		def.iriOK = !def.null && isWellFormedIRI(def.iri)
		if def.iriOK {
			def.iriValue = def.iri
		}
	}
	tb.active.terms = tb.active.terms.set(term, def, tb.active.edit)
	tb.defined[term] = true
	return nil
}
