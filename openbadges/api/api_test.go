package api_test

import (
	"context"
	"encoding/json"
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
	"github.com/clrkit/clrkit/schema"
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

// TestResponsesMatchSchemas: the bodies the API sends validate against the
// 1EdTech JSON Schemas: getCredentials against
// GetOpenBadgeCredentialsResponse (the formal schema too), every error
// body against Imsx_StatusInfo (formal too).
func TestResponsesMatchSchemas(t *testing.T) {
	h, err := obapi.NewHandler(api.Options{
		Store: api.NewMemoryStore(),
		Authorizer: api.AuthorizerFunc(func(r *http.Request, scope string) (string, error) {
			if r.Header.Get("Authorization") != "Bearer t" {
				return "", api.Failure(http.StatusUnauthorized, api.MinorUnauthorized, "no token")
			}
			if strings.HasSuffix(scope, "profile.update") {
				return "", api.Failure(http.StatusForbidden, api.MinorForbidden, "no %s", scope)
			}
			return "learner", nil
		}),
		Discovery: api.Discovery{TermsOfService: "https://e.org/t", PrivacyPolicyURL: "https://e.org/p", RegistrationURL: "https://e.org/r",
			AuthorizationURL: "https://e.org/a", TokenURL: "https://e.org/t"},
		MaxBodyBytes: 64 << 10,
	})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	do := func(method, path, token, ct, body string) (int, []byte) {
		req, _ := http.NewRequest(method, srv.URL+"/ims/ob/v3p0"+path, strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		resp, err := srv.Client().Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	badge, err := os.ReadFile("../testdata/ob3-basic.signed.json")
	require.NoError(t, err)
	// The formal schema wants the proof as a list (clrkit sign --proof-list).
	var doc map[string]any
	require.NoError(t, json.Unmarshal(badge, &doc))
	doc["proof"] = []any{doc["proof"]}
	listed, _ := json.Marshal(doc)
	code, body := do("POST", "/credentials", "t", "application/json", string(listed))
	require.Equal(t, http.StatusCreated, code, "%s", body)

	validator := schema.New()
	code, body = do("GET", "/credentials", "t", "", "")
	require.Equal(t, http.StatusOK, code)
	for _, strict := range []bool{false, true} {
		r, err := validator.Validate(body, schema.Options{Kind: schema.GetOpenBadgeCredentialsResponse, Strict: strict})
		require.NoError(t, err)
		assert.True(t, r.Valid, "strict %v: %v", strict, r.Problems)
	}
	for name, req := range map[string][4]string{
		"401":            {"GET", "/credentials", "", ""},
		"403":            {"PUT", "/profile", "t", `{}`},
		"400 query":      {"GET", "/credentials?limit=0", "t", ""},
		"400 credential": {"POST", "/credentials", "t", `{"type": ["OpenBadgeCredential"]}`},
		"404 path":       {"GET", "/nowhere", "t", ""},
		"404 profile":    {"GET", "/profile", "t", ""},
		"405":            {"DELETE", "/credentials", "t", ""},
		"413":            {"POST", "/credentials", "t", `{"x": "` + strings.Repeat("a", 70<<10) + `"}`},
		"415":            {"POST", "/credentials", "t", "<xml/>"},
	} {
		ct := "application/json"
		if name == "415" {
			ct = "application/xml"
		}
		code, body := do(req[0], req[1], req[2], ct, req[3])
		assert.GreaterOrEqual(t, code, 400, name)
		for _, strict := range []bool{false, true} {
			r, err := validator.Validate(body, schema.Options{Kind: schema.ImsxStatusInfo, Strict: strict})
			require.NoError(t, err, name)
			assert.True(t, r.Valid, "%s (strict %v): %s: %v", name, strict, body, r.Problems)
		}
	}
}
