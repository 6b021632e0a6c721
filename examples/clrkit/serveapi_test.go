package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"
	"golang.org/x/oauth2"

	clrapi "github.com/clrkit/clrkit/clr/api"
	"github.com/clrkit/clrkit/internal/sqldb/pg/pgtest"
	obapi "github.com/clrkit/clrkit/openbadges/api"
	"github.com/clrkit/clrkit/vc/api"
	"github.com/clrkit/clrkit/vc/api/oauth/oauthtest"
)

// accountsFixture writes an --accounts file with alice's password.
func accountsFixture(t *testing.T, password string) string {
	t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	require.NoError(t, err)
	return writeTemp(t, "accounts.json", `{"accounts": [{"username": "alice", "password_bcrypt": "`+string(hash)+`", "owner": "account-1"}]}`)
}

// signIn is the user's browser on serve's login page.
func signIn(client *http.Client, serverURL, user, password string) func(string) error {
	return oauthtest.Browser(client.Transport, serverURL, user, password, "allow")
}

// TestServeAPI: serve --api over TLS, on each store: a consumer registers,
// the user signs in on the login page, and the consumer upserts to the OB
// 3.0 API with its token; the badge, revoked with clrkit status, fails
// verification after it is read back; 250 more are paged through; an
// older version is refused (304) and a newer one replaces it; the profile
// is put and read; the CLR API answers beside it.
func TestServeAPI(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { serveAPI(t, "sqlite:"+filepath.Join(t.TempDir(), "clrkit.db")) })
	t.Run("postgres", func(t *testing.T) { serveAPI(t, "postgres:"+pgtest.Database(t)) })
}

