package jsonld

import (
	"encoding/binary"
	"hash/maphash"
	"math"
	"reflect"
	"slices"
	"strconv"

	"github.com/clrkit/clrkit/internal/rdf"
)

// nodeMap is the result of the Node Map Generation algorithm (JSON-LD 1.1
// API section 7.2), shaped for the RDF step: graphs of nodes whose property
// values are typed nmVal rather than generic maps.
type nodeMap struct {
	s      *state
	graphs map[string]*nmGraph
	order  []string // graph names in creation order
	labeler
	seed maphash.Seed // of the value hashes of large properties
	// quads counts the quads the node map will produce, so that a document
	// over Options.MaxQuads is refused here rather than after the RDF step.
	quads int

	// Nodes and the first value of each property are carved from these
	// chunks rather than allocated one by one.
	nodeSlab []nmNode
	valSlab  []nmVal
}

const slabSize = 32

type nmGraph struct {
	nm    *nodeMap
	nodes map[string]*nmNode
	order []string // subjects in creation order
}

type nmNode struct {
	types    []string
	props    map[string][]nmVal
	index    string
	hasIndex bool

	// Sets that make adding a type or value O(1) once a node has more than
	// smallSet of them (see addUnique): the types, and per property the
	// hash of each value to the index of the first value with that hash.
	typeSet  map[string]struct{}
	valueSet map[string]map[uint64]int32
}

// smallSet is the size up to which a node's types and a property's values
// are searched one by one for duplicates; beyond it they are hashed.
const smallSet = 16

// nmVal is one value of a node property: a node reference, a value object
// or a list.
type nmVal struct {
	kind  uint8
	id    string
	value map[string]any
	list  *nmList
}

const (
	valRef uint8 = iota
	valLiteral
	valList
)

type nmList struct {
	items  []nmVal
	origin string // the list's JSON pointer, when the call keeps origins
}

const defaultGraph = "@default"

func newNodeMap(s *state) *nodeMap {
	nm := &nodeMap{s: s, graphs: make(map[string]*nmGraph, 1), labeler: labeler{labels: make(map[string]string, 8)}, seed: maphash.MakeSeed()}
	nm.graph(defaultGraph)
	return nm
}

// labeler is the blank node identifier generator of the RDF step: it
// relabels the document's blank node identifiers and issues fresh ones, as
// _:b0, _:b1, ... in the order asked.
type labeler struct {
	labels map[string]string
	next   int
}

// issue returns the new label for a blank node identifier of the input, or
// a fresh one when old is "".
func (l *labeler) issue(old string) string {
	if old != "" {
		if lb, ok := l.labels[old]; ok {
			return lb
		}
	}
	lb := "_:b" + strconv.Itoa(l.next)
	l.next++
	if old != "" {
		if l.labels == nil {
			l.labels = make(map[string]string, 8)
		}
		l.labels[old] = lb
	}
	return lb
}

func (nm *nodeMap) graph(name string) *nmGraph {
	g := nm.graphs[name]
	if g == nil {
		g = &nmGraph{nm: nm, nodes: make(map[string]*nmNode, 16)}
		nm.graphs[name] = g
		nm.order = append(nm.order, name)
	}
	return g
}

func (g *nmGraph) node(id string) *nmNode {
	n := g.nodes[id]
	if n == nil {
		nm := g.nm
		if len(nm.nodeSlab) == 0 {
			nm.nodeSlab = make([]nmNode, slabSize)
		}
		n = &nm.nodeSlab[0]
		nm.nodeSlab = nm.nodeSlab[1:]
		n.props = make(map[string][]nmVal, 8)
		g.nodes[id] = n
		g.order = append(g.order, id)
	}
	return n
}

