package jsonld

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/internal/rdfc"
	"github.com/clrkit/clrkit/internal/testkit/corpus"
)

// setWriterCases are documents built to reach every branch of setWriter
// and every reason it hands a document to the node map.
var setWriterCases = []struct {
	name    string
	doc     string
	nodeMap bool // the node map must decide
	// generalized: only with ProduceGeneralizedRDF (safe mode refuses the
	// document otherwise)
	generalized bool
}{
	{"repeated numbers", `{"@id": "ex:s", "ex:p": [4, 4]}`, false, false},
	{"repeated and distinct numbers", `{"@id": "ex:s", "ex:p": [4, 4.0, 5]}`, false, false},
	{"repeated strings", `{"@id": "ex:s", "ex:p": ["a", "a"]}`, false, false},
	{"strings", `{"@id": "ex:s", "ex:p": ["a", "b"]}`, false, false},
	{"string and number", `{"@id": "ex:s", "ex:p": ["a", 1]}`, false, false},
	{"repeated JSON objects", `{"@context": {"p": {"@id": "ex:p", "@type": "@json"}}, "@id": "ex:s", "p": [{"a": 1}, {"a": 1}]}`, false, false},
	{"repeated JSON strings", `{"@context": {"p": {"@id": "ex:p", "@type": "@json"}}, "@id": "ex:s", "p": ["a", "a"]}`, false, false},
	{"rdf:nil and a list", `{"@id": "ex:s", "ex:p": [{"@id": "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil"}, {"@list": []}]}`, false, false},
	{"empty lists", `{"@id": "ex:s", "ex:p": [{"@list": []}, {"@list": []}]}`, false, false},
	{"lists of nodes", `{"@id": "ex:s", "ex:p": {"@list": [{"@id": "ex:a", "ex:q": 1}, {"ex:q": [true, false]}, {"@list": [1, 2]}]}}`, false, false},
	{"type and an empty rdf:type", `{"@id": "ex:s", "@type": "ex:T", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": []}`, false, false},
	{"type and a null rdf:type", `{"@id": "ex:s", "@type": "ex:T", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": [null]}`, false, false},
	{"described twice, type and an empty rdf:type", `[{"@id": "ex:s", "@type": "ex:T"}, {"@id": "ex:s", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": [], "ex:p": 1}]`, false, false},
	{"a number and two blank nodes", `{"@id": "ex:s", "ex:p": [1, {"ex:q": 1}, {"ex:q": 1}]}`, false, false},
	{"a number and one blank node twice", `{"@id": "ex:s", "ex:p": [1, {"@id": "_:x"}, {"@id": "_:x"}]}`, false, false},
	{"type and rdf:type", `{"@id": "ex:s", "@type": "ex:T", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": {"@id": "ex:U"}}`, false, false},
	{"blank types and ids", `{"@id": "_:a", "@type": ["_:t", "ex:T", "_:t"], "ex:p": [{"@id": "_:a"}, {"@id": "_:b", "ex:q": 1}, {"@id": "_:b"}]}`, false, false},
	{"blank property", `{"@id": "ex:s", "_:p": {"@id": "ex:o", "ex:q": [1, 2]}}`, false, true},
	{"named graphs", `{"@id": "ex:g", "@graph": [{"@id": "ex:s", "ex:p": 1}, {"ex:p": [2, 3]}], "ex:m": {"@graph": {"ex:q": 4}}}`, false, false},
	{"included", `{"@id": "ex:s", "@included": [{"@id": "ex:t", "ex:p": 1}, {"ex:p": [{"@id": "ex:u"}]}], "ex:p": 2}`, false, false},
	{"same node in two graphs", `{"@id": "ex:g", "@graph": {"@id": "ex:s", "ex:p": 1}, "ex:p": {"@id": "ex:s", "ex:p": 1}}`, false, false},
	{"reference then description", `[{"@id": "ex:a", "ex:p": {"@id": "ex:b"}}, {"@id": "ex:b", "ex:p": 1}]`, false, false},
	{"direction", `{"@context": {"@direction": "rtl", "@language": "ar"}, "@id": "ex:s", "ex:p": ["a", "a", "b"]}`, false, false},
	{"described twice", `[{"@id": "ex:a", "ex:p": 1}, {"@id": "ex:a", "ex:p": 1.0}]`, false, false},
	{"described twice, distinct numbers", `[{"@id": "ex:a", "ex:p": 1}, {"@id": "ex:a", "ex:p": 2}]`, false, false},
	{"described twice, distinct strings", `[{"@id": "ex:a", "ex:p": "x", "ex:q": 1}, {"@id": "ex:a", "ex:p": "y"}]`, false, false},
	{"described twice, type and rdf:type", `[{"@id": "ex:a", "@type": "ex:T"}, {"@id": "ex:a", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": {"@id": "ex:T"}}]`, false, false},
	{"described twice, JSON objects", `{"@context": {"p": {"@id": "ex:p", "@type": "@json"}}, "@graph": [{"@id": "ex:a", "p": {"a": 1}}, {"@id": "ex:a", "p": {"a": 1}}]}`, false, false},
	{"described twice by blank id", `{"ex:p": [{"@id": "_:x", "ex:q": 1}, {"@id": "_:x", "ex:q": 2}]}`, false, false},
	{"described three times", `{"@id": "ex:s", "ex:p": [{"@id": "ex:a", "ex:q": "1"}, {"@id": "ex:a", "ex:q": "2"}, {"@id": "ex:a", "ex:r": {"ex:q": 3}}]}`, false, false},
	{"index conflict (safe mode refuses @index)", `[{"@id": "ex:a", "@index": "1"}, {"@id": "ex:a", "@index": "2"}]`, true, false},
	{"graph described twice", `[{"@id": "ex:g", "@graph": {"ex:p": 1}}, {"@id": "ex:g", "@graph": {"ex:p": 1}}]`, false, false},
	{"many values over nine descriptions", "[" + strings.Repeat(`{"@id": "ex:s", "ex:p": [1, 1]}, `, 8) + `{"@id": "ex:s", "ex:p": [1, 1]}]`, true, false},
	{"reverse", `{"@id": "ex:s", "@reverse": {"ex:p": {"@id": "ex:o", "ex:p": 1}}}`, true, false},
	{"many sensitive values", `{"@id": "ex:s", "ex:p": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]}`, true, false},
}

