package did_test

import (
	"context"
	"encoding/hex"
	"fmt"

	"github.com/clrkit/clrkit/did"
)

// Generate a deterministic Ed25519 key and describe it as a key file whose
// controller is its did:key DID.
func ExampleNewKeyFile() {
	seed, _ := hex.DecodeString("0000000000000000000000000000000000000000000000000000000000000000")
	key, err := did.Ed25519KeyFromSeed(seed)
	if err != nil {
		panic(err)
	}
	kf, err := did.NewKeyFile(key, did.KeyFileOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println(kf.Controller)
	fmt.Println(kf.ID)
	// Output:
	// did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp
	// did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp
}

// Resolve a did:key to its DID document and take the key of its assertion
// method.
func ExampleKeyResolver_Resolve() {
	r, err := did.NewKeyResolver(did.KeyOptions{})
	if err != nil {
		panic(err)
	}
	res, err := r.Resolve(context.Background(), "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")
	if err != nil {
		panic(err)
	}
	vm := res.Document.VerificationMethod[0]
	pub, err := vm.PublicKey()
	if err != nil {
		panic(err)
	}
	fmt.Println(vm.Type, len(res.Document.Relationships[did.AssertionMethod]))
	fmt.Printf("%T\n", pub)
	// Output:
	// Multikey 1
	// ed25519.PublicKey
}
