package ld

import (
	"context"
	"testing"
)

// BenchmarkCanonicalize measures JSON bytes → canonical N-Quads for the
// interop fixtures. "warm" reuses one Canonicalizer, whose contexts are
// already processed, as a long-lived verifier does; "warm-nolabels" is the
// same without the blank node labels (WithoutLabels), as the proof suites
// and clrkit canon canonicalize; "cold" builds a new
// Canonicalizer every iteration, as the first call in a process pays.
func BenchmarkCanonicalize(b *testing.B) {
	for _, name := range []string{"ob3-basic", "clr-3creds"} {
		doc := readFile(b, "interop/digitalbazaar/unsigned/"+name+".json")
		b.Run(name+"/warm", func(b *testing.B) {
			c := mustCanonicalizer(b, Options{})
			if _, err := c.Canonicalize(context.Background(), doc); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(doc)))
			b.ResetTimer()
			for b.Loop() {
				if _, err := c.Canonicalize(context.Background(), doc); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/warm-nolabels", func(b *testing.B) {
			c := mustCanonicalizer(b, Options{}).WithoutLabels()
			b.ReportAllocs()
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				if _, err := c.Canonicalize(context.Background(), doc); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/cold", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				c := mustCanonicalizer(b, Options{})
				if _, err := c.Canonicalize(context.Background(), doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDialects measures what the jsonld.js dialect costs:
// canonicalizing the interop credential in each dialect, and
// CompareDialects on it (one canonicalization, since nothing in it can
// depend on the dialect) and on a credential holding a construct (both
// dialects, the jsonld.js one keeping origins).
func BenchmarkDialects(b *testing.B) {
	plain := readFile(b, "interop/digitalbazaar/unsigned/ob3-basic.json")
	construct := readFile(b, "dialect/direction-scoped-type.json")
	for _, bc := range []struct {
		name string
		run  func(c *Canonicalizer) error
	}{
		{"ob3-basic/spec", func(c *Canonicalizer) error { _, err := c.Canonicalize(context.Background(), plain); return err }},
		{"ob3-basic/jsonld-js", func(c *Canonicalizer) error {
			_, err := c.WithDialect(DialectJSONLDJS).Canonicalize(context.Background(), plain)
			return err
		}},
		{"ob3-basic/compare", func(c *Canonicalizer) error { _, err := c.CompareDialects(context.Background(), plain); return err }},
		{"construct/compare", func(c *Canonicalizer) error {
			_, err := c.CompareDialects(context.Background(), construct)
			return err
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c := mustCanonicalizer(b, Options{})
			if err := bc.run(c); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := bc.run(c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
