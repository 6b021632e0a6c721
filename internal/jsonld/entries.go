package jsonld

import "strings"

// objExpansion carries the state of steps 13 and 14 of the Expansion
// algorithm for one JSON object: the contexts, the input type and the
// expanded result being built.
type objExpansion struct {
	s          *state
	active     *activeContext
	typeScoped *activeContext
	activeProp string
	inputType  string
	baseURL    string
	result     map[string]any
	nests      []string
	typeKey    string // the member that expanded to @type, if any
}

// entries expands each member of elem (keys sorted) into x.result, then the
// members of nested objects (@nest).
func (x *objExpansion) entries(elem map[string]any, keys []string) error {
	s := x.s
	for _, key := range keys {
		if key == "@context" {
			continue
		}
		s.pushKey(key)
		exp, ok, err := s.expandIRI(x.active, key, true, false, nil)
		if err != nil {
			s.pop()
			return err
		}
		if !ok || !isKeyword(exp) && strings.IndexByte(exp, ':') < 0 {
			err = s.droppedProperty(x.active, key, ok, exp)
		} else if isKeyword(exp) {
			err = x.keyword(key, exp, elem[key])
		} else {
			err = x.property(key, exp, elem[key])
		}
		s.pop()
		if err != nil {
			return err
		}
	}
	return x.nested(elem)
}

// nested processes the members of @nest objects (step 14).
func (x *objExpansion) nested(elem map[string]any) error {
	s := x.s
	nests := x.nests
	x.nests = nil
	sortStrings(nests)
	outer := x.active
	defer func() { x.active = outer }()
	for _, nk := range nests {
		x.active = outer
		s.pushKey(nk)
		if td := outer.term(nk); td != nil && td.hasCtx {
			// jsonld.js leaves a @nest term's scoped context out.
			s.noteContext(KindNestContext, "applied", "ignored")
			if s.dialect != DialectJSONLDJS {
				var err error
				if x.active, err = s.applyScoped(outer, td, true, true); err != nil {
					s.pop()
					return err
				}
			}
		}
		values, isArr := elem[nk].([]any)
		if !isArr {
			values = []any{elem[nk]}
		}
		for i, nv := range values {
			if isArr {
				s.pushIdx(i)
			}
			err := x.nestedObject(nv)
			if isArr {
				s.pop()
			}
			if err != nil {
				s.pop()
				return err
			}
		}
		s.pop()
	}
	return nil
}

func (x *objExpansion) nestedObject(nv any) error {
	s := x.s
	m, ok := nv.(map[string]any)
	if !ok {
		return s.errf(CodeInvalidNestValue, "@nest value must be an object")
	}
	keys, mark := s.sortedKeys(m)
	defer s.releaseKeys(mark)
	for _, k := range keys {
		if exp, ok, err := s.expandIRI(x.active, k, true, false, nil); err != nil {
			return err
		} else if ok && exp == "@value" {
			return s.errf(CodeInvalidNestValue, "@nest value must not be a value object")
		}
	}
	return x.entries(m, keys)
}

// droppedProperty handles a key that expands to neither a keyword nor an
// IRI: ignored, or an error in safe mode.
func (s *state) droppedProperty(active *activeContext, key string, ok bool, exp string) error {
	if !s.p.opts.Safe {
		return nil
	}
	switch td, defined := active.get(key); {
	case defined && td.null:
		return s.errf(CodeSafeDroppedProperty, quoteDetail("term mapped to null:", key))
	case !ok:
		return s.errf(CodeSafeDroppedProperty, quoteDetail("reserved keyword-like property", key))
	default:
		return s.errf(CodeSafeDroppedProperty, quoteDetail("property", key)+" does not expand to an absolute IRI (undefined term and no @vocab)")
	}
}

