package api_test

import (
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/clrkit/clrkit/vc/api"
)

// Serve an API and exchange a credential through it. A real server checks
// OAuth 2.0 access tokens in its Authorizer; this one takes any token as
// the learner's.
func ExampleNewHandler() {
	h, err := api.NewHandler(api.Options{
		Standard: api.Standard{Name: "OpenBadgeCredentials", Version: "3.0", BasePath: "/ims/ob/v3p0",
			ScopePrefix: "https://purl.imsglobal.org/spec/ob/v3p0/scope/", CredentialTypes: []string{"OpenBadgeCredential"}},
		Store: api.NewMemoryStore(),
		Authorizer: api.AuthorizerFunc(func(r *http.Request, scope string) (string, error) {
			if r.Header.Get("Authorization") == "" {
				return "", api.Failure(http.StatusUnauthorized, api.MinorUnauthorized, "no access token")
			}
			return "learner-1", nil
		}),
		Discovery: api.Discovery{Title: "Example College", TermsOfService: "https://example.edu/tos",
			PrivacyPolicyURL: "https://example.edu/privacy", RegistrationURL: "https://example.edu/oauth/register",
			AuthorizationURL: "https://example.edu/oauth/authorize", TokenURL: "https://example.edu/oauth/token"},
	})
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	badge := `{"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:4c6e0a38-7c4e-4a41-9d5a-000000000001",
		"type": ["VerifiableCredential", "OpenBadgeCredential"], "issuer": {"id": "https://example.edu/issuers/1"},
		"validFrom": "2026-06-01T00:00:00Z", "credentialSubject": {"id": "did:example:learner"}}`
	for range 2 {
		req, _ := http.NewRequest("POST", srv.URL+"/ims/ob/v3p0/credentials", strings.NewReader(badge))
		req.Header.Set("Authorization", "Bearer token")
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			log.Fatal(err)
		}
		resp.Body.Close()
		fmt.Println("upsert:", resp.Status)
	}
	req, _ := http.NewRequest("GET", srv.URL+"/ims/ob/v3p0/credentials", nil)
	req.Header.Set("Authorization", "Bearer token")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println("getCredentials:", resp.Status, "X-Total-Count", resp.Header.Get("X-Total-Count"))
	// Output:
	// upsert: 201 Created
	// upsert: 304 Not Modified
	// getCredentials: 200 OK X-Total-Count 1
}
