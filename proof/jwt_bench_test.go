package proof

import (
	"bytes"
	"context"
	"crypto/rand"
	"testing"

	"github.com/clrkit/clrkit/did"
)

// BenchmarkJWT signs and verifies ob3-basic as an OB 3.0 VC-JWT with
// EdDSA, ES256 and RS256 (verify includes the did:key or did:jwk
// retrieval). The RS256 issuer is a fresh 2048-bit key's did:jwk.
func BenchmarkJWT(b *testing.B) {
	v := jwtVerifier(b, JWTVerifierOptions{})
	run := func(name string, sign func() (string, error)) {
		tok, err := sign()
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name+"/sign", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := sign(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/verify", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v.Verify(context.Background(), []byte(tok)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	basic := jwtRead(b, "interop/unsigned/ob3-basic.json")
	ed := jwtKeyFile(b, "interop/keys/issuer-ed25519.json")
	run("EdDSA", func() (string, error) { return SignJWTWithKeyFile(basic, ed, JWTSignOptions{}) })
	p256Cred := jwtRead(b, "jwt/ob3-basic.p256.json")
	p256 := jwtKeyFile(b, "interop/keys/issuer-p256.json")
	run("ES256", func() (string, error) { return SignJWTWithKeyFile(p256Cred, p256, JWTSignOptions{}) })
	rsaKey, err := did.GenerateRSAKey(2048, rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	iss, err := did.DIDJWK(rsaKey.Public())
	if err != nil {
		b.Fatal(err)
	}
	rsaCred := bytes.ReplaceAll(basic, []byte(ed.Controller), []byte(iss))
	run("RS256", func() (string, error) { return SignJWT(rsaCred, rsaKey, JWTSignOptions{KeyID: iss + "#0"}) })
}
