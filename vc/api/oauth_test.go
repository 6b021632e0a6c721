package api_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/clrkit/clrkit/vc/api"
)

// fakeAS is an authorization server as small as a test of the consumer
// side needs: registration, an authorization endpoint that approves at
// once for "alice", and a token endpoint that checks PKCE S256, the
// client's Basic credentials and single-use codes, and refreshes.
type fakeAS struct {
	*httptest.Server
	mu       sync.Mutex
	clients  map[string]api.RegisteredClient
	codes    map[string]fakeCode
	tokens   map[string][]string // access token → scopes
	grants   []string
	lastAuth url.Values
}

type fakeCode struct{ client, redirect, challenge, scope string }

func newFakeAS(t *testing.T) *fakeAS {
	as := &fakeAS{clients: map[string]api.RegisteredClient{}, codes: map[string]fakeCode{}, tokens: map[string][]string{}}
	mux := http.NewServeMux()
	n := 0
	next := func(prefix string) string { n++; return fmt.Sprintf("%s-%d", prefix, n) }
	mux.HandleFunc("POST /register", func(w http.ResponseWriter, r *http.Request) {
		var reg api.RegisteredClient
		if json.NewDecoder(r.Body).Decode(&reg) != nil || reg.ClientName == "" || reg.SoftwareID == "" || len(reg.RedirectURIs) == 0 || reg.Scope == "" {
			http.Error(w, `{"error":"invalid_client_metadata"}`, http.StatusBadRequest)
			return
		}
		as.mu.Lock()
		reg.ClientID, reg.ClientSecret = next("client"), next("secret")
		as.clients[reg.ClientID] = reg
		as.mu.Unlock()
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(reg)
	})
	mux.HandleFunc("GET /authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		as.mu.Lock()
		defer as.mu.Unlock()
		as.lastAuth = q
		c, ok := as.clients[q.Get("client_id")]
		if !ok || !slices.Contains(c.RedirectURIs, q.Get("redirect_uri")) || q.Get("response_type") != "code" ||
			q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" {
			http.Error(w, "bad authorization request", http.StatusBadRequest)
			return
		}
		code := next("code")
		as.codes[code] = fakeCode{client: c.ClientID, redirect: q.Get("redirect_uri"), challenge: q.Get("code_challenge"), scope: q.Get("scope")}
		http.Redirect(w, r, q.Get("redirect_uri")+"?code="+code+"&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		id, secret, ok := r.BasicAuth()
		as.mu.Lock()
		defer as.mu.Unlock()
		if c, known := as.clients[id]; !ok || !known || c.ClientSecret != secret {
			http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
			return
		}
		r.ParseForm()
		as.grants = append(as.grants, r.Form.Get("grant_type"))
		var scope string
		switch r.Form.Get("grant_type") {
		case "authorization_code":
			code, ok := as.codes[r.Form.Get("code")]
			delete(as.codes, r.Form.Get("code")) // single use
			sum := sha256.Sum256([]byte(r.Form.Get("code_verifier")))
			if !ok || code.client != id || code.redirect != r.Form.Get("redirect_uri") || base64.RawURLEncoding.EncodeToString(sum[:]) != code.challenge {
				http.Error(w, `{"error":"invalid_grant"}`, http.StatusBadRequest)
				return
			}
			scope = code.scope
		case "refresh_token":
			rt, ok := as.tokens["refresh:"+r.Form.Get("refresh_token")]
			if !ok {
				http.Error(w, `{"error":"invalid_grant"}`, http.StatusBadRequest)
				return
			}
			scope = strings.Join(rt, " ")
		default:
			http.Error(w, `{"error":"unsupported_grant_type"}`, http.StatusBadRequest)
			return
		}
		access, refresh := next("access"), next("refresh")
		as.tokens[access] = strings.Fields(scope)
		as.tokens["refresh:"+refresh] = strings.Fields(scope)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": access, "token_type": "bearer", "expires_in": 3600, "refresh_token": refresh, "scope": scope})
	})
	as.Server = httptest.NewTLSServer(mux)
	t.Cleanup(as.Close)
	return as
}

// authorizer accepts the access tokens the fake server issued, for alice.
func (as *fakeAS) authorizer() api.Authorizer {
	return api.AuthorizerFunc(func(r *http.Request, scope string) (string, error) {
		tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		as.mu.Lock()
		scopes, ok := as.tokens[tok]
		as.mu.Unlock()
		switch {
		case !ok || strings.HasPrefix(tok, "refresh"):
			return "", api.Failure(http.StatusUnauthorized, api.MinorUnauthorized, "unknown token")
		case !slices.Contains(scopes, scope):
			return "", api.Failure(http.StatusForbidden, api.MinorForbidden, "no %s", scope)
		}
		return "alice", nil
	})
}

