package did

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"
)

func TestJWKVectors(t *testing.T) {
	data, err := os.ReadFile("testdata/did-key/test-vectors/nist-curves.json")
	if err != nil {
		t.Fatal(err)
	}
	var vectors map[string]struct {
		VerificationMethod struct {
			PublicKeyJwk  json.RawMessage `json:"publicKeyJwk"`
			PrivateKeyJwk json.RawMessage `json:"privateKeyJwk"`
		} `json:"verificationMethod"`
	}
	json.Unmarshal(data, &vectors)
	n := 0
	for did, v := range vectors {
		if len(v.VerificationMethod.PublicKeyJwk) == 0 {
			continue
		}
		n++
		mb, err := JWKToMultikey(v.VerificationMethod.PublicKeyJwk)
		if err != nil || "did:key:"+mb != did {
			t.Errorf("%s: JWK converts to %q, %v", did, mb, err)
		}
		jwk, err := MultikeyToJWK(strings.TrimPrefix(did, "did:key:"))
		if err != nil || !sameJSON(t, jwk, v.VerificationMethod.PublicKeyJwk) {
			t.Errorf("%s: Multikey converts to %s, %v", did, jwk, err)
		}
		if _, err := ParsePublicJWK(v.VerificationMethod.PrivateKeyJwk); !errors.Is(err, ErrPrivateJWKMember) {
			t.Errorf("%s: private JWK in a public context: %v", did, err)
		}
		signer, err := ParsePrivateJWK(v.VerificationMethod.PrivateKeyJwk)
		if err != nil {
			t.Errorf("%s: ParsePrivateJWK: %v", did, err)
			continue
		}
		if got, _ := DIDKey(signer.Public()); got != did {
			t.Errorf("%s: private key derives %s", did, got)
		}
	}
	if n != 6 {
		t.Errorf("checked %d JWK vectors, want 6", n)
	}
}

