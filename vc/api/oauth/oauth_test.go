package oauth_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/clrkit/clrkit/internal/sqldb/pg/pgtest"
	"github.com/clrkit/clrkit/vc/api"
	"github.com/clrkit/clrkit/vc/api/oauth"
	"github.com/clrkit/clrkit/vc/api/oauth/oauthtest"
	oauthpg "github.com/clrkit/clrkit/vc/api/oauth/pgstore"
	oauthsqlite "github.com/clrkit/clrkit/vc/api/oauth/sqlitestore"
)

var std = api.Standard{Name: "OpenBadgeCredentials", Version: "3.0", BasePath: "/ims/ob/v3p0",
	ScopePrefix: "https://purl.imsglobal.org/spec/ob/v3p0/scope/", CredentialTypes: []string{"OpenBadgeCredential"}}

// host is one HTTPS server on loopback with the authorization server at
// its root and the API at its base path, as clrkit serve --api runs them.
type host struct {
	*httptest.Server
	as *oauth.Server
}

func newHost(t *testing.T, edit func(*oauth.Options)) *host {
	t.Helper()
	var h http.Handler
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	opts := oauth.Options{Issuer: srv.URL, Scopes: std.Scopes(), AllowLoopbackRedirects: true,
		Accounts: oauth.AccountsFunc(func(_ context.Context, user, password string) (string, error) {
			if user == "alice" && password == "correct horse" {
				return "account-alice", nil
			}
			return "", fmt.Errorf("no")
		})}
	if edit != nil {
		edit(&opts)
	}
	as, err := oauth.NewServer(opts)
	require.NoError(t, err)
	apiHandler, err := api.NewHandler(api.Options{Standard: std, Store: api.NewMemoryStore(), Authorizer: as.Authorizer(),
		Discovery: as.Discovery(api.Discovery{Title: "Test", TermsOfService: srv.URL + "/tos", PrivacyPolicyURL: srv.URL + "/privacy"})})
	require.NoError(t, err)
	mux := http.NewServeMux()
	mux.Handle(std.BasePath+"/", apiHandler)
	mux.Handle("/", as.Handler())
	h = mux
	return &host{Server: srv, as: as}
}

func registration(redirect string, scopes ...string) api.Registration {
	return api.Registration{ClientName: "Example SIS", ClientURI: "https://sis.example.edu", LogoURI: "https://sis.example.edu/logo.png",
		TOSURI: "https://sis.example.edu/tos", PolicyURI: "https://sis.example.edu/privacy", SoftwareID: "example-sis",
		SoftwareVersion: "1.0", RedirectURIs: []string{redirect}, Scope: strings.Join(scopes, " ")}
}

var hiddenRE = regexp.MustCompile(`<input type="hidden" name="(\w+)" value="([^"]*)">`)

// browser signs in as a user would, on this host's login page.
func (h *host) browser(_ *testing.T, user, password, decision string) func(string) error {
	return oauthtest.Browser(h.Client().Transport, h.URL, user, password, decision)
}

// TestAuthorizationCodeFlow: a consumer discovers the endpoints,
// registers, signs the user in through the login page with PKCE S256,
// uses the API with the token, refreshes it, and loses access once the
// token is revoked.
func TestAuthorizationCodeFlow(t *testing.T) { eachRecords(t, testAuthorizationCodeFlow) }

