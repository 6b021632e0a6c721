package proof

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/clrkit/clrkit/did"
)

// jwtNow is inside the validity of the interop credentials
// (2024-06-01 to 2034-06-01).
var jwtNow = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

func jwtRead(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func jwtRetriever(t testing.TB) *did.Retriever {
	t.Helper()
	kr, err := did.NewKeyResolver(did.KeyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	mr, err := did.NewMultiResolver(map[string]did.Resolver{"key": kr, "jwk": did.JWKResolver{}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := did.NewRetriever(did.RetrieverOptions{Resolver: mr})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func jwtVerifier(t testing.TB, opts JWTVerifierOptions) *JWTVerifier {
	t.Helper()
	if opts.Retriever == nil {
		opts.Retriever = jwtRetriever(t)
	}
	if opts.Now == nil {
		opts.Now = func() time.Time { return jwtNow }
	}
	v, err := NewJWTVerifier(opts)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func jwtKeyFile(t testing.TB, path string) *did.KeyFile {
	t.Helper()
	k, err := did.ParseKeyFile(jwtRead(t, path))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestJWTInteropVerify(t *testing.T) {
	v := jwtVerifier(t, JWTVerifierOptions{})
	for name, form := range map[string]JWTForm{
		"ob3-basic.eddsa.jwt": JWTFormOB3, "ob3-basic.eddsa.vc-claim.jwt": JWTFormVCClaim, "ob3-basic.es256.jwt": JWTFormOB3,
	} {
		res, err := v.Verify(context.Background(), jwtRead(t, "jwt/"+name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if res.Form != form || !res.Verified || res.Controller != res.Issuer || !strings.HasPrefix(res.KeyID, res.Issuer+"#") {
			t.Errorf("%s: %+v", name, res)
		}
		if !json.Valid(res.Credential) || !bytes.Contains(res.Credential, []byte(`"Teamwork Badge"`)) {
			t.Errorf("%s: credential %s", name, res.Credential)
		}
	}
}

func TestJWTSignInterop(t *testing.T) {
	ed := jwtKeyFile(t, "interop/keys/issuer-ed25519.json")
	unsigned := jwtRead(t, "interop/unsigned/ob3-basic.json")
	v := jwtVerifier(t, JWTVerifierOptions{})
	for _, c := range []struct {
		form JWTForm
		want string
	}{{JWTFormOB3, "jwt/ob3-basic.eddsa.jwt"}, {JWTFormVCClaim, "jwt/ob3-basic.eddsa.vc-claim.jwt"}} {
		tok, err := SignJWTWithKeyFile(unsigned, ed, JWTSignOptions{Form: c.form})
		if err != nil {
			t.Fatal(err)
		}
		if want := strings.TrimSpace(string(jwtRead(t, c.want))); tok != want {
			t.Errorf("%s: not byte-identical to the JavaScript token\n got %s\nwant %s", c.form, tok, want)
		}
		if _, err := v.Verify(context.Background(), []byte(tok)); err != nil {
			t.Errorf("%s: %v", c.form, err)
		}
	}
	// ES256 with the P-256 key over the P-256 issuer's credential: ECDSA is
	// randomized, so check the header, the claims and that it verifies.
	p256 := jwtKeyFile(t, "interop/keys/issuer-p256.json")
	tok, err := SignJWTWithKeyFile(jwtRead(t, "jwt/ob3-basic.p256.json"), p256, JWTSignOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := v.Verify(context.Background(), []byte(tok))
	if err != nil || res.Algorithm != ES256 || res.KeyID != p256.ID {
		t.Fatalf("%v %+v", err, res)
	}
	h, p := jwtParts(t, tok)
	if string(h) != `{"alg":"ES256","kid":"`+p256.ID+`","typ":"JWT"}` {
		t.Errorf("header %s", h)
	}
	if !bytes.HasSuffix(p, []byte(`,"iss":"did:key:zDnaeteTq9DMPXmfz25AKTbKxQ2sUvr1QfJqpf2EmZa7yytWx","sub":"did:example:ebfeb1f712ebc6f1c276e12ec21","jti":"urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002","nbf":1717200000,"exp":2032732800}`)) {
		t.Errorf("claims %s", p)
	}
	// A jwk header instead of kid: bound because the issuer is that key's
	// did:key.
	tok, err = SignJWTWithKeyFile(unsigned, ed, JWTSignOptions{EmbedJWK: true})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := v.Verify(context.Background(), []byte(tok)); err != nil || res.KeySource != KeySourceHeaderJWK {
		t.Fatalf("%v %+v", err, res)
	}
}

// TestJWTAlgorithms signs with every algorithm through a crypto.Signer the
// package knows nothing about, and verifies with a did:jwk issuer.
func TestJWTAlgorithms(t *testing.T) {
	v := jwtVerifier(t, JWTVerifierOptions{Algorithms: []string{RS256, PS256, ES256, ES384, ES512, EdDSA}})
	for _, c := range []struct {
		kt  did.KeyType
		alg string
	}{{did.KeyTypeEd25519, EdDSA}, {did.KeyTypeP256, ES256}, {did.KeyTypeP384, ES384}, {did.KeyTypeRSA, RS256}, {did.KeyTypeRSA, PS256}} {
		key, err := did.GenerateKey(c.kt, nil)
		if err != nil {
			t.Fatal(err)
		}
		iss, err := did.DIDJWK(key.Public())
		if err != nil {
			t.Fatal(err)
		}
		cred := jwtCredential(iss)
		tok, err := SignJWT(cred, opaqueSigner{key}, JWTSignOptions{Algorithm: c.alg, KeyID: iss + "#0"})
		if err != nil {
			t.Fatal(err)
		}
		if res, err := v.Verify(context.Background(), []byte(tok)); err != nil || res.Algorithm != c.alg {
			t.Errorf("%s: %v", c.alg, err)
		}
	}
}

// opaqueSigner hides the key's concrete type, as an HSM handle would.
type opaqueSigner struct{ s crypto.Signer }

func (o opaqueSigner) Public() crypto.PublicKey { return o.s.Public() }
func (o opaqueSigner) Sign(r io.Reader, d []byte, opts crypto.SignerOpts) ([]byte, error) {
	return o.s.Sign(r, d, opts)
}

func jwtCredential(issuer string) []byte {
	return []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:uuid:1","type":["VerifiableCredential"],"issuer":"` + issuer +
		`","validFrom":"2024-06-01T00:00:00Z","validUntil":"2034-06-01T00:00:00Z","credentialSubject":{"id":"did:example:s"}}`)
}

func jwtParts(t testing.TB, tok string) (header, payload []byte) {
	t.Helper()
	p := strings.Split(tok, ".")
	h, err1 := base64.RawURLEncoding.DecodeString(p[0])
	b, err2 := base64.RawURLEncoding.DecodeString(p[1])
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	return h, b
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// TestJWTAttacks runs the classic JWT attacks against the verifier.
func TestJWTAttacks(t *testing.T) {
	v := jwtVerifier(t, JWTVerifierOptions{})
	ctx := context.Background()
	good := strings.TrimSpace(string(jwtRead(t, "jwt/ob3-basic.eddsa.jwt")))
	parts := strings.Split(good, ".")
	hdr, payload := jwtParts(t, good)
	ed := jwtKeyFile(t, "interop/keys/issuer-ed25519.json")
	edPub, _ := ed.PublicKey()
	other, _ := did.GenerateKey(did.KeyTypeEd25519, nil)
	otherDID, _ := did.DIDKey(other.Public())
	otherKid := otherDID + "#" + strings.TrimPrefix(otherDID, "did:key:")

	resign := func(h, p []byte, key crypto.Signer) string {
		in := b64(h) + "." + b64(p)
		sig, err := jwsSign(key, EdDSA, []byte(in), nil)
		if err != nil {
			t.Fatal(err)
		}
		return in + "." + b64(sig)
	}
	hs256 := func() string {
		h := []byte(`{"alg":"HS256","kid":"` + ed.ID + `","typ":"JWT"}`)
		in := b64(h) + "." + parts[1]
		m := hmac.New(sha256.New, []byte(edPub.(ed25519.PublicKey)))
		m.Write([]byte(in))
		return in + "." + b64(m.Sum(nil))
	}()
	privJWK, _ := did.MarshalPrivateJWK(mustSigner(t, ed))
	otherIssuerPayload := bytes.ReplaceAll(payload, []byte(ed.Controller), []byte(otherDID))

	cases := []struct {
		name string
		tok  string
		want error
	}{
		{"alg none", b64([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + ".", ErrJWTAlgorithm},
		{"alg none with signature", b64([]byte(`{"alg":"none","kid":"`+ed.ID+`"}`)) + "." + parts[1] + "." + parts[2], ErrJWTAlgorithm},
		{"HS256 with the public key bytes", hs256, ErrJWTAlgorithm},
		{"kid of another issuer", resign(bytes.Replace(hdr, []byte(ed.ID), []byte(otherKid), 1), payload, other), ErrIssuerBinding},
		{"jwk with private members", resign([]byte(`{"alg":"EdDSA","jwk":`+string(privJWK)+`,"typ":"JWT"}`), payload, mustSigner(t, ed)), ErrJWTKey},
		{"jwk of another key, unbound", resign([]byte(`{"alg":"EdDSA","jwk":`+string(mustJWK(t, other.Public()))+`,"typ":"JWT"}`), payload, other), ErrJWTKey},
		{"jwk next to kid, not the kid's key", resign([]byte(`{"alg":"EdDSA","kid":"`+ed.ID+`","jwk":`+string(mustJWK(t, other.Public()))+`}`), payload, other), ErrJWTKey},
		{"re-signed with a different key", resign(hdr, payload, other), ErrJWTSignature},
		{"re-signed by another issuer's key, its own DID throughout", resign(bytes.Replace(hdr, []byte(ed.ID), []byte(otherKid), 1), otherIssuerPayload, other), nil},
		{"header tampered", b64(bytes.Replace(hdr, []byte(`"typ":"JWT"`), []byte(`"typ":"JWT","x":1`), 1)) + "." + parts[1] + "." + parts[2], ErrJWTSignature},
		{"payload tampered", parts[0] + "." + b64(bytes.Replace(payload, []byte("Teamwork Badge"), []byte("Teamwork Badgf"), 1)) + "." + parts[2], ErrJWTSignature},
		{"signature tampered", parts[0] + "." + parts[1] + "." + b64(append(mustB64(t, parts[2])[1:], 0)), ErrJWTSignature},
		{"alg off the allowlist", resignAlg(t, hdr, payload, "ES512"), ErrJWTAlgorithm},
		{"iss disagrees", resign(hdr, bytes.Replace(payload, []byte(`"iss":"`+ed.Controller), []byte(`"iss":"`+otherDID), 1), mustSigner(t, ed)), ErrJWTClaims},
		{"jti disagrees", resign(hdr, bytes.Replace(payload, []byte(`"jti":"urn:uuid:9`), []byte(`"jti":"urn:uuid:8`), 1), mustSigner(t, ed)), ErrJWTClaims},
		{"nbf disagrees", resign(hdr, bytes.Replace(payload, []byte(`"nbf":1717200000`), []byte(`"nbf":1717200001`), 1), mustSigner(t, ed)), ErrJWTClaims},
		{"no kid nor jwk", resign([]byte(`{"alg":"EdDSA"}`), payload, mustSigner(t, ed)), ErrJWTKey},
		{"unknown typ", resign([]byte(`{"alg":"EdDSA","kid":"`+ed.ID+`","typ":"at+jwt"}`), payload, mustSigner(t, ed)), ErrJWTForm},
		{"vc claim in vc+jwt", resign([]byte(`{"alg":"EdDSA","kid":"`+ed.ID+`","typ":"vc+jwt"}`), []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"issuer":"`+ed.Controller+`","vc":{}}`), mustSigner(t, ed)), ErrJWTForm},
		{"not a JWT", "{}", ErrMalformedJWT},
	}
	for _, c := range cases {
		_, err := v.Verify(ctx, []byte(c.tok))
		if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
	// Expired and not yet valid, with and without skew.
	for _, c := range []struct {
		now  time.Time
		skew time.Duration
		want error
	}{
		{time.Unix(1717200000-10, 0), 0, ErrJWTNotYetValid},
		{time.Unix(1717200000-10, 0), time.Minute, nil},
		{time.Unix(2032732800, 0), 0, ErrJWTExpired},
		{time.Unix(2032732800+10, 0), time.Minute, nil},
	} {
		v := jwtVerifier(t, JWTVerifierOptions{Now: func() time.Time { return c.now }, Skew: c.skew})
		if _, err := v.Verify(ctx, []byte(good)); c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("at %s skew %s: %v", c.now, c.skew, err)
		}
	}
	for _, algs := range [][]string{{"none"}, {"HS256"}, {}} {
		if _, err := NewJWTVerifier(JWTVerifierOptions{Retriever: jwtRetriever(t), Algorithms: algs}); err == nil {
			t.Errorf("NewJWTVerifier accepted %q", algs)
		}
	}
}

func resignAlg(t *testing.T, hdr, payload []byte, alg string) string {
	h := bytes.Replace(hdr, []byte(`"EdDSA"`), []byte(`"`+alg+`"`), 1)
	return b64(h) + "." + b64(payload) + "." + b64(make([]byte, 132))
}

func mustSigner(t testing.TB, k *did.KeyFile) crypto.Signer {
	s, err := k.Signer()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustJWK(t testing.TB, pub crypto.PublicKey) []byte {
	j, err := did.MarshalPublicJWK(pub)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func mustB64(t testing.TB, s string) []byte {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSignJWTAlgorithmMismatch: an algorithm that does not fit the key is
// refused with ErrJWTAlgorithm, naming the key and the algorithms that fit.
func TestSignJWTAlgorithmMismatch(t *testing.T) {
	_, ed, _ := ed25519.GenerateKey(nil)
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	cred := []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"issuer":"https://example.edu","credentialSubject":{"id":"did:example:1"}}`)
	for _, tt := range []struct {
		key       crypto.Signer
		alg, want string
	}{
		{ed, ES256, `"ES256" does not fit an Ed25519 key; it signs with EdDSA`},
		{p256, EdDSA, `"EdDSA" does not fit a P-256 key; it signs with ES256`},
		{p256, ES384, `"ES384" does not fit a P-256 key; it signs with ES256`},
		{rsaKey, ES256, `"ES256" does not fit an RSA key; it signs with RS256 or PS256`},
	} {
		_, err := SignJWT(cred, tt.key, JWTSignOptions{Algorithm: tt.alg, KeyID: "https://example.edu/keys/1"})
		if !errors.Is(err, ErrJWTAlgorithm) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v; want %q", tt.alg, err, tt.want)
		}
	}
}
