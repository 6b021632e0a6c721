package jsonld

import "sort"

// expandDoc runs the Expansion algorithm on a whole document and applies the
// final top-level simplifications (JSON-LD 1.1 API section 5.1.2, with the
// wrapping of section 9.2.2 expand()).
func (s *state) expandDoc(active *activeContext, doc any) ([]any, error) {
	out, err := s.expand(active, "", doc, active.base, false)
	if err != nil {
		return nil, err
	}
	if m, ok := out.(map[string]any); ok && len(m) == 1 {
		if g, ok := m["@graph"]; ok {
			out = g
		}
	}
	switch v := out.(type) {
	case nil:
		return []any{}, nil
	case []any:
		return v, nil
	default:
		return []any{v}, nil
	}
}

// expand is the Expansion algorithm. activeProp "" stands for null.
func (s *state) expand(active *activeContext, activeProp string, element any, baseURL string, fromMap bool) (any, error) {
	if element == nil {
		return nil, nil
	}
	if err := s.checkCanceled(); err != nil {
		return nil, err
	}
	td := active.term(activeProp)
	switch v := element.(type) {
	case []any:
		return s.expandArray(active, activeProp, td, v, baseURL, fromMap, false)
	case map[string]any:
		s.depth++
		defer func() { s.depth-- }()
		if s.depth > s.p.maxDepth {
			return nil, s.errf(CodeMaxDepth, "input nests too deeply")
		}
		return s.expandMap(active, activeProp, td, v, baseURL, fromMap)
	}
	// A scalar.
	if activeProp == "" || activeProp == "@graph" {
		if s.p.opts.Safe {
			return nil, s.errf(CodeSafeDroppedValue, "free-floating scalar")
		}
		return nil, nil
	}
	if !isScalar(element) {
		return nil, s.errf(CodeInvalidInput, "unsupported JSON value type")
	}
	if err := s.checkNumber(element); err != nil {
		return nil, err
	}
	if td != nil && td.hasCtx {
		var err error
		if active, err = s.applyScoped(active, td, true, true); err != nil {
			return nil, err
		}
		td = active.term(activeProp)
	}
	return s.expandValue(active, td, element)
}

// expandArray expands an array (step 5 of the Expansion algorithm).
// explicitList is set for the value of an @list entry.
func (s *state) expandArray(active *activeContext, activeProp string, td *termDef, arr []any, baseURL string, fromMap, explicitList bool) (any, error) {
	s.depth++
	defer func() { s.depth-- }()
	if s.depth > s.p.maxDepth {
		return nil, s.errf(CodeMaxDepth, "input nests too deeply")
	}
	isList := td != nil && td.container.has(cList)
	result := make([]any, 0, len(arr))
	for i, item := range arr {
		s.pushIdx(i)
		e, err := s.expand(active, activeProp, item, baseURL, fromMap)
		if _, isArr := e.([]any); err == nil && isArr && explicitList && !isList && s.p.opts.Safe {
			err = s.errf(CodeSafeDroppedValue, "an array inside @list, whose property is not a @list container: "+
				"JSON-LD 1.1 flattens it into the list (Expansion steps 13.4.11.2, 5.2.3) where jsonld.js makes it a list of lists")
		}
		s.pop()
		if err != nil {
			return nil, err
		}
		if isList {
			if a, ok := e.([]any); ok {
				l := map[string]any{"@list": a}
				s.noteOrigin(l)
				e = l
			}
		}
		switch x := e.(type) {
		case nil:
		case []any:
			result = append(result, x...)
		default:
			result = append(result, x)
		}
	}
	return result, nil
}

// expandMap expands a JSON object (steps 7 to 20 of the Expansion algorithm).
func (s *state) expandMap(active *activeContext, activeProp string, td *termDef, elem map[string]any, baseURL string, fromMap bool) (any, error) {
	var err error
	keys, mark := s.sortedKeys(elem)
	defer s.releaseKeys(mark)
	if active.previous != nil && !fromMap {
		if revert, err := s.shouldRevert(active, keys); err != nil {
			return nil, err
		} else if revert {
			active = s.reverted(active)
		}
	}
	if td != nil && td.hasCtx {
		if active, err = s.applyScoped(active, td, true, true); err != nil {
			return nil, err
		}
	}
	if lc, ok := elem["@context"]; ok {
		s.pushKey("@context")
		active, err = s.processContext(active, lc, ctxParams{baseURL: baseURL, propagate: true, validateScoped: true})
		s.pop()
		if err != nil {
			return nil, err
		}
	}
	typeScoped := active
	var inputType string
	for _, k := range keys {
		if exp, ok, err := s.expandIRI(active, k, true, false, nil); err != nil {
			return nil, err
		} else if !ok || exp != "@type" {
			continue
		}
		s.pushKey(k)
		active, inputType, err = s.applyTypeScoped(active, typeScoped, elem[k], inputType == "")
		s.pop()
		if err != nil {
			return nil, err
		}
	}
	x := &objExpansion{s: s, active: active, typeScoped: typeScoped, activeProp: activeProp,
		inputType: inputType, baseURL: baseURL, result: make(map[string]any, len(elem))}
	if err := x.entries(elem, keys); err != nil {
		return nil, err
	}
	if err := x.checkJSONType(); err != nil {
		return nil, err
	}
	return s.finishObject(x.result, activeProp)
}

