package api_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	clrapi "github.com/clrkit/clrkit/clr/api"
	"github.com/clrkit/clrkit/vc/api"
)

// TestCLRAPI: at /ims/clr/v2p0, with the CLR scopes, a ClrCredential is
// created; an Open Badge is refused.
func TestCLRAPI(t *testing.T) {
	var scopes []string
	h, err := clrapi.NewHandler(api.Options{
		Store: api.NewMemoryStore(),
		Authorizer: api.AuthorizerFunc(func(r *http.Request, scope string) (string, error) {
			scopes = append(scopes, scope)
			return "learner", nil
		}),
		Discovery: api.Discovery{TermsOfService: "https://e.org/t", PrivacyPolicyURL: "https://e.org/p", RegistrationURL: "https://e.org/r",
			AuthorizationURL: "https://e.org/a", TokenURL: "https://e.org/t"},
	})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	post := func(file string) int {
		body, err := os.ReadFile(file)
		require.NoError(t, err)
		resp, err := srv.Client().Post(srv.URL+"/ims/clr/v2p0/credentials", "application/json", strings.NewReader(string(body)))
		require.NoError(t, err)
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, http.StatusCreated, post("../testdata/clr-3creds.signed.json"))
	assert.Equal(t, http.StatusBadRequest, post("../testdata/ob3-basic.signed.json"))
	assert.Equal(t, []string{"https://purl.imsglobal.org/spec/clr/v2p0/scope/credential.upsert", "https://purl.imsglobal.org/spec/clr/v2p0/scope/credential.upsert"}, scopes)
	resp, err := srv.Client().Get(srv.URL + "/ims/clr/v2p0/discovery")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(body), "https://purl.imsglobal.org/spec/clr/v2p0/scope/profile.update")
}