// keyword expands a member whose key expands to a keyword (step 13.4).
func (x *objExpansion) keyword(key, exp string, value any) error {
	s := x.s
	if x.activeProp == "@reverse" {
		return s.errf(CodeInvalidReversePropertyMap, quoteDetail("keyword in a reverse map:", key))
	}
	if _, dup := x.result[exp]; dup && (x.active.mode10 || exp != "@included" && exp != "@type") {
		return s.errf(CodeCollidingKeywords, quoteDetail("keyword", exp))
	}
	var ev any
	var err error
	switch exp {
	case "@id":
		ev, err = x.expandID(value)
	case "@type":
		x.typeKey = key
		ev, err = x.expandType(value)
	case "@graph":
		ev, err = s.expand(x.active, "@graph", value, x.baseURL, false)
		ev = asArray(ev)
	case "@included":
		if x.active.mode10 {
			return nil
		}
		ev, err = x.expandIncluded(value)
	case "@value":
		return x.expandValueEntry(value)
	case "@language":
		ev, err = x.expandLanguage(value)
	case "@direction":
		if x.active.mode10 {
			return nil
		}
		if value != "ltr" && value != "rtl" {
			return s.errf(CodeInvalidBaseDirection, "@direction must be \"ltr\" or \"rtl\"")
		}
		ev = value
	case "@index":
		if _, ok := value.(string); !ok {
			return s.errf(CodeInvalidIndexValue, "@index must be a string")
		}
		if err := s.checkIndexKept(); err != nil {
			return err
		}
		ev = value
	case "@list":
		if x.activeProp == "" || x.activeProp == "@graph" {
			if s.p.opts.Safe {
				return s.errf(CodeSafeDroppedValue, "free-floating list")
			}
			return nil
		}
		if arr, ok := value.([]any); ok {
			ev, err = s.expandArray(x.active, x.activeProp, x.active.term(x.activeProp), arr, x.baseURL, false, true)
		} else {
			ev, err = s.expand(x.active, x.activeProp, value, x.baseURL, false)
		}
		ev = asArray(ev)
	case "@set":
		ev, err = s.expand(x.active, x.activeProp, value, x.baseURL, false)
	case "@reverse":
		return x.expandReverse(value)
	case "@nest":
		x.nests = append(x.nests, key)
		return nil
	default:
		return nil // framing keywords and others: ignored outside framing
	}
	if err != nil {
		return err
	}
	if exp == "@type" || exp == "@included" {
		if prev, ok := x.result[exp]; ok {
			ev = append(asArray(prev), asArray(ev)...)
		}
	}
	x.result[exp] = ev
	return nil
}

func (x *objExpansion) expandID(value any) (any, error) {
	s := x.s
	str, ok := value.(string)
	if !ok {
		return nil, s.errf(CodeInvalidIDValue, "@id must be a string")
	}
	id, ok, err := s.expandIRI(x.active, str, false, true, nil)
	if err != nil {
		return nil, err
	}
	if !ok {
		if s.p.opts.Safe {
			return nil, s.errf(CodeSafeDroppedValue, quoteDetail("reserved @id value", str))
		}
		return nil, nil
	}
	if err := s.checkNodeID("@id", id); err != nil {
		return nil, err
	}
	if id == str {
		return value, nil // already absolute: no need to box it again
	}
	return id, nil
}

func (x *objExpansion) expandType(value any) (any, error) {
	s := x.s
	switch v := value.(type) {
	case string:
		return x.expandTypeIRI(v)
	case []any:
		out := make([]any, 0, len(v))
		for i, it := range v {
			str, ok := it.(string)
			if !ok {
				return nil, s.errf(CodeInvalidTypeValue, "@type values must be strings")
			}
			s.pushIdx(i)
			t, err := x.expandTypeIRI(str)
			s.pop()
			if err != nil {
				return nil, err
			}
			if t != nil {
				out = append(out, t)
			}
		}
		return out, nil
	}
	return nil, s.errf(CodeInvalidTypeValue, "@type must be a string or an array of strings")
}