// addUnique appends v to the property unless an equal value is present
// (Node Map Generation adds a value or reference only when the property
// does not already hold it). Lists are always appended. Small properties
// are searched; from smallSet values on, the property keeps a set of value
// hashes, so that n values cost O(n) rather than O(n²).
//
// In the jsonld.js dialect values are compared as jsonld.js compares them
// (sameValJS), and a value dropped only for that reason is a construct.
func (nm *nodeMap) addUnique(n *nmNode, prop string, v nmVal) {
	vals := n.props[prop]
	if v.kind != valList && !nm.neverEqual(v) {
		same := sameVal
		if nm.s.dialect == DialectJSONLDJS {
			same = sameValJS
		}
		dup := -1
		if set := n.valueSet[prop]; set != nil {
			h := nm.hash(v)
			if i, ok := set[h]; ok {
				// A hash shared with an unequal value (the seed makes
				// this unforceable) falls back to the search.
				if same(vals[i], v) {
					dup = int(i)
				} else {
					dup = slices.IndexFunc(vals, func(w nmVal) bool { return same(w, v) })
				}
			} else {
				set[h] = int32(len(vals))
			}
		} else {
			for i := range vals {
				if same(vals[i], v) {
					dup = i
					break
				}
			}
			if dup < 0 && len(vals) == smallSet {
				nm.indexValues(n, prop, vals, v)
			}
		}
		if dup >= 0 {
			if !sameVal(vals[dup], v) {
				nm.s.noteDropped(v, vals[dup])
			}
			if sensitive(v) && (nm.s.dialect == DialectJSONLDJS || !sameValJS(vals[dup], v) || jsonObjectLiteral(v)) {
				// The other dialect may keep what this one drops (jsonld.js
				// never finds two JSON objects equal). In the specs' dialect
				// only then: a value jsonld.js finds equal too is dropped
				// there as well (4 and 4 typed xsd:float, say).
				nm.s.suspect = true
			}
			return
		}
	}
	n.props[prop] = nm.appendVal(vals, v)
	nm.quads++
}

// neverEqual reports whether v equals no other value: in the jsonld.js
// dialect, a JSON literal whose value is an object or array (jsonld.js
// compares them by reference).
func (nm *nodeMap) neverEqual(v nmVal) bool {
	return nm.s.dialect == DialectJSONLDJS && jsonObjectLiteral(v)
}

// jsonObjectLiteral reports whether v is a JSON literal whose value is an
// object or array, which jsonld.js compares by reference.
func jsonObjectLiteral(v nmVal) bool {
	if v.kind != valLiteral {
		return false
	}
	switch v.value["@value"].(type) {
	case map[string]any, []any:
		return true
	}
	return false
}

// sameValJS is jsonld.js's equality of node map values (compareValues):
// references by id, value objects by @value, @type, @language and @index,
// ignoring @direction.
func sameValJS(a, b nmVal) bool {
	if a.kind != b.kind {
		return false
	}
	if a.kind == valRef {
		return a.id == b.id
	}
	for _, k := range [...]string{"@value", "@type", "@language", "@index"} {
		x, okx := a.value[k]
		y, oky := b.value[k]
		if okx != oky || okx && !jsonEqual(x, y) {
			return false
		}
	}
	return true
}

// sensitive reports whether a value may be equal to another of the same
// property in one dialect's comparison and not in the other's, or give
// the same RDF term as an unequal one (which jsonld.js keeps twice): an
// empty list or a reference to rdf:nil, and every value but strings that
// are neither typed xsd:string, xsd:double or JSON nor given a base
// direction.
func sensitive(v nmVal) bool {
	switch v.kind {
	case valList:
		return len(v.list.items) == 0 // rdf:nil, whichever list it is
	case valRef:
		return v.id == rdf.RDFNil
	}
	t, _ := v.value["@type"].(string)
	return sensitiveLiteral(v.value["@value"], t, hasKey(v.value, "@direction"))
}

// sensitiveLiteral is sensitive of a value object with @value value, @type
// datatype ("" for none), and a @direction or not.
func sensitiveLiteral(value any, datatype string, hasDir bool) bool {
	if _, ok := value.(string); !ok || hasDir {
		return true
	}
	switch datatype {
	case rdf.XSDString, rdf.XSDDouble, rdf.XSDBoolean, rdf.XSDInteger, rdf.RDFJSON, "@json":
		return true
	}
	return false
}

// indexValues starts the value set of a property that holds vals and is
// about to get v.
func (nm *nodeMap) indexValues(n *nmNode, prop string, vals []nmVal, v nmVal) {
	if n.valueSet == nil {
		n.valueSet = make(map[string]map[uint64]int32, 1)
	}
	set := make(map[uint64]int32, 4*smallSet)
	for i, w := range append(vals[:len(vals):len(vals)], v) {
		if w.kind == valList || nm.neverEqual(w) {
			continue
		}
		if _, ok := set[nm.hash(w)]; !ok {
			set[nm.hash(w)] = int32(i)
		}
	}
	n.valueSet[prop] = set
}

