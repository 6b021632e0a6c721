package ld

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The mutator turns an OB/CLR fixture into a variant that exercises the
// corners where JSON-LD processors and canonicalizers have disagreed, or
// have mapped two documents to one canonical form: number forms, strings
// outside the Basic Multilingual Plane or beside it, value objects,
// lists, sets, indexes, node types and identifiers, inline contexts that
// coerce types or set a direction, and text that is not I-JSON. Its
// choices come from a byte string, so that a fuzzer can drive it and a
// fixed seed reproduces a variant.

// mutator reads its choices from src; past the end every choice is 0.
type mutator struct {
	src []byte
	pos int
}

func (m *mutator) intn(n int) int {
	if n <= 1 {
		return 0
	}
	v := 0
	for range 2 {
		v <<= 8
		if m.pos < len(m.src) {
			v |= int(m.src[m.pos])
			m.pos++
		}
	}
	return v % n
}

func pick[T any](m *mutator, xs []T) T { return xs[m.intn(len(xs))] }

// Edge values. Numbers are json.Number so that their spelling survives.
var (
	edgeNumbers = []string{"1e-7", "1E-7", "0.0000001", "1e-6", "-0", "-0.0", "0.0", "1e21", "1e20",
		"999999999999999999999", "123456789012345678901234567890", "9007199254740993", "0.30000000000000004",
		"0.3", "1.0000000000000002", "5e-324", "1.7976931348623157e308", "2.5", "1.5e300", "12.0", "100",
		"-1", "0.1", "3.14159265358979323846", "1.2345678901234565", "1e400", "1e-400", "10e-1", "1E+2"}
	edgeStrings = []string{"", "a", "\uff01", "\U0001F600", "\uff01\U0001F600", "\U0001F600\uff01", "\ue000",
		"\ufffd", "\U0001D518nicode", "a\x00b", "line\nbreak\r\ttab", "quote\"back\\slash", "\u2028\u2029",
		"\x7f", "e\u0301", "@context", "@foo", "_:b1", "ex:term", "https://example.org/x y",
		"https://example.org/<x>", "urn:uuid:1", "http://example.com/\u00fc", strings.Repeat("long ", 60),
		loneHigh, loneLow, badUTF8}
	edgeLanguages = []string{"en", "EN-us", "ar", "zh-Hant-TW", "x", "en_US", "1en"}
	edgeDatatypes = []string{"http://www.w3.org/2001/XMLSchema#double", "http://www.w3.org/2001/XMLSchema#integer",
		"http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/2001/XMLSchema#dateTime",
		"https://example.org/dt", "@json", "xsd:float", "relative"}
	edgeIDs = []string{"urn:example:x", "_:b0", "_:b1", "relative/x", "https://example.org/x",
		"https://example.edu/evidence/1", "did:example:learner", "https://example.org/x#a#b", ""}
	edgeTypes = []any{"Achievement", "https://example.org/T", "@json", "_:t", "Undefined", "@id",
		[]any{"Achievement", "Achievement"}, []any{"https://example.org/T", "Profile"}}
	edgeKeys = []string{"name", "description", "tag", "https://example.org/p", "favoriteColor", "@index",
		"@type", "type", "@id", "id", "@reverse", "@included", "@graph", "@nest", "x", "_:p"}
	// inline contexts appended to @context, with the term "x" where they
	// define one.
	edgeContexts = []string{
		`{"@direction": "rtl"}`, `{"@language": "en"}`, `{"@language": "ar", "@direction": "rtl"}`,
		`{"@vocab": "https://example.org/"}`,
		`{"x": {"@id": "https://example.org/x", "@type": "http://www.w3.org/2001/XMLSchema#double"}}`,
		`{"x": {"@id": "https://example.org/x", "@type": "http://www.w3.org/2001/XMLSchema#integer"}}`,
		`{"x": {"@id": "https://example.org/x", "@type": "@id"}}`,
		`{"x": {"@id": "https://example.org/x", "@type": "@vocab"}}`,
		`{"x": {"@id": "https://example.org/x", "@type": "@json"}}`,
		`{"x": {"@id": "https://example.org/x", "@container": "@list"}}`,
		`{"x": {"@id": "https://example.org/x", "@container": "@set"}}`,
		`{"x": {"@id": "https://example.org/x", "@container": "@index"}}`,
		`{"x": {"@id": "https://example.org/x", "@container": "@language"}}`,
		`{"x": {"@id": "https://example.org/x", "@container": "@graph"}}`,
		`{"x": {"@id": "https://example.org/x", "@container": "@id"}}`,
		`{"x": {"@id": "https://example.org/x", "@container": "@type"}}`,
		`{"x": {"@id": "https://example.org/x", "@language": "de", "@direction": "ltr"}}`,
		`{"x": {"@reverse": "https://example.org/x"}}`,
		`{"x": {"@id": "https://example.org/x", "@context": {"@direction": "rtl"}}}`,
		`{"x": "https://example.org/x", "@propagate": false}`,
		`{"@version": 1.1, "x": {"@id": "https://example.org/x", "@nest": "@nest"}}`,
	}
)

