package ld

import (
	"bytes"
	"context"
	"path/filepath"
	"sync"
	"testing"
)

// TestReusedBuffersConcurrently: canonicalizations reuse their statement
// and RDFC-1.0 buffers across calls. Documents of very different sizes
// canonicalized by many goroutines at once, over and over on one
// Canonicalizer, must each give exactly what a lone first call gave (run
// it with -race as CI does).
func TestReusedBuffersConcurrently(t *testing.T) {
	files, err := filepath.Glob("testdata/1edtech/*.unsigned.json")
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob("testdata/interop/digitalbazaar/unsigned/*.json")
	files = append(files, more...)
	if len(files) < 4 {
		t.Fatalf("only %d documents", len(files))
	}
	c := mustCanonicalizer(t, Options{})
	want := make([][]byte, len(files))
	docs := make([][]byte, len(files))
	for i, f := range files {
		docs[i] = readFile(t, f[len("testdata/"):])
		res, err := mustCanonicalizer(t, Options{}).Canonicalize(context.Background(), docs[i])
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		want[i] = res.NQuads
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for n := range 40 {
				i := (g + n) % len(docs)
				res, err := c.Canonicalize(context.Background(), docs[i])
				if err != nil {
					t.Errorf("%s: %v", files[i], err)
					return
				}
				if !bytes.Equal(res.NQuads, want[i]) {
					t.Errorf("%s: call %d of goroutine %d differs from the first call", files[i], n, g)
					return
				}
			}
		})
	}
	wg.Wait()
}