func testAuthorizationCodeFlow(t *testing.T, records func(*testing.T) *oauth.Records) {
	h := newHost(t, func(o *oauth.Options) { o.Records = records(t) })
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, h.Client())
	disc, err := api.NewClient(h.URL, std, api.ClientOptions{HTTPClient: h.Client()})
	require.NoError(t, err)
	ep, err := disc.Endpoints(ctx)
	require.NoError(t, err)
	assert.Equal(t, h.URL+oauth.PathRegister, ep.Registration)

	lb, err := api.NewLoopback()
	require.NoError(t, err)
	defer lb.Close()
	redirect, wait := lb.URI, lb.Wait
	rc, err := api.Register(ctx, h.Client(), ep.Registration, registration(redirect, std.Scope(api.ScopeCredentialRead), std.Scope(api.ScopeCredentialUpsert)))
	require.NoError(t, err)
	cfg := api.OAuthConfig(ep, rc, redirect, []string{std.Scope(api.ScopeCredentialRead), std.Scope(api.ScopeCredentialUpsert)})
	tok, err := api.Authorize(ctx, cfg, h.browser(t, "alice", "correct horse", "allow"), wait)
	require.NoError(t, err)
	require.NotEmpty(t, tok.RefreshToken)

	c, err := api.NewClient(h.URL, std, api.ClientOptions{HTTPClient: cfg.Client(ctx, tok), Retry: api.RetryTransient})
	require.NoError(t, err)
	badge := `{"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:5b3c1e5e-0000-4000-8000-000000000001",
		"type": ["VerifiableCredential", "OpenBadgeCredential"], "issuer": "did:example:issuer", "validFrom": "2026-01-01T00:00:00Z",
		"credentialSubject": {"id": "did:example:learner"}}`
	out, err := c.Upsert(ctx, []byte(badge))
	require.NoError(t, err)
	assert.Equal(t, api.Created, out)
	_, err = c.Profile(ctx)
	var apiErr *api.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusForbidden, apiErr.HTTPStatus, "no profile scope was granted")

	// Refresh: the expired token is renewed, and the old refresh token is
	// used up.
	old := *tok
	tok.Expiry = time.Now().Add(-time.Minute)
	fresh, err := cfg.TokenSource(ctx, tok).Token()
	require.NoError(t, err)
	assert.NotEqual(t, old.AccessToken, fresh.AccessToken)
	_, err = cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: old.RefreshToken, Expiry: time.Now().Add(-time.Minute)}).Token()
	assert.Error(t, err, "a refresh token is used once")
	c, err = api.NewClient(h.URL, std, api.ClientOptions{HTTPClient: cfg.Client(ctx, fresh), Retry: api.RetryTransient})
	require.NoError(t, err)
	n := 0
	for _, err := range c.Credentials(ctx, api.Query{}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 1, n)

	// Revocation (RFC 7009) of the access token: the API refuses it.
	req, _ := http.NewRequest("POST", h.URL+oauth.PathRevoke, strings.NewReader(url.Values{"token": {fresh.AccessToken}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(rc.ClientID, rc.ClientSecret)
	resp, err := h.Client().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	_, err = c.CredentialsPage(ctx, api.Query{}, "")
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusUnauthorized, apiErr.HTTPStatus)
}

// TestAuthorizationRefusals: without PKCE S256, with the wrong password,
// and when the user denies, no code is issued; a code is good once.
func TestAuthorizationRefusals(t *testing.T) { eachRecords(t, testAuthorizationRefusals) }

func testAuthorizationRefusals(t *testing.T, records func(*testing.T) *oauth.Records) {
	h := newHost(t, func(o *oauth.Options) { o.Records = records(t) })
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, h.Client())
	disc, _ := api.NewClient(h.URL, std, api.ClientOptions{HTTPClient: h.Client()})
	ep, err := disc.Endpoints(ctx)
	require.NoError(t, err)
	lb, err := api.NewLoopback()
	require.NoError(t, err)
	defer lb.Close()
	redirect, wait := lb.URI, lb.Wait
	rc, err := api.Register(ctx, h.Client(), ep.Registration, registration(redirect, std.Scope(api.ScopeCredentialRead)))
	require.NoError(t, err)
	cfg := api.OAuthConfig(ep, rc, redirect, []string{std.Scope(api.ScopeCredentialRead)})

	// No code_challenge: the server sends an error back, not a login page.
	noFollow := &http.Client{Transport: h.Client().Transport, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(cfg.AuthCodeURL("s1"))
	require.NoError(t, err)
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	require.NotNil(t, loc)
	assert.Equal(t, "invalid_request", loc.Query().Get("error"), "%s", resp.Header.Get("Location"))
	// The plain method is refused too.
	resp, err = noFollow.Get(cfg.AuthCodeURL("s2", oauth2.SetAuthURLParam("code_challenge", "abc"), oauth2.SetAuthURLParam("code_challenge_method", "plain")))
	require.NoError(t, err)
	resp.Body.Close()
	loc, _ = url.Parse(resp.Header.Get("Location"))
	require.NotNil(t, loc)
	assert.NotEmpty(t, loc.Query().Get("error"), "plain PKCE: %s", resp.Header.Get("Location"))

	err = h.browser(t, "alice", "wrong", "allow")(cfg.AuthCodeURL("s3", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
	assert.ErrorContains(t, err, "401", "a wrong password stays on the login page")

	_, err = api.Authorize(ctx, cfg, h.browser(t, "alice", "", "deny"), wait)
	assert.ErrorContains(t, err, "access_denied")

	// A code is exchanged once.
	lb2, err := api.NewLoopback()
	require.NoError(t, err)
	defer lb2.Close()
	redirect2, wait2 := lb2.URI, lb2.Wait
	require.NoError(t, err)
	rc2, err := api.Register(ctx, h.Client(), ep.Registration, registration(redirect2, std.Scope(api.ScopeCredentialRead)))
	require.NoError(t, err)
	cfg2 := api.OAuthConfig(ep, rc2, redirect2, []string{std.Scope(api.ScopeCredentialRead)})
	verifier := oauth2.GenerateVerifier()
	require.NoError(t, h.browser(t, "alice", "correct horse", "allow")(cfg2.AuthCodeURL("s4", oauth2.S256ChallengeOption(verifier))))
	got, err := wait2(ctx)
	require.NoError(t, err)
	_, err = cfg2.Exchange(ctx, got.Get("code"), oauth2.VerifierOption("not-the-verifier-"+verifier))
	assert.Error(t, err, "the wrong verifier")
	_, err = cfg2.Exchange(ctx, got.Get("code"), oauth2.VerifierOption(verifier))
	assert.Error(t, err, "a code is good once, even after a failed exchange")
}

// TestRegistration: every required member, https URLs on one host,
// loopback http redirects only when allowed, scopes the server grants.
func TestRegistration(t *testing.T) {
	h := newHost(t, func(o *oauth.Options) { o.AllowLoopbackRedirects = false })
	post := func(reg any) (int, map[string]any) {
		body, _ := json.Marshal(reg)
		resp, err := h.Client().Post(h.URL+oauth.PathRegister, "application/json", strings.NewReader(string(body)))
		require.NoError(t, err)
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	good := registration("https://sis.example.edu/callback", std.Scope(api.ScopeCredentialRead))
	code, out := post(good)
	require.Equal(t, http.StatusCreated, code, "%v", out)
	assert.NotEmpty(t, out["client_id"])
	assert.NotEmpty(t, out["client_secret"])
	assert.Equal(t, "client_secret_basic", out["token_endpoint_auth_method"])
	assert.Equal(t, good.SoftwareID, out["software_id"])

	for name, edit := range map[string]func(*api.Registration){
		"no logo":           func(r *api.Registration) { r.LogoURI = "" },
		"no software id":    func(r *api.Registration) { r.SoftwareID = "" },
		"no redirect":       func(r *api.Registration) { r.RedirectURIs = nil },
		"http tos":          func(r *api.Registration) { r.TOSURI = "http://sis.example.edu/tos" },
		"two hosts":         func(r *api.Registration) { r.PolicyURI = "https://elsewhere.example/privacy" },
		"redirect off host": func(r *api.Registration) { r.RedirectURIs = []string{"https://evil.example/cb"} },
		"loopback refused":  func(r *api.Registration) { r.RedirectURIs = []string{"http://127.0.0.1:8080/cb"} },
		"unknown scope":     func(r *api.Registration) { r.Scope = "https://example.org/scope/admin" },
	} {
		r := good
		r.RedirectURIs = append([]string(nil), good.RedirectURIs...)
		edit(&r)
		code, out := post(r)
		assert.Equal(t, http.StatusBadRequest, code, name)
		assert.Contains(t, []any{"invalid_client_metadata", "invalid_redirect_uri"}, out["error"], name)
	}
}

// TestLoginHardening: one login per authorization, in the browser that
// opened it; one code per authorization; loopback redirects on any port
// (RFC 8252); a refresh token is no access token.
func TestLoginHardening(t *testing.T) { eachRecords(t, testLoginHardening) }

func testLoginHardening(t *testing.T, records func(*testing.T) *oauth.Records) {
	h := newHost(t, func(o *oauth.Options) { o.Records = records(t) })
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, h.Client())
	disc, _ := api.NewClient(h.URL, std, api.ClientOptions{HTTPClient: h.Client()})
	ep, err := disc.Endpoints(ctx)
	require.NoError(t, err)
	rc, err := api.Register(ctx, h.Client(), ep.Registration, registration("http://127.0.0.1:1234/callback", std.Scope(api.ScopeCredentialRead)))
	require.NoError(t, err)
	// Another port than the one registered: accepted for a loopback client.
	cfg := api.OAuthConfig(ep, rc, "http://127.0.0.1:5678/callback", []string{std.Scope(api.ScopeCredentialRead)})
	verifier := oauth2.GenerateVerifier()
	jar, _ := cookiejar.New(nil)
	noFollow := &http.Client{Transport: h.Client().Transport, Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(cfg.AuthCodeURL("st", oauth2.S256ChallengeOption(verifier)))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	login := resp.Header.Get("Location")
	require.Contains(t, login, oauth.PathLogin, "a loopback port not registered still reaches the login page")
	if !strings.HasPrefix(login, "http") {
		login = h.URL + login
	}
	resp, err = noFollow.Get(login)
	require.NoError(t, err)
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	form := url.Values{"username": {"alice"}, "password": {"correct horse"}, "decision": {"allow"}}
	for _, m := range hiddenRE.FindAllStringSubmatch(string(page), -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	// Another browser (no cookie) cannot open or send the form.
	other := &http.Client{Transport: h.Client().Transport, CheckRedirect: noFollow.CheckRedirect}
	resp, err = other.Get(login)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	resp, err = other.PostForm(h.URL+oauth.PathLogin, form)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)

	resp, err = noFollow.PostForm(h.URL+oauth.PathLogin, form)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	callback := resp.Header.Get("Location")
	// The same form again: the authorization is signed in for already.
	resp, err = noFollow.PostForm(h.URL+oauth.PathLogin, form)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)

	codes := 0
	for range 3 { // the callback, visited again, mints no second code
		resp, err = noFollow.Get(callback)
		require.NoError(t, err)
		resp.Body.Close()
		if loc, err := url.Parse(resp.Header.Get("Location")); err == nil && loc.Query().Get("code") != "" {
			codes++
			tok, err := cfg.Exchange(ctx, loc.Query().Get("code"), oauth2.VerifierOption(verifier))
			require.NoError(t, err)
			// A refresh token is not an access token.
			c, _ := api.NewClient(h.URL, std, api.ClientOptions{HTTPClient: cfg.Client(ctx, &oauth2.Token{AccessToken: tok.RefreshToken}), Retry: api.RetryTransient})
			_, err = c.CredentialsPage(ctx, api.Query{}, "")
			var apiErr *api.Error
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, http.StatusUnauthorized, apiErr.HTTPStatus)
			// The access token works, under a lower-case scheme too.
			req, _ := http.NewRequest("GET", h.URL+std.BasePath+"/credentials", nil)
			req.Header.Set("Authorization", "bearer "+tok.AccessToken)
			r2, err := h.Client().Do(req)
			require.NoError(t, err)
			r2.Body.Close()
			assert.Equal(t, http.StatusOK, r2.StatusCode)
		}
	}
	assert.Equal(t, 1, codes)
}

// eachRecords runs a test with the server's records in memory, in SQLite
// and in PostgreSQL.
func eachRecords(t *testing.T, test func(*testing.T, func(*testing.T) *oauth.Records)) {
	t.Run("memory", func(t *testing.T) { test(t, func(*testing.T) *oauth.Records { return nil }) })
	t.Run("sqlite", func(t *testing.T) {
		test(t, func(t *testing.T) *oauth.Records {
			r, err := oauthsqlite.Open(context.Background(), filepath.Join(t.TempDir(), "oauth.db"))
			require.NoError(t, err)
			t.Cleanup(func() { r.Close() })
			return r
		})
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := pgtest.Database(t)
		test(t, func(t *testing.T) *oauth.Records {
			r, err := oauthpg.Open(context.Background(), dsn)
			require.NoError(t, err)
			t.Cleanup(func() { r.Close() })
			return r
		})
	})
}

// TestServersShareRecords: two servers on one database accept each
// other's tokens; a token revoked at one is refused by the other.
func TestServersShareRecords(t *testing.T) {
	dsn := pgtest.Database(t)
	open := func(t *testing.T) *oauth.Records {
		r, err := oauthpg.Open(context.Background(), dsn)
		require.NoError(t, err)
		t.Cleanup(func() { r.Close() })
		return r
	}
	a := newHost(t, func(o *oauth.Options) { o.Records = open(t) })
	b := newHost(t, func(o *oauth.Options) { o.Records = open(t) })
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, a.Client())
	atA, cfg, tok, rc := connected(t, a, std.Scope(api.ScopeCredentialRead))

	atB, err := api.NewClient(b.URL, std, api.ClientOptions{HTTPClient: cfg.Client(ctx, tok), Retry: api.RetryTransient})
	require.NoError(t, err)
	_, err = atB.CredentialsPage(ctx, api.Query{}, "")
	require.NoError(t, err, "server B takes server A's token")
	revoke(t, b, rc, tok.AccessToken)
	_, err = atA.CredentialsPage(ctx, api.Query{}, "")
	var apiErr *api.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusUnauthorized, apiErr.HTTPStatus, "revoked at B, refused at A")
}

