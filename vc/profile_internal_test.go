package vc

import (
	"fmt"
	"testing"

	"github.com/clrkit/clrkit/proof"
)

// TestUnboundProof: the profiles' only exceptions to the issuer binding
// rule, and that none applies to a document fetched on another's behalf
// (a status list, a refreshed credential).
func TestUnboundProof(t *testing.T) {
	unbound := func(vm string) *proof.Outcome {
		return &proof.Outcome{Proofs: []proof.ProofOutcome{{VerificationMethod: vm, Error: fmt.Errorf("%w: key controller x", proof.ErrIssuerBinding)}}}
	}
	const bareKey = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
	for _, c := range []struct {
		p       Profile
		vm      string
		kind    string
		fetched bool
		want    int
	}{
		{ProfileSpec, bareKey + "#z6Mk", "VerifiableCredential", false, 0},
		{ProfileSpec, bareKey + "#z6Mk", "VerifiableCredential", true, -1},
		{ProfileSpec, bareKey + "#z6Mk", "OpenBadgeCredential", false, -1},
		{ProfileAuthenticity, bareKey + "#z6Mk", "VerifiableCredential", false, -1},
		{Profile1EdTech, bareKey, "OpenBadgeCredential", false, 0},
		{Profile1EdTech, bareKey, "BitstringStatusListCredential", true, -1},
		{Profile1EdTech, bareKey + "#z6Mk", "OpenBadgeCredential", false, -1},
	} {
		if got := c.p.unboundProof(unbound(c.vm), c.kind, c.fetched); got != c.want {
			t.Errorf("%s, %s, %s, fetched %v: %d, want %d", c.p, c.vm, c.kind, c.fetched, got, c.want)
		}
	}
	verified := &proof.Outcome{Proofs: []proof.ProofOutcome{{VerificationMethod: bareKey, Verified: true}}}
	if got := Profile1EdTech.unboundProof(verified, "OpenBadgeCredential", false); got != -1 {
		t.Errorf("a proof that did not fail for its binding: %d", got)
	}
}
