package did

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func testKey(t testing.TB, seed byte) (ed25519.PublicKey, string) {
	t.Helper()
	s := make([]byte, ed25519.SeedSize)
	s[0] = seed
	pub := ed25519.NewKeyFromSeed(s).Public().(ed25519.PublicKey)
	mb, err := EncodeMultikey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return pub, mb
}

func newTestRetriever(t *testing.T, s *webServer, opts RetrieverOptions) *Retriever {
	t.Helper()
	if opts.Resolver == nil {
		kr, _ := NewKeyResolver(KeyOptions{})
		opts.Resolver = kr
	}
	if s != nil {
		opts.HTTPClient = s.Client()
		opts.HTTP.AllowHosts = append(opts.HTTP.AllowHosts, loopbackHosts...)
	}
	r, err := NewRetriever(opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRetrieveDIDURL(t *testing.T) {
	r := newTestRetriever(t, nil, RetrieverOptions{})
	ctx := context.Background()
	m, err := r.Retrieve(ctx, exampleKeyVM, AssertionMethod)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := DecodeMultikey("z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")
	if m.ID != exampleKeyVM || m.Controller != exampleKeyDID || m.Type != "Multikey" || m.Source != SourceDIDDocument ||
		m.Relationship != AssertionMethod || !publicKeysEqual(m.PublicKey, want) || m.VerificationMethod == nil {
		t.Errorf("method %+v", m)
	}
	if _, err := r.Retrieve(ctx, exampleKeyKA, AssertionMethod); !errors.Is(err, ErrNotInRelationship) {
		t.Errorf("key agreement key for assertionMethod: err = %v", err)
	}
	if _, err := r.Retrieve(ctx, exampleKeyKA, KeyAgreement); err != nil {
		t.Errorf("key agreement key for keyAgreement: %v", err)
	}
	if _, err := r.Retrieve(ctx, exampleKeyDID+"#nope", AssertionMethod); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing fragment: err = %v", err)
	}
	if _, err := r.Retrieve(ctx, exampleKeyVM, ""); err == nil {
		t.Error("empty relationship accepted")
	}
	if _, err := r.Retrieve(ctx, "urn:uuid:1#k", AssertionMethod); !errors.Is(err, ErrInvalidDIDURL) {
		t.Errorf("urn: err = %v", err)
	}
	noDID, _ := NewRetriever(RetrieverOptions{})
	if _, err := noDID.Retrieve(ctx, exampleKeyVM, AssertionMethod); !errors.Is(err, ErrMethodNotSupported) {
		t.Errorf("no resolver: err = %v", err)
	}
	if out, _ := json.Marshal(m); !strings.Contains(string(out), `"source":"didDocument"`) {
		t.Errorf("JSON %s", out)
	}
}

func TestRetrieveDIDWeb(t *testing.T) {
	s := newWebServer(t)
	s.handle("example.com/.well-known/did.json", serveJSON(readFile(t, "testdata/did-web/example-did-jwk.json"), "application/did+json", ""))
	web, _ := NewWebResolver(s.Client(), HTTPOptions{AllowHosts: loopbackHosts})
	r := newTestRetriever(t, nil, RetrieverOptions{Resolver: web})
	m, err := r.Retrieve(context.Background(), "did:web:example.com#key-0", AssertionMethod)
	if err != nil || m.Type != "JsonWebKey2020" || m.Controller != "did:web:example.com" {
		t.Fatalf("%+v, %v", m, err)
	}
	if _, ok := m.PublicKey.(ed25519.PublicKey); !ok {
		t.Errorf("key %T", m.PublicKey)
	}
	if _, err := r.Retrieve(context.Background(), "did:web:example.com#key-1", AssertionMethod); !errors.Is(err, ErrNotInRelationship) {
		t.Errorf("X25519 key as assertionMethod: err = %v", err)
	}
}

func TestRetrieveControllerDocument(t *testing.T) {
	_, mb := testKey(t, 1)
	s := newWebServer(t)
	const issuer = "https://issuer.example.com/issuers/1"
	doc := `{"@context": ["https://www.w3.org/ns/cid/v1"], "id": "` + issuer + `",
		"verificationMethod": [{"id": "#key-1", "type": "Multikey", "controller": "` + issuer + `", "publicKeyMultibase": "` + mb + `"},
			{"id": "` + issuer + `#key-2", "type": "Multikey", "controller": "` + issuer + `", "publicKeyMultibase": "` + mb + `"}],
		"assertionMethod": ["` + issuer + `#key-1"]}`
	s.handle("issuer.example.com/issuers/1", serveJSON(doc, "application/ld+json", ""))
	s.handle("issuer.example.com/issuers/wrong", serveJSON(strings.Replace(doc, `"id": "`+issuer+`"`, `"id": "https://issuer.example.com/issuers/other"`, 1), "application/json", ""))
	r := newTestRetriever(t, s, RetrieverOptions{})
	ctx := context.Background()
	m, err := r.Retrieve(ctx, issuer+"#key-1", AssertionMethod)
	if err != nil || m.Source != SourceControllerDocument || m.Controller != issuer || m.ID != issuer+"#key-1" {
		t.Fatalf("%+v, %v", m, err)
	}
	if _, err := r.Retrieve(ctx, issuer+"#key-2", AssertionMethod); !errors.Is(err, ErrNotInRelationship) {
		t.Errorf("key-2: err = %v", err)
	}
	if _, err := r.Retrieve(ctx, issuer+"#key-3", AssertionMethod); !errors.Is(err, ErrNotFound) {
		t.Errorf("key-3: err = %v", err)
	}
	if _, err := r.Retrieve(ctx, "https://issuer.example.com/issuers/wrong#key-1", AssertionMethod); !errors.Is(err, ErrInvalidDIDDocument) {
		t.Errorf("wrong id: err = %v", err)
	}
	if _, err := r.Retrieve(ctx, "http://issuer.example.com/issuers/1#key-1", AssertionMethod); !errors.Is(err, ErrURLNotAllowed) {
		t.Errorf("plain http: err = %v", err)
	}
	if _, err := r.Retrieve(ctx, "https://127.0.0.1/issuers/1#key-1", AssertionMethod); !errors.Is(err, ErrURLNotAllowed) {
		t.Errorf("IP address: err = %v", err)
	}
	limited := newTestRetriever(t, s, RetrieverOptions{AllowKeyURLPrefixes: []string{"https://issuer.example.com/keys/"}})
	for _, u := range []string{issuer + "#key-1", "https://issuer.example.com/keys/../issuers/1#key-1"} {
		if _, err := limited.Retrieve(ctx, u, AssertionMethod); !errors.Is(err, ErrURLNotAllowed) {
			t.Errorf("outside the prefixes, %s: err = %v", u, err)
		}
	}
}

func TestRetrieveKeyDocument(t *testing.T) {
	pub, mb := testKey(t, 2)
	_, otherMB := testKey(t, 3)
	s := newWebServer(t)
	const (
		keyURL  = "https://issuer.example.com/keys/1"
		ctrlURL = "https://issuer.example.com/profile"
	)
	keyDoc := func(id, ctrl, mb string) string {
		return `{"@context": "https://w3id.org/security/multikey/v1", "id": "` + id + `", "type": "Multikey", "controller": "` + ctrl + `", "publicKeyMultibase": "` + mb + `"}`
	}
	s.handle("issuer.example.com/keys/1", serveJSON(keyDoc(keyURL, ctrlURL, mb), "application/json", ""))
	s.handle("issuer.example.com/profile", serveJSON(`{"id": "`+ctrlURL+`", "assertionMethod": ["`+keyURL+`"]}`, "application/json", ""))
	// A key document claiming a controller that does not list it.
	s.handle("issuer.example.com/keys/stolen", serveJSON(keyDoc("https://issuer.example.com/keys/stolen", ctrlURL, mb), "application/json", ""))
	// A key document claiming a did:key controller: the did:key document
	// never lists an https key.
	s.handle("issuer.example.com/keys/didctrl", serveJSON(keyDoc("https://issuer.example.com/keys/didctrl", exampleKeyDID, mb), "application/json", ""))
	s.handle("issuer.example.com/keys/orphan", serveJSON(keyDoc("https://issuer.example.com/keys/orphan", "https://issuer.example.com/missing", mb), "application/json", ""))
	s.handle("issuer.example.com/keys/misnamed", serveJSON(keyDoc("https://issuer.example.com/keys/other", ctrlURL, mb), "application/json", ""))
	s.handle("issuer.example.com/keys/nocontroller", serveJSON(`{"id": "https://issuer.example.com/keys/nocontroller", "type": "Multikey", "publicKeyMultibase": "`+mb+`"}`, "application/json", ""))
	s.handle("issuer.example.com/keys/jwk", serveJSON(`{"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}`, "application/jwk+json", ""))
	s.handle("issuer.example.com/keys/bare", serveJSON(`{"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}`, "application/json", ""))
	// The controller document embeds the method with another key.
	s.handle("issuer.example.com/keys/2", serveJSON(keyDoc("https://issuer.example.com/keys/2", "https://issuer.example.com/profile2", mb), "application/json", ""))
	s.handle("issuer.example.com/profile2", serveJSON(`{"id": "https://issuer.example.com/profile2", "assertionMethod": [`+keyDoc("https://issuer.example.com/keys/2", "https://issuer.example.com/profile2", otherMB)+`]}`, "application/json", ""))

	r := newTestRetriever(t, s, RetrieverOptions{})
	ctx := context.Background()
	m, err := r.Retrieve(ctx, keyURL, AssertionMethod)
	if err != nil || m.Source != SourceKeyDocument || m.Controller != ctrlURL || !publicKeysEqual(m.PublicKey, pub) {
		t.Fatalf("%+v, %v", m, err)
	}
	if _, err := r.Retrieve(ctx, keyURL, Authentication); !errors.Is(err, ErrNotInRelationship) {
		t.Errorf("authentication: err = %v", err)
	}
	tests := []struct {
		url  string
		want error
	}{
		{"https://issuer.example.com/keys/stolen", ErrNotInRelationship},
		{"https://issuer.example.com/keys/didctrl", ErrNotInRelationship},
		{"https://issuer.example.com/keys/orphan", ErrNotFound},
		{"https://issuer.example.com/keys/misnamed", ErrInvalidDIDDocument},
		{"https://issuer.example.com/keys/nocontroller", ErrInvalidDIDDocument},
		{"https://issuer.example.com/keys/jwk", ErrContentType},
		{"https://issuer.example.com/keys/2", ErrInvalidDIDDocument},
	}
	for _, tt := range tests {
		if _, err := r.Retrieve(ctx, tt.url, AssertionMethod); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.url, err, tt.want)
		}
	}
}