// TestSetWriterAgrees: writing the statements straight from the expanded
// document gives the dataset the node map gives (the same canonical form),
// and the same constructs, Suspect and errors, on every input of the
// JSON-LD toRdf suite, the fixtures, the fuzz corpus and the cases above,
// with the options each comes with and in safe mode. It counts the inputs
// setWriter wrote itself, so that it cannot pass by handing everything to
// the node map.
func TestSetWriterAgrees(t *testing.T) {
	var bySet, byNodeMap int
	// compare returns the path that wrote the statements: "set", "node
	// map", or "error" when there are none.
	compare := func(t *testing.T, name string, opts Options, doc any) string {
		t.Helper()
		opts.Safe = true
		p := NewProcessor(opts)
		want, werr := p.ToDataset(context.Background(), doc, RDFOptions{})
		got, gerr := p.ToDataset(context.Background(), doc, RDFOptions{AsSet: true})
		if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
			t.Errorf("%s: error %v, node map %v", name, gerr, werr)
			return "error"
		}
		if werr != nil {
			return "error"
		}
		if got.Suspect != want.Suspect {
			t.Errorf("%s: Suspect %v, node map %v", name, got.Suspect, want.Suspect)
		}
		if !reflect.DeepEqual(got.Constructs, want.Constructs) {
			t.Errorf("%s: constructs %v, node map %v", name, got.Constructs, want.Constructs)
		}
		wc, werr := rdfc.Canonicalize(context.Background(), want.Quads, rdfc.Options{})
		gc, gerr := rdfc.Canonicalize(context.Background(), got.Quads, rdfc.Options{})
		switch {
		case werr != nil || gerr != nil:
			// Generalized RDF (a blank node predicate) is not a dataset
			// RDFC-1.0 takes: both must say so.
			if werr == nil || gerr == nil {
				t.Errorf("%s: canonicalizing the set writer's statements: %v, the node map's: %v", name, gerr, werr)
			}
		case !bytes.Equal(gc.NQuads, wc.NQuads):
			t.Errorf("%s: set writer:\n%s\nnode map:\n%s", name, gc.NQuads, wc.NQuads)
		}
		if got.bySet {
			bySet++
			return "set"
		}
		byNodeMap++
		return "node map"
	}

	t.Run("toRdf suite", func(t *testing.T) {
		for _, e := range readManifest(t, "toRdf-manifest.jsonld") {
			if e.Input == "" || !strings.HasSuffix(e.Input, ".jsonld") {
				continue
			}
			data, err := os.ReadFile(filepath.Join("testdata", "json-ld-api", filepath.FromSlash(e.Input)))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := DecodeJSON(data, 0)
			if err != nil {
				continue
			}
			compare(t, e.ID, suiteOptions(t, e), doc)
		}
	})

	loader := newFixtureLoader(t)
	var inputs [][]byte
	for _, pattern := range []string{"fuzz/*.json", "interop/*[a-z0-9].json", "spec-examples/*.json"} {
		files, _ := filepath.Glob(filepath.Join("testdata", pattern))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			inputs = append(inputs, b)
		}
	}
	inputs = append(inputs, corpus.Inputs(t, filepath.Join("testdata", "fuzz", "FuzzToRDF"))...)
	t.Run("fixtures and corpus", func(t *testing.T) {
		for i, b := range inputs {
			doc, err := DecodeJSON(b, 1000)
			if err != nil {
				continue
			}
			// (Not compound-literal: the set writer does not run then.)
			for _, dir := range []string{"", "i18n-datatype"} {
				compare(t, "input "+strconv.Itoa(i)+" "+dir, Options{Loader: loader, RDFDirection: dir, MaxQuads: 10_000}, doc)
			}
			compare(t, "input "+strconv.Itoa(i)+" generalized", Options{Loader: loader, ProduceGeneralizedRDF: true, MaxQuads: 10_000}, doc)
		}
	})

	t.Run("cases", func(t *testing.T) {
		for _, c := range setWriterCases {
			doc, err := DecodeJSON([]byte(c.doc), 0)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			for _, gen := range []bool{false, true} {
				if c.generalized && !gen {
					continue
				}
				opts := Options{RDFDirection: "i18n-datatype", ProduceGeneralizedRDF: gen}
				switch path := compare(t, c.name, opts, doc); {
				case c.nodeMap && path == "set", !c.nodeMap && path != "set":
					t.Errorf("%s: written by %s, want %s", c.name, path, map[bool]string{true: "the node map", false: "the set writer"}[c.nodeMap])
				}
			}
		}
	})

	t.Logf("%d inputs written by the set writer, %d left to the node map", bySet, byNodeMap)
	if bySet < 300 || byNodeMap < 10 {
		t.Errorf("%d inputs written by the set writer and %d by the node map: too few to compare the two", bySet, byNodeMap)
	}
}

