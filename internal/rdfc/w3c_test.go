package rdfc

import (
	"bytes"
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clrkit/clrkit/internal/rdf"
)

// suiteDir holds the W3C RDFC-1.0 test suite (see testdata/SOURCES.md).
const suiteDir = "testdata/rdf-canon"

// manifestEntry is one test of manifest.jsonld, with the fields the harness
// uses.
type manifestEntry struct {
	ID            string `json:"id"`
	Type          string `json:"type"`
	Name          string `json:"name"`
	Action        string `json:"action"`
	Result        string `json:"result"`
	HashAlgorithm string `json:"hashAlgorithm"`
}

func loadManifest(t testing.TB) []manifestEntry {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(suiteDir, "manifest.jsonld"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Entries []manifestEntry `json:"entries"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m.Entries
}

func loadQuads(t testing.TB, name string) []rdf.Quad {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(suiteDir, name))
	if err != nil {
		t.Fatal(err)
	}
	quads, err := rdf.ParseNQuads(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return quads
}

func TestW3CSuite(t *testing.T) {
	entries := loadManifest(t)
	counts := map[string]int{}
	for _, e := range entries {
		counts[e.Type]++
		t.Run(strings.TrimPrefix(e.ID, "#"), func(t *testing.T) { runEntry(t, e) })
	}
	want := map[string]int{"rdfc:RDFC10EvalTest": 64, "rdfc:RDFC10MapTest": 21, "rdfc:RDFC10NegativeEvalTest": 1}
	if len(entries) != 86 || !maps.Equal(counts, want) {
		t.Errorf("manifest has %d entries %v, want 86 %v", len(entries), counts, want)
	}
}

func runEntry(t *testing.T, e manifestEntry) {
	opts := Options{}
	switch e.HashAlgorithm {
	case "", "SHA256":
	case "SHA384":
		opts.Hash = crypto.SHA384
	default:
		t.Fatalf("unknown hashAlgorithm %q", e.HashAlgorithm)
	}
	quads := loadQuads(t, e.Action)
	switch e.Type {
	case "rdfc:RDFC10EvalTest":
		res, err := Canonicalize(context.Background(), quads, opts)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(suiteDir, e.Result))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(res.NQuads, want) {
			t.Errorf("%s: got\n%s\nwant\n%s", e.Name, res.NQuads, want)
		}
	case "rdfc:RDFC10MapTest":
		res, err := Canonicalize(context.Background(), quads, opts)
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(suiteDir, e.Result))
		if err != nil {
			t.Fatal(err)
		}
		var want map[string]string
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(res.IssuedIdentifiers, want) {
			t.Errorf("%s: got %v, want %v", e.Name, res.IssuedIdentifiers, want)
		}
	case "rdfc:RDFC10NegativeEvalTest":
		start := time.Now()
		_, err := Canonicalize(context.Background(), quads, opts)
		if !errors.Is(err, ErrWorkLimit) {
			t.Fatalf("%s: got error %v, want ErrWorkLimit", e.Name, err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: took %v to give up, want under 2s", e.Name, d)
		}
	default:
		t.Fatalf("unknown test type %q", e.Type)
	}
}