// TestRetrieveJWKDocuments covers https URLs that serve a bare JWK or a JWK
// Set: the key is returned with the URL before "#" as its controller and
// Source jwkDocument, for the caller to bind.
func TestRetrieveJWKDocuments(t *testing.T) {
	const x = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
	jwk := func(kid string) string {
		return `{"kty": "OKP", "crv": "Ed25519", "x": "` + x + `", "kid": "` + kid + `"}`
	}
	s := newWebServer(t)
	s.handle("issuer.example.com/keys/bare", serveJSON(jwk("k1"), "application/json", ""))
	s.handle("issuer.example.com/jwks.json", serveJSON(`{"keys": [`+jwk("k1")+`, `+jwk("k2")+`]}`, "application/json", ""))
	s.handle("issuer.example.com/one.json", serveJSON(`{"keys": [`+jwk("only")+`]}`, "application/json", ""))
	s.handle("issuer.example.com/dup.json", serveJSON(`{"keys": [`+jwk("k1")+`, `+jwk("k1")+`]}`, "application/json", ""))
	s.handle("issuer.example.com/private.json", serveJSON(`{"kty": "OKP", "crv": "Ed25519", "x": "`+x+`", "d": "`+x+`"}`, "application/json", ""))
	s.handle("issuer.example.com/notkeys.json", serveJSON(`{"keys": "nope"}`, "application/json", ""))
	r := newTestRetriever(t, s, RetrieverOptions{})
	ctx := context.Background()
	for _, tt := range []struct{ url, controller string }{
		{"https://issuer.example.com/keys/bare", "https://issuer.example.com/keys/bare"},
		{"https://issuer.example.com/jwks.json#k2", "https://issuer.example.com/jwks.json"},
		{"https://issuer.example.com/one.json", "https://issuer.example.com/one.json"},
	} {
		m, err := r.Retrieve(ctx, tt.url, AssertionMethod)
		if err != nil || m.Source != SourceJWKDocument || m.Controller != tt.controller || m.PublicKey == nil {
			t.Errorf("%s: %+v, %v", tt.url, m, err)
		}
	}
	for _, tt := range []struct {
		url  string
		want error
	}{
		{"https://issuer.example.com/jwks.json#k3", ErrNotFound},
		{"https://issuer.example.com/jwks.json", ErrNotFound},
		{"https://issuer.example.com/dup.json#k1", ErrInvalidDIDDocument},
		{"https://issuer.example.com/private.json", ErrPrivateJWKMember},
		{"https://issuer.example.com/notkeys.json", ErrInvalidDIDDocument},
	} {
		if _, err := r.Retrieve(ctx, tt.url, AssertionMethod); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.url, err, tt.want)
		}
	}
}

