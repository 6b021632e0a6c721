package proof

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/multiformats/go-multibase"

	"github.com/clrkit/clrkit/did"
)

func p256Key(t testing.TB) crypto.Signer {
	t.Helper()
	kf, err := did.ParseKeyFile(readTestdata(t, "interop-p256/issuer-p256.json"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := kf.Signer()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// ecdsaCredential returns ob3-basic with its issuer replaced by issuer.
func ecdsaCredential(t testing.TB, issuer string) []byte {
	t.Helper()
	ed := interopKey(t, "issuer-ed25519").Controller
	return []byte(strings.ReplaceAll(string(readTestdata(t, "interop/unsigned/ob3-basic.json")), ed, issuer))
}

// TestECDSARDFC2019RoundTrip signs with ecdsa-rdfc-2019 using the interop
// P-256 key and a fresh P-384 key, checks the signature's form, and
// verifies the result.
func TestECDSARDFC2019RoundTrip(t *testing.T) {
	p384, err := did.GenerateKey(did.KeyTypeP384, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	p384DID, err := did.DIDKey(p384.Public())
	if err != nil {
		t.Fatal(err)
	}
	p256 := p256Key(t)
	p256File, _ := did.ParseKeyFile(readTestdata(t, "interop-p256/issuer-p256.json"))
	tests := []struct {
		name, issuer, vm string
		key              crypto.Signer
		sigLen, hashLen  int
	}{
		{"P-256", p256File.Controller, p256File.ID, p256, 64, 64},
		{"P-384", p384DID, p384DID + "#" + strings.TrimPrefix(p384DID, "did:key:"), p384, 96, 96},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			signed, err := Sign(context.Background(), ecdsaCredential(t, tt.issuer), tt.key,
				SignOptions{VerificationMethod: tt.vm, Created: interopCreated, Suite: ECDSARDFC2019{}})
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Proof struct {
					Cryptosuite string `json:"cryptosuite"`
					ProofValue  string `json:"proofValue"`
				} `json:"proof"`
			}
			json.Unmarshal(signed, &doc)
			enc, sig, err := multibase.Decode(doc.Proof.ProofValue)
			if err != nil || enc != multibase.Base58BTC || len(sig) != tt.sigLen || doc.Proof.Cryptosuite != SuiteECDSARDFC2019 {
				t.Fatalf("proof %+v: %d-byte signature", doc.Proof, len(sig))
			}
			res, err := testVerifier(t, false).Verify(context.Background(), signed, Expectations{})
			if err != nil {
				t.Fatal(err)
			}
			if hd := res.Proofs[0].Explain; len(hd.Data) != tt.hashLen {
				t.Errorf("hash data of %d bytes, want %d", len(hd.Data), tt.hashLen)
			}
			tampered := strings.Replace(string(signed), `"Teamwork Badge"`, `"Teamwork Badge!"`, 1)
			if _, err := testVerifier(t, false).Verify(context.Background(), []byte(tampered), Expectations{}); !errors.Is(err, ErrSignature) {
				t.Fatalf("tampered: err = %v", err)
			}
		})
	}
}

// derSigner returns DER signatures, as HSM and KMS signers often do, and
// rsSigner r||s ones: Sign must write r||s for both.
type derSigner struct{ *ecdsa.PrivateKey }

type rsSigner struct{ *ecdsa.PrivateKey }

func (s rsSigner) Sign(_ io.Reader, digest []byte, _ crypto.SignerOpts) ([]byte, error) {
	r, ss, err := ecdsa.Sign(rand.Reader, s.PrivateKey, digest)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 64)
	r.FillBytes(out[:32])
	ss.FillBytes(out[32:])
	return out, nil
}

func TestECDSASignerForms(t *testing.T) {
	k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	data := []byte("hash data")
	for _, s := range []crypto.Signer{derSigner{k}, rsSigner{k}} {
		sig, err := ECDSARDFC2019{}.Sign(s, data)
		if err != nil {
			t.Fatal(err)
		}
		if err := (ECDSARDFC2019{}).Verify(&k.PublicKey, data, sig); err != nil {
			t.Fatalf("%T: %v", s, err)
		}
	}
}

func TestECDSAFailures(t *testing.T) {
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	p521, _ := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	data := []byte("hash data")
	good, _ := ECDSARDFC2019{}.Sign(p256, data)
	tests := []struct {
		name string
		pub  crypto.PublicKey
		sig  []byte
		want error
	}{
		{"Ed25519 key", edKey.Public(), good, ErrKeyType},
		{"P-521 key", &p521.PublicKey, good, ErrKeyType},
		{"short signature", &p256.PublicKey, good[:63], ErrSignature},
		{"DER signature", &p256.PublicKey, append([]byte{0x30}, good...), ErrSignature},
		{"other data", &p256.PublicKey, append(good[:32:32], make([]byte, 32)...), ErrSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := (ECDSARDFC2019{}).Verify(tt.pub, data, tt.sig); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	if _, err := (ECDSARDFC2019{}).Sign(p521, data); !errors.Is(err, ErrKeyType) {
		t.Errorf("P-521 signed: %v", err)
	}
	if _, err := (ECDSARDFC2019{}).HashDataForKey(context.Background(), nil, nil, edKey.Public()); !errors.Is(err, ErrKeyType) {
		t.Errorf("hash for Ed25519: %v", err)
	}
}