// TestRefreshExpires: a refresh token lasts 30 days from the login, on
// every store; an access token its lifetime.
func TestRefreshExpires(t *testing.T) { eachRecords(t, refreshExpires) }

func refreshExpires(t *testing.T, records func(*testing.T) *oauth.Records) {
	now := time.Now()
	clock := func() time.Time { return now }
	h := newHost(t, func(o *oauth.Options) { o.Records, o.Now = records(t), clock })
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, h.Client())
	_, cfg, tok, _ := connected(t, h, std.Scope(api.ScopeCredentialRead))
	c, err := api.NewClient(h.URL, std, api.ClientOptions{HTTPClient: cfg.Client(ctx, &oauth2.Token{AccessToken: tok.AccessToken}), Retry: api.RetryTransient})
	require.NoError(t, err)
	now = now.Add(2 * time.Hour) // past the access token's hour
	_, err = c.CredentialsPage(ctx, api.Query{}, "")
	var apiErr *api.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusUnauthorized, apiErr.HTTPStatus, "an expired access token")
	now = now.Add(31 * 24 * time.Hour)
	_, err = cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken, Expiry: now.Add(-time.Hour)}).Token()
	assert.Error(t, err, "a refresh token older than 30 days")
}

// TestIntrospectionAndUserinfo: on every store, introspection (RFC 7662)
// says a token is active, with its subject, client and scopes, only to
// the client it was issued to, and inactive once revoked; userinfo names
// the token's subject and refuses a revoked token.
func TestIntrospectionAndUserinfo(t *testing.T) { eachRecords(t, introspectionAndUserinfo) }

