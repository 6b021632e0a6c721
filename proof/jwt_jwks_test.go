package proof

import (
	"context"
	"crypto/ed25519"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/clrkit/clrkit/did"
)

// TestJWTKeyFromIssuerJWKS covers a kid that is an https URL of a JWK Set:
// the key is trusted for an issuer on the same https origin, and refused
// for an issuer elsewhere.
func TestJWTKeyFromIssuerJWKS(t *testing.T) {
	priv := ed25519.NewKeyFromSeed(make([]byte, 32))
	jwk, err := did.MarshalPublicJWK(priv.Public())
	if err != nil {
		t.Fatal(err)
	}
	set := `{"keys": [` + strings.Replace(string(jwk), "{", `{"kid":"k1",`, 1) + `]}`
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(set))
	}))
	defer srv.Close()
	// srv.Client() sends example.com to the test server.
	r, err := did.NewRetriever(did.RetrieverOptions{HTTPClient: srv.Client(), HTTP: did.HTTPOptions{AllowHosts: []string{"127.0.0.1"}}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := NewJWTVerifier(JWTVerifierOptions{Retriever: r, Now: func() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	token := func(issuer string) []byte {
		cred := `{"@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
			"id": "urn:uuid:1", "type": ["VerifiableCredential", "OpenBadgeCredential"], "issuer": "` + issuer + `",
			"validFrom": "2024-06-01T00:00:00Z", "credentialSubject": {"id": "did:example:learner", "type": "AchievementSubject"}}`
		tok, err := SignJWT([]byte(cred), priv, JWTSignOptions{KeyID: "https://example.com/.well-known/jwks.json#k1"})
		if err != nil {
			t.Fatal(err)
		}
		return []byte(tok)
	}
	res, err := v.Verify(context.Background(), token("https://example.com/issuers/1"))
	if err != nil || res.KeySource != did.SourceJWKDocument {
		t.Fatalf("same origin: %+v, %v", res, err)
	}
	if _, err := v.Verify(context.Background(), token("https://other.example/issuers/1")); !errors.Is(err, ErrIssuerBinding) {
		t.Fatalf("other origin: err = %v, want ErrIssuerBinding", err)
	}
}
