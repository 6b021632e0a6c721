package vc

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/proof"
)

// Sign marshals a typed credential or presentation (a *Credential, an
// *openbadges.AchievementCredential, a *clr.ClrCredential, or any value
// whose JSON is one) and adds a Data Integrity proof by the key of k: the
// one call from a builder's output to a signed credential.
//
// The key file's id is the verification method unless opts names one. As
// proof.Sign does, it refuses a did:key or did:jwk key that is not the
// credential's issuer's (proof.ErrNotIssuerKey; opts.CoSigner for a
// deliberate proof by another party) or not the key its method names
// (proof.ErrKeyMismatch). The proof is written as a list of one
// (opts.ProofList is set), so that the output passes the formal OB 3.0 and
// CLR 2.0 JSON Schemas; proof.Sign writes a lone proof object instead, as
// the JavaScript reference does.
func Sign(ctx context.Context, credential any, k *did.KeyFile, opts proof.SignOptions) ([]byte, error) {
	if k == nil {
		return nil, fmt.Errorf("%w: no key file", proof.ErrSignOptions)
	}
	doc, err := json.Marshal(credential)
	if err != nil {
		return nil, fmt.Errorf("vc: sign: %w", err)
	}
	opts.ProofList = true
	return proof.SignWithKeyFile(ctx, doc, k, opts)
}