func TestRetrieveMultibaseFragment(t *testing.T) {
	pub, mb := testKey(t, 4)
	ctx := context.Background()
	const issuer = "https://issuer.example.com/issuers/565049"
	u := issuer + "#" + mb

	// Without fetching and without the unsafe option: refused.
	strict := newTestRetriever(t, nil, RetrieverOptions{})
	_, err := strict.Retrieve(ctx, u, AssertionMethod)
	if !errors.Is(err, ErrFetchingDisabled) || !strings.Contains(err.Error(), "RetrieverOptions.HTTPClient") || !strings.Contains(err.Error(), "--allow-network") {
		t.Errorf("no fetching, no fragment convention: err = %v; want ErrFetchingDisabled saying what to set", err)
	}
	// Without fetching, with the option: the fragment is the key.
	unsafe := newTestRetriever(t, nil, RetrieverOptions{UnsafeKeyFromFragment: true})
	m, err := unsafe.Retrieve(ctx, u, AssertionMethod)
	if err != nil || m.Source != SourceMultibaseFragment || m.Controller != issuer || m.ID != u || !publicKeysEqual(m.PublicKey, pub) {
		t.Fatalf("%+v, %v", m, err)
	}
	for _, bad := range []string{issuer + "#key-1", issuer + "#z6Mk", issuer, issuer + "#" + mb + "x"} {
		if _, err := unsafe.Retrieve(ctx, bad, AssertionMethod); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}

	// With fetching: an OB Profile (no methods) or a 404 falls back to the
	// fragment; a document that defines the method is authoritative.
	s := newWebServer(t)
	s.handle("issuer.example.com/issuers/565049", serveJSON(`{"id": "`+issuer+`", "type": "Profile", "name": "Example University"}`, "application/json", ""))
	s.handle("issuer.example.com/issuers/listed", serveJSON(`{"id": "https://issuer.example.com/issuers/listed",
		"verificationMethod": [{"id": "#`+mb+`", "type": "Multikey", "controller": "https://issuer.example.com/issuers/listed", "publicKeyMultibase": "`+mb+`"}]}`, "application/json", ""))
	fetching := newTestRetriever(t, s, RetrieverOptions{UnsafeKeyFromFragment: true})
	for _, tt := range []struct {
		url  string
		want MethodSource
	}{
		{u, SourceMultibaseFragment},
		{"https://issuer.example.com/issuers/404#" + mb, SourceMultibaseFragment},
	} {
		m, err := fetching.Retrieve(ctx, tt.url, AssertionMethod)
		if err != nil || m.Source != tt.want {
			t.Errorf("%s: %+v, %v", tt.url, m, err)
		}
	}
	if _, err := fetching.Retrieve(ctx, "https://issuer.example.com/issuers/listed#"+mb, AssertionMethod); !errors.Is(err, ErrNotInRelationship) {
		t.Errorf("defined but not an assertion method: err = %v (must not fall back)", err)
	}
	// Did URLs never use the convention.
	if _, err := fetching.Retrieve(ctx, "did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH#"+mb, AssertionMethod); !errors.Is(err, ErrNotFound) {
		t.Errorf("did:key with a foreign fragment: err = %v", err)
	}
}

