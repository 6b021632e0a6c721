package ld

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"
)

// Shapes of documents whose cost once grew faster than their size: each
// repeats one construct n times inside the ob3-basic interop credential.
// BenchmarkCanonicalizeScaling runs them at three sizes; the ratio of the
// times between sizes shows the growth (8× the size should cost about 8×
// the time).
var scalingShapes = []struct {
	name string
	// build adds n repetitions of the construct to doc, whose achievement
	// is ach and whose inline context (the last @context entry) is ctx.
	build func(doc, ach, ctx map[string]any, n int)
}{
	// Distinct values of one property: node map generation compared each
	// new value with every one before it.
	{"values", func(doc, ach, ctx map[string]any, n int) {
		ach["tag"] = seq(n, func(i int) any { return "tag-" + strconv.Itoa(i) })
	}},
	// Distinct numbers and language-tagged strings: the same comparison
	// on value objects.
	{"numbers", func(doc, ach, ctx map[string]any, n int) {
		ctx["num"] = "https://example.org/num"
		ach["num"] = seq(n, func(i int) any { return json.Number(strconv.Itoa(i) + ".5") })
	}},
	{"languages", func(doc, ach, ctx map[string]any, n int) {
		ach["name"] = seq(n, func(i int) any { return map[string]any{"@value": "name " + strconv.Itoa(i), "@language": "en"} })
	}},
	// One node id in n node objects, merged into one node with n values
	// and referenced n times from one property.
	{"merge", func(doc, ach, ctx map[string]any, n int) {
		doc["evidence"] = seq(n, func(i int) any {
			return map[string]any{"id": "https://example.edu/evidence/1", "type": "Evidence", "name": "evidence " + strconv.Itoa(i)}
		})
	}},
	// Entries in type.
	{"types", func(doc, ach, ctx map[string]any, n int) {
		ach["type"] = seq(n, func(i int) any {
			if i == 0 {
				return "Achievement"
			}
			return "https://example.org/types/T" + strconv.Itoa(i)
		})
	}},
	// Distinct nodes, and blank nodes.
	{"nodes", func(doc, ach, ctx map[string]any, n int) {
		doc["evidence"] = seq(n, func(i int) any {
			return map[string]any{"id": "https://example.edu/evidence/" + strconv.Itoa(i), "type": "Evidence", "name": "evidence " + strconv.Itoa(i)}
		})
	}},
	{"blank-nodes", func(doc, ach, ctx map[string]any, n int) {
		doc["evidence"] = seq(n, func(i int) any { return map[string]any{"type": "Evidence", "name": "evidence " + strconv.Itoa(i)} })
	}},
	// An @list of distinct items.
	{"list", func(doc, ach, ctx map[string]any, n int) {
		ctx["items"] = map[string]any{"@id": "https://example.org/items", "@container": "@list"}
		ach["items"] = seq(n, func(i int) any { return "item " + strconv.Itoa(i) })
	}},
	// Members of one object.
	{"members", func(doc, ach, ctx map[string]any, n int) {
		for i := range n {
			ach["https://example.org/p"+strconv.Itoa(i)] = "v"
		}
	}},
	// An inline context of n terms, then n nodes of a type whose scoped
	// context applies to it: applying a scoped context copied the active
	// context, n terms, for every node.
	{"scoped-contexts", func(doc, ach, ctx map[string]any, n int) {
		for i := range n {
			ctx["t"+strconv.Itoa(i)] = "https://example.org/t" + strconv.Itoa(i)
		}
		ctx["Part"] = map[string]any{"@id": "https://example.org/Part", "@context": map[string]any{"label": "https://example.org/label"}}
		ach["https://example.org/parts"] = seq(n, func(i int) any {
			return map[string]any{"id": "https://example.edu/parts/" + strconv.Itoa(i), "type": "Part", "label": "part " + strconv.Itoa(i)}
		})
	}},
	// The same with a distinct type, and so a distinct scoped context, per
	// node.
	{"distinct-scoped-contexts", func(doc, ach, ctx map[string]any, n int) {
		for i := range n {
			s := strconv.Itoa(i)
			ctx["t"+s] = "https://example.org/t" + s
			ctx["Part"+s] = map[string]any{"@id": "https://example.org/Part" + s, "@context": map[string]any{"label" + s: "https://example.org/label"}}
		}
		ach["https://example.org/parts"] = seq(n, func(i int) any {
			s := strconv.Itoa(i)
			return map[string]any{"id": "https://example.edu/parts/" + s, "type": "Part" + s, "label" + s: "part " + s}
		})
	}},
}

func seq(n int, f func(int) any) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

// scalingDoc returns the ob3-basic credential with the construct of shape
// repeated n times, as JSON.
func scalingDoc(tb testing.TB, shape string, n int) []byte {
	tb.Helper()
	var doc map[string]any
	if err := json.Unmarshal(readFile(tb, "interop/digitalbazaar/unsigned/ob3-basic.json"), &doc); err != nil {
		tb.Fatal(err)
	}
	ctx := map[string]any{}
	doc["@context"] = append(doc["@context"].([]any), ctx)
	ach := doc["credentialSubject"].(map[string]any)["achievement"].(map[string]any)
	for _, s := range scalingShapes {
		if s.name == shape {
			s.build(doc, ach, ctx, n)
			out, err := json.Marshal(doc)
			if err != nil {
				tb.Fatal(err)
			}
			return out
		}
	}
	tb.Fatalf("no shape %q", shape)
	return nil
}

// BenchmarkCanonicalizeScaling canonicalizes each shape at 1k, 8k and 64k
// repetitions, with limits raised so that every size is canonicalized
// rather than refused.
func BenchmarkCanonicalizeScaling(b *testing.B) {
	c := mustCanonicalizer(b, Options{Limits: Limits{MaxDocumentBytes: 64 << 20, MaxQuads: 1 << 22, MaxTermDefinitions: 1 << 22}})
	for _, s := range scalingShapes {
		for _, n := range []int{1 << 10, 1 << 13, 1 << 16} {
			doc := scalingDoc(b, s.name, n)
			b.Run(fmt.Sprintf("%s=%dk", s.name, n>>10), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(doc)))
				for b.Loop() {
					if _, err := c.Canonicalize(context.Background(), doc); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
