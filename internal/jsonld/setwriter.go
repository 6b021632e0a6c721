package jsonld

import (
	"errors"
	"slices"
	"strconv"

	"github.com/clrkit/clrkit/internal/rdf"
)

// setWriter writes the RDF statements of an expanded document straight
// from the expanded form, without Node Map Generation, for a caller that
// reads them as a set (RDFOptions.AsSet).
//
// The node map merges every occurrence of a node, removes repeated values
// and orders graphs, subjects and properties. A set needs none of that: a
// statement the node map would write once comes out of an expanded
// document as often as the document holds it, and a set keeps one. Blank
// nodes are not merged by the node map either: each node object without an
// @id, each list and each compound literal gets a fresh one, wherever it
// is. What else the node map finds depends on the values of a node's
// property taken together, over every object that describes the node: the
// values that make a dataset Suspect (and a conflicting @index, which safe
// mode refuses before: checkIndexKept). The writer checks those per object
// as it goes, and once more over the merged objects of every node
// described more than once (checkRepeats). Where it would need the node
// map after all (a @reverse property, a property with many sensitive
// values) it gives up with errNodeMapNeeded, and ToDataset takes the node
// map's path, which also decides every error: the set path reports none of
// its own.
//
// The writer only runs in the specs' dialect, in safe mode (where expansion
// has already rejected every ill-formed IRI, so that every node identifier
// is one a statement may hold), without origins and without compound
// literals (whose blank nodes the node map makes only for distinct
// values). Safe mode also refuses much of what the writer still handles
// as the node map would (free-floating values and lists, @id null, blank
// node properties without generalized RDF): those branches are kept so
// that the two paths stay the same algorithm, and the differential tests
// run them.
type setWriter struct {
	w *rdfWriter
	labeler
	// graph is the name of the graph being written ("@default" for the
	// default graph).
	graph string
	// described holds the first object describing each node with an @id
	// of the document, by graph name and identifier; repeats all the
	// objects of a node described more than once.
	described map[[2]string]map[string]any
	repeats   map[[2]string][]map[string]any
	// fresh numbers the placeholders that stand for nodes without an @id
	// of their own while a property's values are compared (suspectValues).
	fresh int
}

// errNodeMapNeeded stops a setWriter when the document needs node map
// generation after all (see setWriter).
var errNodeMapNeeded = errors.New("jsonld: node map needed")

// run writes the statements of expanded into w.quads.
func (d *setWriter) run(expanded []any) error {
	d.w.lab = &d.labeler
	d.graph = defaultGraph
	if err := d.nodes(expanded); err != nil {
		return err
	}
	return d.checkRepeats()
}

// checkRepeats applies the node map's checks to the merged objects of
// every node described more than once.
func (d *setWriter) checkRepeats() error {
	for _, objs := range d.repeats {
		var index string
		hasIndex, typed := false, false
		props := make(map[string][]any)
		for _, m := range objs {
			if ix, ok := m["@index"].(string); ok {
				if hasIndex && ix != index {
					return errNodeMapNeeded // conflicting indexes (not in safe mode): the node map says where
				}
				index, hasIndex = ix, true
			}
			typed = typed || hasType(m)
			for p, v := range m {
				switch p {
				case "@id", "@type", "@index", "@reverse", "@graph", "@included":
					continue
				}
				props[p] = append(props[p], asArray(v)...)
			}
		}
		if d.w.s.suspect {
			continue // only an error can change the outcome now
		}
		if typed && slices.ContainsFunc(props[rdf.RDFType], listItem) {
			d.w.s.suspect = true
			continue
		}
		for p, vals := range props {
			if len(vals) < 2 {
				continue
			}
			suspect, err := d.suspectValues(vals, d.written(p))
			if err != nil {
				return err
			}
			if suspect {
				d.w.s.suspect = true
				break
			}
		}
	}
	return nil
}

// hasType reports whether node object m has a type.
func hasType(m map[string]any) bool {
	switch t := m["@type"].(type) {
	case string:
		return true
	case []any:
		for _, it := range t {
			if _, ok := it.(string); ok {
				return true
			}
		}
	}
	return false
}

// written reports whether the RDF step writes the statements of property
// p (rdfWriter.graphQuads skips keywords, and blank node properties unless
// generalized RDF is asked for).
func (d *setWriter) written(p string) bool {
	return !isKeyword(p) && (!isBlankID(p) || d.w.s.p.opts.ProduceGeneralizedRDF)
}

// nodes writes what the node objects among v say, where nothing refers to
// v: the top level, a graph, @included, or the values of a property that
// has no RDF form. Node Map Generation drops the value objects found there
// and the lists, but not the node objects inside the lists.
func (d *setWriter) nodes(v any) error {
	switch x := v.(type) {
	case []any:
		for _, it := range x {
			if err := d.nodes(it); err != nil {
				return err
			}
		}
	case map[string]any:
		if _, ok := x["@value"]; ok {
			return nil
		}
		if l, ok := x["@list"]; ok {
			return d.nodes(l)
		}
		_, _, err := d.node(x)
		return err
	}
	return nil
}