func TestNewRetrieverOptions(t *testing.T) {
	if _, err := NewRetriever(RetrieverOptions{AllowKeyURLPrefixes: []string{"https://x.example/"}}); err == nil {
		t.Error("prefixes without a client accepted")
	}
	if _, err := NewRetriever(RetrieverOptions{HTTPClient: http.DefaultClient, AllowKeyURLPrefixes: []string{"x.example/"}}); err == nil {
		t.Error("relative prefix accepted")
	}
	if _, err := NewRetriever(RetrieverOptions{HTTPClient: http.DefaultClient, HTTP: HTTPOptions{AllowHTTPHosts: []string{"nope"}}}); err == nil {
		t.Error("bad AllowHTTPHosts accepted")
	}
}

// A bare did:key or did:jwk DID, as issuers in the wild write it for
// verificationMethod, names the one key the DID encodes; other DIDs need a
// fragment.
func TestRetrieveBareDID(t *testing.T) {
	ctx := context.Background()
	kr, _ := NewKeyResolver(KeyOptions{})
	mr, err := NewMultiResolver(map[string]Resolver{"key": kr, "jwk": JWKResolver{}})
	if err != nil {
		t.Fatal(err)
	}
	r := newTestRetriever(t, nil, RetrieverOptions{Resolver: mr})
	m, err := r.Retrieve(ctx, exampleKeyDID, AssertionMethod)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := DecodeMultikey("z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")
	if m.ID != exampleKeyDID || m.Controller != exampleKeyDID || !publicKeysEqual(m.PublicKey, want) || m.VerificationMethod.ID != exampleKeyVM {
		t.Errorf("bare did:key: %+v", m)
	}
	if _, err := r.Retrieve(ctx, exampleKeyDID, KeyAgreement); !errors.Is(err, ErrNotInRelationship) {
		t.Errorf("bare did:key for keyAgreement: %v (the Ed25519 key is not a key agreement key)", err)
	}
	pub, _ := testKey(t, 7)
	jwkDID, err := DIDJWK(pub)
	if err != nil {
		t.Fatal(err)
	}
	if m, err := r.Retrieve(ctx, jwkDID, AssertionMethod); err != nil || m.ID != jwkDID || !publicKeysEqual(m.PublicKey, pub) {
		t.Errorf("bare did:jwk: %+v, %v", m, err)
	}
	for _, u := range []string{exampleKeyDID + "/path", exampleKeyDID + "?q", exampleKeyDID + "#"} {
		if _, err := r.Retrieve(ctx, u, AssertionMethod); !errors.Is(err, ErrInvalidDIDURL) {
			t.Errorf("%s: %v", u, err)
		}
	}
}

