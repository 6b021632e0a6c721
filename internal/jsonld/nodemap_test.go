package jsonld

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/internal/rdf"
)

// TestLargePropertiesKeepOneOfEachValue: once a property holds more than
// smallSet values, node map generation finds duplicates through hashes
// rather than a search. The values of a property written many times over,
// in random order and with other spellings of the same value (1 and 1.0,
// -0 and 0, members of a JSON literal in another order), must give exactly
// the quads of the distinct values, each once; and a node's types alike.
func TestLargePropertiesKeepOneOfEachValue(t *testing.T) {
	pool := []string{
		`"a"`, `"b"`, `"A"`, `""`, `true`, `false`, `1`, `2`, `1.5`, `0`,
		`{"@value": "a", "@language": "en"}`, `{"@value": "a", "@language": "de"}`,
		`{"@value": "a", "@type": "urn:t1"}`, `{"@value": "a", "@type": "urn:t2"}`,
		`{"@value": 1, "@type": "http://www.w3.org/2001/XMLSchema#double"}`,
		`{"@value": {"x": 1, "y": [1, "2"]}, "@type": "@json"}`, `{"@value": [1, 2], "@type": "@json"}`,
		`{"@id": "urn:x:1"}`, `{"@id": "urn:x:2"}`, `{"@id": "urn:x:3"}`, `{"@id": "_:b1"}`,
	}
	for i := range 40 {
		pool = append(pool, `"v`+strings.Repeat("x", i)+`"`, `{"@id": "urn:y:`+strings.Repeat("y", i)+`"}`)
	}
	// Other spellings of pool members.
	same := map[string]string{
		`1`: `1.0`, `0`: `-0`, `1.5`: `15e-1`,
		`{"@value": {"x": 1, "y": [1, "2"]}, "@type": "@json"}`: `{"@type": "@json", "@value": {"y": [1.0, "2"], "x": 1}}`,
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var many []string
	for range 10 {
		for _, i := range rng.Perm(len(pool)) {
			v := pool[i]
			if alt, ok := same[v]; ok && rng.IntN(2) == 0 {
				v = alt
			}
			many = append(many, v)
		}
	}
	types := func(vals []string) string {
		var ts []string
		for _, v := range vals {
			if strings.HasPrefix(v, `{"@id": "urn:`) {
				ts = append(ts, strings.TrimSuffix(strings.TrimPrefix(v, `{"@id": "`), `"}`))
			}
		}
		out, _ := json.Marshal(ts)
		return string(out)
	}
	doc := func(vals []string) []rdf.Quad {
		src := `{"@id": "urn:s", "@type": ` + types(vals) + `, "urn:p": [` + strings.Join(vals, ", ") + `]}`
		d, err := DecodeJSON([]byte(src), 0)
		if err != nil {
			t.Fatal(err)
		}
		quads, err := NewProcessor(Options{Safe: true}).ToRDF(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		return quads
	}
	lines := func(quads []rdf.Quad) []string {
		var out []string
		for _, q := range quads {
			out = append(out, string(rdf.AppendQuad(nil, q)))
		}
		slices.Sort(out)
		return out
	}
	want, got := lines(doc(pool)), lines(doc(many))
	var nTypes []string
	if err := json.Unmarshal([]byte(types(pool)), &nTypes); err != nil {
		t.Fatal(err)
	}
	if len(want) != len(pool)+len(nTypes) {
		t.Fatalf("%d quads for %d values and %d types", len(want), len(pool), len(nTypes))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%d values written %d times give\n%s\nwant\n%s", len(pool), 10, strings.Join(got, ""), strings.Join(want, ""))
	}
}
