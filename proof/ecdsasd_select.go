package proof

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/clrkit/clrkit/internal/jsonptr"
	"github.com/clrkit/clrkit/proof/ld"
)

// This file holds the JSON side of ecdsa-sd-2023: documents kept with
// their member order (a derived document lists what it discloses in the
// order the pointers select it, as the reference implementation writes
// it), JSON pointers (RFC 6901), selectJsonLd with createInitialSelection,
// and the skolemization that names every node object of a document so
// that a selection converts to statements about the same nodes.

// ordObj is a JSON object that keeps the order of its members. Its values
// are *ordObj, []any, string, json.Number, bool or nil.
type ordObj struct {
	keys []string
	vals map[string]any
}

func newOrdObj(n int) *ordObj {
	return &ordObj{keys: make([]string, 0, n), vals: make(map[string]any, n)}
}

// set adds or replaces a member; a new member goes last.
func (o *ordObj) set(k string, v any) {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

func (o *ordObj) del(k string) {
	if _, ok := o.vals[k]; ok {
		delete(o.vals, k)
		o.keys = slices.DeleteFunc(o.keys, func(s string) bool { return s == k })
	}
}

// MarshalJSON writes the members in order, without HTML escaping.
func (o *ordObj) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := writeJSON(&buf, k); err != nil {
			return nil, err
		}
		buf.WriteByte(':')
		if err := writeJSON(&buf, o.vals[k]); err != nil {
			return nil, err
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// decodeOrdered decodes a JSON document (already checked by decodeObject)
// into ordered values, numbers as json.Number.
func decodeOrdered(data []byte) (*ordObj, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeOrderedValue(dec, 0)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformedDocument, err)
	}
	o, ok := v.(*ordObj)
	if !ok {
		return nil, ErrMalformedDocument
	}
	return o, nil
}

func decodeOrderedValue(dec *json.Decoder, depth int) (any, error) {
	if depth > ld.DefaultMaxDepth {
		return nil, errors.New("nested too deeply")
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := newOrdObj(4)
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				name, _ := k.(string)
				if _, dup := o.vals[name]; dup {
					return nil, fmt.Errorf("member %q twice", name)
				}
				v, err := decodeOrderedValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				o.set(name, v)
			}
			_, err := dec.Token()
			return o, err
		case '[':
			a := []any{}
			for dec.More() {
				v, err := decodeOrderedValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
			_, err := dec.Token()
			return a, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	}
	return tok, nil
}

// plainJSON returns v as the values the canonicalizer takes
// (map[string]any for objects). Strings, numbers, booleans and null are
// shared, not copied.
func plainJSON(v any) any {
	switch x := v.(type) {
	case *ordObj:
		m := make(map[string]any, len(x.keys))
		for _, k := range x.keys {
			m[k] = plainJSON(x.vals[k])
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plainJSON(e)
		}
		return out
	}
	return v
}