// node writes what node object m says of itself and returns its term; ok
// is false for a node whose @id expanded to null, which Node Map
// Generation drops whole.
func (d *setWriter) node(m map[string]any) (t rdf.Term, ok bool, err error) {
	if err := d.w.s.checkCanceled(); err != nil {
		return rdf.Term{}, false, err
	}
	idv, hasID := m["@id"]
	if hasID && idv == nil {
		return rdf.Term{}, false, nil
	}
	id, _ := idv.(string)
	if !hasID || isBlankID(id) {
		id = d.issue(id)
	}
	subject := refTerm(id)
	if len(m) == 1 && hasID {
		return subject, true, nil // a reference: nothing to write
	}
	if hasID {
		d.describe([2]string{d.graph, id}, m)
	}
	if _, ok := m["@reverse"]; ok {
		return rdf.Term{}, false, errNodeMapNeeded
	}
	types := 0 // as the node map counts them: strings only
	if tv, ok := m["@type"]; ok {
		typ := rdf.NewIRI(rdf.RDFType)
		var lone [1]any
		list, isArr := tv.([]any)
		if !isArr {
			lone[0] = tv
			list = lone[:]
		}
		for _, it := range list {
			str, ok := it.(string)
			if !ok {
				continue
			}
			if isBlankID(str) {
				str = d.issue(str)
			}
			if err := d.w.emit(subject, typ, refTerm(str)); err != nil {
				return rdf.Term{}, false, err
			}
			types++
		}
	}
	if gv, ok := m["@graph"]; ok {
		outer, outerTerm := d.graph, d.w.graph
		d.graph, d.w.graph = id, subject
		err := d.nodes(gv)
		d.graph, d.w.graph = outer, outerTerm
		if err != nil {
			return rdf.Term{}, false, err
		}
	}
	if inc, ok := m["@included"]; ok {
		if err := d.nodes(inc); err != nil {
			return rdf.Term{}, false, err
		}
	}
	for p, v := range m {
		switch p {
		case "@id", "@type", "@index", "@reverse", "@graph", "@included":
			continue
		}
		if !d.written(p) {
			// The node map holds the values, the RDF step skips them.
			if vals, ok := v.([]any); ok && len(vals) > 1 && !d.w.s.suspect {
				suspect, err := d.suspectValues(vals, false)
				if err != nil {
					return rdf.Term{}, false, err
				}
				d.w.s.suspect = suspect
			}
			if err := d.nodes(v); err != nil {
				return rdf.Term{}, false, err
			}
			continue
		}
		if isBlankID(p) {
			p = d.issue(p)
		} else if p == rdf.RDFType && types > 0 && slices.ContainsFunc(asArray(v), listItem) {
			d.w.s.suspect = true // see rdfWriter.graphQuads: a value makes the property exist
		}
		if err := d.property(subject, refTerm(p), v); err != nil {
			return rdf.Term{}, false, err
		}
	}
	return subject, true, nil
}

// describe records m as an object describing the node key names.
func (d *setWriter) describe(key [2]string, m map[string]any) {
	first, again := d.described[key]
	if !again {
		if d.described == nil {
			d.described = make(map[[2]string]map[string]any, 8)
		}
		d.described[key] = m
		return
	}
	if d.repeats == nil {
		d.repeats = make(map[[2]string][]map[string]any, 1)
	}
	objs := d.repeats[key]
	if objs == nil {
		objs = []map[string]any{first}
	}
	d.repeats[key] = append(objs, m)
}

// property writes the statements of the values v of a property.
func (d *setWriter) property(subject, predicate rdf.Term, v any) error {
	if err := d.w.s.checkCanceled(); err != nil {
		return err
	}
	vals, isArr := v.([]any)
	if !isArr {
		vals = []any{v}
	}
	if len(vals) > 1 && !d.w.s.suspect {
		suspect, err := d.suspectValues(vals, true)
		if err != nil {
			return err
		}
		d.w.s.suspect = suspect
	}
	for _, it := range vals {
		o, ok, err := d.object(it)
		if err != nil {
			return err
		}
		if ok {
			if err := d.w.emit(subject, predicate, o); err != nil {
				return err
			}
		}
	}
	return nil
}

// object writes what an expanded value holds (a node's statements, a
// list's) and returns the term that stands for it; ok is false for what
// Node Map Generation does not keep as a value.
func (d *setWriter) object(v any) (rdf.Term, bool, error) {
	if lo, ok := v.(*litObj); ok {
		return d.w.literalOf(lo.value, lo.typ, lo.lang, lo.lang != "", lo.dir)
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		return rdf.Term{}, false, nil
	}
	if _, ok := m["@value"]; ok {
		return d.w.literal(m)
	}
	if l, ok := m["@list"]; ok {
		t, err := d.list(l)
		return t, err == nil, err
	}
	return d.node(m)
}