func introspectionAndUserinfo(t *testing.T, records func(*testing.T) *oauth.Records) {
	h := newHost(t, func(o *oauth.Options) { o.Records = records(t) })
	read := std.Scope(api.ScopeCredentialRead)
	_, _, tok, rc := connected(t, h, read)
	_, _, _, other := connected(t, h, read)

	introspect := func(as *api.RegisteredClient) map[string]any {
		t.Helper()
		req, _ := http.NewRequest("POST", h.URL+"/oauth/introspect", strings.NewReader(url.Values{"token": {tok.AccessToken}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(as.ClientID, as.ClientSecret)
		resp, err := h.Client().Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
		var out map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
		return out
	}
	userinfo := func() (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest("GET", h.URL+"/userinfo", nil)
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		resp, err := h.Client().Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}

	own := introspect(rc)
	assert.Equal(t, true, own["active"])
	assert.Equal(t, "account-alice", own["sub"])
	assert.Equal(t, rc.ClientID, own["client_id"])
	require.IsType(t, "", own["scope"])
	assert.Contains(t, strings.Fields(own["scope"].(string)), read)
	assert.Equal(t, false, introspect(other)["active"], "another client's token")
	status, info := userinfo()
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "account-alice", info["sub"])

	revoke(t, h, rc, tok.AccessToken)
	assert.Equal(t, false, introspect(rc)["active"], "a revoked token")
	status, _ = userinfo()
	assert.NotEqual(t, http.StatusOK, status, "userinfo for a revoked token")
}

// TestRevokeWhileRefreshing: a refresh token revoked while the same token
// is being rotated, on every store. Each side either wins or is refused
// as the protocol says (200 for the revocation, invalid_grant for a lost
// refresh); neither fails with a server error, as a deadlock between the
// two transactions or a lost race reported as server_error would.
func TestRevokeWhileRefreshing(t *testing.T) { eachRecords(t, revokeWhileRefreshing) }

func revokeWhileRefreshing(t *testing.T, records func(*testing.T) *oauth.Records) {
	h := newHost(t, func(o *oauth.Options) { o.Records = records(t) })
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, h.Client())
	for round := range 20 {
		_, cfg, tok, rc := connected(t, h, std.Scope(api.ScopeCredentialRead))
		var wg sync.WaitGroup
		var refreshErr error
		var status int
		var revokeErr error
		wg.Go(func() {
			_, refreshErr = cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken, Expiry: time.Now().Add(-time.Minute)}).Token()
		})
		wg.Go(func() {
			req, _ := http.NewRequest("POST", h.URL+oauth.PathRevoke, strings.NewReader(url.Values{"token": {tok.RefreshToken}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.SetBasicAuth(rc.ClientID, rc.ClientSecret)
			resp, err := h.Client().Do(req)
			if err != nil {
				revokeErr = err
				return
			}
			resp.Body.Close()
			status = resp.StatusCode
		})
		wg.Wait()
		require.NoError(t, revokeErr, "round %d", round)
		assert.Equal(t, http.StatusOK, status, "round %d: the revocation", round)
		if refreshErr != nil {
			var re *oauth2.RetrieveError
			require.ErrorAs(t, refreshErr, &re, "round %d", round)
			assert.Equal(t, "invalid_grant", re.ErrorCode, "round %d: a refresh that lost: %v", round, refreshErr)
		}
	}
}

// TestRecordsFailing: when the server's records cannot be read, the API
// answers 500 to a token it issued, not 401 "expired or revoked" (a
// consumer would throw a good token away).
func TestRecordsFailing(t *testing.T) {
	r, err := oauthsqlite.Open(context.Background(), filepath.Join(t.TempDir(), "oauth.db"))
	require.NoError(t, err)
	h := newHost(t, func(o *oauth.Options) { o.Records = r })
	_, cfg, tok, _ := connected(t, h, std.Scope(api.ScopeCredentialRead))
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, h.Client())
	c, err := api.NewClient(h.URL, std, api.ClientOptions{HTTPClient: cfg.Client(ctx, tok), Retry: func(*http.Response) (time.Duration, bool) { return 0, false }})
	require.NoError(t, err)
	_, err = c.CredentialsPage(ctx, api.Query{}, "")
	require.NoError(t, err)

	require.NoError(t, r.Close())
	_, err = c.CredentialsPage(ctx, api.Query{}, "")
	var apiErr *api.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusInternalServerError, apiErr.HTTPStatus)
}
