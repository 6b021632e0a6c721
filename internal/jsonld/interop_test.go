package jsonld

import (
	"context"
	"errors"
	"os"
	"path/filepath"
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
	v, err := DecodeJSON(b)
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
