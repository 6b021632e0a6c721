package schema

import (
	"encoding/json"
	"math/big"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The fast check answers only "valid or not" for a compiled schema, by
// walking the library's own compiled graph (its resolved $refs, compiled
// patterns and format checkers), without the bookkeeping the library does
// to explain failures (a few small allocations for a valid document). Validate uses
// it first and asks the library for the explanation only when the fast
// check fails, so reports are the library's, word for word. It supports the
// keywords the embedded 1EdTech schemas use; a schema using any other (or
// a graph it cannot walk) is left to the library alone. TestFastCheck holds
// the two to the same verdict on every fixture and thousands of mutations.

// fastNode is one schema of the graph, with what the check needs
// precomputed.
type fastNode struct {
	// What the check reads of the library's schema, copied so that the
	// library's graph need not stay in memory.
	enum     []any // nil: no enum keyword
	hasEnum  bool
	format   func(any) error // nil: no format assertion
	required []string
	minItems int // -1: no minItems keyword
	pattern  jsonschema.Regexp

	types jsonTypes // 0: no type keyword
	ref   *fastNode
	all   []*fastNode
	any   []*fastNode
	one   []*fastNode
	props map[string]*fastNode
	// addl: additionalProperties: nil (absent or true), or a schema;
	// noAddl for false.
	addl      *fastNode
	noAddl    bool
	names     *fastNode
	items     *fastNode   // items as one schema
	tuple     []*fastNode // items as an array
	addlItems *fastNode   // additionalItems as a schema (with tuple)
	noAddlIt  bool        // additionalItems false (with tuple)
	contains  *fastNode
}

type jsonTypes uint8

const (
	tNull jsonTypes = 1 << iota
	tBool
	tNumber
	tInteger
	tString
	tArray
	tObject
)

// typeNames are the bits of the JSON Schema type names.
var typeNames = map[string]jsonTypes{"null": tNull, "boolean": tBool, "number": tNumber, "integer": tInteger,
	"string": tString, "array": tArray, "object": tObject}

func typeBit(v any) jsonTypes {
	switch v.(type) {
	case nil:
		return tNull
	case bool:
		return tBool
	case json.Number, float64:
		return tNumber
	case string:
		return tString
	case []any:
		return tArray
	case map[string]any:
		return tObject
	}
	return 0
}

// compileFast builds the fast graph of s, or returns nil when s (or a
// schema it reaches) uses a keyword the fast check does not implement.
func compileFast(s *jsonschema.Schema) *fastNode {
	nodes := map[*jsonschema.Schema]*fastNode{}
	ok := true
	var build func(s *jsonschema.Schema) *fastNode
	build = func(s *jsonschema.Schema) *fastNode {
		if s == nil {
			return nil
		}
		if n, seen := nodes[s]; seen {
			return n
		}
		n := &fastNode{required: s.Required, minItems: -1, pattern: s.Pattern}
		nodes[s] = n
		if !fastSupported(s) {
			ok = false
			return n
		}
		if s.Enum != nil {
			n.enum, n.hasEnum = s.Enum.Values, true
		}
		if s.Format != nil {
			n.format = s.Format.Validate
		}
		if s.MinItems != nil {
			n.minItems = *s.MinItems
		}
		if s.Types != nil {
			for _, t := range s.Types.ToStrings() {
				n.types |= typeNames[t]
			}
		}
		n.ref = build(s.Ref)
		for _, x := range s.AllOf {
			n.all = append(n.all, build(x))
		}
		for _, x := range s.AnyOf {
			n.any = append(n.any, build(x))
		}
		for _, x := range s.OneOf {
			n.one = append(n.one, build(x))
		}
		if len(s.Properties) > 0 {
			n.props = make(map[string]*fastNode, len(s.Properties))
			for k, x := range s.Properties {
				n.props[k] = build(x)
			}
		}
		switch a := s.AdditionalProperties.(type) {
		case nil:
		case bool:
			n.noAddl = !a
		case *jsonschema.Schema:
			n.addl = build(a)
		default:
			ok = false
		}
		n.names = build(s.PropertyNames)
		switch it := s.Items.(type) {
		case nil:
		case *jsonschema.Schema:
			n.items = build(it)
		case []*jsonschema.Schema:
			for _, x := range it {
				n.tuple = append(n.tuple, build(x))
			}
			switch a := s.AdditionalItems.(type) {
			case nil:
			case bool:
				n.noAddlIt = !a
			case *jsonschema.Schema:
				n.addlItems = build(a)
			default:
				ok = false
			}
		default:
			ok = false
		}
		n.contains = build(s.Contains)
		return n
	}
	root := build(s)
	if !ok {
		return nil
	}
	return root
}

// fastSupported reports whether the fast check implements every keyword s
// uses.
func fastSupported(s *jsonschema.Schema) bool {
	return s.DraftVersion >= 2019 && s.Bool == nil && s.RecursiveRef == nil && s.DynamicRef == nil && s.Const == nil && s.Not == nil &&
		s.If == nil && s.Then == nil && s.Else == nil && s.MaxProperties == nil && s.MinProperties == nil &&
		len(s.PatternProperties) == 0 && len(s.Dependencies) == 0 && len(s.DependentRequired) == 0 && len(s.DependentSchemas) == 0 &&
		s.UnevaluatedProperties == nil && s.MaxItems == nil && !s.UniqueItems && s.MinContains == nil && s.MaxContains == nil &&
		len(s.PrefixItems) == 0 && s.Items2020 == nil && s.UnevaluatedItems == nil && s.MinLength == nil && s.MaxLength == nil &&
		s.ContentEncoding == nil && s.ContentMediaType == nil && s.ContentSchema == nil && s.Maximum == nil && s.Minimum == nil &&
		s.ExclusiveMaximum == nil && s.ExclusiveMinimum == nil && s.MultipleOf == nil && len(s.Extensions) == 0 &&
		(s.Format == nil || s.Format.Validate != nil) && (s.AdditionalItems == nil || s.Items != nil)
}

// maxFastDepth bounds the walk; deeper, the library decides.
const maxFastDepth = 512

// fastResult is the fast check's verdict; fastUnknown sends the document
// to the library (a walk cut short, a value of no JSON type).
type fastResult uint8

const (
	fastValid fastResult = iota
	fastInvalid
	fastUnknown
)

// check is the fast verdict on v.
func (n *fastNode) check(v any) fastResult { return n.valid(v, 0) }

func (n *fastNode) valid(v any, depth int) fastResult {
	if depth > maxFastDepth {
		return fastUnknown
	}
	depth++
	t := typeBit(v)
	if t == 0 {
		return fastUnknown
	}
	if n.types != 0 && n.types&t == 0 && (n.types&tInteger == 0 || t != tNumber || !isInteger(v)) {
		return fastInvalid
	}
	if n.hasEnum {
		matched := false
		for _, item := range n.enum {
			if equalJSON(v, item) {
				matched = true
				break
			}
		}
		if !matched {
			return fastInvalid
		}
	}
	if n.format != nil && n.format(v) != nil {
		return fastInvalid
	}
	if n.ref != nil {
		if r := n.ref.valid(v, depth); r != fastValid {
			return r
		}
	}
	switch v := v.(type) {
	case map[string]any:
		for _, k := range n.required {
			if _, ok := v[k]; !ok {
				return fastInvalid
			}
		}
		for k, x := range v {
			if p, ok := n.props[k]; ok {
				if r := p.valid(x, depth); r != fastValid {
					return r
				}
			} else if n.noAddl {
				return fastInvalid
			} else if n.addl != nil {
				if r := n.addl.valid(x, depth); r != fastValid {
					return r
				}
			}
			if n.names != nil {
				if r := n.names.valid(k, depth); r != fastValid {
					return r
				}
			}
		}
	case []any:
		if n.minItems >= 0 && len(v) < n.minItems {
			return fastInvalid
		}
		for i, x := range v {
			var sub *fastNode
			switch {
			case n.items != nil:
				sub = n.items
			case i < len(n.tuple):
				sub = n.tuple[i]
			case n.tuple != nil && n.noAddlIt:
				return fastInvalid
			case n.tuple != nil:
				sub = n.addlItems
			}
			if sub != nil {
				if r := sub.valid(x, depth); r != fastValid {
					return r
				}
			}
		}
		if n.contains != nil {
			found := false
			for _, x := range v {
				r := n.contains.valid(x, depth)
				if r == fastUnknown {
					return r
				}
				if r == fastValid {
					found = true
					break
				}
			}
			if !found {
				return fastInvalid
			}
		}
	case string:
		if n.pattern != nil && !n.pattern.MatchString(v) {
			return fastInvalid
		}
	}
	for _, x := range n.all {
		if r := x.valid(v, depth); r != fastValid {
			return r
		}
	}
	if len(n.any) > 0 {
		if count, ok := countValid(n.any, v, depth, 1); !ok {
			return fastUnknown
		} else if count == 0 {
			return fastInvalid
		}
	}
	if len(n.one) > 0 {
		if count, ok := countValid(n.one, v, depth, 2); !ok {
			return fastUnknown
		} else if count != 1 {
			return fastInvalid
		}
	}
	return fastValid
}

// countValid counts the schemas of nodes v is valid against, stopping at
// enough; ok is false when one of them could not tell.
func countValid(nodes []*fastNode, v any, depth, enough int) (count int, ok bool) {
	for _, x := range nodes {
		switch x.valid(v, depth) {
		case fastUnknown:
			return count, false
		case fastValid:
			if count++; count == enough {
				return count, true
			}
		}
	}
	return count, true
}

// isInteger reports whether a number has no fractional part (1.0 is an
// integer), as the library decides it.
func isInteger(v any) bool {
	r, ok := new(big.Rat).SetString(numberText(v))
	return ok && r.IsInt()
}

// equalJSON is JSON value equality, numbers by value.
func equalJSON(a, b any) bool {
	switch a := a.(type) {
	case nil:
		return b == nil
	case bool:
		bb, ok := b.(bool)
		return ok && a == bb
	case string:
		bs, ok := b.(string)
		return ok && a == bs
	case json.Number, float64:
		if typeBit(b) != tNumber {
			return false
		}
		x, ok1 := new(big.Rat).SetString(numberText(a))
		y, ok2 := new(big.Rat).SetString(numberText(b))
		return ok1 && ok2 && x.Cmp(y) == 0
	case []any:
		bs, ok := b.([]any)
		if !ok || len(a) != len(bs) {
			return false
		}
		for i := range a {
			if !equalJSON(a[i], bs[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok || len(a) != len(bm) {
			return false
		}
		for k, x := range a {
			y, ok := bm[k]
			if !ok || !equalJSON(x, y) {
				return false
			}
		}
		return true
	}
	return false
}

func numberText(v any) string {
	switch n := v.(type) {
	case json.Number:
		return string(n)
	case float64:
		if r := new(big.Rat).SetFloat64(n); r != nil {
			return r.RatString()
		}
	}
	return ""
}
