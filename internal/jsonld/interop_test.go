package jsonld

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/internal/rdfc"
)

// contextFiles maps the production context URLs to the copies in
// testdata/contexts (see testdata/SOURCES.md).
var contextFiles = map[string]string{
	"https://www.w3.org/ns/credentials/v2":                        "credentials-v2.jsonld",
	"https://www.w3.org/2018/credentials/v1":                      "credentials-v1.jsonld",
	"https://www.w3.org/ns/credentials/examples/v2":               "credentials-examples-v2.jsonld",
	"https://w3id.org/security/data-integrity/v2":                 "data-integrity-v2.jsonld",
	"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json":  "ob-v3p0-context-3.0.3.json",
	"https://purl.imsglobal.org/spec/ob/v3p0/extensions.json":     "ob-v3p0-extensions.json",
	"https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json": "clr-v2p0-context-2.0.1.json",
}

// fixtureLoader serves the pinned contexts from memory.
type fixtureLoader map[string][]byte

func (l fixtureLoader) LoadDocument(_ context.Context, url string) ([]byte, error) {
	if b, ok := l[url]; ok {
		return b, nil
	}
	return nil, errors.New("unknown context " + url)
}

func newFixtureLoader(tb testing.TB) fixtureLoader {
	tb.Helper()
	l := fixtureLoader{}
	for url, name := range contextFiles {
		b, err := os.ReadFile(filepath.Join("testdata", "contexts", name))
		if err != nil {
			tb.Fatal(err)
		}
		l[url] = b
	}
	return l
}

func readFixture(tb testing.TB, name string) any {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "interop", name))
	if err != nil {
		tb.Fatal(err)
	}
	v, err := DecodeJSON(b, 0)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

var interopFixtures = []string{"ob3-basic", "ob3-course", "ob3-degree", "clr-3creds"}

// TestInterop checks that the four credentials made with Digital Bazaar's
// stack canonicalize, in safe mode, to exactly the canonical N-Quads that
// stack signed.
func TestInterop(t *testing.T) {
	p := NewProcessor(Options{Loader: newFixtureLoader(t), Safe: true})
	for _, name := range interopFixtures {
		t.Run(name, func(t *testing.T) {
			quads, err := p.ToRDF(context.Background(), readFixture(t, name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			res, err := rdfc.Canonicalize(context.Background(), quads, rdfc.Options{})
			if err != nil {
				t.Fatal(err)
			}
			explain := readFixture(t, name+".explain.json").(map[string]any)["explain"].(map[string]any)
			want := explain["canonicalDocument"].(string)
			if string(res.NQuads) != want {
				t.Fatalf("canonical document differs\n got:\n%s\nwant:\n%s", res.NQuads, want)
			}
		})
	}
}

// specExampleRejected lists the spec examples that safe mode rightly
// rejects, with the error's code and pointer: the migration guide's CLR
// example uses "alsoKnownAs", which neither credentials v2 nor OB 3.0.3
// define, so JSON-LD would silently drop it.
var specExampleRejected = map[string][2]string{
	"clr2-with-upgraded-ob2-assertion.unsigned.json": {CodeSafeDroppedProperty, "/issuer/alsoKnownAs"},
}

// TestSpecExamples runs the OB 3.0 / CLR 2.0 spec examples through ToRDF in
// safe mode: none but the listed ones may be rejected, and the two test
// vectors must canonicalize to the spec's canonical document.
func TestSpecExamples(t *testing.T) {
	p := NewProcessor(Options{Loader: newFixtureLoader(t), Safe: true})
	files, err := filepath.Glob(filepath.Join("testdata", "spec-examples", "*.json"))
	if err != nil || len(files) != 10 {
		t.Fatalf("want 10 spec examples, got %d (%v)", len(files), err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := DecodeJSON(b, 0)
			if err != nil {
				t.Fatal(err)
			}
			quads, err := p.ToRDF(context.Background(), doc)
			if want, ok := specExampleRejected[name]; ok {
				var je *Error
				if !errors.As(err, &je) || je.Code != want[0] || je.Path != want[1] {
					t.Fatalf("want %s at %s, got %v", want[0], want[1], err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			canonFile := strings.TrimSuffix(f, ".unsigned.json") + ".document-canon.txt"
			want, err := os.ReadFile(canonFile)
			if err != nil {
				return // not a test vector
			}
			res, err := rdfc.Canonicalize(context.Background(), quads, rdfc.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if string(res.NQuads) != string(want) {
				t.Fatalf("canonical document differs\n got:\n%s\nwant:\n%s", res.NQuads, want)
			}
		})
	}
}
