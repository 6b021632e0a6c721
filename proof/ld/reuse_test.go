package ld

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestReusedBuffersConcurrently: canonicalizations reuse their statement
// and RDFC-1.0 buffers across calls. Credentials of 1 to 17 KB, a document
// of 4,500 statements (whose buffers are too large to keep), one the set
// writer leaves to the node map, and a document that fails (whose
// statement buffer is not kept), canonicalized by many goroutines at once,
// over and over on one Canonicalizer and its WithoutLabels, must each give
// exactly the canonical form and labels (none without them) of the first
// round, computed one at a time (run it with -race as CI does).
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
	docs := make([][]byte, len(files))
	for i, f := range files {
		docs[i] = readFile(t, f[len("testdata/"):])
	}
	var large strings.Builder
	large.WriteString(`{"@context":{"@vocab":"https://example.org/"},"@id":"https://example.org/s","p":[`)
	for i := range 4500 {
		if i > 0 {
			large.WriteByte(',')
		}
		fmt.Fprintf(&large, `{"n":%d}`, i)
	}
	large.WriteString(`]}`)
	files, docs = append(files, "4,500 statements"), append(docs, []byte(large.String()))
	// Written by the node map after the set writer has begun (WithoutLabels)
	// in the pooled buffer: a @reverse property, after other statements.
	files, docs = append(files, "@reverse"), append(docs, []byte(`{"@context":{"@vocab":"https://example.org/"},"@id":"https://example.org/s","a":[1,2,3],"b":{"c":"d"},"@reverse":{"knows":{"@id":"https://example.org/t"}}}`))
	// Refused in safe mode (a property no context defines): the statement
	// buffer of a failed call is not kept.
	failing := []byte(`{"@context":{"@vocab":"https://example.org/"},"a":[{"b":1},{"c":2}],"@id":"https://example.org/x","z":{"@context":null,"undefined":1}}`)
	if _, err := mustCanonicalizer(t, Options{}).Canonicalize(context.Background(), failing); err == nil {
		t.Fatal("the failing document canonicalized")
	}
	c := mustCanonicalizer(t, Options{})
	plain := c.WithoutLabels() // the set writer's path, as the proof suites take it
	want := make([]*Canonical, len(files))
	for i, f := range files {
		res, err := c.Canonicalize(context.Background(), docs[i])
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		want[i] = res
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for n := range 24 {
				if _, err := c.Canonicalize(context.Background(), failing); err == nil {
					t.Error("the failing document canonicalized")
					return
				}
				i := (g + n) % len(docs)
				cc := c
				if n%2 == 1 {
					cc = plain
				}
				res, err := cc.Canonicalize(context.Background(), docs[i])
				if err != nil {
					t.Errorf("%s: %v", files[i], err)
					return
				}
				wantLabels := want[i].Labels
				if cc == plain {
					wantLabels = nil
				}
				if !bytes.Equal(res.NQuads, want[i].NQuads) || !maps.Equal(res.Labels, wantLabels) || (res.Labels == nil) != (wantLabels == nil) || res.Quads != want[i].Quads {
					t.Errorf("%s: call %d of goroutine %d differs from the first round", files[i], n, g)
					return
				}
			}
		})
	}
	wg.Wait()
}
