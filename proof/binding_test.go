package proof

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/did"
)

// TestIssuerBinds: the one binding rule, for every kind of key source.
func TestIssuerBinds(t *testing.T) {
	const issuer = "https://example.edu/issuers/1"
	cases := []struct {
		name string
		m    did.Method
		want bool
	}{
		{"controller is another party", did.Method{Controller: "did:key:z6Mk1", Source: did.SourceDIDDocument}, false},
		{"DID document of the issuer", did.Method{Controller: issuer, Source: did.SourceDIDDocument}, true},
		{"controller document of the issuer", did.Method{Controller: issuer, Source: did.SourceControllerDocument}, true},
		{"JWK Set on the issuer's host", did.Method{ID: "https://example.edu/.well-known/jwks.json#k1", Controller: "https://example.edu/.well-known/jwks.json", Source: did.SourceJWKDocument}, true},
		{"JWK Set on the issuer's host, other case", did.Method{ID: "https://EXAMPLE.edu/jwks.json", Controller: "https://EXAMPLE.edu/jwks.json", Source: did.SourceJWKDocument}, true},
		{"JWK Set on another host", did.Method{ID: "https://example.com/jwks.json#k1", Controller: "https://example.com/jwks.json", Source: did.SourceJWKDocument}, false},
		{"JWK Set over http", did.Method{ID: "http://example.edu/jwks.json#k1", Controller: "http://example.edu/jwks.json", Source: did.SourceJWKDocument}, false},
		{"JWK Set with user info", did.Method{ID: "https://u@example.edu/jwks.json#k1", Controller: "https://u@example.edu/jwks.json", Source: did.SourceJWKDocument}, false},
		{"a controller document on the issuer's host is not enough", did.Method{ID: "https://example.edu/keys#k1", Controller: "https://example.edu/keys", Source: did.SourceControllerDocument}, false},
		{"fragment key naming the issuer", did.Method{Controller: issuer, Source: did.SourceMultibaseFragment}, true},
		{"unbound jwk header", did.Method{Controller: issuer, Source: KeySourceUnboundJWK}, true},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, IssuerBinds(&c.m, issuer), c.name)
	}
	assert.False(t, IssuerBinds(&did.Method{Controller: ""}, ""), "no issuer binds nothing")

	res := &Outcome{Proofs: []ProofOutcome{
		{Verified: false, Controller: issuer},
		{Verified: true, Controller: "did:key:z6Mk1"},
		{Verified: true, Controller: issuer, KeySource: did.SourceControllerDocument},
	}}
	assert.Equal(t, 2, res.IssuerProof(issuer))
	assert.Equal(t, 1, res.IssuerProof("did:key:z6Mk1"))
	assert.Equal(t, -1, res.IssuerProof("did:example:nobody"))
}

// obToken signs an OB 3.0 VC-JWT by hand with priv: the header and claims
// as given, so that the tests can leave out or add what the signer would
// not.
func obToken(t *testing.T, priv ed25519.PrivateKey, header map[string]any, claims map[string]any) string {
	t.Helper()
	h, err := json.Marshal(header)
	require.NoError(t, err)
	p, err := json.Marshal(claims)
	require.NoError(t, err)
	input := b64(h) + "." + b64(p)
	return input + "." + b64(ed25519.Sign(priv, []byte(input)))
}

// obClaims is a credential by issuer with its registered claims.
func obClaims(issuer string) map[string]any {
	return map[string]any{
		"@context": []any{"https://www.w3.org/ns/credentials/v2"}, "id": "urn:uuid:1", "type": []any{"VerifiableCredential"},
		"issuer": issuer, "validFrom": "2024-06-01T00:00:00Z", "credentialSubject": map[string]any{"id": "did:example:s"},
		"iss": issuer, "sub": "did:example:s", "jti": "urn:uuid:1", "nbf": 1717200000,
	}
}

// TestJWTOBHeadersAndClaims: header parameters OB 3.0 does not allow and
// registered claims it requires but the token lacks are reported, not
// failed; a claim that disagrees with the credential still fails.
func TestJWTOBHeadersAndClaims(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(nil)
	require.NoError(t, err)
	issuer, err := did.DIDKey(pub)
	require.NoError(t, err)
	kid := issuer + "#" + issuer[len("did:key:"):]
	v := jwtVerifier(t, JWTVerifierOptions{})
	ctx := context.Background()

	res, err := v.Verify(ctx, []byte(obToken(t, priv, map[string]any{"alg": "EdDSA", "kid": kid, "typ": "JWT"}, obClaims(issuer))))
	require.NoError(t, err)
	assert.Empty(t, res.OtherHeaders)
	assert.Empty(t, res.MissingClaims)

	res, err = v.Verify(ctx, []byte(obToken(t, priv, map[string]any{"alg": "EdDSA", "kid": kid, "x5u": "https://example.edu/c", "cty": "vc"}, obClaims(issuer))))
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"x5u", "cty"}, res.OtherHeaders)

	claims := obClaims(issuer)
	delete(claims, "sub")
	delete(claims, "nbf")
	res, err = v.Verify(ctx, []byte(obToken(t, priv, map[string]any{"alg": "EdDSA", "kid": kid}, claims)))
	require.NoError(t, err)
	assert.Equal(t, []string{"sub", "nbf"}, res.MissingClaims)

	claims = obClaims(issuer)
	claims["sub"] = "did:example:someone-else"
	_, err = v.Verify(ctx, []byte(obToken(t, priv, map[string]any{"alg": "EdDSA", "kid": kid}, claims)))
	assert.ErrorIs(t, err, ErrJWTClaims)
}

