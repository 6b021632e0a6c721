package did_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/clrkit/clrkit/did"
)

// Resolving a did:web DID with a caller-supplied client. The test server
// stands in for https://example.com: its Client() trusts the server's
// certificate and dials the server for example.com.
func ExampleWebResolver() {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/issuers/1/did.json" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/did+json")
		w.Header().Set("Cache-Control", "max-age=300")
		fmt.Fprint(w, `{
			"@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
			"id": "did:web:example.com:issuers:1",
			"verificationMethod": [{
				"id": "did:web:example.com:issuers:1#key-1",
				"type": "Multikey",
				"controller": "did:web:example.com:issuers:1",
				"publicKeyMultibase": "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
			}],
			"assertionMethod": ["#key-1"]
		}`)
	}))
	defer srv.Close()

	url, _ := did.WebURL("did:web:example.com:issuers:1")
	fmt.Println(url)

	// The test server is on loopback, which fetches may reach only when
	// allowed: a credential must not steer a verifier into its own network.
	web, err := did.NewWebResolver(srv.Client(), did.HTTPOptions{AllowHosts: []string{"127.0.0.1"}})
	if err != nil {
		panic(err)
	}
	res, err := web.Resolve(context.Background(), "did:web:example.com:issuers:1")
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Document.ID, res.ContentType)

	// The retriever proof uses: the method must be an assertion method of
	// its controller.
	r, err := did.NewRetriever(did.RetrieverOptions{Resolver: web})
	if err != nil {
		panic(err)
	}
	m, err := r.Retrieve(context.Background(), "did:web:example.com:issuers:1#key-1", did.AssertionMethod)
	if err != nil {
		panic(err)
	}
	fmt.Println(m.Type, m.Controller, m.Source)

	_, err = r.Retrieve(context.Background(), "did:web:example.com:issuers:1#key-1", did.Authentication)
	fmt.Println(err)
	// Output:
	// https://example.com/issuers/1/did.json
	// did:web:example.com:issuers:1 application/did+json
	// Multikey did:web:example.com:issuers:1 didDocument
	// did: verification method did:web:example.com:issuers:1#key-1 is not listed under authentication
}