// The fragment convention on a URN issuer (the 1EdTech validator's CLR
// fixtures): only with UnsafeKeyFromFragment, and only a multibase
// fragment.
func TestRetrieveURNFragment(t *testing.T) {
	pub, mb := testKey(t, 5)
	ctx := context.Background()
	const issuer = "urn:uuid:4ca4a241-fc3b-4d92-978e-f56fa96ae795"
	if _, err := newTestRetriever(t, nil, RetrieverOptions{}).Retrieve(ctx, issuer+"#"+mb, AssertionMethod); !errors.Is(err, ErrInvalidDIDURL) {
		t.Errorf("without the option: %v", err)
	}
	unsafe := newTestRetriever(t, nil, RetrieverOptions{UnsafeKeyFromFragment: true})
	m, err := unsafe.Retrieve(ctx, issuer+"#"+mb, AssertionMethod)
	if err != nil || m.Source != SourceMultibaseFragment || m.Controller != issuer || !publicKeysEqual(m.PublicKey, pub) {
		t.Fatalf("%+v, %v", m, err)
	}
	for _, bad := range []string{issuer, issuer + "#", issuer + "#key-1", issuer + "#" + mb + "x"} {
		if _, err := unsafe.Retrieve(ctx, bad, AssertionMethod); !errors.Is(err, ErrInvalidDIDURL) {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

// countingResolver is a Resolver of another package's kind: it passes
// resolutions on.
type countingResolver struct {
	Resolver
}

// TestRetrieveDIDKeyCached: with this package's did:key resolver, a
// did:key method is resolved once per Retriever (and its copies) and
// relationship; each caller gets its own copy of the Method, key and
// verification method entry included; failures are not kept; a cancelled
// context still fails; the cache stays bounded; and a Resolver of another
// kind is asked every time.
func TestRetrieveDIDKeyCached(t *testing.T) {
	resolved := 0
	didRetrieved = func(string) { resolved++ }
	defer func() { didRetrieved = nil }()
	kr, _ := NewKeyResolver(KeyOptions{})
	multi, err := NewMultiResolver(map[string]Resolver{"key": kr})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, resolver := range []Resolver{kr, multi} {
		resolved = 0
		r := newTestRetriever(t, nil, RetrieverOptions{Resolver: resolver})
		first, err := r.Retrieve(ctx, exampleKeyVM, AssertionMethod)
		if err != nil {
			t.Fatal(err)
		}
		first.ID = "changed by the caller"
		first.PublicKey.(ed25519.PublicKey)[0] ^= 1
		first.VerificationMethod.Controller = "did:example:attacker"
		want, _ := DecodeMultikey("z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")
		second, err := r.Retrieve(ctx, exampleKeyVM, AssertionMethod)
		if err != nil || second.ID != exampleKeyVM || second.Controller != exampleKeyDID ||
			!publicKeysEqual(second.PublicKey, want) || second.VerificationMethod.Controller != exampleKeyDID {
			t.Fatalf("%T: second retrieval: %+v, %v", resolver, second, err)
		}
		if _, err := r.WithUnsafeKeyFromFragment().Retrieve(ctx, exampleKeyVM, AssertionMethod); err != nil || resolved != 1 {
			t.Fatalf("%T: resolved %d times for one method (err %v)", resolver, resolved, err)
		}
		if m, err := r.Retrieve(ctx, exampleKeyVM, Authentication); err != nil || m.Relationship != Authentication || resolved != 2 {
			t.Fatalf("%T: another relationship: %+v, %v, %d resolutions", resolver, m, err, resolved)
		}
		for range 2 {
			if _, err := r.Retrieve(ctx, exampleKeyKA, AssertionMethod); !errors.Is(err, ErrNotInRelationship) {
				t.Fatalf("%T: key agreement key for assertionMethod: err = %v", resolver, err)
			}
		}
		if resolved != 4 {
			t.Errorf("%T: a failure was cached: %d resolutions", resolver, resolved)
		}
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := r.Retrieve(cancelled, exampleKeyVM, AssertionMethod); err == nil {
			t.Errorf("%T: a cancelled retrieval succeeded from the cache", resolver)
		}
	}

	r := newTestRetriever(t, nil, RetrieverOptions{Resolver: kr})
	for i := range maxCachedMethods + 10 {
		s := make([]byte, ed25519.SeedSize)
		s[0], s[1] = byte(i), byte(i>>8)
		mb, err := EncodeMultikey(ed25519.NewKeyFromSeed(s).Public().(ed25519.PublicKey))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Retrieve(ctx, "did:key:"+mb+"#"+mb, AssertionMethod); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(r.keys.m); n == 0 || n > maxCachedMethods {
		t.Errorf("%d methods cached, bound %d", n, maxCachedMethods)
	}

	resolved = 0
	other := newTestRetriever(t, nil, RetrieverOptions{Resolver: countingResolver{kr}})
	for range 3 {
		if _, err := other.Retrieve(ctx, exampleKeyVM, AssertionMethod); err != nil {
			t.Fatal(err)
		}
	}
	if resolved != 3 || other.keys != nil {
		t.Errorf("a Resolver of another kind was asked %d times for 3 retrievals (cache %v)", resolved, other.keys != nil)
	}
}