// TestJWTUnboundHeaderJWK: the 1EdTech validator's way with jwk headers
// is opt-in, reported by its key source, and never lets a jwk stand in for
// a kid that names another key.
func TestJWTUnboundHeaderJWK(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(nil)
	require.NoError(t, err)
	const issuer = "https://example.edu/issuers/1"
	jwk := json.RawMessage(mustJWK(t, pub))
	ctx := context.Background()
	strict := jwtVerifier(t, JWTVerifierOptions{})
	lenient := jwtVerifier(t, JWTVerifierOptions{UnboundHeaderJWK: true})

	jwkOnly := []byte(obToken(t, priv, map[string]any{"alg": "EdDSA", "jwk": jwk}, obClaims(issuer)))
	_, err = strict.Verify(ctx, jwkOnly)
	assert.ErrorIs(t, err, ErrJWTKey, "an https issuer does not vouch for a jwk header")
	res, err := lenient.Verify(ctx, jwkOnly)
	require.NoError(t, err)
	assert.Equal(t, KeySourceUnboundJWK, res.KeySource)

	// A kid that cannot be retrieved (no HTTP client) with a jwk header.
	unfetchable := []byte(obToken(t, priv, map[string]any{"alg": "EdDSA", "kid": issuer + "#key-1", "jwk": jwk}, obClaims(issuer)))
	_, err = strict.Verify(ctx, unfetchable)
	assert.ErrorIs(t, err, ErrJWTKey)
	res, err = lenient.Verify(ctx, unfetchable)
	require.NoError(t, err)
	assert.Equal(t, KeySourceUnboundJWK, res.KeySource)

	// A kid that is retrieved and names another key than the jwk header.
	otherPub, _, err := ed25519.GenerateKey(nil)
	require.NoError(t, err)
	other, err := did.DIDKey(otherPub)
	require.NoError(t, err)
	claims := obClaims(other)
	mismatch := []byte(obToken(t, priv, map[string]any{"alg": "EdDSA", "kid": other + "#" + other[len("did:key:"):], "jwk": jwk}, claims))
	_, err = lenient.Verify(ctx, mismatch)
	assert.True(t, errors.Is(err, ErrJWTKey), "%v", err)

	// A kid the issuer's DID document lists, but for authentication only,
	// with another key in the jwk header: the document was retrieved, so
	// the jwk does not stand in for it.
	owner, _, err := ed25519.GenerateKey(nil)
	require.NoError(t, err)
	mk, err := did.EncodeMultikey(owner)
	require.NoError(t, err)
	const didIssuer = "did:example:issuer"
	doc, err := did.ParseDocument([]byte(`{"@context":["https://www.w3.org/ns/did/v1"],"id":"` + didIssuer + `",` +
		`"verificationMethod":[{"id":"` + didIssuer + `#k1","type":"Multikey","controller":"` + didIssuer + `","publicKeyMultibase":"` + mk + `"}],` +
		`"authentication":["` + didIssuer + `#k1"]}`))
	require.NoError(t, err)
	mr, err := did.NewMultiResolver(map[string]did.Resolver{"example": fixedResolver{doc}})
	require.NoError(t, err)
	r, err := did.NewRetriever(did.RetrieverOptions{Resolver: mr})
	require.NoError(t, err)
	authOnly := []byte(obToken(t, priv, map[string]any{"alg": "EdDSA", "kid": didIssuer + "#k1", "jwk": jwk}, obClaims(didIssuer)))
	for name, opts := range map[string]JWTVerifierOptions{"strict": {Retriever: r}, "lenient": {Retriever: r, UnboundHeaderJWK: true}} {
		_, err = jwtVerifier(t, opts).Verify(ctx, authOnly)
		assert.ErrorIs(t, err, did.ErrNotInRelationship, name)
	}

	// The signature is still checked with the jwk.
	_, wrong, err := ed25519.GenerateKey(nil)
	require.NoError(t, err)
	forged := []byte(obToken(t, wrong, map[string]any{"alg": "EdDSA", "jwk": jwk}, obClaims(issuer)))
	_, err = lenient.Verify(ctx, forged)
	assert.ErrorIs(t, err, ErrJWTSignature)
}

// TestIsCompactJWT: the forms the detection accepts and refuses.
func TestIsCompactJWT(t *testing.T) {
	for in, want := range map[string]bool{
		"a.b.c": true, " a.b.c\n": true, "a.b.": true, "eyJ-_.X_-9.sig": true,
		".b.c": false, "a..c": false, "a.b": false, "a.b.c.d": false, "a.b.c~": false, "": false, "{}": false,
		"a.b.c d": false, "a.é.c": false, "a+b.c.d": false, "a/b.c.d": false, "a.b.c=": false,
	} {
		if got := IsCompactJWT([]byte(in)); got != want {
			t.Errorf("IsCompactJWT(%q) = %v", in, got)
		}
	}
	for in, want := range map[string]bool{"a.b.c~": true, "a.b.c~d~": true, " a.b.c~\n": true, "a.b.c": false, "a..c~": false, "~": false} {
		if got := IsSDJWT([]byte(in)); got != want {
			t.Errorf("IsSDJWT(%q) = %v", in, got)
		}
	}
	if n := testing.AllocsPerRun(10, func() { IsSDJWT([]byte(`{"a": "b.c.d"}`)); IsCompactJWT([]byte(`{"a": 1}`)) }); n > 0 {
		t.Errorf("%v allocations to tell a JSON document from a JWT", n)
	}
}

// fixedResolver resolves every DID of its method to one document.
type fixedResolver struct{ doc *did.Document }

func (r fixedResolver) Resolve(context.Context, string) (*did.Resolution, error) {
	return &did.Resolution{Document: r.doc}, nil
}
