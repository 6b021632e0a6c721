package vc_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/internal/testkit"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/vc"
)

// TestVerifyProofSetRules: any valid proof by the issuer is enough (OB 3.0),
// so an independent co-signer's proof that does not verify is a warning;
// but a proof that a valid proof chains to, or a malformed one, breaks the
// set and fails the credential.
func TestVerifyProofSetRules(t *testing.T) {
	issuer, cosigner := testkit.NewKey(t, 1), testkit.NewKey(t, 2)
	v := newVerifier(t)
	unsigned := badgeJSON(t, issuer, "https://example.edu/a")

	// A set: the issuer's proof and a co-signer's, whose value is then
	// replaced by the value of the issuer's (a valid signature, but not by
	// the co-signer's key over this document).
	set := cosigner.Sign(t, issuer.Sign(t, unsigned))
	broken := mutate(t, set, func(m map[string]any) {
		proofs := m["proof"].([]any)
		proofs[1].(map[string]any)["proofValue"] = proofs[0].(map[string]any)["proofValue"]
	})
	r, err := v.Verify(context.Background(), broken, vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	w := testkit.Issue(t, r.Warnings, vc.CodeExtraProof)
	assert.Equal(t, "/proof/1", w.Path)

	// The intact set verifies without a warning.
	r, err = v.Verify(context.Background(), set, vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	assert.Empty(t, r.Warnings)

	// A chain: the co-signer's proof signs over the issuer's (previousProof)
	// and verifies.
	first := issuer.Sign(t, unsigned, proof.SignOptions{ID: "urn:uuid:first-proof"})
	chain := cosigner.Sign(t, first, proof.SignOptions{PreviousProof: []string{"urn:uuid:first-proof"}})
	r, err = v.Verify(context.Background(), chain, vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	assert.Empty(t, r.Warnings)

	// The issuer's proof then tampered with: the chain is broken and the
	// credential fails.
	tampered := mutate(t, chain, func(m map[string]any) {
		p := m["proof"].([]any)[0].(map[string]any)
		p["proofValue"] = "z" + p["proofValue"].(string)[2:] + "1"
	})
	r, err = v.Verify(context.Background(), tampered, vc.Expectations{})
	require.Error(t, err)
	assert.False(t, r.Verified)
	assert.Equal(t, vc.StatusFailed, r.CheckStatus(vc.CheckProof))

	// The issuer's proof chains to a co-signer's proof that was already
	// broken when the issuer signed over it: the issuer's proof verifies,
	// but the chain it vouches for does not.
	cosigned := cosigner.Sign(t, unsigned, proof.SignOptions{ID: "urn:uuid:cosigner-proof"})
	cosigned = mutate(t, cosigned, func(m map[string]any) {
		p := m["proof"].(map[string]any)
		p["proofValue"] = "z" + p["proofValue"].(string)[2:] + "1"
	})
	brokenChain := issuer.Sign(t, cosigned, proof.SignOptions{PreviousProof: []string{"urn:uuid:cosigner-proof"}})
	r, err = v.Verify(context.Background(), brokenChain, vc.Expectations{})
	require.Error(t, err)
	assert.False(t, r.Verified)
	require.NotEmpty(t, r.Errors)
	assert.Equal(t, "/proof/0", r.Errors[0].Path)

	// previousProof naming a proof that is not there: malformed, fails.
	missing := cosigner.Sign(t, issuer.Sign(t, unsigned), proof.SignOptions{})
	missing = mutate(t, missing, func(m map[string]any) {
		m["proof"].([]any)[1].(map[string]any)["previousProof"] = "urn:uuid:no-such-proof"
	})
	r, err = v.Verify(context.Background(), missing, vc.Expectations{})
	require.Error(t, err)
	assert.False(t, r.Verified)
	assert.Equal(t, vc.StatusFailed, r.CheckStatus(vc.CheckProof))
	assert.Equal(t, "/proof/1", testkit.Issue(t, r.Errors, vc.CodeMalformedProof).Path)
}
