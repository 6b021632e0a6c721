package statuslist_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/vc/statuslist"
)

// Give a credential an entry in a revocation list, and revoke it.
func Example() {
	list := statuslist.New(0) // 131,072 entries, all valid
	entry := statuslist.Entry{ListCredential: "https://example.edu/status/1", Purpose: statuslist.PurposeRevocation, Index: 94567}
	status, err := json.Marshal(entry) // the credential's credentialStatus
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(status))

	if err := list.Set(entry.Index, true); err != nil { // revoked
		log.Fatal(err)
	}
	revoked, _ := list.Get(entry.Index)
	fmt.Println(list.Len(), revoked)
	// Output:
	// {"id":"https://example.edu/status/1#94567","type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"94567","statusListCredential":"https://example.edu/status/1"}
	// 131072 true
}

// Give a credential a revocation entry before signing it. The index is
// drawn at random from the free ones; the list's URL is fixed by the
// issuer's base URL.
func ExampleIssuer_AddStatus() {
	ctx := context.Background()
	store := statuslist.NewMemoryStore(nil) // sqlitestore or pgstore in production
	issuer := &statuslist.Issuer{Store: store, ID: "did:example:college", BaseURL: "https://example.edu/status"}
	unsigned, err := issuer.AddStatus(ctx, []byte(`{
		"@context": ["https://www.w3.org/ns/credentials/v2"],
		"id": "urn:uuid:2b1bb2a4-0e4c-4b8f-8d0c-3f3f6c1d2e01",
		"type": ["VerifiableCredential"],
		"issuer": "did:example:college",
		"credentialSubject": {"id": "did:example:learner"}
	}`))
	if err != nil {
		log.Fatal(err)
	}
	var c struct {
		Status struct {
			Purpose string `json:"statusPurpose"`
			List    string `json:"statusListCredential"`
		} `json:"credentialStatus"`
	}
	if err := json.Unmarshal(unsigned, &c); err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Status.Purpose, c.Status.List)

	// Later: revoke it. Publishers serve the changed list from then on.
	if err := store.SetStatus(ctx, "urn:uuid:2b1bb2a4-0e4c-4b8f-8d0c-3f3f6c1d2e01", statuslist.PurposeRevocation, true); err != nil {
		log.Fatal(err)
	}
	_, revoked, _ := store.Entry(ctx, "urn:uuid:2b1bb2a4-0e4c-4b8f-8d0c-3f3f6c1d2e01", statuslist.PurposeRevocation)
	fmt.Println("revoked:", revoked)
	// Output:
	// revocation https://example.edu/status/revocation/1
	// revoked: true
}

// Serve an issuer's lists, signed with its key, where its entries point.
func ExamplePublisher() {
	signer, err := did.Ed25519KeyFromSeed(make([]byte, 32)) // keep real keys secret: did.ReadKeyFile
	if err != nil {
		log.Fatal(err)
	}
	key, err := did.NewKeyFile(signer, did.KeyFileOptions{})
	if err != nil {
		log.Fatal(err)
	}
	store := statuslist.NewMemoryStore(nil)
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux) // in production: https://example.edu
	defer srv.Close()
	base := srv.URL + "/status"
	pub, err := statuslist.NewPublisher(statuslist.PublisherOptions{Store: store, BaseURL: base, Key: key})
	if err != nil {
		log.Fatal(err)
	}
	mux.Handle("/status/", pub)

	issuer := &statuslist.Issuer{Store: store, ID: key.Controller, BaseURL: base}
	entries, err := issuer.Allocate(context.Background(), "urn:uuid:2b1bb2a4-0e4c-4b8f-8d0c-3f3f6c1d2e02")
	if err != nil {
		log.Fatal(err)
	}
	resp, err := http.Get(entries[0].ListCredential)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Status, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"))
	// Output:
	// 200 OK application/vc public, max-age=300
}
