package jsonld

import (
	"context"
	"testing"
)

// BenchmarkToRDF measures expansion plus toRdf of the interop credentials,
// warm (one Processor, contexts cached) and cold (a new Processor, so every
// context is decoded and processed again).
func BenchmarkToRDF(b *testing.B) {
	loader := newFixtureLoader(b)
	for _, name := range []string{"ob3-basic", "clr-3creds"} {
		doc := readFixture(b, name+".json")
		b.Run(name+"/warm", func(b *testing.B) {
			p := NewProcessor(Options{Loader: loader, Safe: true})
			if _, err := p.ToRDF(context.Background(), doc); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := p.ToRDF(context.Background(), doc); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/cold", func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				p := NewProcessor(Options{Loader: loader, Safe: true})
				if _, err := p.ToRDF(context.Background(), doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