// TestConsumerFlow: discovery names the endpoints; the client registers
// with every required member and a loopback redirect, authorizes with
// PKCE S256 (the token endpoint checks the verifier), upserts with the
// token, and renews it with the refresh token.
func TestConsumerFlow(t *testing.T) {
	as := newFakeAS(t)
	s := newAPI(t, func(o *api.Options) {
		o.Authorizer = as.authorizer()
		o.Discovery.RegistrationURL, o.Discovery.AuthorizationURL, o.Discovery.TokenURL = as.URL+"/register", as.URL+"/authorize", as.URL+"/token"
	})
	// One client trusts both test servers' certificates (httptest's are
	// the same).
	tlsClient := s.Client()
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, tlsClient)

	discovery, err := api.NewClient(s.URL, std, api.ClientOptions{HTTPClient: tlsClient})
	require.NoError(t, err)
	ep, err := discovery.Endpoints(ctx)
	require.NoError(t, err)
	assert.Equal(t, std.Scopes()[0], ep.Scopes[0])

	lb, err := api.NewLoopback()
	require.NoError(t, err)
	defer lb.Close()
	redirect, wait := lb.URI, lb.Wait
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(redirect, "http://127.0.0.1:"), redirect)
	_, err = api.Register(ctx, tlsClient, ep.Registration, api.Registration{ClientName: "x"})
	assert.ErrorContains(t, err, "is required", "the client checks the required members first")
	rc, err := api.Register(ctx, tlsClient, ep.Registration, api.Registration{
		ClientName: "Example SIS", ClientURI: "https://sis.example.edu", LogoURI: "https://sis.example.edu/logo.png",
		TOSURI: "https://sis.example.edu/tos", PolicyURI: "https://sis.example.edu/privacy", SoftwareID: "example-sis",
		SoftwareVersion: "1.0", RedirectURIs: []string{redirect}, Scope: strings.Join(std.Scopes(), " ")})
	require.NoError(t, err)
	require.NotEmpty(t, rc.ClientSecret)

	cfg := api.OAuthConfig(ep, rc, redirect, []string{std.Scope(api.ScopeCredentialUpsert), std.Scope(api.ScopeCredentialRead)})
	noRedirect := &http.Client{Transport: tlsClient.Transport, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	open := func(authURL string) error { // the user's browser: approve, follow the redirect home
		resp, err := noRedirect.Get(authURL)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusFound {
			return fmt.Errorf("authorize: %s", resp.Status)
		}
		back, err := http.Get(resp.Header.Get("Location"))
		if err != nil {
			return err
		}
		return back.Body.Close()
	}
	tok, err := api.Authorize(ctx, cfg, open, wait)
	require.NoError(t, err)
	assert.Equal(t, "S256", as.lastAuth.Get("code_challenge_method"))
	assert.NotEmpty(t, tok.RefreshToken)

	c, err := api.NewClient(s.URL, std, api.ClientOptions{HTTPClient: cfg.Client(ctx, tok), Retry: api.RetryTransient})
	require.NoError(t, err)
	out, err := c.Upsert(ctx, []byte(credential(1, t0)))
	require.NoError(t, err)
	assert.Equal(t, api.Created, out)

	// An expired token is renewed with the refresh token.
	tok.Expiry = time.Now().Add(-time.Minute)
	c, err = api.NewClient(s.URL, std, api.ClientOptions{HTTPClient: cfg.Client(ctx, tok), Retry: api.RetryTransient})
	require.NoError(t, err)
	n := 0
	for _, err := range c.Credentials(ctx, api.Query{}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 1, n)
	assert.Equal(t, []string{"authorization_code", "refresh_token"}, as.grants)

	// The profile scopes were not asked for: 403, an *Error.
	_, err = c.Profile(ctx)
	var apiErr *api.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusForbidden, apiErr.HTTPStatus)
}

// TestAuthorizeChecksState: a redirect whose state is not the one sent is
// refused before any code is exchanged; an error redirect is reported.
func TestAuthorizeChecksState(t *testing.T) {
	cfg := &oauth2.Config{ClientID: "c", Endpoint: oauth2.Endpoint{AuthURL: "https://as.example/authorize", TokenURL: "https://as.example/token"}}
	open := func(string) error { return nil }
	_, err := api.Authorize(context.Background(), cfg, open, func(context.Context) (url.Values, error) {
		return url.Values{"code": {"x"}, "state": {"forged"}}, nil
	})
	assert.ErrorContains(t, err, "another state")
	// A stray redirect before the real one is passed over.
	var sentURL string
	calls := 0
	_, err = api.Authorize(context.Background(), cfg, func(u string) error { sentURL = u; return nil }, func(context.Context) (url.Values, error) {
		calls++
		if calls == 1 {
			return url.Values{"code": {"stray"}, "state": {"someone else's"}}, nil
		}
		p, _ := url.Parse(sentURL)
		return url.Values{"error": {"access_denied"}, "state": {p.Query().Get("state")}}, nil
	})
	assert.ErrorContains(t, err, "access_denied", "the real redirect was read after the stray one")
	assert.Equal(t, 2, calls)
	var sent string
	_, err = api.Authorize(context.Background(), cfg, func(u string) error { sent = u; return nil }, func(context.Context) (url.Values, error) {
		p, _ := url.Parse(sent)
		return url.Values{"error": {"access_denied"}, "state": {p.Query().Get("state")}}, nil
	})
	assert.ErrorContains(t, err, "access_denied")
	lb, err := api.NewLoopback()
	require.NoError(t, err)
	defer lb.Close()
	wait := lb.Wait
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err = wait(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}
