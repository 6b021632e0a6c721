package proof_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"time"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/proof/ld"
)

// A credential whose canonical form depends on the JSON-LD implementation
// is refused by default, with the place and a remedy; choosing the
// jsonld.js dialect signs what the JavaScript stack would sign, which a
// Verifier accepts only when told to.
func ExampleSign_dialectDependent() {
	key := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)) // a test key
	issuer, _ := did.DIDKey(key.Public())
	doc := []byte(`{"@context": ["https://www.w3.org/ns/credentials/v2", {"@vocab": "https://example.org/"}],
		"type": ["VerifiableCredential"], "issuer": "` + issuer + `",
		"credentialSubject": {"id": "did:example:alice", "credits": 1e-7}}`)
	opts := proof.SignOptions{VerificationMethod: issuer + "#" + issuer[len("did:key:"):],
		Created: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)}
	_, err := proof.Sign(context.Background(), doc, key, opts)
	var de *proof.DialectError
	if errors.As(err, &de) {
		for _, c := range de.Constructs {
			fmt.Println(c.Path, "-", c.Remedy())
		}
	}

	opts.Dialect = ld.DialectJSONLDJS
	signed, err := proof.Sign(context.Background(), doc, key, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	mr, _ := did.NewMultiResolver(map[string]did.Resolver{"key": &did.KeyResolver{}})
	retriever, _ := did.NewRetriever(did.RetrieverOptions{Resolver: mr})
	strict, _ := proof.NewVerifier(proof.VerifierOptions{Retriever: retriever})
	_, err = strict.Verify(context.Background(), signed, proof.Expectations{})
	fmt.Println("by default:", errors.Is(err, proof.ErrDialect))
	lenient, _ := proof.NewVerifier(proof.VerifierOptions{Retriever: retriever, AcceptDialects: []ld.Dialect{ld.DialectJSONLDJS}})
	res, err := lenient.Verify(context.Background(), signed, proof.Expectations{})
	fmt.Println("accepting jsonld-js:", err == nil, res.Proofs[0].Dialect, len(res.Proofs[0].Constructs))
	// Output:
	// /credentialSubject/credits - write the number with a decimal point in its digits (1.0e-7) or as a string
	// by default: true
	// accepting jsonld-js: true jsonld-js 1
}