// Text that is not I-JSON cannot live in a Go string: the mutator writes
// these markers, and marshal swaps them for the escapes or bytes.
const (
	loneHigh = "\x00lone-high\x00"
	loneLow  = "\x00lone-low\x00"
	badUTF8  = "\x00bad-utf8\x00"
)

// marshalMutated writes a mutated document as JSON text, with the markers
// replaced.
func marshalMutated(doc any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		panic(err) // the mutator builds JSON values only
	}
	out := bytes.TrimSpace(buf.Bytes())
	out = bytes.ReplaceAll(out, []byte(`\u0000lone-high\u0000`), []byte(`\ud800`))
	out = bytes.ReplaceAll(out, []byte(`\u0000lone-low\u0000`), []byte(`\udc00`))
	out = bytes.ReplaceAll(out, []byte(`\u0000bad-utf8\u0000`), []byte("\xff"))
	return out
}

// slot is a place in the document: a member of an object or an element of
// an array.
type slot struct {
	obj map[string]any
	key string
	arr []any
	idx int
}

func (s slot) get() any {
	if s.obj != nil {
		return s.obj[s.key]
	}
	return s.arr[s.idx]
}

func (s slot) set(v any) {
	if s.obj != nil {
		s.obj[s.key] = v
	} else {
		s.arr[s.idx] = v
	}
}

// slots lists every member and element below v, but not the contents of
// @context, which mutations change only through contextOp.
func slots(v any, out []slot) []slot {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys) // a deterministic order
		for _, k := range keys {
			if k == "@context" {
				continue
			}
			out = append(out, slot{obj: x, key: k})
			out = slots(x[k], out)
		}
	case []any:
		for i := range x {
			out = append(out, slot{arr: x, idx: i})
			out = slots(x[i], out)
		}
	}
	return out
}

// mutate applies n mutations to doc, a decoded JSON object, in place.
func mutate(doc map[string]any, m *mutator, n int) {
	for range n {
		if m.intn(8) == 0 {
			contextOp(doc, m)
			continue
		}
		all := slots(doc, nil)
		if len(all) == 0 {
			return
		}
		s := all[m.intn(len(all))]
		valueOp(s, m)
	}
}

func scalar(m *mutator) any {
	switch m.intn(4) {
	case 0, 1:
		return json.Number(pick(m, edgeNumbers))
	case 2:
		return pick(m, edgeStrings)
	}
	return pick(m, []any{true, false, nil})
}

