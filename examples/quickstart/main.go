// Command quickstart shows clrkit's main job on embedded defaults, with no
// network: it takes a bundled Open Badges 3.0 credential, shows the
// RDFC-1.0 canonical N-Quads an eddsa-rdfc-2022 proof signs, signs the
// credential with the issuer's (test) key, and verifies the result,
// including that the signing key belongs to the issuer.
//
// Run it with: go run ./examples/quickstart
package main

import (
	"context"
	_ "embed"
	"encoding/hex"
	"fmt"
	"os"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/proof/ld"
)

// credential is an OB 3.0 OpenBadgeCredential made with Digital Bazaar's
// JavaScript stack (the interop fixture ob3-basic); issuerKey is the test
// key of its issuer, a did:key, secret key included. Never use it for real
// credentials.
var (
	//go:embed ob3-basic.json
	credential []byte
	//go:embed issuer-key.json
	issuerKey []byte
)

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	// 1. Canonicalize: JSON-LD in safe mode → RDFC-1.0 canonical N-Quads.
	canon, err := ld.Default().Canonicalize(ctx, credential)
	if err != nil {
		return err
	}
	fmt.Printf("Canonical N-Quads of the bundled OpenBadgeCredential (%d statements):\n\n", canon.Quads)
	os.Stdout.Write(canon.NQuads)
	fmt.Printf("\nSHA-256: %s\n\n", hex.EncodeToString(canon.Digest()))

	// 2. Sign with the issuer's key: an eddsa-rdfc-2022 DataIntegrityProof.
	key, err := did.ParseKeyFile(issuerKey)
	if err != nil {
		return err
	}
	signer, err := key.Signer()
	if err != nil {
		return err
	}
	signed, err := proof.Sign(ctx, credential, signer, proof.SignOptions{VerificationMethod: key.ID})
	if err != nil {
		return err
	}
	fmt.Printf("Signed by %s (%d bytes of JSON).\n", key.ID, len(signed))

	// 3. Verify: signature, proof purpose, and the issuer's control of the key.
	resolver, err := did.NewMultiResolver(map[string]did.Resolver{"key": &did.KeyResolver{}})
	if err != nil {
		return err
	}
	retriever, err := did.NewRetriever(did.RetrieverOptions{Resolver: resolver})
	if err != nil {
		return err
	}
	verifier, err := proof.NewVerifier(proof.VerifierOptions{Retriever: retriever})
	if err != nil {
		return err
	}
	res, err := verifier.Verify(ctx, signed, proof.Expectations{})
	if err != nil {
		return fmt.Errorf("verification failed: %w", err)
	}
	p := res.Proofs[0]
	fmt.Printf("Verified: %s proof by %s, a key controlled by the issuer %s.\n", p.Cryptosuite, p.VerificationMethod, p.Controller)
	return nil
}