func serveAPI(t *testing.T, store string) {
	ctx := context.Background()
	certFile, keyFile, client := tlsFiles(t)
	url := startServe(t, "--addr", "127.0.0.1:0", "--key", issuerKey, "--tls-cert", certFile, "--tls-key", keyFile,
		"--store", store, "--api", "--accounts", accountsFixture(t, "correct horse"), "--allow-loopback-redirects")
	octx := context.WithValue(ctx, oauth2.HTTPClient, client)

	disc, err := api.NewClient(url, obapi.Standard, api.ClientOptions{HTTPClient: client})
	require.NoError(t, err)
	ep, err := disc.Endpoints(octx)
	require.NoError(t, err)
	lb, err := api.NewLoopback()
	require.NoError(t, err)
	defer lb.Close()
	redirect, wait := lb.URI, lb.Wait
	scopes := []string{obapi.Standard.Scope(api.ScopeCredentialUpsert), obapi.Standard.Scope(api.ScopeCredentialRead),
		obapi.Standard.Scope(api.ScopeProfileRead), obapi.Standard.Scope(api.ScopeProfileUpdate)}
	rc, err := api.Register(octx, client, ep.Registration, api.Registration{ClientName: "Test SIS", ClientURI: "https://sis.example.edu",
		LogoURI: "https://sis.example.edu/logo.png", TOSURI: "https://sis.example.edu/tos", PolicyURI: "https://sis.example.edu/privacy",
		SoftwareID: "test-sis", SoftwareVersion: "1", RedirectURIs: []string{redirect}, Scope: strings.Join(scopes, " ")})
	require.NoError(t, err)
	cfg := api.OAuthConfig(ep, rc, redirect, scopes)
	tok, err := api.Authorize(octx, cfg, signIn(client, url, "alice", "correct horse"), wait)
	require.NoError(t, err)

	// A badge with a status entry, signed, sent through the API.
	code, withStatus, errOut := runCLI(t, "", "status", "create", "--store", store, "--base-url", url+"/status", "testdata/ob3-basic.json")
	require.Equal(t, exitOK, code, errOut)
	code, signed, errOut := runCLI(t, withStatus, "sign", "--key", issuerKey, "--proof-list", "-")
	require.Equal(t, exitOK, code, errOut)
	c, err := api.NewClient(url, obapi.Standard, api.ClientOptions{HTTPClient: cfg.Client(octx, tok), Retry: api.RetryTransient})
	require.NoError(t, err)
	out, err := c.Upsert(ctx, []byte(signed))
	require.NoError(t, err)
	assert.Equal(t, api.Created, out)

	code, _, errOut = runCLI(t, "", "status", "revoke", "--store", store, "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002")
	require.Equal(t, exitOK, code, errOut)
	var got [][]byte
	for cred, err := range c.Credentials(ctx, api.Query{Limit: 1}) {
		require.NoError(t, err)
		got = append(got, cred)
	}
	require.Len(t, got, 1)
	// The server's verify endpoint reads its own lists in-process.
	resp, err := client.Post(url+"/credentials/verify", "application/json", strings.NewReader(`{"verifiableCredential": `+string(got[0])+`}`))
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "%s", body)
	assert.Contains(t, string(body), "REVOKED")

	// 250 more, paged through; then replace, older and profile.
	for i := range 250 {
		body := strings.Replace(strings.Replace(string(withStatus), "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002", fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", i), 1), `"credentialStatus"`, `"x-removed"`, 1)
		var doc map[string]any
		require.NoError(t, json.Unmarshal([]byte(body), &doc))
		delete(doc, "x-removed")
		raw, _ := json.Marshal(doc)
		out, err := c.Upsert(ctx, raw)
		require.NoError(t, err)
		require.Equal(t, api.Created, out)
	}
	n := 0
	for _, err := range c.Credentials(ctx, api.Query{Limit: 40}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 251, n)
	older := strings.Replace(string(withStatus), `"validFrom": "2024-06-01T00:00:00Z"`, `"validFrom": "2023-06-01T00:00:00Z"`, 1)
	require.NotEqual(t, older, string(withStatus))
	out, err = c.Upsert(ctx, []byte(older))
	require.NoError(t, err)
	assert.Equal(t, api.NotNewer, out)
	newer := strings.Replace(string(withStatus), `"validFrom": "2024-06-01T00:00:00Z"`, `"validFrom": "2025-06-01T00:00:00Z"`, 1)
	out, err = c.Upsert(ctx, []byte(newer))
	require.NoError(t, err)
	assert.Equal(t, api.Replaced, out)
	profile := `{"id": "https://example.edu/issuers/565049", "type": ["Profile"], "name": "Example University"}`
	_, _, err = c.PutProfile(ctx, []byte(profile))
	require.NoError(t, err)
	p, err := c.Profile(ctx)
	require.NoError(t, err)
	assert.JSONEq(t, profile, string(p))

	// The CLR API's discovery, beside it.
	resp, err = client.Get(url + clrapi.Standard.BasePath + "/discovery")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

// TestServeAPIUsage: --api's flags.
func TestServeAPIUsage(t *testing.T) {
	accounts := accountsFixture(t, "x")
	for name, tc := range map[string]struct {
		args    []string
		mention string
	}{
		"no TLS":              {[]string{"--api", "--accounts", accounts}, "needs TLS"},
		"no accounts":         {[]string{"--api", "--tls-self-signed"}, "--accounts"},
		"accounts w/o api":    {[]string{"--accounts", accounts}, "go with --api"},
		"loopback w/o api":    {[]string{"--allow-loopback-redirects"}, "go with --api"},
		"accounts not bcrypt": {[]string{"--api", "--tls-self-signed", "--store", "sqlite:" + filepath.Join(t.TempDir(), "x.db"), "--accounts", writeTemp(t, "a.json", `{"accounts": [{"username": "a", "password_bcrypt": "plain"}]}`)}, "not a bcrypt hash"},
	} {
		t.Run(name, func(t *testing.T) {
			code, _, errOut := runCLI(t, "", append([]string{"serve", "--addr", "127.0.0.1:0", "--key", issuerKey}, tc.args...)...)
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, errOut, tc.mention)
		})
	}
}

// TestServeAPIRestart: the OAuth server's clients and tokens are in the
// store: a token from one run of serve --api works at the next.
func TestServeAPIRestart(t *testing.T) {
	ctx := context.Background()
	certFile, keyFile, client := tlsFiles(t)
	store := "sqlite:" + filepath.Join(t.TempDir(), "clrkit.db")
	accounts := accountsFixture(t, "pw")
	var tok *oauth2.Token
	t.Run("first run", func(t *testing.T) {
		url := startServe(t, "--addr", "127.0.0.1:0", "--key", issuerKey, "--tls-cert", certFile, "--tls-key", keyFile,
			"--store", store, "--api", "--accounts", accounts, "--allow-loopback-redirects")
		octx := context.WithValue(ctx, oauth2.HTTPClient, client)
		disc, err := api.NewClient(url, obapi.Standard, api.ClientOptions{HTTPClient: client})
		require.NoError(t, err)
		ep, err := disc.Endpoints(octx)
		require.NoError(t, err)
		lb, err := api.NewLoopback()
		require.NoError(t, err)
		defer lb.Close()
		scopes := []string{obapi.Standard.Scope(api.ScopeCredentialRead)}
		rc, err := api.Register(octx, client, ep.Registration, api.Registration{ClientName: "Test SIS", ClientURI: "https://sis.example.edu",
			LogoURI: "https://sis.example.edu/logo.png", TOSURI: "https://sis.example.edu/tos", PolicyURI: "https://sis.example.edu/privacy",
			SoftwareID: "test-sis", SoftwareVersion: "1", RedirectURIs: []string{lb.URI}, Scope: strings.Join(scopes, " ")})
		require.NoError(t, err)
		cfg := api.OAuthConfig(ep, rc, lb.URI, scopes)
		tok, err = api.Authorize(octx, cfg, signIn(client, url, "alice", "pw"), lb.Wait)
		require.NoError(t, err)
	})
	require.NotNil(t, tok)
	url := startServe(t, "--addr", "127.0.0.1:0", "--key", issuerKey, "--tls-cert", certFile, "--tls-key", keyFile,
		"--store", store, "--api", "--accounts", accounts)
	req, _ := http.NewRequest("GET", url+obapi.Standard.BasePath+"/credentials", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err := client.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the second run takes the first run's token")
}