func (x *objExpansion) expandTypeIRI(v string) (any, error) {
	s := x.s
	if v != "" && v[0] != '@' {
		// A term whose IRI was found well formed when it was defined:
		// what IRI Expansion and the safe-mode check below would make of
		// it, without repeating them.
		if td := x.typeScoped.term(v); td != nil && td.iriOK && !isKeyword(td.iri) {
			return td.iriValue, nil
		}
	}
	t, ok, err := s.expandIRI(x.typeScoped, v, true, true, nil)
	if err != nil {
		return nil, err
	}
	if !ok {
		if s.p.opts.Safe {
			return nil, s.errf(CodeSafeDroppedValue, quoteDetail("reserved @type value", v))
		}
		return nil, nil
	}
	if t != "@json" {
		if err := s.checkNodeID("@type", t); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// checkJSONType refuses, in safe mode, @json as the type of a node object:
// it is the datatype of JSON literals, which only value objects have, and
// as a node type it would reach RDF as the relative IRI <@json> (the
// Deserialize JSON-LD to RDF algorithm, step 1.3.2.1, skips a type that is
// not a well-formed IRI).
func (x *objExpansion) checkJSONType() error {
	if !x.s.p.opts.Safe || x.typeKey == "" || hasKey(x.result, "@value") {
		return nil
	}
	for _, t := range asArray(x.result["@type"]) {
		if t == "@json" {
			x.s.pushKey(x.typeKey)
			defer x.s.pop()
			return x.s.errf(CodeSafeRelativeIRI, "@json is the type of JSON literals (value objects), not of a node")
		}
	}
	return nil
}

func (x *objExpansion) expandIncluded(value any) (any, error) {
	s := x.s
	ev, err := s.expand(x.active, x.activeProp, value, x.baseURL, false)
	if err != nil {
		return nil, err
	}
	if ev == nil {
		return nil, s.errf(CodeInvalidIncludedValue, "@included values must be node objects")
	}
	arr := asArray(ev)
	for _, it := range arr {
		m, ok := it.(map[string]any)
		if !ok || isValueObject(m) || isListObject(m) || hasKey(m, "@set") {
			return nil, s.errf(CodeInvalidIncludedValue, "@included values must be node objects")
		}
	}
	return arr, nil
}

func (x *objExpansion) expandValueEntry(value any) error {
	s := x.s
	if x.inputType == "@json" {
		if x.active.mode10 {
			return s.errf(CodeInvalidValueObjectValue, "@json in json-ld-1.0 mode")
		}
		if depth(value) > s.p.maxDepth {
			return s.errf(CodeMaxDepth, "JSON literal nests too deeply")
		}
		x.result["@value"] = value
		return nil
	}
	if value != nil && !isScalar(value) {
		return s.errf(CodeInvalidValueObjectValue, "@value must be a scalar or null")
	}
	if err := s.checkNumber(value); err != nil {
		return err
	}
	x.result["@value"] = value
	return nil
}

func (x *objExpansion) expandLanguage(value any) (any, error) {
	s := x.s
	str, ok := value.(string)
	if !ok {
		return nil, s.errf(CodeInvalidLanguageTaggedStr, "@language must be a string")
	}
	if s.p.opts.Safe && !isWellFormedLanguage(str) {
		return nil, s.errf(CodeSafeDroppedValue, quoteDetail("ill-formed language tag", str))
	}
	return strings.ToLower(str), nil
}

func (x *objExpansion) expandReverse(value any) error {
	s := x.s
	m, ok := value.(map[string]any)
	if !ok {
		return s.errf(CodeInvalidReverseValue, "@reverse must be an object")
	}
	ev, err := s.expand(x.active, "@reverse", m, x.baseURL, false)
	if err != nil {
		return err
	}
	em, _ := ev.(map[string]any)
	if rev, ok := em["@reverse"].(map[string]any); ok {
		for _, p := range sortedKeys(rev) {
			addValue(x.result, p, rev[p])
		}
	}
	for _, p := range sortedKeys(em) {
		if p == "@reverse" {
			continue
		}
		rm := x.reverseMap()
		for _, item := range asArray(em[p]) {
			if isValueObject(item) || isListObject(item) {
				return s.errf(CodeInvalidReversePropertyVal, quoteDetail("reverse property", p))
			}
			rm[p] = append(asArray(rm[p]), item)
		}
	}
	return nil
}

func (x *objExpansion) reverseMap() map[string]any {
	if rm, ok := x.result["@reverse"].(map[string]any); ok {
		return rm
	}
	rm := map[string]any{}
	x.result["@reverse"] = rm
	return rm
}

// property expands a member whose key expands to an IRI (steps 13.5 to
// 13.14).
func (x *objExpansion) property(key, exp string, value any) error {
	s := x.s
	td := x.active.term(key)
	if td == nil || td.iri != exp || !td.iriOK { // a term's IRI is checked once, when defined
		if err := s.checkProperty(key, exp); err != nil {
			return err
		}
	}
	var ev any
	var err error
	var cont container
	if td != nil {
		cont = td.container
	}
	vm, isMap := value.(map[string]any)
	switch {
	case td != nil && td.typ == "@json":
		v := map[string]any{"@value": value, "@type": "@json"}
		s.noteLiteral(v)
		ev = v
	case cont.has(cLanguage) && isMap:
		ev, err = x.languageMap(td, vm)
	case cont&(cIndex|cType|cID) != 0 && isMap:
		ev, err = x.indexMap(key, td, vm)
	default:
		ev, err = s.expand(x.active, key, value, x.baseURL, false)
	}
	if err != nil || ev == nil {
		return err
	}
	if cont.has(cList) && !isListObject(ev) {
		l := map[string]any{"@list": asArray(ev)}
		s.noteOrigin(l)
		ev = l
	}
	if cont.has(cGraph) && !cont.has(cID) && !cont.has(cIndex) {
		arr := asArray(ev)
		out := make([]any, len(arr))
		for i, it := range arr {
			out[i] = map[string]any{"@graph": asArray(it)}
		}
		ev = out
	}
	if td != nil && td.reverse {
		rm := x.reverseMap()
		for _, item := range asArray(ev) {
			if isValueObject(item) || isListObject(item) {
				return s.errf(CodeInvalidReversePropertyVal, quoteDetail("reverse property", key))
			}
			rm[exp] = append(asArray(rm[exp]), item)
		}
		return nil
	}
	x.addProperty(exp, ev)
	return nil
}

// addProperty adds an expanded property value to the result. For ToRDF the
// expanded document only feeds node map generation, which treats a lone
// value and an array holding it alike, so a property's first value is kept
// as it is rather than wrapped in an array (which costs two allocations);
// Expand always produces arrays.
func (x *objExpansion) addProperty(exp string, ev any) {
	if x.s.forRDF {
		if _, ok := x.result[exp]; !ok {
			x.result[exp] = ev
			return
		}
	}
	addValue(x.result, exp, ev)
}

func (x *objExpansion) languageMap(td *termDef, m map[string]any) (any, error) {
	s := x.s
	// jsonld.js takes the default direction from the context the term's
	// scoped context gives; the specs from the active context.
	jsActive := x.active
	if td.hasCtx && !td.hasDir {
		var err error
		if jsActive, err = s.applyScoped(x.active, td, true, true); err != nil {
			return nil, err
		}
	}
	out := make([]any, 0, len(m))
	for _, lang := range sortedKeys(m) {
		s.pushKey(lang)
		exp, ok, err := s.expandIRI(x.active, lang, true, false, nil)
		if err != nil {
			s.pop()
			return nil, err
		}
		none := ok && exp == "@none"
		if !none && s.p.opts.Safe && !isWellFormedLanguage(lang) {
			err := s.errf(CodeSafeDroppedValue, quoteDetail("ill-formed language tag", lang))
			s.pop()
			return nil, err
		}
		items, isArr := m[lang].([]any)
		if !isArr {
			items = []any{m[lang]}
		}
		for i, item := range items {
			if item == nil {
				continue
			}
			if isArr {
				s.pushIdx(i)
			}
			str, ok := item.(string)
			if !ok {
				err := s.errf(CodeInvalidLanguageMapValue, "language map values must be strings")
				s.pop()
				if isArr {
					s.pop()
				}
				return nil, err
			}
			v := map[string]any{"@value": str}
			if !none {
				v["@language"] = strings.ToLower(lang)
			}
			dir, hasDir := td.dir, td.dir != ""
			if !td.hasDir {
				dir, hasDir = s.defaultDirection(x.active, jsActive, str, strings.ToLower(lang), !none)
			}
			if hasDir {
				v["@direction"] = dir
			}
			s.noteLiteral(v)
			if isArr {
				s.pop()
			}
			out = append(out, v)
		}
		s.pop()
	}
	return out, nil
}

// indexMap expands an index, id or type map (step 13.8).
func (x *objExpansion) indexMap(key string, td *termDef, m map[string]any) (any, error) {
	s := x.s
	cont := td.container
	indexKey := "@index"
	if td.index != "" {
		indexKey = td.index
	}
	out := make([]any, 0, len(m))
	for _, index := range sortedKeys(m) {
		s.pushKey(index)
		items, err := x.indexEntry(key, td, cont, indexKey, index, m[index])
		s.pop()
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
	}
	return out, nil
}

func (x *objExpansion) indexEntry(key string, td *termDef, cont container, indexKey, index string, value any) ([]any, error) {
	s := x.s
	mapCtx := x.active
	if cont&(cID|cType) != 0 && mapCtx.previous != nil {
		mapCtx = s.reverted(mapCtx)
	}
	if cont.has(cType) {
		if itd := mapCtx.term(index); itd != nil && itd.hasCtx {
			var err error
			if mapCtx, err = s.applyScoped(mapCtx, itd, false, true); err != nil {
				return nil, err
			}
		}
	}
	if !cont.has(cType) && !cont.has(cID) {
		mapCtx = x.active
	}
	expIndex, ok, err := s.expandIRI(x.active, index, true, false, nil)
	if err != nil {
		return nil, err
	}
	none := ok && expIndex == "@none"
	ev, err := s.expand(mapCtx, key, asArray(value), x.baseURL, true)
	if err != nil {
		return nil, err
	}
	items := asArray(ev)
	for i, item := range items {
		if lo, ok := item.(*litObj); ok {
			item = lo.asMap() // the entries below change it
			items[i] = item
		}
		im, _ := item.(map[string]any)
		if cont.has(cGraph) && !isGraphObject(im) {
			im = map[string]any{"@graph": asArray(item)}
			items[i] = im
		}
		if im == nil {
			continue
		}
		switch {
		case none:
		case cont.has(cIndex) && indexKey != "@index":
			if err := x.propertyIndex(im, indexKey, index); err != nil {
				return nil, err
			}
		case cont.has(cIndex):
			if err := s.checkIndexKept(); err != nil {
				return nil, err
			}
			if _, ok := im["@index"]; !ok {
				im["@index"] = index
			}
		case cont.has(cID):
			if _, ok := im["@id"]; !ok {
				id, _, err := s.expandIRI(x.active, index, false, true, nil)
				if err != nil {
					return nil, err
				}
				if err := s.checkNodeID("@id", id); err != nil {
					return nil, err
				}
				im["@id"] = id
			}
		case cont.has(cType):
			if err := s.checkNodeID("@type", expIndex); err != nil {
				return nil, err
			}
			im["@type"] = append([]any{expIndex}, asArray(im["@type"])...)
		}
	}
	return items, nil
}

// propertyIndex adds a property-valued index to an expanded item.
func (x *objExpansion) propertyIndex(im map[string]any, indexKey, index string) error {
	s := x.s
	re, err := s.expandValue(x.active, x.active.term(indexKey), index)
	if err != nil {
		return err
	}
	ek, ok, err := s.expandIRI(x.active, indexKey, true, false, nil)
	if err != nil {
		return err
	}
	if !ok {
		return nil
	}
	if err := s.checkProperty(indexKey, ek); err != nil {
		return err
	}
	if isValueObject(im) {
		return s.errf(CodeInvalidValueObject, "a value object cannot take a property-valued index")
	}
	im[ek] = append([]any{re}, asArray(im[ek])...)
	return nil
}