// sameVal is the equality of node map values: references by id, value
// objects by their entries (numbers by value).
func sameVal(a, b nmVal) bool {
	return a.kind == b.kind && a.id == b.id && (a.kind == valRef || jsonEqual(a.value, b.value))
}

// hash returns a seeded hash of a reference or value object that equal
// values (sameVal) share.
func (nm *nodeMap) hash(v nmVal) uint64 {
	var h maphash.Hash
	h.SetSeed(nm.seed)
	h.WriteByte(v.kind)
	switch {
	case v.kind == valRef:
		h.WriteString(v.id)
	case nm.s.dialect == DialectJSONLDJS:
		// What sameValJS compares, leaving out @direction.
		for _, k := range [...]string{"@value", "@type", "@language", "@index"} {
			if x, ok := v.value[k]; ok {
				hashJSON(&h, k)
				hashJSON(&h, x)
			}
		}
	default:
		hashJSON(&h, v.value)
	}
	return h.Sum64()
}

// hashJSON writes a JSON value to h so that values jsonEqual finds equal
// write the same bytes: object members in key order, numbers as their
// double (0 for -0).
func hashJSON(h *maphash.Hash, v any) {
	var buf [9]byte
	switch x := v.(type) {
	case nil:
		h.WriteByte(0)
	case bool:
		buf[0] = 1
		if x {
			buf[1] = 1
		}
		h.Write(buf[:2])
	case string:
		buf[0] = 2
		binary.LittleEndian.PutUint64(buf[1:], uint64(len(x)))
		h.Write(buf[:])
		h.WriteString(x)
	case []any:
		buf[0] = 3
		binary.LittleEndian.PutUint64(buf[1:], uint64(len(x)))
		h.Write(buf[:])
		for _, e := range x {
			hashJSON(h, e)
		}
	case map[string]any:
		buf[0] = 4
		binary.LittleEndian.PutUint64(buf[1:], uint64(len(x)))
		h.Write(buf[:])
		for _, k := range sortedKeys(x) {
			hashJSON(h, k)
			hashJSON(h, x[k])
		}
	default:
		f, _ := numberValue(x)
		if f == 0 {
			f = 0 // -0 equals 0
		}
		buf[0] = 5
		binary.LittleEndian.PutUint64(buf[1:], math.Float64bits(f))
		h.Write(buf[:])
	}
}

// appendVal appends v to vals; a property's first value takes a slot of
// capacity one from the slab (most properties have a single value), later
// ones grow the slice as append does.
func (nm *nodeMap) appendVal(vals []nmVal, v nmVal) []nmVal {
	if vals != nil {
		return append(vals, v)
	}
	if len(nm.valSlab) == 0 {
		nm.valSlab = make([]nmVal, slabSize)
	}
	vals = nm.valSlab[:1:1]
	nm.valSlab = nm.valSlab[1:]
	vals[0] = v
	return vals
}