// deepCopy copies objects and arrays of an ordered value.
func deepCopy(v any) any {
	switch x := v.(type) {
	case *ordObj:
		o := newOrdObj(len(x.keys))
		for _, k := range x.keys {
			o.set(k, deepCopy(x.vals[k]))
		}
		return o
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}

// parsePointer splits an RFC 6901 JSON pointer into its reference tokens,
// unescaped, within the length the selective suites allow. The empty
// pointer, the whole document, has none.
func parsePointer(p string) ([]string, error) {
	if len(p) > sdMaxPointerLen {
		return nil, fmt.Errorf("JSON pointer of %d bytes, more than the limit of %d", len(p), sdMaxPointerLen)
	}
	return jsonptr.Parse(p)
}

// checkPointers checks the syntax and number of JSON pointers.
func checkPointers(what string, pointers []string) error {
	if len(pointers) > sdMaxPointers {
		return fmt.Errorf("%w: %d %s pointers, more than the limit of %d", ErrSignOptions, len(pointers), what, sdMaxPointers)
	}
	for _, p := range pointers {
		if _, err := parsePointer(p); err != nil {
			return fmt.Errorf("%w: %s pointer: %v", ErrSignOptions, what, err)
		}
	}
	return nil
}

// selArr is an array of a selection under construction: the selected
// elements by their index in the document. Selections list them in
// document order, without the gaps.
type selArr struct{ items map[int]any }

// selectJSON is selectJsonLd: the parts of doc the pointers select, with
// the @context, and with the id (unless a blank node identifier) and type
// of every object on the way to a selected value, so that the selection
// says the same about the same nodes. No pointers select nothing (nil);
// the empty pointer selects the whole document.
//
// Besides "id", an "@id" that is not a blank node identifier is kept as
// well: skolemize names nodes that way.
func selectJSON(doc *ordObj, pointers []string) (*ordObj, error) {
	if len(pointers) == 0 {
		return nil, nil
	}
	sel := newOrdObj(4)
	if c, ok := doc.vals["@context"]; ok {
		sel.set("@context", deepCopy(c))
	}
	initSelection(sel, doc)
	for _, p := range pointers {
		path, err := parsePointer(p)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrSignOptions, err)
		}
		if len(path) == 0 {
			return deepCopy(doc).(*ordObj), nil
		}
		if err := selectPath(doc, sel, p, path); err != nil {
			return nil, err
		}
	}
	return denseSelection(sel).(*ordObj), nil
}

// initSelection copies into sel what createInitialSelection keeps of src.
func initSelection(sel, src *ordObj) *ordObj {
	for _, k := range []string{"id", "@id"} {
		if id, ok := src.vals[k].(string); ok && id != "" && !strings.HasPrefix(id, "_:") {
			sel.set(k, id)
		}
	}
	if t, ok := src.vals["type"]; ok && t != nil {
		sel.set("type", deepCopy(t))
	}
	return sel
}

// child returns the element tok of a selection container, nil when it has
// none.
func child(c any, tok string) any {
	switch x := c.(type) {
	case *ordObj:
		return x.vals[tok]
	case *selArr:
		if i, err := strconv.Atoi(tok); err == nil {
			return x.items[i]
		}
	case []any:
		if i, ok := jsonptr.Index(tok, len(x)); ok {
			return x[i]
		}
	}
	return nil
}

func setChild(c any, tok string, v any) {
	switch x := c.(type) {
	case *ordObj:
		x.set(tok, v)
	case *selArr:
		i, _ := strconv.Atoi(tok)
		x.items[i] = v
	case []any:
		if i, ok := jsonptr.Index(tok, len(x)); ok {
			x[i] = v
		}
	}
}

// selectPath is selectPaths for one pointer.
func selectPath(doc, sel *ordObj, pointer string, path []string) error {
	var value any = doc
	var selected any = sel
	var selParent any
	for _, tok := range path {
		selParent = selected
		switch pv := value.(type) {
		case *ordObj:
			v, ok := pv.vals[tok]
			if !ok {
				return fmt.Errorf("%w: JSON pointer %q does not match the document", ErrSignOptions, pointer)
			}
			value = v
		case []any:
			i, ok := jsonptr.Index(tok, len(pv))
			if !ok {
				return fmt.Errorf("%w: JSON pointer %q does not match the document", ErrSignOptions, pointer)
			}
			value = pv[i]
		default:
			return fmt.Errorf("%w: JSON pointer %q goes through a value that is not an object or an array", ErrSignOptions, pointer)
		}
		switch selParent.(type) {
		case *ordObj, *selArr, []any:
		default:
			return fmt.Errorf("%w: JSON pointer %q goes through a value selected whole", ErrSignOptions, pointer)
		}
		selected = child(selParent, tok)
		if selected == nil {
			switch v := value.(type) {
			case []any:
				selected = &selArr{items: map[int]any{}}
				setChild(selParent, tok, selected)
			case *ordObj:
				selected = initSelection(newOrdObj(2), v)
				setChild(selParent, tok, selected)
			}
		}
	}
	var final any
	switch v := value.(type) {
	case *ordObj:
		merged := newOrdObj(len(v.keys) + 2)
		if prev, ok := selected.(*ordObj); ok {
			for _, k := range prev.keys {
				merged.set(k, prev.vals[k])
			}
		}
		for _, k := range v.keys {
			merged.set(k, deepCopy(v.vals[k]))
		}
		final = merged
	default:
		final = deepCopy(v)
	}
	setChild(selParent, path[len(path)-1], final)
	return nil
}

