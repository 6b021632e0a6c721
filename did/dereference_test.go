package did

import (
	"context"
	"errors"
	"os"
	"testing"
)

const (
	exampleKeyDID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
	exampleKeyVM  = exampleKeyDID + "#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
	exampleKeyKA  = exampleKeyDID + "#z6LSj72tK8brWgZja8NLRwPigth2T9QRiG1uH9oKZuKjdh9p"
)

func loadDocument(t testing.TB, path string) *Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ParseDocument(data)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func mustParseDocument(t testing.TB, s string) *Document {
	t.Helper()
	doc, err := ParseDocument([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestParseDIDURL(t *testing.T) {
	good := []struct {
		in                     string
		did, path, query, frag string
		hasQuery, hasFrag      bool
	}{
		{in: "did:example:123", did: "did:example:123"},
		{in: "did:example:123#key-1", did: "did:example:123", frag: "key-1", hasFrag: true},
		{in: exampleKeyVM, did: exampleKeyDID, frag: exampleKeyVM[len(exampleKeyDID)+1:], hasFrag: true},
		{in: "did:web:example.com%3A3000:u:bob/path/x?service=files&relativeRef=%2Fa#f/?x", did: "did:web:example.com%3A3000:u:bob", path: "/path/x", query: "service=files&relativeRef=%2Fa", frag: "f/?x", hasQuery: true, hasFrag: true},
		{in: "did:example:123?", did: "did:example:123", hasQuery: true},
		{in: "did:example:123#", did: "did:example:123", hasFrag: true},
		{in: "did:example:123/", did: "did:example:123", path: "/"},
	}
	for _, tt := range good {
		u, err := ParseDIDURL(tt.in)
		if err != nil {
			t.Errorf("ParseDIDURL(%q): %v", tt.in, err)
			continue
		}
		if u.DID != tt.did || u.Path != tt.path || u.Query != tt.query || u.Fragment != tt.frag || u.HasQuery != tt.hasQuery || u.HasFragment != tt.hasFrag {
			t.Errorf("ParseDIDURL(%q) = %+v", tt.in, u)
		}
		if u.String() != tt.in {
			t.Errorf("String() = %q, want %q", u.String(), tt.in)
		}
	}
	bad := []struct {
		in   string
		want error
	}{
		{"", ErrInvalidDID},
		{"#key-1", ErrInvalidDID},
		{"did:example:", ErrInvalidDID},
		{"did:Example:123#k", ErrInvalidDID},
		{"https://example.com#k", ErrInvalidDID},
		{"did:example:123#a b", ErrInvalidDIDURL},
		{"did:example:123#a#b", ErrInvalidDIDURL},
		{"did:example:123#%zz", ErrInvalidDIDURL},
		{"did:example:123?a b", ErrInvalidDIDURL},
		{"did:example:123/a b", ErrInvalidDIDURL},
		{"did:example:123/a\\b", ErrInvalidDIDURL},
		{"did:example:123#\x00", ErrInvalidDIDURL},
	}
	for _, tt := range bad {
		if u, err := ParseDIDURL(tt.in); !errors.Is(err, tt.want) {
			t.Errorf("ParseDIDURL(%q) = %+v, %v; want %v", tt.in, u, err, tt.want)
		}
	}
}

func TestDocumentMethod(t *testing.T) {
	doc := loadDocument(t, "testdata/did-key/spec-examples/ed25519-multikey-did-document.json")
	frag := exampleKeyVM[len(exampleKeyDID):]
	for _, id := range []string{exampleKeyVM, frag} {
		m, err := doc.Method(id)
		if err != nil || m.PublicKeyMultibase != "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK" {
			t.Errorf("Method(%s) = %+v, %v", id, m, err)
		}
	}
	// An embedded method (keyAgreement) is found too.
	if m, err := doc.Method(exampleKeyKA); err != nil || m.PublicKeyMultibase != "z6LSj72tK8brWgZja8NLRwPigth2T9QRiG1uH9oKZuKjdh9p" {
		t.Errorf("embedded method: %+v, %v", m, err)
	}
	for _, id := range []string{exampleKeyDID + "#nope", "#nope", "did:key:other#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", exampleKeyDID, ""} {
		if _, err := doc.Method(id); !errors.Is(err, ErrNotFound) {
			t.Errorf("Method(%q): err = %v, want notFound", id, err)
		}
	}
}

func TestDocumentMethodRelativeIDs(t *testing.T) {
	doc := mustParseDocument(t, `{
		"id": "did:example:123",
		"verificationMethod": [{"id": "#key-1", "type": "Multikey", "controller": "did:example:123", "publicKeyMultibase": "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"}],
		"assertionMethod": ["#key-1", {"id": "did:example:123#key-2", "type": "Multikey", "controller": "#", "publicKeyMultibase": "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"}],
		"authentication": ["did:example:123#key-2"]
	}`)
	for _, id := range []string{"did:example:123#key-1", "#key-1"} {
		if _, err := doc.MethodFor(id, AssertionMethod); err != nil {
			t.Errorf("MethodFor(%s, assertionMethod): %v", id, err)
		}
	}
	// key-2 is embedded under assertionMethod and referenced from
	// authentication; its controller "#" is not the document id.
	if _, err := doc.Method("#key-2"); !errors.Is(err, ErrInvalidDIDDocument) {
		t.Errorf("controller \"#\": err = %v, want invalidDidDocument", err)
	}
}

func TestDocumentMethodController(t *testing.T) {
	for _, tt := range []struct {
		ctrl string
		ok   bool
	}{
		{`"controller": "did:example:123",`, true},
		{`"controller": "did:example:evil",`, false},
		{``, false},
	} {
		doc := mustParseDocument(t, `{"id": "did:example:123", "verificationMethod": [{"id": "did:example:123#k", `+tt.ctrl+` "type": "Multikey", "publicKeyMultibase": "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"}]}`)
		_, err := doc.Method("#k")
		if tt.ok && err != nil || !tt.ok && !errors.Is(err, ErrInvalidDIDDocument) {
			t.Errorf("%q: err = %v", tt.ctrl, err)
		}
	}
}

func TestDocumentMethodDuplicates(t *testing.T) {
	const vm = `{"id": "did:example:123#k", "type": "Multikey", "controller": "did:example:123", "publicKeyMultibase": "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"}`
	const other = `{"id": "#k", "type": "Multikey", "controller": "did:example:123", "publicKeyMultibase": "z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH"}`
	same := mustParseDocument(t, `{"id": "did:example:123", "verificationMethod": [`+vm+`], "assertionMethod": [`+vm+`]}`)
	if _, err := same.MethodFor("#k", AssertionMethod); err != nil {
		t.Errorf("identical duplicate: %v", err)
	}
	conflict := mustParseDocument(t, `{"id": "did:example:123", "verificationMethod": [`+vm+`], "assertionMethod": [`+other+`]}`)
	if _, err := conflict.Method("#k"); !errors.Is(err, ErrInvalidDIDDocument) {
		t.Errorf("two keys under one id: err = %v, want invalidDidDocument", err)
	}
}

func TestDocumentRelationships(t *testing.T) {
	doc := loadDocument(t, "testdata/did-web/example-did-jwk.json")
	tests := []struct {
		id   string
		rel  Relationship
		want error
	}{
		{"did:web:example.com#key-0", AssertionMethod, nil},
		{"#key-0", Authentication, nil},
		{"did:web:example.com#key-2", KeyAgreement, nil},
		{"did:web:example.com#key-1", KeyAgreement, nil},
		{"did:web:example.com#key-1", AssertionMethod, ErrNotInRelationship},
		{"did:web:example.com#key-0", CapabilityInvocation, ErrNotInRelationship},
		{"did:web:example.com#key-9", AssertionMethod, ErrNotFound},
	}
	for _, tt := range tests {
		m, err := doc.MethodFor(tt.id, tt.rel)
		switch {
		case tt.want == nil && (err != nil || m == nil):
			t.Errorf("MethodFor(%s, %s): %v", tt.id, tt.rel, err)
		case tt.want != nil && !errors.Is(err, tt.want):
			t.Errorf("MethodFor(%s, %s): err = %v, want %v", tt.id, tt.rel, err, tt.want)
		}
	}
	var re *RelationshipError
	if _, err := doc.MethodFor("#key-1", AssertionMethod); !errors.As(err, &re) || re.Method != "did:web:example.com#key-1" || re.Relationship != AssertionMethod {
		t.Errorf("RelationshipError %+v", re)
	}
	// Embedded key agreement method of did:key: not an assertion method.
	kdoc := loadDocument(t, "testdata/did-key/spec-examples/ed25519-multikey-did-document.json")
	if !kdoc.Authorizes(exampleKeyKA, KeyAgreement) || kdoc.Authorizes(exampleKeyKA, AssertionMethod) {
		t.Error("embedded keyAgreement method: wrong Authorizes")
	}
}

// mapResolver resolves from a fixed set of documents.
type mapResolver map[string]*Document

func (m mapResolver) Resolve(ctx context.Context, did string) (*Resolution, error) {
	if d, ok := m[did]; ok {
		return &Resolution{Document: d}, nil
	}
	return nil, &ResolutionError{Code: CodeNotFound, DID: did}
}

func TestDereference(t *testing.T) {
	kr, err := NewKeyResolver(KeyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	vm, doc, err := Dereference(ctx, kr, exampleKeyVM)
	if err != nil || doc.ID != exampleKeyDID || vm.ID != exampleKeyVM {
		t.Fatalf("Dereference: %+v, %v", vm, err)
	}
	for _, u := range []string{exampleKeyDID, exampleKeyDID + "#", exampleKeyDID + "/path#x", exampleKeyDID + "?versionId=1#x"} {
		if _, _, err := Dereference(ctx, kr, u); !errors.Is(err, ErrInvalidDIDURL) {
			t.Errorf("Dereference(%s): err = %v, want invalidDidUrl", u, err)
		}
	}
	if _, _, err := Dereference(ctx, kr, exampleKeyDID+"#nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing fragment: err = %v", err)
	}
	// A resolver that answers with a document for another DID is refused.
	liar := mapResolver{"did:example:a": mustParseDocument(t, `{"id": "did:example:b"}`)}
	if _, _, err := Dereference(ctx, liar, "did:example:a#k"); !errors.Is(err, ErrInvalidDIDDocument) {
		t.Errorf("wrong-id resolver: err = %v", err)
	}
}

func BenchmarkDereference(b *testing.B) {
	doc := loadDocument(b, "testdata/did-key/spec-examples/ed25519-multikey-did-document.json")
	b.Run("absolute", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := doc.MethodFor(exampleKeyVM, AssertionMethod); err != nil {
				b.Fatal(err)
			}
		}
	})
	web := loadDocument(b, "testdata/did-web/example-did-jwk.json")
	b.Run("relative", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := web.MethodFor("#key-2", AssertionMethod); err != nil {
				b.Fatal(err)
			}
		}
	})
	kr, _ := NewKeyResolver(KeyOptions{})
	b.Run("resolve+dereference did:key", func(b *testing.B) {
		b.ReportAllocs()
		ctx := context.Background()
		for b.Loop() {
			if _, _, err := Dereference(ctx, kr, exampleKeyVM); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestDereferenceDIDKeyFastPath checks that dereferencing the key of a
// did:key through a MultiResolver gives the same method as full resolution,
// and that the derived key-agreement fragment still dereferences.
func TestDereferenceDIDKeyFastPath(t *testing.T) {
	const d = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
	m, err := NewMultiResolver(map[string]Resolver{"key": &KeyResolver{}})
	if err != nil {
		t.Fatal(err)
	}
	full, err := (&KeyResolver{}).Resolve(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	vm, doc, err := Dereference(context.Background(), m, d+"#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := full.Document.Method(vm.ID)
	if vm.ID != want.ID || vm.PublicKeyMultibase != want.PublicKeyMultibase || vm.Type != want.Type {
		t.Fatalf("fast path method %+v differs from %+v", vm, want)
	}
	for _, rel := range []Relationship{Authentication, AssertionMethod, CapabilityInvocation, CapabilityDelegation} {
		if doc.Authorizes(vm.ID, rel) != full.Document.Authorizes(vm.ID, rel) {
			t.Errorf("%s differs between the fast path and full resolution", rel)
		}
	}
	ka := d + "#z6LSj72tK8brWgZja8NLRwPigth2T9QRiG1uH9oKZuKjdh9p"
	vm, doc, err = Dereference(context.Background(), m, ka)
	if err != nil || !doc.Authorizes(vm.ID, KeyAgreement) {
		t.Fatalf("key agreement fragment: %v", err)
	}
}
