package jsonld

import "strconv"

// nodeMap is the result of the Node Map Generation algorithm (JSON-LD 1.1
// API section 7.2), shaped for the RDF step: graphs of nodes whose property
// values are typed nmVal rather than generic maps.
type nodeMap struct {
	s      *state
	graphs map[string]*nmGraph
	order  []string // graph names in creation order
	labels map[string]string
	next   int

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
}

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

type nmList struct{ items []nmVal }

const defaultGraph = "@default"

func newNodeMap(s *state) *nodeMap {
	nm := &nodeMap{s: s, graphs: make(map[string]*nmGraph, 1), labels: make(map[string]string, 8)}
	nm.graph(defaultGraph)
	return nm
}

// issue returns the new label for a blank node identifier of the input, or
// a fresh one when old is "" (the blank node identifier generator).
func (nm *nodeMap) issue(old string) string {
	if old != "" {
		if l, ok := nm.labels[old]; ok {
			return l
		}
	}
	l := "_:b" + strconv.Itoa(nm.next)
	nm.next++
	if old != "" {
		nm.labels[old] = l
	}
	return l
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

// addUnique appends v to the property unless an equal value is present.
func (nm *nodeMap) addUnique(n *nmNode, prop string, v nmVal) {
	vals := n.props[prop]
	if v.kind != valList {
		for i := range vals {
			if vals[i].kind == v.kind && vals[i].id == v.id && (v.kind == valRef || jsonEqual(vals[i].value, v.value)) {
				return
			}
		}
	}
	n.props[prop] = nm.appendVal(vals, v)
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
	if arr, ok := elem.([]any); ok {
		for _, it := range arr {
			if err := nm.gen(it, graphName, subject, reverse, prop, list); err != nil {
				return err
			}
		}
		return nil
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
		} else if subject != "" {
			nm.addUnique(g.node(subject), prop, v)
		}
		return nil
	}
	if l, ok := m["@list"]; ok {
		nl := &nmList{}
		if err := nm.gen(l, graphName, subject, reverse, prop, nl); err != nil {
			return err
		}
		v := nmVal{kind: valList, list: nl}
		if list != nil {
			list.items = append(list.items, v)
		} else if subject != "" {
			n := g.node(subject)
			n.props[prop] = nm.appendVal(n.props[prop], v)
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
		} else if subject != "" {
			nm.addUnique(g.node(subject), prop, ref)
		}
	}
	for _, t := range types {
		if str, ok := t.(string); ok && !containsString(node.types, str) {
			node.types = append(node.types, str)
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

func containsString(a []string, s string) bool {
	for _, x := range a {
		if x == s {
			return true
		}
	}
	return false
}

// quadEstimate returns the number of quads the node map will most likely
// produce, to size the output once.
func (nm *nodeMap) quadEstimate() int {
	n := 0
	for _, g := range nm.graphs {
		for _, node := range g.nodes {
			n += len(node.types)
			for _, vals := range node.props {
				for _, v := range vals {
					n++
					if v.kind == valList {
						n += 2 * len(v.list.items)
					}
				}
			}
		}
	}
	return min(n, nm.s.p.maxQuads)
}