// shouldRevert implements step 7: a non-propagated context is dropped when
// entering a node object that is not a value object or a bare reference.
func (s *state) shouldRevert(active *activeContext, keys []string) (bool, error) {
	for _, k := range keys {
		exp, ok, err := s.expandIRI(active, k, true, false, nil)
		if err != nil {
			return false, err
		}
		if ok && exp == "@value" {
			return false, nil
		}
		if ok && exp == "@id" && len(keys) == 1 {
			return false, nil
		}
	}
	return true, nil
}

// applyTypeScoped applies the type-scoped contexts of the values of a
// @type entry (step 11) and returns the input type (step 12) when first.
func (s *state) applyTypeScoped(active, typeScoped *activeContext, v any, first bool) (*activeContext, string, error) {
	var terms []string
	switch t := v.(type) {
	case string:
		terms = []string{t}
	case []any:
		for _, it := range t {
			if str, ok := it.(string); ok {
				terms = append(terms, str)
			}
		}
	}
	var last string
	if len(terms) > 0 {
		last = terms[len(terms)-1]
	}
	if len(terms) > 1 {
		terms = append([]string(nil), terms...)
		sort.Strings(terms)
	}
	var err error
	for _, t := range terms {
		if td := typeScoped.term(t); td != nil && td.hasCtx {
			if active, err = s.applyScoped(active, td, false, false); err != nil {
				return nil, "", err
			}
		}
	}
	inputType := ""
	if first && last != "" {
		if exp, ok, err := s.expandIRI(active, last, true, false, nil); err != nil {
			return nil, "", err
		} else if ok {
			inputType = exp
		}
	}
	return active, inputType, nil
}

// finishObject applies steps 15 to 19 of the Expansion algorithm to an
// expanded object.
func (s *state) finishObject(result map[string]any, activeProp string) (any, error) {
	safe := s.p.opts.Safe
	if v, ok := result["@value"]; ok {
		return s.finishValueObject(result, v, activeProp)
	}
	if t, ok := result["@type"]; ok && !s.forRDF { // node map generation takes a lone type as is
		if _, isArr := t.([]any); !isArr {
			result["@type"] = []any{t}
		}
	}
	_, hasSet := result["@set"]
	_, hasList := result["@list"]
	if hasList {
		s.noteOrigin(result)
	}
	if hasSet || hasList {
		_, hasIndex := result["@index"]
		if hasSet && hasList || len(result) > 2 || len(result) == 2 && !hasIndex {
			return nil, s.errf(CodeInvalidSetOrListObject, "@set or @list with other entries")
		}
		if hasSet {
			return result["@set"], nil
		}
	}
	if _, ok := result["@language"]; ok && len(result) == 1 {
		if safe {
			return nil, s.errf(CodeSafeDroppedValue, "object with only @language")
		}
		return nil, nil
	}
	if activeProp == "" || activeProp == "@graph" {
		_, onlyID := result["@id"]
		onlyID = onlyID && len(result) == 1
		if len(result) == 0 || hasList || onlyID {
			if safe {
				return nil, s.errf(CodeSafeDroppedValue, freeFloatingWhat(len(result) == 0, hasList))
			}
			return nil, nil
		}
	}
	return result, nil
}

func freeFloatingWhat(empty, list bool) string {
	switch {
	case empty:
		return "empty object"
	case list:
		return "free-floating list"
	}
	return "free-floating node with only @id"
}

func (s *state) finishValueObject(result map[string]any, v any, activeProp string) (any, error) {
	if k, found := firstKey(result, func(k string) bool {
		switch k {
		case "@value", "@index", "@language", "@type", "@direction":
			return false
		}
		return true
	}); found {
		return nil, s.errf(CodeInvalidValueObject, quoteDetail("value object with entry", k))
	}
	t, hasType := result["@type"]
	_, hasLang := result["@language"]
	_, hasDir := result["@direction"]
	if hasType && (hasLang || hasDir) {
		return nil, s.errf(CodeInvalidValueObject, "value object with @type and @language or @direction")
	}
	if hasType && t == "@json" {
		s.noteLiteral(result)
		return s.dropFreeFloating(result, activeProp)
	}
	if a, isArr := v.([]any); v == nil || isArr && len(a) == 0 {
		if s.p.opts.Safe {
			return nil, s.errf(CodeSafeDroppedValue, "value object with null @value")
		}
		return nil, nil
	}
	if _, isStr := v.(string); !isStr && hasLang {
		return nil, s.errf(CodeInvalidLanguageTaggedValue, "@language on a non-string value")
	}
	if hasType {
		ts, ok := t.(string)
		if !ok || !isAbsoluteIRI(ts) {
			if ok && !isBlankID(ts) && s.p.opts.Safe {
				return nil, s.errf(CodeSafeRelativeIRI, quoteDetail("value type", ts))
			}
			return nil, s.errf(CodeInvalidTypedValue, "@type of a value object must be an IRI")
		}
	}
	if hasDir && s.forRDF && s.p.opts.Safe && s.p.opts.RDFDirection == "" {
		return nil, s.errf(CodeSafeDroppedValue, "@direction is lost without an RDF direction mode")
	}
	s.noteLiteral(result)
	return s.dropFreeFloating(result, activeProp)
}

func (s *state) dropFreeFloating(result map[string]any, activeProp string) (any, error) {
	if activeProp == "" || activeProp == "@graph" {
		if s.p.opts.Safe {
			return nil, s.errf(CodeSafeDroppedValue, "free-floating value")
		}
		return nil, nil
	}
	return result, nil
}
