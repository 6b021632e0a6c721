package oauth_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/clrkit/clrkit/vc/api"
	"github.com/clrkit/clrkit/vc/api/oauth"
)

// Run the authorization server beside the API, and register a client as a
// consumer would.
func ExampleNewServer() {
	var handler http.Handler
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	defer srv.Close()
	as, err := oauth.NewServer(oauth.Options{
		Issuer: srv.URL, // the server's public https URL
		Scopes: []string{"https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly"},
		Accounts: oauth.AccountsFunc(func(_ context.Context, user, password string) (string, error) {
			return "", errors.New("look the user up in your own directory")
		}),
	})
	if err != nil {
		log.Fatal(err)
	}
	handler = as.Handler() // and api.NewHandler(... Authorizer: as.Authorizer() ...) at the API's path

	reg := `{"client_name": "Example SIS", "client_uri": "https://sis.example.edu", "logo_uri": "https://sis.example.edu/logo.png",
		"tos_uri": "https://sis.example.edu/tos", "policy_uri": "https://sis.example.edu/privacy", "software_id": "example-sis",
		"software_version": "1.0", "redirect_uris": ["https://sis.example.edu/callback"],
		"scope": "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly"}`
	resp, err := srv.Client().Post(srv.URL+oauth.PathRegister, "application/json", strings.NewReader(reg))
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	var client struct {
		ID     string `json:"client_id"`
		Method string `json:"token_endpoint_auth_method"`
	}
	json.NewDecoder(resp.Body).Decode(&client)
	fmt.Println(resp.Status, client.Method, client.ID != "")
	d := as.Discovery(api.Discovery{})
	fmt.Println(strings.TrimPrefix(d.TokenURL, srv.URL))
	// Output:
	// 201 Created client_secret_basic true
	// /oauth/token
}
