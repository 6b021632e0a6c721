package api_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/openbadges"
	obapi "github.com/clrkit/clrkit/openbadges/api"
	"github.com/clrkit/clrkit/vc"
	"github.com/clrkit/clrkit/vc/api"
)

// TestOpenBadgesAPI: at /ims/ob/v3p0, with its scopes, a verified Open
// Badge is stored and read back as sent; a tampered one and a CLR are
// refused.
func TestOpenBadgesAPI(t *testing.T) {
	verifier, err := openbadges.NewVerifier(vc.VerifierOptions{})
	require.NoError(t, err)
	h, err := obapi.NewHandler(api.Options{
		Store: api.NewMemoryStore(),
		Authorizer: api.AuthorizerFunc(func(r *http.Request, scope string) (string, error) {
			if r.Header.Get("Authorization") != "Bearer t" || !strings.HasPrefix(scope, "https://purl.imsglobal.org/spec/ob/v3p0/scope/") {
				return "", api.Failure(http.StatusForbidden, api.MinorForbidden, "no")
			}
			return "learner", nil
		}),
		Discovery: api.Discovery{TermsOfService: "https://e.org/t", PrivacyPolicyURL: "https://e.org/p", RegistrationURL: "https://e.org/r",
			AuthorizationURL: "https://e.org/a", TokenURL: "https://e.org/t"},
		Verify: func(ctx context.Context, credential []byte) error {
			r, err := verifier.Verify(ctx, credential, vc.Expectations{})
			if err != nil && r != nil && errors.Is(err, vc.ErrNotVerified) {
				return errors.New(r.Summary())
			}
			return err
		},
	})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	post := func(body []byte) (int, string) {
		req, _ := http.NewRequest("POST", srv.URL+"/ims/ob/v3p0/credentials", strings.NewReader(string(body)))
		req.Header.Set("Authorization", "Bearer t")
		req.Header.Set("Content-Type", "application/json")
		resp, err := srv.Client().Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	badge, err := os.ReadFile("../testdata/ob3-basic.signed.json")
	require.NoError(t, err)
	code, body := post(badge)
	require.Equal(t, http.StatusCreated, code, body)

	code, body = post([]byte(strings.Replace(string(badge), "Teamwork Badge", "Tampered Badge", 1)))
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, "does not verify")
	clr, err := os.ReadFile("../../clr/testdata/clr-3creds.signed.json")
	require.NoError(t, err)
	code, body = post(clr)
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, "AchievementCredential or OpenBadgeCredential")

	req, _ := http.NewRequest("GET", srv.URL+"/ims/ob/v3p0/credentials", nil)
	req.Header.Set("Authorization", "Bearer t")
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, `{"credential":[`+strings.TrimSpace(string(badge))+`]}`, string(got), "the badge comes back byte for byte")
	r, err := verifier.Verify(context.Background(), []byte(strings.TrimSuffix(strings.TrimPrefix(string(got), `{"credential":[`), `]}`)), vc.Expectations{})
	require.NoError(t, err, "%v", r)
}
