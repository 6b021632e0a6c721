package proof

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestProofSetWithCoSigner checks the issuer-binding rule for proof sets:
// one proof by the issuer's key is enough, a second proof by another party
// is accepted and reported with its controller, and a set without any proof
// by the issuer fails.
func TestProofSetWithCoSigner(t *testing.T) {
	ctx := context.Background()
	issuerKF, otherKF := interopKey(t, "issuer-ed25519"), interopKey(t, "clr-issuer-ed25519")
	issuer, _ := issuerKF.Signer()
	other, _ := otherKF.Signer()
	unsigned := readTestdata(t, "interop/unsigned/ob3-basic.json")

	byIssuer, err := Sign(ctx, unsigned, issuer, SignOptions{VerificationMethod: issuerKF.ID, Created: interopCreated})
	if err != nil {
		t.Fatal(err)
	}
	both, err := Sign(ctx, byIssuer, other, SignOptions{VerificationMethod: otherKF.ID, Created: interopCreated, CoSigner: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := testVerifier(t, false).Verify(ctx, both, Expectations{})
	if err != nil {
		t.Fatalf("issuer + co-signer: %v", err)
	}
	if len(res.Proofs) != 2 || !res.Proofs[1].Verified || res.Proofs[1].Controller != otherKF.Controller {
		t.Fatalf("co-signer proof %+v", res.Proofs)
	}

	byOther, err := Sign(ctx, unsigned, other, SignOptions{VerificationMethod: otherKF.ID, Created: interopCreated, CoSigner: true})
	if err != nil {
		t.Fatal(err)
	}
	twoOthers, err := Sign(ctx, byOther, other, SignOptions{VerificationMethod: otherKF.ID, Created: interopCreated.Add(1), CoSigner: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err = testVerifier(t, false).Verify(ctx, twoOthers, Expectations{})
	if !errors.Is(err, ErrIssuerBinding) || res.Proofs[0].Verified || res.Proofs[1].Verified {
		t.Fatalf("no issuer proof: err = %v, proofs %+v", err, res.Proofs)
	}
}

// TestSignRefusesAnotherPartysKey: without CoSigner, Sign refuses a
// did:key or did:jwk method whose DID is not the credential's issuer (the
// holder, for a presentation), naming both; a method that does not encode
// the signing key is refused even with CoSigner; methods Sign cannot check
// offline (https, did:web) and documents without an issuer pass.
func TestSignRefusesAnotherPartysKey(t *testing.T) {
	ctx := context.Background()
	issuerKF, otherKF := interopKey(t, "issuer-ed25519"), interopKey(t, "clr-issuer-ed25519")
	issuer, _ := issuerKF.Signer()
	other, _ := otherKF.Signer()
	unsigned := readTestdata(t, "interop/unsigned/ob3-basic.json")

	_, err := Sign(ctx, unsigned, other, SignOptions{VerificationMethod: otherKF.ID, Created: interopCreated})
	if !errors.Is(err, ErrNotIssuerKey) || !strings.Contains(err.Error(), otherKF.Controller) || !strings.Contains(err.Error(), issuerKF.Controller) {
		t.Errorf("another party's key: %v", err)
	}
	if _, err := Sign(ctx, unsigned, issuer, SignOptions{VerificationMethod: issuerKF.ID, Created: interopCreated}); err != nil {
		t.Errorf("the issuer's key: %v", err)
	}
	// The issuer's verification method, another key signing.
	for _, co := range []bool{false, true} {
		_, err = Sign(ctx, unsigned, other, SignOptions{VerificationMethod: issuerKF.ID, Created: interopCreated, CoSigner: co})
		if !errors.Is(err, ErrKeyMismatch) || !strings.Contains(err.Error(), issuerKF.ID) {
			t.Errorf("CoSigner %v, a method of another key: %v", co, err)
		}
	}
	// A did:key URL whose fragment is not its key's.
	bad := issuerKF.Controller + "#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
	if _, err := Sign(ctx, unsigned, issuer, SignOptions{VerificationMethod: bad, Created: interopCreated}); !errors.Is(err, ErrSignOptions) {
		t.Errorf("did:key with a foreign fragment: %v", err)
	}
	// Nothing to check offline: an https method, a document without issuer.
	if _, err := Sign(ctx, unsigned, other, SignOptions{VerificationMethod: "https://example.edu/keys/1", Created: interopCreated}); err != nil {
		t.Errorf("https method: %v", err)
	}
	notVC := []byte(`{"@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"], "type": ["ExampleDocument"], "name": "x"}`)
	if _, err := Sign(ctx, notVC, other, SignOptions{VerificationMethod: otherKF.ID, Created: interopCreated}); err != nil {
		t.Errorf("not a credential, no issuer: %v", err)
	}
	// A credential without an issuer id has no issuer's key at all.
	for _, issuer := range []string{``, `"issuer": {"name": "X"},`, `"issuer": ["did:example:a", "did:example:b"],`} {
		doc := []byte(`{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], ` + issuer + ` "credentialSubject": {"id": "did:example:1"}}`)
		if _, err := Sign(ctx, doc, other, SignOptions{VerificationMethod: otherKF.ID, Created: interopCreated}); !errors.Is(err, ErrNotIssuerKey) {
			t.Errorf("credential with %q: %v", issuer, err)
		}
	}
	// A presentation: the holder decides.
	vp := `{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"], "holder": "` + issuerKF.Controller + `"}`
	if _, err := Sign(ctx, []byte(vp), issuer, SignOptions{VerificationMethod: issuerKF.ID, Purpose: "authentication", Challenge: "c", Created: interopCreated}); err != nil {
		t.Errorf("the holder's key: %v", err)
	}
	_, err = Sign(ctx, []byte(vp), other, SignOptions{VerificationMethod: otherKF.ID, Purpose: "authentication", Challenge: "c", Created: interopCreated})
	if !errors.Is(err, ErrNotIssuerKey) || !strings.Contains(err.Error(), "holder") {
		t.Errorf("another party's key on a presentation: %v", err)
	}
}

// TestSignProofList: ProofList writes the first proof as a list of one,
// which verifies as the lone object does; the default stays the object.
func TestSignProofList(t *testing.T) {
	ctx := context.Background()
	kf := interopKey(t, "issuer-ed25519")
	signer, _ := kf.Signer()
	unsigned := readTestdata(t, "interop/unsigned/ob3-basic.json")
	plain, err := Sign(ctx, unsigned, signer, SignOptions{VerificationMethod: kf.ID, Created: interopCreated})
	if err != nil {
		t.Fatal(err)
	}
	list, err := Sign(ctx, unsigned, signer, SignOptions{VerificationMethod: kf.ID, Created: interopCreated, ProofList: true})
	if err != nil {
		t.Fatal(err)
	}
	var p, l map[string]any
	if err := json.Unmarshal(plain, &p); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(list, &l); err != nil {
		t.Fatal(err)
	}
	if _, ok := p["proof"].(map[string]any); !ok {
		t.Errorf("default: proof is %T", p["proof"])
	}
	items, ok := l["proof"].([]any)
	if !ok || len(items) != 1 || !reflect.DeepEqual(items[0], p["proof"]) {
		t.Errorf("ProofList: proof is %v", l["proof"])
	}
	if _, err := testVerifier(t, false).Verify(ctx, list, Expectations{}); err != nil {
		t.Errorf("ProofList output does not verify: %v", err)
	}
	// A 1.1 credential (whose @context changes) takes the other path.
	v1 := []byte(`{"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiableCredential"], "issuer": "` + kf.Controller + `", "issuanceDate": "2024-01-01T00:00:00Z", "credentialSubject": {"id": "did:example:1"}}`)
	out, err := Sign(ctx, v1, signer, SignOptions{VerificationMethod: kf.ID, Created: interopCreated, ProofList: true})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	if items, ok := m["proof"].([]any); !ok || len(items) != 1 {
		t.Errorf("1.1 credential with ProofList: proof is %v", m["proof"])
	}
}

// TestSignPresentationPurpose: a presentation signed without a purpose gets
// authentication, the purpose verifiers require of it; a credential gets
// assertionMethod.
func TestSignPresentationPurpose(t *testing.T) {
	ctx := context.Background()
	kf := interopKey(t, "issuer-ed25519")
	s, _ := kf.Signer()
	vp := `{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"], "holder": "` + kf.Controller + `"}`
	for doc, want := range map[string]string{vp: "authentication", string(readTestdata(t, "interop/unsigned/ob3-basic.json")): "assertionMethod"} {
		out, err := Sign(ctx, []byte(doc), s, SignOptions{VerificationMethod: kf.ID, Created: interopCreated})
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(out, &m); err != nil {
			t.Fatal(err)
		}
		if got := m["proof"].(map[string]any)["proofPurpose"]; got != want {
			t.Errorf("proofPurpose %v, want %s", got, want)
		}
	}
}
