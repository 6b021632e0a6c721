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
// values that make a dataset Suspect. The writer checks those per object
// as it goes, and once more over the merged objects of every node
// described more than once (checkRepeats).
//
// The writer only runs in the specs' dialect, in safe mode (where expansion
// has already rejected every ill-formed IRI, so that every node identifier
// is one a statement may hold), without origins and without compound
// literals (whose blank nodes the node map makes only for distinct
// values). Whatever else it does not handle gives up with
// errNodeMapNeeded, and ToDataset then takes the node map's path, which
// also decides every error (the set path reports none of its own): a
// @reverse property and a property with many sensitive values, and the
// shapes safe mode refuses before the RDF step (values and lists outside a
// property, @id null, @index, keyword and, unless generalized RDF is asked
// for, blank node properties).
type setWriter struct {
	w *rdfWriter
	labeler
	// described holds the first object describing each node with an @id
	// of the document, by graph and identifier; repeats all the objects
	// of a node described more than once.
	described map[nodeKey]map[string]any
	repeats   map[nodeKey][]map[string]any
	// fresh numbers the placeholders that stand for nodes without an @id
	// of their own while a property's values are compared (suspectValues).
	fresh int
}

// nodeKey names a node: the graph it is in (the Value of its name's term,
// "" for the default graph; a graph name is an absolute IRI or a blank
// node label, which never look alike) and its identifier.
type nodeKey struct {
	graph, id string
}

// errNodeMapNeeded stops a setWriter when the document needs node map
// generation after all (see setWriter).
var errNodeMapNeeded = errors.New("jsonld: node map needed")

// run writes the statements of expanded into w.quads.
func (d *setWriter) run(expanded []any) error {
	d.w.lab = &d.labeler
	if err := d.nodes(expanded); err != nil {
		return err
	}
	return d.checkRepeats()
}

