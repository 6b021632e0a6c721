// Package testkit is the hermetic kit the verification tests share: fixed
// Ed25519 keys with their did:key identifiers, a retriever that resolves
// did:key only (and, on request, did:web and https key documents served by
// an httptest TLS server), signing helpers with a fixed clock, and a fixed
// source of randomness for the builders.
//
// It is for tests only: no package outside _test files may import it.
package testkit

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/proof"
)

// Now is the fixed time every credential of the kit is issued and signed
// at; verify at Now (or later) for a credential to be valid.
var Now = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// Clock returns Now; give it to builders and verifiers.
func Clock() time.Time { return Now }

// Random returns a reader of fixed bytes, for builders that make ids.
func Random() *bytes.Reader { return bytes.NewReader(bytes.Repeat([]byte{7}, 4096)) }

// Key is a fixed signing key and the identifiers that go with it.
type Key struct {
	// Private is the Ed25519 key made from a seed of 32 equal bytes.
	Private ed25519.PrivateKey
	// DID is its did:key identifier (the issuer or holder id).
	DID string
	// VM is its verification method URL (DID#fingerprint).
	VM string
}

// NewKey returns the key whose seed is 32 bytes of seed.
func NewKey(t testing.TB, seed byte) Key {
	t.Helper()
	priv, err := did.Ed25519KeyFromSeed(bytes.Repeat([]byte{seed}, 32))
	if err != nil {
		t.Fatal(err)
	}
	id, err := did.DIDKey(priv.Public())
	if err != nil {
		t.Fatal(err)
	}
	return Key{Private: priv, DID: id, VM: id + "#" + strings.TrimPrefix(id, "did:key:")}
}

// Multikey is the key's public key in Multikey form.
func (k Key) Multikey(t testing.TB) string {
	t.Helper()
	mb, err := did.EncodeMultikey(k.Private.Public())
	if err != nil {
		t.Fatal(err)
	}
	return mb
}

// Sign adds an eddsa-rdfc-2022 assertion proof by k (with k.VM, created
// at Now unless opts say otherwise) to doc.
func (k Key) Sign(t testing.TB, doc []byte, opts ...proof.SignOptions) []byte {
	t.Helper()
	var o proof.SignOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.VerificationMethod == "" {
		o.VerificationMethod = k.VM
	}
	if o.Created.IsZero() {
		o.Created = Now
	}
	// Tests build credentials signed by the wrong party on purpose, to see
	// verifiers refuse them: the kit signs whatever it is asked to.
	o.CoSigner = true
	signed, err := proof.Sign(context.Background(), doc, k.Private, o)
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

// SignJSON marshals v and signs it as Sign does.
func (k Key) SignJSON(t testing.TB, v any, opts ...proof.SignOptions) []byte {
	t.Helper()
	doc, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return k.Sign(t, doc, opts...)
}

// SignJWT secures credential as a compact JWT by k, in the given form.
func (k Key) SignJWT(t testing.TB, credential []byte, form proof.JWTForm) string {
	// As Sign: the kit signs mis-bound JWTs when tests ask for them.
	t.Helper()
	tok, err := proof.SignJWT(credential, k.Private, proof.JWTSignOptions{KeyID: k.VM, Form: form, CoSigner: true})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// Retriever returns a retriever that resolves did:key only and fetches
// nothing.
func Retriever(t testing.TB) *did.Retriever {
	t.Helper()
	kr, err := did.NewKeyResolver(did.KeyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := did.NewRetriever(did.RetrieverOptions{Resolver: kr})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// WebServer is an httptest TLS server standing in for any https host: its
// Client trusts its certificate and dials it whatever the host name, so
// https://example.com/... and did:web:issuer.example.com reach it (the client of httptest dials the server for example.com and its subdomains only). Pages are
// registered by host and path.
type WebServer struct {
	*httptest.Server
	mu    sync.Mutex
	pages map[string][]byte
	hits  int
}

// NewWebServer starts a server that is closed when the test ends.
func NewWebServer(t testing.TB) *WebServer {
	s := &WebServer{pages: map[string][]byte{}}
	s.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits++
		body, ok := s.pages[r.Host+r.URL.Path]
		s.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	t.Cleanup(s.Close)
	return s
}

// Handle serves body at https://hostPath (host and path, no scheme).
func (s *WebServer) Handle(hostPath string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[hostPath] = body
}

// Hits is how many requests the server has answered.
func (s *WebServer) Hits() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits
}

// ServeDIDWeb publishes a did:web document for did:web:<host>, with k as
// its key-1, listed for assertionMethod and authentication. It returns the
// DID and the verification method URL.
func (s *WebServer) ServeDIDWeb(t testing.TB, host string, k Key) (id, vm string) {
	t.Helper()
	id = "did:web:" + host
	vm = id + "#key-1"
	doc := map[string]any{
		"@context": []string{"https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"},
		"id":       id,
		"verificationMethod": []map[string]any{{
			"id": vm, "type": "Multikey", "controller": id, "publicKeyMultibase": k.Multikey(t),
		}},
		"assertionMethod": []string{vm},
		"authentication":  []string{vm},
	}
	body, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	s.Handle(host+"/.well-known/did.json", body)
	return id, vm
}

// ServeController publishes an https controller document at
// https://<host><path> with k as its #key-1 assertion method. It returns
// the controller URL and the verification method URL.
func (s *WebServer) ServeController(t testing.TB, host, path string, k Key) (id, vm string) {
	t.Helper()
	id = "https://" + host + path
	vm = id + "#key-1"
	doc := map[string]any{
		"@context": []string{"https://www.w3.org/ns/cid/v1"},
		"id":       id,
		"verificationMethod": []map[string]any{{
			"id": vm, "type": "Multikey", "controller": id, "publicKeyMultibase": k.Multikey(t),
		}},
		"assertionMethod": []string{vm},
	}
	body, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	s.Handle(host+path, body)
	return id, vm
}

// WebRetriever returns a retriever that resolves did:key and did:web and
// fetches https key documents, all through s.
func (s *WebServer) WebRetriever(t testing.TB) *did.Retriever {
	t.Helper()
	kr, err := did.NewKeyResolver(did.KeyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	web, err := did.NewWebResolver(s.Client(), did.HTTPOptions{CacheSize: -1, AllowHosts: []string{"127.0.0.1"}})
	if err != nil {
		t.Fatal(err)
	}
	multi, err := did.NewMultiResolver(map[string]did.Resolver{"key": kr, "web": web})
	if err != nil {
		t.Fatal(err)
	}
	r, err := did.NewRetriever(did.RetrieverOptions{Resolver: multi, HTTPClient: s.Client(), HTTP: did.HTTPOptions{CacheSize: -1, AllowHosts: []string{"127.0.0.1"}}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}
