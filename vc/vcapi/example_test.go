package vcapi_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/vc/vcapi"
)

// A Handler mounted on a test server issues a credential for the issuer of
// its key.
func ExampleNewHandler() {
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{1}, ed25519.SeedSize)) // a fixed key, for the example
	issuer, err := did.DIDKey(key.Public())
	if err != nil {
		log.Fatal(err)
	}
	h, err := vcapi.NewHandler(vcapi.Options{
		Signer:             key,
		VerificationMethod: issuer + "#" + issuer[len("did:key:"):],
	})
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	body := `{"credential": {
	  "@context": ["https://www.w3.org/ns/credentials/v2"],
	  "type": ["VerifiableCredential"],
	  "credentialSubject": {"name": "Alice"}}}`
	resp, err := http.Post(srv.URL+"/credentials/issue", "application/json", bytes.NewBufferString(body))
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		VerifiableCredential struct {
			Issuer string `json:"issuer"`
			Proof  struct {
				Cryptosuite string `json:"cryptosuite"`
			} `json:"proof"`
		} `json:"verifiableCredential"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode)
	fmt.Println(out.VerifiableCredential.Proof.Cryptosuite)
	fmt.Println(out.VerifiableCredential.Issuer == issuer)
	// Output:
	// 201
	// eddsa-rdfc-2022
	// true
}