// denseSelection turns the selArr values of a selection into arrays of
// their elements in document order.
func denseSelection(v any) any {
	switch x := v.(type) {
	case *ordObj:
		for _, k := range x.keys {
			x.vals[k] = denseSelection(x.vals[k])
		}
		return x
	case *selArr:
		idx := make([]int, 0, len(x.items))
		for i := range x.items {
			idx = append(idx, i)
		}
		slices.Sort(idx)
		out := make([]any, len(idx))
		for j, i := range idx {
			out[j] = denseSelection(x.items[i])
		}
		return out
	case []any:
		for i := range x {
			x[i] = denseSelection(x[i])
		}
		return x
	}
	return v
}

// skolemized is a document whose node objects all carry an IRI, so that
// its statements, and those of any selection of it, name the same nodes
// the same way. The IRIs are prefix followed by a counter (or, for a blank
// node identifier "_:x" the document gave, "b" and x in hex); deskolemize
// turns them back into blank nodes.
type skolemized struct {
	doc    *ordObj
	prefix string
	// marked are the objects given an "@id", by counter.
	marked []*ordObj
}

// skolemize copies doc, giving an "@id" to every object that has no "id"
// or "@id" and is not a value, list, set or graph object, and turning blank
// node identifiers in "id" and "@id" into IRIs. It works on the compact
// form, without the context: an object that turns out not to be a node
// (the value of a JSON literal, a language or index map) is found later,
// when its IRI appears in a literal or the statements differ from the
// document's, and is unmarked or refused (see sdDocument).
func skolemize(doc *ordObj, random io.Reader) (*skolemized, error) {
	var r [12]byte
	if _, err := io.ReadFull(random, r[:]); err != nil {
		return nil, err
	}
	s := &skolemized{prefix: "urn:bnid:" + hex.EncodeToString(r[:]) + "_"}
	s.doc = s.walk(doc).(*ordObj)
	return s, nil
}

func (s *skolemized) walk(v any) any {
	switch x := v.(type) {
	case *ordObj:
		o := newOrdObj(len(x.keys) + 1)
		for _, k := range x.keys {
			if k == "@context" {
				o.set(k, deepCopy(x.vals[k]))
			} else {
				o.set(k, s.walk(x.vals[k]))
			}
		}
		for _, k := range []string{"id", "@id"} {
			if id, ok := o.vals[k].(string); ok && strings.HasPrefix(id, "_:") {
				o.vals[k] = s.prefix + "b" + hex.EncodeToString([]byte(id[2:]))
			}
		}
		for _, k := range []string{"id", "@id", "@value", "@list", "@set", "@graph"} {
			if _, ok := o.vals[k]; ok {
				return o
			}
		}
		o.set("@id", s.prefix+strconv.Itoa(len(s.marked)))
		s.marked = append(s.marked, o)
		return o
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = s.walk(e)
		}
		return out
	}
	return v
}

// unmarkIn removes the "@id" given to the objects whose IRI occurs in
// text, and reports whether there were any.
func (s *skolemized) unmarkIn(text string) bool {
	found := false
	for {
		i := strings.Index(text, s.prefix)
		if i < 0 {
			return found
		}
		text = text[i+len(s.prefix):]
		j := 0
		for j < len(text) && text[j] >= '0' && text[j] <= '9' {
			j++
		}
		if n, err := strconv.Atoi(text[:j]); err == nil && n < len(s.marked) {
			if o := s.marked[n]; o.vals["@id"] == s.prefix+text[:j] {
				o.del("@id")
				found = true
			}
		}
	}
}