// gen is the Node Map Generation algorithm. subject "" is null; reverse
// marks subject as the referencing node of a reverse property.
func (nm *nodeMap) gen(elem any, graphName, subject string, reverse bool, prop string, list *nmList) error {
	if err := nm.s.checkCanceled(); err != nil {
		return err
	}
	if nm.quads > nm.s.p.maxQuads {
		return nm.s.errf(CodeMaxQuads, "more than "+strconv.Itoa(nm.s.p.maxQuads)+" quads")
	}
	if arr, ok := elem.([]any); ok {
		for _, it := range arr {
			if err := nm.gen(it, graphName, subject, reverse, prop, list); err != nil {
				return err
			}
		}
		return nil
	}
	if lo, ok := elem.(*litObj); ok {
		elem = lo.asMap()
	}
	m, ok := elem.(map[string]any)
	if !ok {
		return nil
	}
	g := nm.graph(graphName)
	var types []any
	var lone [1]any
	if t, ok := m["@type"]; ok {
		if arr, isArr := t.([]any); isArr {
			types = arr
		} else { // a single type, as ToRDF's expansion leaves it
			lone[0] = t
			types = lone[:]
		}
		for i, ty := range types {
			if str, ok := ty.(string); ok && isBlankID(str) {
				types[i] = nm.issue(str)
			}
		}
	}
	if _, ok := m["@value"]; ok {
		v := nmVal{kind: valLiteral, value: m}
		if list != nil {
			list.items = append(list.items, v)
			nm.quads += 2 // rdf:first and rdf:rest
		} else if subject != "" {
			nm.addUnique(g.node(subject), prop, v)
		}
		return nil
	}
	if l, ok := m["@list"]; ok {
		nl := &nmList{}
		if nm.s.origins != nil {
			nl.origin = nm.s.origins[reflect.ValueOf(m).UnsafePointer()]
		}
		if err := nm.gen(l, graphName, subject, reverse, prop, nl); err != nil {
			return err
		}
		v := nmVal{kind: valList, list: nl}
		if list != nil {
			list.items = append(list.items, v)
			nm.quads += 2 // rdf:first and rdf:rest
		} else if subject != "" {
			n := g.node(subject)
			n.props[prop] = nm.appendVal(n.props[prop], v)
			nm.quads++
		}
		return nil
	}
	return nm.genNode(m, g, types, graphName, subject, reverse, prop, list)
}

func (nm *nodeMap) genNode(m map[string]any, g *nmGraph, types []any, graphName, subject string, reverse bool, prop string, list *nmList) error {
	idv, hasID := m["@id"]
	if hasID && idv == nil {
		return nil // an @id that expanded to null: nothing to link
	}
	id, _ := idv.(string)
	if !hasID || isBlankID(id) {
		id = nm.issue(id)
	}
	node := g.node(id)
	switch {
	case reverse:
		nm.addUnique(node, prop, nmVal{kind: valRef, id: subject})
	case prop != "":
		ref := nmVal{kind: valRef, id: id}
		if list != nil {
			list.items = append(list.items, ref)
			nm.quads += 2
		} else if subject != "" {
			nm.addUnique(g.node(subject), prop, ref)
		}
	}
	for _, t := range types {
		if str, ok := t.(string); ok {
			if node.addType(str) {
				nm.quads++
			}
		}
	}
	if ix, ok := m["@index"].(string); ok {
		if node.hasIndex && node.index != ix {
			return nm.s.errf(CodeConflictingIndexes, quoteDetail("node", id))
		}
		node.index, node.hasIndex = ix, true
	}
	if rev, ok := m["@reverse"].(map[string]any); ok {
		for _, p := range sortedKeys(rev) {
			for _, v := range asArray(rev[p]) {
				if err := nm.gen(v, graphName, id, true, p, nil); err != nil {
					return err
				}
			}
		}
	}
	if gv, ok := m["@graph"]; ok {
		if err := nm.gen(gv, id, "", false, "", nil); err != nil {
			return err
		}
	}
	if inc, ok := m["@included"]; ok {
		if err := nm.gen(inc, graphName, "", false, "", nil); err != nil {
			return err
		}
	}
	keys, mark := nm.s.sortedKeys(m)
	defer nm.s.releaseKeys(mark)
	for _, p := range keys {
		switch p {
		case "@id", "@type", "@index", "@reverse", "@graph", "@included":
			continue
		}
		if isBlankID(p) {
			p2 := nm.issue(p)
			if err := nm.gen(m[p], graphName, id, false, p2, nil); err != nil {
				return err
			}
			continue
		}
		if err := nm.gen(m[p], graphName, id, false, p, nil); err != nil {
			return err
		}
	}
	return nil
}

// addType adds t to the node's types unless it is there, and reports
// whether it did: by a search of a few types, through typeSet for more.
func (n *nmNode) addType(t string) bool {
	if n.typeSet != nil {
		if _, ok := n.typeSet[t]; ok {
			return false
		}
		n.typeSet[t] = struct{}{}
	} else {
		if slices.Contains(n.types, t) {
			return false
		}
		if len(n.types) == smallSet {
			n.typeSet = make(map[string]struct{}, 4*smallSet)
			for _, u := range n.types {
				n.typeSet[u] = struct{}{}
			}
			n.typeSet[t] = struct{}{}
		}
	}
	n.types = append(n.types, t)
	return true
}