func valueOp(s slot, m *mutator) {
	v := s.get()
	switch m.intn(17) {
	case 0:
		s.set(json.Number(pick(m, edgeNumbers)))
	case 1:
		s.set(pick(m, edgeStrings))
	case 2:
		s.set(pick(m, []any{true, false, nil}))
	case 3:
		s.set([]any{v})
	case 4:
		s.set([]any{[]any{v}})
	case 5:
		s.set(map[string]any{"@value": v})
	case 6:
		s.set(map[string]any{"@value": v, "@language": pick(m, edgeLanguages)})
	case 7:
		s.set(map[string]any{"@value": v, "@type": pick(m, edgeDatatypes)})
	case 8:
		s.set(map[string]any{"@value": v, "@language": pick(m, edgeLanguages), "@direction": pick(m, []string{"ltr", "rtl"})})
	case 9:
		s.set(pick(m, []map[string]any{{"@list": []any{v}}, {"@list": []any{[]any{v}}}, {"@list": []any{v, v}}, {"@list": []any{}}}))
	case 10:
		s.set(map[string]any{"@set": []any{v}})
	case 11:
		s.set([]any{v, copyJSON(v)})
	case 12:
		if s.obj != nil {
			delete(s.obj, s.key)
		}
	case 13:
		if obj, ok := v.(map[string]any); ok {
			obj[pick(m, edgeKeys)] = scalar(m)
		} else if s.obj != nil {
			s.obj[pick(m, edgeKeys)] = scalar(m)
		}
	case 14:
		if obj, ok := v.(map[string]any); ok {
			obj[pick(m, []string{"type", "@type"})] = copyJSON(pick(m, edgeTypes))
		}
	case 15:
		if obj, ok := v.(map[string]any); ok {
			obj[pick(m, []string{"id", "@id"})] = pick(m, edgeIDs)
		}
	case 16:
		if obj, ok := v.(map[string]any); ok {
			obj["x"] = scalar(m)
		} else if s.obj != nil {
			s.obj["x"] = copyJSON(v)
		}
	}
}

// contextOp appends an inline context to the document's @context.
func contextOp(doc map[string]any, m *mutator) {
	var c any
	if err := json.Unmarshal([]byte(pick(m, edgeContexts)), &c); err != nil {
		panic(err)
	}
	switch ctx := doc["@context"].(type) {
	case []any:
		doc["@context"] = append(ctx, c)
	case nil:
		doc["@context"] = c
	default:
		doc["@context"] = []any{ctx, c}
	}
}

func copyJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = copyJSON(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = copyJSON(e)
		}
		return out
	}
	return v
}

// mutationFixtures are the documents mutations start from.
var mutationFixtures = []string{
	"interop/digitalbazaar/unsigned/ob3-basic.json",
	"interop/digitalbazaar/unsigned/ob3-course.json",
	"interop/digitalbazaar/unsigned/ob3-degree.json",
	"interop/digitalbazaar/unsigned/clr-3creds.json",
	"1edtech/testvector-ob3-eddsa-rdfc-2022.unsigned.json",
	"w3c-vc-di-eddsa/unsigned.json",
}

// mutant builds the variant of fixture i that choices select, with n
// mutations.
func mutant(tb testing.TB, fixtures [][]byte, choices []byte) []byte {
	m := &mutator{src: choices}
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(fixtures[m.intn(len(fixtures))]))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		tb.Fatal(err)
	}
	mutate(doc, m, 1+m.intn(4))
	return marshalMutated(doc)
}

func readMutationFixtures(tb testing.TB) [][]byte {
	var out [][]byte
	for _, f := range mutationFixtures {
		out = append(out, readFile(tb, f))
	}
	return out
}

// TestMutatorReproducible: the same choices give the same document, and
// different choices reach different documents.
func TestMutatorReproducible(t *testing.T) {
	fixtures := readMutationFixtures(t)
	seen := map[string]bool{}
	for i := range 200 {
		choices := []byte(strconv.Itoa(i*7919) + "/" + strconv.Itoa(i))
		a, b := mutant(t, fixtures, choices), mutant(t, fixtures, choices)
		if !bytes.Equal(a, b) {
			t.Fatalf("choices %q give two documents", choices)
		}
		seen[string(a)] = true
	}
	if len(seen) < 150 {
		t.Fatalf("200 choices gave only %d documents", len(seen))
	}
}
