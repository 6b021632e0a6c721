package ld

import (
	"context"
	"testing"
)

// BenchmarkCanonicalize measures JSON bytes → canonical N-Quads for the
// interop fixtures. "warm" reuses one Canonicalizer, whose contexts are
// already processed, as a long-lived verifier does; "cold" builds a new
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
