package did

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
)

func TestParseDocumentRoundTrip(t *testing.T) {
	for _, f := range []string{"testdata/did-key/spec-examples/ed25519-multikey-did-document.json", "testdata/did-web/example-did-jwk.json", "testdata/did-web/example-did-ethereum.json"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := ParseDocument(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		var a, b any
		json.Unmarshal(data, &a)
		json.Unmarshal(out, &b)
		if !jsonEqual(a, b) {
			t.Errorf("%s: round trip changed the document:\n%s", f, out)
		}
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a) // encoding/json sorts map keys
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func TestParseDocumentRelationships(t *testing.T) {
	data, _ := os.ReadFile("testdata/did-key/spec-examples/ed25519-multikey-did-document.json")
	doc, err := ParseDocument(data)
	if err != nil {
		t.Fatal(err)
	}
	vm := doc.VerificationMethod[0]
	if vm.Type != "Multikey" || vm.PublicKeyMultibase != "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK" {
		t.Errorf("method %+v", vm)
	}
	if refs := doc.Relationships[AssertionMethod]; len(refs) != 1 || refs[0].ID != vm.ID || refs[0].Method != nil {
		t.Errorf("assertionMethod %+v", refs)
	}
	if refs := doc.Relationships[KeyAgreement]; len(refs) != 1 || refs[0].Method == nil || !strings.HasPrefix(refs[0].Method.PublicKeyMultibase, "z6LS") {
		t.Errorf("keyAgreement %+v", refs)
	}
}

func TestParseDocumentErrors(t *testing.T) {
	tests := []struct{ doc, want string }{
		{`[]`, "not a JSON object"},
		{`{"verificationMethod": []}`, `no "id"`},
		{`{"id": 5}`, `"id"`},
		{`{"id": "did:x:y", "controller": 5}`, `"controller"`},
		{`{"id": "did:x:y", "verificationMethod": {}}`, `"verificationMethod"`},
		{`{"id": "did:x:y", "verificationMethod": [{"type": "Multikey"}]}`, `entry 0`},
		{`{"id": "did:x:y", "verificationMethod": [{"id": "#k", "publicKeyJwk": "x"}]}`, `"publicKeyJwk"`},
		{`{"id": "did:x:y", "assertionMethod": "#k"}`, `"assertionMethod"`},
		{`{"id": "did:x:y", "assertionMethod": [5]}`, `entry 0`},
	}
	for _, tt := range tests {
		if _, err := ParseDocument([]byte(tt.doc)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to mention %s", tt.doc, err, tt.want)
		}
	}
}

func TestParseDocumentMatchesNamesExactly(t *testing.T) {
	doc, err := ParseDocument([]byte(`{"id": "did:x:y", "ID": "did:x:evil", "AssertionMethod": ["#k"]}`))
	if err != nil {
		t.Fatal(err)
	}
	if doc.ID != "did:x:y" || len(doc.Relationships) != 0 || len(doc.Extra) != 2 {
		t.Fatalf("case-insensitive match: %+v", doc)
	}
}

func TestParseDID(t *testing.T) {
	valid := map[string][2]string{
		"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK": {"key", "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"},
		"did:web:example.com%3A3000:user:alice":                    {"web", "example.com%3A3000:user:alice"},
		"did:example:123":                                          {"example", "123"},
	}
	for s, want := range valid {
		m, id, err := ParseDID(s)
		if err != nil || m != want[0] || id != want[1] {
			t.Errorf("%s: %q %q %v", s, m, id, err)
		}
	}
	for _, s := range []string{"", "did:", "did:key", "did:key:", "did:Key:x", "did:key:x:", "did:key:a b", "did:key:x#frag", "did:key:x/path", "did:key:%zz", "urn:key:x"} {
		if _, _, err := ParseDID(s); !errors.Is(err, ErrInvalidDID) {
			t.Errorf("%q: err = %v, want ErrInvalidDID", s, err)
		}
	}
}

type staticResolver map[string]*Document

func (s staticResolver) Resolve(_ context.Context, did string) (*Resolution, error) {
	if d, ok := s[did]; ok {
		return &Resolution{Document: d}, nil
	}
	return nil, &ResolutionError{Code: CodeNotFound, DID: did}
}

func TestMultiResolver(t *testing.T) {
	doc := &Document{ID: "did:example:1"}
	m, err := NewMultiResolver(map[string]Resolver{"example": staticResolver{"did:example:1": doc}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := m.Resolve(context.Background(), "did:example:1")
	if err != nil || res.Document != doc {
		t.Fatalf("%v %v", res, err)
	}
	if _, err := m.Resolve(context.Background(), "did:example:2"); !errors.Is(err, ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
	if _, err := m.Resolve(context.Background(), "did:other:1"); !errors.Is(err, ErrMethodNotSupported) || !strings.Contains(err.Error(), "did:other:1") {
		t.Errorf("err = %v, want ErrMethodNotSupported naming the DID", err)
	}
	if _, err := m.Resolve(context.Background(), "not-a-did"); !errors.Is(err, ErrInvalidDID) {
		t.Errorf("err = %v, want ErrInvalidDID", err)
	}
	if _, err := NewMultiResolver(map[string]Resolver{"Bad": staticResolver{}}); err == nil {
		t.Error("bad method name accepted")
	}
	if _, err := NewMultiResolver(map[string]Resolver{"key": nil}); err == nil {
		t.Error("nil resolver accepted")
	}
}