// TestSetWriterLimit: a document over MaxQuads only because it repeats a
// statement fits the limit, as it does through the node map.
func TestSetWriterLimit(t *testing.T) {
	doc, err := DecodeJSON([]byte(`{"@id": "ex:s", "ex:p": ["a", "a", "a", "a"]}`), 0)
	if err != nil {
		t.Fatal(err)
	}
	p := NewProcessor(Options{Safe: true, MaxQuads: 2})
	ds, err := p.ToDataset(context.Background(), doc, RDFOptions{AsSet: true})
	if err != nil {
		t.Fatal(err)
	}
	if ds.bySet || len(ds.Quads) != 1 {
		t.Fatalf("by set %v, %d statements; want the node map's one", ds.bySet, len(ds.Quads))
	}
}

// TestLitObj: in a call that writes a set, Value Expansion makes a litObj
// of a scalar that no dialect writes otherwise, and keeps the map (which
// noteLiteral records as a construct) for one that may differ; a call that
// does not write a set always makes maps.
func TestLitObj(t *testing.T) {
	ctx := `{"d": {"@id": "ex:d", "@type": "http://www.w3.org/2001/XMLSchema#double"}, "t": {"@id": "ex:t", "@type": "ex:T"}, "l": {"@id": "ex:l", "@language": "en"}}`
	for _, c := range []struct {
		value string
		lit   bool
	}{
		{`"ex:p": "a"`, true},
		{`"ex:p": 5`, true},
		{`"ex:p": true`, true},
		{`"t": "x"`, true},
		{`"l": "x"`, true},
		{`"ex:p": 1e-7`, false},
		{`"d": "1.5"`, false},
		{`"ex:p": {"@value": "a"}`, false},
	} {
		doc, err := DecodeJSON([]byte(`{"@context": `+ctx+`, "@id": "ex:s", `+c.value+`}`), 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, asSet := range []bool{false, true} {
			s := &state{p: NewProcessor(Options{Safe: true}), ctx: context.Background(), forRDF: true, asSet: asSet}
			expanded, err := s.run(doc)
			if err != nil {
				t.Fatalf("%s: %v", c.value, err)
			}
			var got any
			for k, v := range expanded[0].(map[string]any) {
				if k != "@id" {
					got = v // a lone value, or the first of an array
					if a, ok := v.([]any); ok {
						got = a[0]
					}
				}
			}
			_, isLit := got.(*litObj)
			_, isMap := got.(map[string]any)
			if isLit != (asSet && c.lit) || !isLit && !isMap {
				t.Errorf("%s (set %v): %T", c.value, asSet, got)
			}
		}
	}
}
