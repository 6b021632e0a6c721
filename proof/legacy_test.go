package proof

import (
	"bytes"
	"context"
	"crypto"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/clrkit/clrkit/did"
)

// vc11 is a VC Data Model 1.1 credential issued by the interop Ed25519
// issuer; contexts holds its @context entries after the v1 one.
func vc11(t testing.TB, contexts ...string) []byte {
	t.Helper()
	kf := interopKey(t, "issuer-ed25519")
	ctx := `"https://www.w3.org/2018/credentials/v1"`
	for _, c := range contexts {
		if !strings.HasPrefix(c, "{") {
			c = `"` + c + `"`
		}
		ctx += `, ` + c
	}
	return []byte(`{
  "@context": [` + ctx + `],
  "id": "urn:uuid:0b3c6a52-1f0c-4a6e-9d7b-2f0e0c7d9a11",
  "type": ["VerifiableCredential", "AlumniCredential"],
  "issuer": "` + kf.Controller + `",
  "issuanceDate": "2024-01-01T00:00:00Z",
  "credentialSubject": {"id": "did:example:ebfeb1f712ebc6f1c276e12ec21", "alumniOf": "Example University"}
}`)
}

// vocab is an inline context giving the example terms IRIs.
const vocab = `{"@vocab": "https://example.org/vocab#"}`

// TestSignVC11 signs VC Data Model 1.1 credentials: the Data Integrity v2
// context is appended when no context defines the proof terms, and the
// result verifies.
func TestSignVC11(t *testing.T) {
	kf := interopKey(t, "issuer-ed25519")
	signer, _ := kf.Signer()
	examples := vocab
	tests := []struct {
		name    string
		doc     []byte
		wantCtx string
	}{
		{"adds data-integrity v2", vc11(t, examples), `"@context": [
    "https://www.w3.org/2018/credentials/v1",
    {
      "@vocab": "https://example.org/vocab#"
    },
    "https://w3id.org/security/data-integrity/v2"
  ],`},
		{"keeps data-integrity v2", vc11(t, examples, ContextDataIntegrityV2), `"@context": [
    "https://www.w3.org/2018/credentials/v1",
    {
      "@vocab": "https://example.org/vocab#"
    },
    "https://w3id.org/security/data-integrity/v2"
  ],`},
		{"string context", []byte(strings.Replace(strings.Replace(strings.Replace(string(vc11(t)), `[`+`"https://www.w3.org/2018/credentials/v1"]`, `"https://www.w3.org/2018/credentials/v1"`, 1),
			`"alumniOf"`, `"https://schema.org/alumniOf"`, 1), `, "AlumniCredential"`, ``, 1)), `"@context": [
    "https://www.w3.org/2018/credentials/v1",
    "https://w3id.org/security/data-integrity/v2"
  ],`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			signed, err := Sign(context.Background(), tt.doc, signer, SignOptions{VerificationMethod: kf.ID, Created: interopCreated})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(signed), tt.wantCtx) {
				t.Fatalf("context not as expected:\n%s", signed)
			}
			if _, err := testVerifier(t, false).Verify(context.Background(), signed, Expectations{}); err != nil {
				t.Fatal(err)
			}
			tampered := strings.Replace(string(signed), "Example University", "Example College", 1)
			if _, err := testVerifier(t, false).Verify(context.Background(), []byte(tampered), Expectations{}); !errors.Is(err, ErrSignature) {
				t.Fatalf("tampered: err = %v", err)
			}
		})
	}
	if needsDataIntegrityContext([]any{ContextCredentialsV2}) || needsDataIntegrityContext([]any{ContextCredentialsV1, ContextDataIntegrityV1}) {
		t.Error("context added where not needed")
	}
}

