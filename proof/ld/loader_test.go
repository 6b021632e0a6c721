package ld

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

const extURL = "https://example.edu/contexts/ext.json"

var extDoc = []byte(`{"@context":{"favoriteColor":"https://example.edu/vocab#favoriteColor"}}`)

func TestDefaultLoaderServesEmbeddedContexts(t *testing.T) {
	l := DefaultLoader()
	for _, u := range []string{
		"https://www.w3.org/ns/credentials/v2",
		"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
		"https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
		"https://imsglobal.github.io/openbadges-specification/context.json", // alias
	} {
		doc, err := l.LoadDocument(context.Background(), u)
		if err != nil || !strings.Contains(string(doc), "@context") {
			t.Errorf("%s: %v", u, err)
		}
	}
	if n := len(l.URLs()); n < 25 {
		t.Errorf("URLs() = %d entries, want at least 25", n)
	}
}

func TestUnknownContextIsAnErrorNamingTheURL(t *testing.T) {
	const u = "https://evil.example/context.json"
	_, err := DefaultLoader().LoadDocument(context.Background(), u)
	if !errors.Is(err, ErrUnknownContext) {
		t.Fatalf("err = %v, want ErrUnknownContext", err)
	}
	var le *LoadError
	if !errors.As(err, &le) || le.URL != u || !strings.Contains(err.Error(), u) {
		t.Fatalf("err = %v, want a *LoadError naming %s", err, u)
	}
}

func TestLoaderExtensions(t *testing.T) {
	fsys := fstest.MapFS{"ctx/a.json": {Data: extDoc}}
	l, err := NewLoader(
		WithContext(extURL, extDoc),
		WithContexts(map[string][]byte{"https://example.edu/b.json": extDoc}),
		WithContextFS(fsys, map[string]string{"https://example.edu/a.json": "ctx/a.json"}),
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{extURL, "https://example.edu/a.json", "https://example.edu/b.json"} {
		doc, err := l.LoadDocument(context.Background(), u)
		if err != nil || string(doc) != string(extDoc) {
			t.Errorf("%s: %q, %v", u, doc, err)
		}
	}
	if _, err := l.LoadDocument(context.Background(), "https://example.edu/c.json"); !errors.Is(err, ErrUnknownContext) {
		t.Errorf("unknown extension URL: %v", err)
	}
}

func TestLoaderCopiesExtensionBytes(t *testing.T) {
	doc := append([]byte(nil), extDoc...)
	l, err := NewLoader(WithContext(extURL, doc))
	if err != nil {
		t.Fatal(err)
	}
	doc[0] = 'X'
	got, _ := l.LoadDocument(context.Background(), extURL)
	if string(got) != string(extDoc) {
		t.Error("loader kept the caller's slice")
	}
}

func TestLoaderOptionErrors(t *testing.T) {
	tests := []struct {
		name string
		opt  LoaderOption
		want string
	}{
		{"relative URL", WithContext("ext.json", extDoc), "not an absolute URL"},
		{"replace built-in", WithContext("https://www.w3.org/ns/credentials/v2", extDoc), "built in"},
		{"not JSON", WithContext(extURL, []byte("{")), "not a JSON object"},
		{"no @context", WithContext(extURL, []byte(`{"a":1}`)), `no "@context"`},
		{"JSON array", WithContexts(map[string][]byte{extURL: []byte(`[]`)}), "not a JSON object"},
		{"missing file", WithContextFS(fstest.MapFS{}, map[string]string{extURL: "nope.json"}), "nope.json"},
		{"nil fallback", WithFallback(nil), "nil loader"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewLoader(tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

type mapLoader map[string][]byte

func (m mapLoader) LoadDocument(_ context.Context, u string) ([]byte, error) {
	if d, ok := m[u]; ok {
		return d, nil
	}
	return nil, &LoadError{URL: u, Err: ErrUnknownContext}
}

func TestLoaderFallback(t *testing.T) {
	l, err := NewLoader(WithFallback(mapLoader{extURL: extDoc}))
	if err != nil {
		t.Fatal(err)
	}
	if doc, err := l.LoadDocument(context.Background(), extURL); err != nil || string(doc) != string(extDoc) {
		t.Fatalf("fallback not used: %v", err)
	}
	// Built-in contexts never reach the fallback.
	if _, err := l.LoadDocument(context.Background(), "https://www.w3.org/ns/credentials/v2"); err != nil {
		t.Fatal(err)
	}
}
