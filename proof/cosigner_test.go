package proof

import (
	"context"
	"errors"
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
	both, err := Sign(ctx, byIssuer, other, SignOptions{VerificationMethod: otherKF.ID, Created: interopCreated})
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

	byOther, err := Sign(ctx, unsigned, other, SignOptions{VerificationMethod: otherKF.ID, Created: interopCreated})
	if err != nil {
		t.Fatal(err)
	}
	twoOthers, err := Sign(ctx, byOther, other, SignOptions{VerificationMethod: otherKF.ID, Created: interopCreated.Add(1)})
	if err != nil {
		t.Fatal(err)
	}
	res, err = testVerifier(t, false).Verify(ctx, twoOthers, Expectations{})
	if !errors.Is(err, ErrIssuerBinding) || res.Proofs[0].Verified || res.Proofs[1].Verified {
		t.Fatalf("no issuer proof: err = %v, proofs %+v", err, res.Proofs)
	}
}
