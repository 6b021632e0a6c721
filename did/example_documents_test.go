package did_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/clrkit/clrkit/did"
)

// Resolve a did:web DID offline from a local copy of its DID document: the
// copy is checked as a fetched document would be, and any other URL fails
// without a network.
func ExampleLocalDocuments() {
	doc := []byte(`{"@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
  "id": "did:web:example.edu",
  "verificationMethod": [{"id": "did:web:example.edu#key-1", "type": "Multikey", "controller": "did:web:example.edu",
    "publicKeyMultibase": "z6Mko9hTggMwjSTEaJaPUfE6tqcy2xvU6BnNq3e3o8qVBiyH"}],
  "assertionMethod": ["did:web:example.edu#key-1"]}`)
	docs, err := did.NewLocalDocuments(map[string]did.LocalDocument{
		"https://example.edu/.well-known/did.json": {Body: doc, Name: "example.edu-did.json"},
	})
	if err != nil {
		log.Fatal(err)
	}
	// nil: no network behind the local copies. ReadLocalDocuments(dir) reads
	// the same from dir/index.json and its files.
	web, err := did.NewWebResolver(docs.Client(nil), did.HTTPOptions{})
	if err != nil {
		log.Fatal(err)
	}
	res, err := web.Resolve(context.Background(), "did:web:example.edu")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Document.ID, len(res.Document.VerificationMethod))
	_, err = web.Resolve(context.Background(), "did:web:example.org")
	fmt.Println(errors.Is(err, did.ErrNoLocalCopy))
	// Output:
	// did:web:example.edu 1
	// true
}