// list writes the statements of an RDF list of items (List to RDF) and
// returns its head.
func (d *setWriter) list(l any) (rdf.Term, error) {
	items, isArr := l.([]any)
	if !isArr {
		items = []any{l}
	}
	n := listLen(items)
	if n == 0 {
		return rdf.NewIRI(rdf.RDFNil), nil
	}
	first, rest := rdf.NewIRI(rdf.RDFFirst), rdf.NewIRI(rdf.RDFRest)
	head := refTerm(d.issue(""))
	cur := head
	for _, it := range items {
		if !listItem(it) {
			continue
		}
		if err := d.w.s.checkCanceled(); err != nil {
			return rdf.Term{}, err
		}
		o, ok, err := d.object(it)
		if err != nil {
			return rdf.Term{}, err
		}
		if ok {
			if err := d.w.emit(cur, first, o); err != nil {
				return rdf.Term{}, err
			}
		}
		n--
		next := rdf.NewIRI(rdf.RDFNil)
		if n > 0 {
			next = refTerm(d.issue(""))
		}
		if err := d.w.emit(cur, rest, next); err != nil {
			return rdf.Term{}, err
		}
		cur = next
	}
	return head, nil
}

// listLen returns how many of items Node Map Generation makes items of a
// list (listItem).
func listLen(items []any) int {
	n := 0
	for _, it := range items {
		if listItem(it) {
			n++
		}
	}
	return n
}

// listItem reports whether Node Map Generation makes v an item of a list:
// a value object, a list, or a node object whose @id is not null.
func listItem(v any) bool {
	if _, ok := v.(*litObj); ok {
		return true
	}
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	id, hasID := m["@id"]
	return !hasID || id != nil || hasKey(m, "@value") || hasKey(m, "@list")
}

// suspectValues applies the node map's rules for Dataset.Suspect to the
// values of one property of a node: a repeated value is a JSON literal
// holding an object or array (nodeMap.addUnique), or, when the property is
// written, the values after repeated ones are removed are several, one of
// them sensitive (rdfWriter.graphQuads). A property with more values than
// the node map compares one by one is left to the node map.
func (d *setWriter) suspectValues(vals []any, written bool) (bool, error) {
	if !slices.ContainsFunc(vals, sensitiveExpanded) {
		return false, nil // the common case, told without building values
	}
	var buf [smallSet]nmVal
	nv := buf[:0]
	for _, it := range vals {
		if v, ok := d.asNodeMapValue(it); ok {
			nv = append(nv, v)
		}
	}
	if len(nv) < 2 {
		return false, nil
	}
	if len(nv) > smallSet {
		return false, errNodeMapNeeded
	}
	kept := 0
	for i, v := range nv {
		dup := false
		for _, w := range nv[:i] {
			if v.kind != valList && sameVal(w, v) { // lists are never merged
				dup = true
				break
			}
		}
		if dup && jsonObjectLiteral(v) {
			return true, nil
		}
		if !dup {
			nv[kept] = v
			kept++
		}
	}
	for _, v := range nv[:kept] {
		if written && kept > 1 && sensitive(v) {
			return true, nil
		}
	}
	return false, nil
}

// sensitiveExpanded is sensitive of the value the node map would hold for
// an expanded value, false for what it holds none of.
func sensitiveExpanded(v any) bool {
	switch x := v.(type) {
	case *litObj:
		return sensitiveLiteral(x.value, x.typ, x.dir != "")
	case map[string]any:
		if value, ok := x["@value"]; ok {
			t, _ := x["@type"].(string)
			return sensitiveLiteral(value, t, hasKey(x, "@direction"))
		}
		if l, ok := x["@list"]; ok {
			return !slices.ContainsFunc(asArray(l), listItem)
		}
		return x["@id"] == rdf.RDFNil
	}
	return false
}

// asNodeMapValue returns the value the node map would hold for an expanded
// value, as far as suspectValues compares it: a list stands in with as
// many items as it would have, a node without an @id of the document with
// an identifier no other node has.
func (d *setWriter) asNodeMapValue(v any) (nmVal, bool) {
	if lo, ok := v.(*litObj); ok {
		return nmVal{kind: valLiteral, value: lo.asMap()}, true
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nmVal{}, false
	}
	if _, ok := m["@value"]; ok {
		return nmVal{kind: valLiteral, value: m}, true
	}
	if l, ok := m["@list"]; ok {
		return nmVal{kind: valList, list: &nmList{items: make([]nmVal, listLen(asArray(l)))}}, true
	}
	idv, hasID := m["@id"]
	if hasID && idv == nil {
		return nmVal{}, false
	}
	id, _ := idv.(string)
	switch {
	case !hasID:
		d.fresh++
		id = "\x00" + strconv.Itoa(d.fresh) // never an identifier of the document
	case isBlankID(id):
		id = d.issue(id)
	}
	return nmVal{kind: valRef, id: id}, true
}