func TestJWKRoundTripWithGoJose(t *testing.T) {
	_, edPriv, _ := ed25519.GenerateKey(rand.Reader)
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	rsaKey, err := GenerateRSAKey(2048, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, signer := range map[string]any{"Ed25519": edPriv, "P-256": p256, "RSA": rsaKey} {
		priv, err := MarshalPrivateJWK(signer)
		if err != nil {
			t.Fatal(name, err)
		}
		var jk jose.JSONWebKey
		if err := jk.UnmarshalJSON(priv); err != nil {
			t.Fatalf("%s: go-jose rejects our private JWK: %v", name, err)
		}
		back, err := ParsePrivateJWK(priv)
		if err != nil {
			t.Fatal(name, err)
		}
		pub, err := MarshalPublicJWK(back.Public())
		if err != nil {
			t.Fatal(name, err)
		}
		parsed, err := ParsePublicJWK(pub)
		if err != nil || !publicKeysEqual(parsed, back.Public()) || !publicKeysEqual(jk.Public().Key, parsed) {
			t.Errorf("%s: public JWK round trip failed: %v", name, err)
		}
	}
}

func TestParsePublicJWKErrors(t *testing.T) {
	const x = "igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns"
	const y = "efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM"
	const yBad = "efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIQ"
	const ed = "Lm_M42cB3HkUiODQsXRcweM6TByfzEHGO9ND274JcOY"
	cases := []struct {
		name, jwk string
		want      error
	}{
		{"not JSON", `{`, ErrJWKSyntax},
		{"array", `[]`, ErrJWKSyntax},
		{"null", `null`, ErrJWKSyntax},
		{"no kty", `{"crv":"Ed25519","x":"` + ed + `"}`, ErrJWKSyntax},
		{"kty not string", `{"kty":1}`, ErrJWKSyntax},
		{"Kty wrong case", `{"Kty":"OKP","crv":"Ed25519","x":"` + ed + `"}`, ErrJWKSyntax},
		{"unknown kty", `{"kty":"XYZ"}`, ErrUnknownJWKType},
		{"oct", `{"kty":"oct"}`, ErrUnknownJWKType},
		{"oct with k", `{"kty":"oct","k":"AAAA"}`, ErrPrivateJWKMember},
		{"unknown OKP crv", `{"kty":"OKP","crv":"Ed448","x":"` + ed + `"}`, ErrUnknownJWKType},
		{"unknown EC crv", `{"kty":"EC","crv":"P-192","x":"` + x + `","y":"` + y + `"}`, ErrUnknownJWKType},
		{"EC crv on OKP", `{"kty":"OKP","crv":"P-256","x":"` + x + `"}`, ErrKeyTypeMismatch},
		{"OKP crv on EC", `{"kty":"EC","crv":"Ed25519","x":"` + ed + `"}`, ErrKeyTypeMismatch},
		{"private d", `{"kty":"OKP","crv":"Ed25519","x":"` + ed + `","d":"` + ed + `"}`, ErrPrivateJWKMember},
		{"private p", `{"kty":"RSA","n":"AQAB","e":"AQAB","p":"AQAB"}`, ErrPrivateJWKMember},
		{"private oth", `{"kty":"RSA","n":"AQAB","e":"AQAB","oth":[]}`, ErrPrivateJWKMember},
		{"missing x", `{"kty":"OKP","crv":"Ed25519"}`, ErrJWKSyntax},
		{"padded base64", `{"kty":"OKP","crv":"Ed25519","x":"` + ed + `="}`, ErrJWKSyntax},
		{"standard base64", `{"kty":"OKP","crv":"Ed25519","x":"Lm/M42cB3HkUiODQsXRcweM6TByfzEHGO9ND274JcOY"}`, ErrJWKSyntax},
		{"ed25519 short", `{"kty":"OKP","crv":"Ed25519","x":"` + ed[:40] + `"}`, ErrKeyLength},
		{"x25519 short", `{"kty":"OKP","crv":"X25519","x":"` + ed[:40] + `"}`, ErrKeyLength},
		{"p256 short x", `{"kty":"EC","crv":"P-256","x":"` + x[:40] + `","y":"` + y + `"}`, ErrKeyLength},
		{"p384 with p256 coordinates", `{"kty":"EC","crv":"P-384","x":"` + x + `","y":"` + y + `"}`, ErrKeyLength},
		{"p256 missing y", `{"kty":"EC","crv":"P-256","x":"` + x + `"}`, ErrJWKSyntax},
		{"p256 off curve", `{"kty":"EC","crv":"P-256","x":"` + x + `","y":"` + yBad + `"}`, ErrPointNotOnCurve},
		{"secp256k1 off curve", `{"kty":"EC","crv":"secp256k1","x":"` + x + `","y":"` + yBad + `"}`, ErrPointNotOnCurve},
		{"rsa small", `{"kty":"RSA","n":"` + strings.Repeat("A", 11) + `B","e":"AQAB"}`, ErrKeyLength},
		{"rsa even exponent", `{"kty":"RSA","n":"AQAB","e":"Ag"}`, ErrInvalidKey},
		{"rsa missing n", `{"kty":"RSA","e":"AQAB"}`, ErrJWKSyntax},
	}
	for _, c := range cases {
		if _, err := ParsePublicJWK([]byte(c.jwk)); !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
}

func FuzzParsePublicJWK(f *testing.F) {
	f.Add([]byte(`{"kty":"OKP","crv":"Ed25519","x":"Lm_M42cB3HkUiODQsXRcweM6TByfzEHGO9ND274JcOY"}`))
	f.Add([]byte(`{"kty":"EC","crv":"P-256","x":"igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns","y":"efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM"}`))
	f.Add([]byte(`{"kty":"RSA","n":"AQAB","e":"AQAB"}`))
	f.Add([]byte(`{"kty":"OKP","crv":"X25519","x":"bl_3kgKpz9jgsg350CNuHa_kQL3B60Gi-98WmdQW2h8"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		pub, err := ParsePublicJWK(data)
		if err != nil {
			if PublicKeyErrorCode(err) == CodeInternalError {
				t.Fatalf("unclassified error %v", err)
			}
			return
		}
		out, err := MarshalPublicJWK(pub)
		if err != nil {
			t.Fatalf("parsed key does not marshal: %v", err)
		}
		again, err := ParsePublicJWK(out)
		if err != nil || !publicKeysEqual(again, pub) {
			t.Fatalf("round trip failed: %v", err)
		}
	})
}