// checkRepeats applies the node map's Suspect rules to the merged objects
// of every node described more than once.
func (d *setWriter) checkRepeats() error {
	for _, objs := range d.repeats {
		if d.w.s.suspect {
			return nil // only an error could change the outcome now, and none comes from here
		}
		typed := false
		props := make(map[string][]any)
		for _, m := range objs {
			typed = typed || hasType(m)
			for p, v := range m {
				switch p {
				case "@id", "@type", "@graph", "@included":
					continue
				}
				props[p] = append(props[p], asArray(v)...)
			}
		}
		if typed && len(props[rdf.RDFType]) > 0 {
			d.w.s.suspect = true
			continue
		}
		for _, vals := range props {
			if len(vals) < 2 {
				continue
			}
			suspect, err := d.suspectValues(vals)
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

// nodes writes what the node objects among v say, where nothing refers to
// v: the top level, a graph or @included. A value or a list there (which
// Node Map Generation would drop) is left to the node map.
func (d *setWriter) nodes(v any) error {
	switch x := v.(type) {
	case []any:
		for _, it := range x {
			if err := d.nodes(it); err != nil {
				return err
			}
		}
		return nil
	case map[string]any:
		if hasKey(x, "@value") || hasKey(x, "@list") {
			return errNodeMapNeeded
		}
		_, err := d.node(x)
		return err
	}
	return errNodeMapNeeded
}

// node writes what node object m says of itself and returns its term.
func (d *setWriter) node(m map[string]any) (rdf.Term, error) {
	if err := d.w.s.checkCanceled(); err != nil {
		return rdf.Term{}, err
	}
	idv, hasID := m["@id"]
	id, isStr := idv.(string)
	if hasID && !isStr { // @id null: the node map drops the node whole
		return rdf.Term{}, errNodeMapNeeded
	}
	if !hasID || isBlankID(id) {
		id = d.issue(id)
	}
	subject := refTerm(id)
	if len(m) == 1 && hasID {
		return subject, nil // a reference: nothing to write
	}
	if hasID {
		d.describe(nodeKey{d.w.graph.Value, id}, m)
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
				return rdf.Term{}, err
			}
			types++
		}
	}
	for p, v := range m {
		var err error
		switch {
		case p == "@id", p == "@type":
		case p == "@graph":
			outer := d.w.graph
			d.w.graph = subject
			err = d.nodes(v)
			d.w.graph = outer
		case p == "@included":
			err = d.nodes(v)
		case isKeyword(p), isBlankID(p) && !d.w.s.p.opts.ProduceGeneralizedRDF:
			return rdf.Term{}, errNodeMapNeeded // @reverse, @index; or what the RDF step skips
		case isBlankID(p):
			err = d.property(subject, refTerm(d.issue(p)), v)
		default:
			if p == rdf.RDFType && types > 0 && len(asArray(v)) > 0 {
				d.w.s.suspect = true // see rdfWriter.graphQuads: a value makes the property exist
			}
			err = d.property(subject, refTerm(p), v)
		}
		if err != nil {
			return rdf.Term{}, err
		}
	}
	return subject, nil
}

// describe records m as an object describing the node key names.
func (d *setWriter) describe(key nodeKey, m map[string]any) {
	first, again := d.described[key]
	if !again {
		if d.described == nil {
			d.described = make(map[nodeKey]map[string]any, 8)
		}
		d.described[key] = m
		return
	}
	if d.repeats == nil {
		d.repeats = make(map[nodeKey][]map[string]any, 1)
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
		suspect, err := d.suspectValues(vals)
		if err != nil {
			return err
		}
		d.w.s.suspect = suspect
	}
	for _, it := range vals {
		o, err := d.object(it)
		if err != nil {
			return err
		}
		if err := d.w.emit(subject, predicate, o); err != nil {
			return err
		}
	}
	return nil
}

// object writes what an expanded value holds (a node's statements, a
// list's) and returns the term that stands for it.
func (d *setWriter) object(v any) (rdf.Term, error) {
	if lo, ok := v.(*litObj); ok {
		return d.requireLiteral(d.w.literalOf(lo.value, lo.typ, lo.lang, lo.lang != "", lo.dir))
	}
	m, isMap := v.(map[string]any)
	switch {
	case !isMap:
		return rdf.Term{}, errNodeMapNeeded
	case hasKey(m, "@value"):
		return d.requireLiteral(d.w.literal(m))
	case hasKey(m, "@list"):
		return d.list(asArray(m["@list"]))
	}
	return d.node(m)
}

// requireLiteral passes on the term of a literal; in safe mode every
// value object has one, and one without is left to the node map.
func (d *setWriter) requireLiteral(t rdf.Term, ok bool, err error) (rdf.Term, error) {
	if err == nil && !ok {
		err = errNodeMapNeeded
	}
	return t, err
}

// list writes the statements of an RDF list of items (List to RDF) and
// returns its head.
func (d *setWriter) list(items []any) (rdf.Term, error) {
	if len(items) == 0 {
		return rdf.NewIRI(rdf.RDFNil), nil
	}
	first, rest := rdf.NewIRI(rdf.RDFFirst), rdf.NewIRI(rdf.RDFRest)
	head := refTerm(d.issue(""))
	cur := head
	for i, it := range items {
		if err := d.w.s.checkCanceled(); err != nil {
			return rdf.Term{}, err
		}
		o, err := d.object(it)
		if err != nil {
			return rdf.Term{}, err
		}
		if err := d.w.emit(cur, first, o); err != nil {
			return rdf.Term{}, err
		}
		next := rdf.NewIRI(rdf.RDFNil)
		if i+1 < len(items) {
			next = refTerm(d.issue(""))
		}
		if err := d.w.emit(cur, rest, next); err != nil {
			return rdf.Term{}, err
		}
		cur = next
	}
	return head, nil
}

// suspectValues applies the node map's rules for Dataset.Suspect to the
// values (two or more) of one property of a node: a repeated value is a
// JSON literal holding an object or array (nodeMap.addUnique), or the
// values after repeated ones are removed are several, one of them
// sensitive (rdfWriter.graphQuads). A property with more values than the
// node map compares one by one, one of them sensitive, is left to the node
// map.
func (d *setWriter) suspectValues(vals []any) (bool, error) {
	if !slices.ContainsFunc(vals, sensitiveExpanded) {
		return false, nil // the common case, told without building values
	}
	if len(vals) > smallSet {
		return false, errNodeMapNeeded
	}
	var buf [smallSet]nmVal
	nv := buf[:0]
	for _, it := range vals {
		nv = append(nv, d.asNodeMapValue(it))
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
	return kept > 1 && slices.ContainsFunc(nv[:kept], sensitive), nil
}

// sensitiveExpanded is sensitive (nodemap.go) of the value the node map
// would hold for an expanded value, decided without making that value
// (asNodeMapValue issues labels): the two must change together.
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
			return len(asArray(l)) == 0 // rdf:nil
		}
		return x["@id"] == rdf.RDFNil
	}
	return false
}

// asNodeMapValue returns the value the node map would hold for an expanded
// value, as far as suspectValues compares it: a list stands in with as
// many items as it has, a node without an @id of the document with an
// identifier no other node has.
func (d *setWriter) asNodeMapValue(v any) nmVal {
	if lo, ok := v.(*litObj); ok {
		return nmVal{kind: valLiteral, value: lo.asMap()}
	}
	m, _ := v.(map[string]any)
	if hasKey(m, "@value") {
		return nmVal{kind: valLiteral, value: m}
	}
	if l, ok := m["@list"]; ok {
		return nmVal{kind: valList, list: &nmList{items: make([]nmVal, len(asArray(l)))}}
	}
	id, _ := m["@id"].(string)
	switch {
	case id == "":
		d.fresh++
		id = "\x00" + strconv.Itoa(d.fresh) // never an identifier of the document
	case isBlankID(id):
		id = d.issue(id)
	}
	return nmVal{kind: valRef, id: id}
}