// TestEd25519Signature2020Vector verifies the vc-di-eddsa
// Ed25519Signature2020 vector, checking every intermediate value. Its
// issuer does not control the key, so only the issuer binding fails.
func TestEd25519Signature2020Vector(t *testing.T) {
	doc := readTestdata(t, "w3c-ed25519signature2020/signedEdSig.json")
	res, err := testVerifier(t, false).Verify(context.Background(), doc, Expectations{Explain: true})
	if !errors.Is(err, ErrIssuerBinding) {
		t.Fatalf("err = %v, want ErrIssuerBinding after a valid signature", err)
	}
	hd := res.Proofs[0].Explain
	for _, c := range []struct {
		file string
		got  string
	}{
		{"proofCanonEdSig.txt", string(hd.CanonicalProofConfig)},
		{"canonDocEdSig.txt", string(hd.CanonicalDocument)},
		{"proofHashEdSig.txt", hex.EncodeToString(hd.ProofConfigHash)},
		{"docHashEdSig.txt", hex.EncodeToString(hd.DocumentHash)},
		{"combinedHashEdSig.txt", hex.EncodeToString(hd.Data)},
	} {
		if want := string(readTestdata(t, "w3c-ed25519signature2020/"+c.file)); strings.TrimSpace(c.got) != strings.TrimSpace(want) {
			t.Errorf("%s: got %q, want %q", c.file, c.got, want)
		}
	}
	s := string(doc)
	for _, tt := range []struct {
		name, old, new string
		suites         []Cryptosuite
		want           error
	}{
		{"suite not accepted", "", "", []Cryptosuite{EdDSARDFC2022{}}, ErrUnsupportedProof},
		{"tampered", "The School of Examples", "The School of Samples", nil, ErrSignature},
		{"with a cryptosuite member", `"type": "Ed25519Signature2020",`, `"type": "Ed25519Signature2020", "cryptosuite": "eddsa-rdfc-2022",`, nil, ErrUnsupportedProof},
		{"as a DataIntegrityProof cryptosuite", `"type": "Ed25519Signature2020",`, `"type": "DataIntegrityProof", "cryptosuite": "Ed25519Signature2020",`, nil, ErrUnsupportedProof},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bad := strings.Replace(s, tt.old, tt.new, 1)
			if tt.old != "" && bad == s {
				t.Fatal("replacement did not apply")
			}
			v := testVerifier(t, false)
			if tt.suites != nil {
				v = verifierWith(t, tt.suites)
			}
			if _, err := v.Verify(context.Background(), []byte(bad), Expectations{}); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func verifierWith(t testing.TB, suites []Cryptosuite) *Verifier {
	t.Helper()
	mr, _ := did.NewMultiResolver(map[string]did.Resolver{"key": &did.KeyResolver{}})
	r, _ := did.NewRetriever(did.RetrieverOptions{Resolver: mr})
	v, err := NewVerifier(VerifierOptions{Retriever: r, Suites: suites})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// draftSuite signs as the pre-final eddsa-2022 did, to make test documents
// (no published vector carries that name).
type draftSuite struct{ EdDSARDFC2022 }

func (draftSuite) Name() string { return SuiteEdDSA2022 }

// TestEdDSA2022 verifies an eddsa-2022 proof on a credential with the Data
// Integrity v1 context.
func TestEdDSA2022(t *testing.T) {
	kf := interopKey(t, "issuer-ed25519")
	signer, _ := kf.Signer()
	signed, err := Sign(context.Background(), vc11(t, vocab, ContextDataIntegrityV1), signer,
		SignOptions{VerificationMethod: kf.ID, Created: interopCreated, Suite: draftSuite{}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(signed), `"cryptosuite": "eddsa-2022"`) || strings.Contains(string(signed), ContextDataIntegrityV2) {
		t.Fatalf("unexpected document:\n%s", signed)
	}
	if _, err := testVerifier(t, false).Verify(context.Background(), signed, Expectations{}); err != nil {
		t.Fatal(err)
	}
	if _, err := verifierWith(t, []Cryptosuite{EdDSARDFC2022{}}).Verify(context.Background(), signed, Expectations{}); !errors.Is(err, ErrUnsupportedProof) {
		t.Fatalf("without the legacy suite: err = %v", err)
	}
	tampered := strings.Replace(string(signed), "Example University", "Example College", 1)
	if _, err := testVerifier(t, false).Verify(context.Background(), []byte(tampered), Expectations{}); !errors.Is(err, ErrSignature) {
		t.Fatalf("tampered: err = %v", err)
	}
	for _, s := range []Cryptosuite{EdDSA2022{}, Ed25519Signature2020{}} {
		if _, err := s.Sign(crypto.Signer(signer), []byte("x")); !errors.Is(err, ErrVerifyOnly) {
			t.Errorf("%s signed: %v", s.Name(), err)
		}
	}
}

// TestEd25519Signature2018: proofs made by Digital Bazaar's
// Ed25519Signature2018 suite verify; a changed document, signature or JWS
// header does not; Sign refuses the suite.
func TestEd25519Signature2018(t *testing.T) {
	v, err := NewVerifier(VerifierOptions{Retriever: testRetriever(t), Now: func() time.Time { return interopCreated }})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"vc11", "ob3-vc11"} {
		doc := readTestdata(t, "ed25519signature2018/"+name+".signed.json")
		res, err := v.Verify(context.Background(), doc, Expectations{})
		if err != nil || res.Proofs[0].Type != TypeEd25519Signature2018 || res.Proofs[0].Explain == nil {
			t.Fatalf("%s: %v %+v", name, err, res)
		}
	}
	doc := readTestdata(t, "ed25519signature2018/vc11.signed.json")
	for what, tc := range map[string]struct {
		old, new string
		want     error
	}{
		"document":  {`"did:example:learner"`, `"did:example:learnes"`, ErrSignature},
		"signature": {`2kAAw"`, `2kABw"`, ErrSignature},
		"header":    {`"jws": "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..`, `"jws": "eyJhbGciOiJFZERTQSJ9..`, ErrMalformedProof},
		"attached":  {`Il19..`, `Il19.e30.`, ErrMalformedProof},
	} {
		changed := bytes.Replace(doc, []byte(tc.old), []byte(tc.new), 1)
		if bytes.Equal(changed, doc) {
			t.Fatalf("%s: nothing changed", what)
		}
		if _, err := v.Verify(context.Background(), changed, Expectations{}); !errors.Is(err, tc.want) {
			t.Errorf("%s changed: %v, want %v", what, err, tc.want)
		}
	}
	kf := interopKey(t, "issuer-ed25519")
	signer, _ := kf.Signer()
	if _, err := Sign(context.Background(), doc, signer, SignOptions{Suite: Ed25519Signature2018{}, VerificationMethod: kf.ID}); !errors.Is(err, ErrVerifyOnly) {
		t.Errorf("Sign: %v", err)
	}
}
