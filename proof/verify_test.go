package proof

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/did"
)

// testRetriever resolves did:key only.
func testRetriever(t testing.TB) *did.Retriever {
	return newTestRetriever(t, false)
}

func newTestRetriever(t testing.TB, unsafeFragment bool) *did.Retriever {
	t.Helper()
	mr, err := did.NewMultiResolver(map[string]did.Resolver{"key": &did.KeyResolver{}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := did.NewRetriever(did.RetrieverOptions{Resolver: mr, UnsafeKeyFromFragment: unsafeFragment})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func testVerifier(t testing.TB, unsafeFragment bool) *Verifier {
	t.Helper()
	v, err := NewVerifier(VerifierOptions{Retriever: newTestRetriever(t, unsafeFragment)})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestVerifyInterop verifies every signed interop credential and checks the
// intermediate values against those Digital Bazaar's verifier reported.
func TestVerifyInterop(t *testing.T) {
	v := testVerifier(t, false)
	for _, f := range interopFixtures {
		t.Run(f.name, func(t *testing.T) {
			res, err := v.Verify(context.Background(), readTestdata(t, "interop/signed/"+f.name+".signed.json"), Expectations{})
			if err != nil {
				t.Fatal(err)
			}
			var explain struct {
				Explain struct {
					HashDataHex string `json:"hashDataHex"`
				} `json:"explain"`
			}
			json.Unmarshal(readTestdata(t, "interop/explain/"+f.name+".explain.json"), &explain)
			p := res.Proofs[0]
			if !p.Verified || hex.EncodeToString(p.Explain.Data) != explain.Explain.HashDataHex {
				t.Fatalf("proof %+v, hash data %x", p, p.Explain.Data)
			}
			if p.KeySource != did.SourceDIDDocument || !strings.HasPrefix(p.Controller, "did:key:z6Mk") {
				t.Errorf("controller %s from %s", p.Controller, p.KeySource)
			}
		})
	}
}

func TestVerifyFailures(t *testing.T) {
	v := testVerifier(t, false)
	signed := string(readTestdata(t, "interop/signed/ob3-basic.signed.json"))
	tests := []struct {
		name string
		doc  string
		exp  Expectations
		want error
	}{
		{"tampered name", strings.Replace(signed, `"Teamwork Badge"`, `"Teamwork Badge!"`, 1), Expectations{}, ErrSignature},
		{"tampered created", strings.Replace(signed, `"created": "2024-06-01T00:00:00Z"`, `"created": "2024-06-02T00:00:00Z"`, 1), Expectations{}, ErrSignature},
		{"other issuer", strings.Replace(signed, `"issuer": {
    "id": "did:key:z6Mkgkvc2UJ2mWtpBBv5R87n1vpUqGbzcQeFHcRZw4pjQ9Vn"`, `"issuer": {
    "id": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"`, 1), Expectations{}, ErrSignature},
		{"wrong purpose expected", signed, Expectations{Purpose: did.Authentication}, ErrPurpose},
		{"challenge expected", signed, Expectations{Challenge: "abc"}, ErrPurpose},
		{"unknown suite", strings.Replace(signed, `"eddsa-rdfc-2022"`, `"eddsa-rdfc-2099"`, 1), Expectations{}, ErrUnsupportedProof},
		{"bad proofValue", strings.Replace(signed, `"proofValue": "z`, `"proofValue": "u`, 1), Expectations{}, ErrMalformedProof},
		{"bad created", strings.Replace(signed, `"created": "2024-06-01T00:00:00Z"`, `"created": "yesterday"`, 1), Expectations{}, ErrMalformedProof},
		{"no proof", string(readTestdata(t, "interop/unsigned/ob3-basic.json")), Expectations{}, ErrNoProof},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.doc == signed && tt.name != "wrong purpose expected" && tt.name != "challenge expected" {
				t.Fatal("replacement did not apply")
			}
			_, err := v.Verify(context.Background(), []byte(tt.doc), tt.exp)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestVerifyIssuerBinding(t *testing.T) {
	// Re-sign ob3-basic with the CLR issuer's key: the signature is valid,
	// but the key is not the issuer's.
	kf := interopKey(t, "clr-issuer-ed25519")
	signer, _ := kf.Signer()
	doc, err := Sign(context.Background(), readTestdata(t, "interop/unsigned/ob3-basic.json"), signer,
		SignOptions{VerificationMethod: kf.ID, Created: interopCreated, CoSigner: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := testVerifier(t, false).Verify(context.Background(), doc, Expectations{})
	if !errors.Is(err, ErrIssuerBinding) || res.Proofs[0].Verified {
		t.Fatalf("err = %v, want ErrIssuerBinding", err)
	}
}

// TestVerifyBareDIDKeyMethod: a proof whose verificationMethod is a bare
// did:key (the 1EdTech validator's fixture) is checked with the key the DID
// encodes. Its signature verifies; the issuer is a urn:uuid, which no key
// is controlled by, so issuer binding is what fails here.
func TestVerifyBareDIDKeyMethod(t *testing.T) {
	v, err := NewVerifier(VerifierOptions{Retriever: testRetriever(t)})
	if err != nil {
		t.Fatal(err)
	}
	doc := readTestdata(t, "1edtech/validator-ob30-simple-did-key-method.json")
	res, err := v.Verify(context.Background(), doc, Expectations{})
	if !errors.Is(err, ErrIssuerBinding) || res == nil {
		t.Fatalf("err = %v, want only the issuer binding to fail", err)
	}
	p := res.Proofs[0]
	if p.VerificationMethod != "did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi" || p.Controller != p.VerificationMethod || p.Explain == nil {
		t.Errorf("proof %+v", p)
	}
}
