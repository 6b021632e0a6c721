package oauth

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/url"
	"slices"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// errNotFound is what storage lookups of unknown ids answer.
var errNotFound = errors.New("oauth: not found")

// client is a registered client.
type client struct {
	Registered
	secret   string
	loginURL func(authRequestID string) string
	allowed  []string
}

func (c *client) GetID() string                    { return c.ClientID }
func (c *client) RedirectURIs() []string           { return c.Registration.RedirectURIs }
func (c *client) PostLogoutRedirectURIs() []string { return nil }

// ApplicationType is native for a client whose redirect URIs are all on
// loopback, so that the provider matches them whatever the port (RFC 8252
// section 7.3: a program picks a free port each run), and web otherwise.
func (c *client) ApplicationType() op.ApplicationType {
	for _, u := range c.Registration.RedirectURIs {
		if pu, err := url.Parse(u); err != nil || pu.Scheme != "http" || !isLoopback(pu.Hostname()) {
			return op.ApplicationTypeWeb
		}
	}
	return op.ApplicationTypeNative
}
func (c *client) AuthMethod() oidc.AuthMethod { return oidc.AuthMethodBasic }
func (c *client) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c *client) LoginURL(id string) string            { return c.loginURL(id) }
func (c *client) AccessTokenType() op.AccessTokenType  { return op.AccessTokenTypeBearer }
func (c *client) IDTokenLifetime() time.Duration       { return time.Hour }
func (c *client) DevMode() bool                        { return false }
func (c *client) IsScopeAllowed(scope string) bool     { return slices.Contains(c.allowed, scope) }
func (c *client) IDTokenUserinfoClaimsAssertion() bool { return false }
func (c *client) ClockSkew() time.Duration             { return 0 }
func (c *client) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c *client) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c *client) GrantTypes() []oidc.GrantType {
	return []oidc.GrantType{oidc.GrantTypeCode, oidc.GrantTypeRefreshToken}
}

// authRequest is an authorization request on its way through the login
// page to a code.
type authRequest struct {
	id, clientID, redirectURI, state, nonce, subject, code string
	scopes                                                 []string
	challenge                                              *oidc.CodeChallenge
	responseType                                           oidc.ResponseType
	responseMode                                           oidc.ResponseMode
	created, authTime, codeIssued                          time.Time
	done                                                   bool
	// loginNonce binds the login form to the browser that loaded it (a
	// cookie); empty until the page is shown.
	loginNonce string
}

func (a *authRequest) GetID() string                         { return a.id }
func (a *authRequest) GetACR() string                        { return "" }
func (a *authRequest) GetAMR() []string                      { return []string{"pwd"} }
func (a *authRequest) GetAudience() []string                 { return []string{a.clientID} }
func (a *authRequest) GetAuthTime() time.Time                { return a.authTime }
func (a *authRequest) GetClientID() string                   { return a.clientID }
func (a *authRequest) GetCodeChallenge() *oidc.CodeChallenge { return a.challenge }
func (a *authRequest) GetNonce() string                      { return a.nonce }
func (a *authRequest) GetRedirectURI() string                { return a.redirectURI }
func (a *authRequest) GetResponseType() oidc.ResponseType    { return a.responseType }
func (a *authRequest) GetResponseMode() oidc.ResponseMode    { return a.responseMode }
func (a *authRequest) GetScopes() []string                   { return a.scopes }
func (a *authRequest) GetState() string                      { return a.state }
func (a *authRequest) GetSubject() string                    { return a.subject }
func (a *authRequest) Done() bool                            { return a.done }

// token is an access token or a refresh token. A refresh token's scopes
// are those of the grant, which a refresh may narrow for the access token
// but never for the next refresh token (RFC 6749 section 6).
type token struct {
	id, clientID, subject, refreshID string
	scopes                           []string
	expires, authTime                time.Time
}

// refreshRequest is a refresh token presented at the token endpoint.
type refreshRequest struct{ t *token }

func (r *refreshRequest) GetAMR() []string            { return []string{"pwd"} }
func (r *refreshRequest) GetAudience() []string       { return []string{r.t.clientID} }
func (r *refreshRequest) GetAuthTime() time.Time      { return r.t.authTime }
func (r *refreshRequest) GetClientID() string         { return r.t.clientID }
func (r *refreshRequest) GetScopes() []string         { return r.t.scopes }
func (r *refreshRequest) GetSubject() string          { return r.t.subject }
func (r *refreshRequest) SetCurrentScopes(s []string) { r.t.scopes = s }

// signingKey is the key of the ID tokens the provider signs (it adds one
// to every token response); the API's access tokens are opaque.
type signingKey struct {
	id  string
	key *ecdsa.PrivateKey
}

func (k *signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.ES256 }
func (k *signingKey) Key() any                                    { return k.key }
func (k *signingKey) ID() string                                  { return k.id }

type publicKey struct{ *signingKey }

func (k publicKey) Algorithm() jose.SignatureAlgorithm { return jose.ES256 }
func (k publicKey) Use() string                        { return "sig" }
func (k publicKey) Key() any                           { return &k.key.PublicKey }

// errFull reports a store that holds as many clients as it takes.
var errFull = errors.New("oauth: full")

// settings are what a backend needs from the Server.
type settings struct {
	now                             func() time.Time
	lifetime, codeLife, refreshLife time.Duration
	loginURL                        func(authRequestID string) string
}

// keyMaterial are the server's secrets: the key that encrypts access
// tokens, the key of the login form's tokens, and the key that signs ID
// tokens. Servers sharing a backend share them.
type keyMaterial struct {
	crypto, csrf [32]byte
	signing      *signingKey
}

// backend is where a Server keeps its records: the provider's storage and
// what the registration endpoint and the login page need.
type backend interface {
	op.Storage
	setup(settings)
	keys(ctx context.Context) (keyMaterial, error)
	addClient(ctx context.Context, c *client) error
	complete(id, subject string) error
	request(id string) (authRequest, bool)
	newLoginNonce(id string) string
	access(ctx context.Context, id string) (*token, error)
}

// Records is where a Server keeps its clients, authorizations, tokens and
// keys (Options.Records).
type Records struct {
	b     backend
	close func() error
}

// Close releases the records' database, if they have one.
func (r *Records) Close() error {
	if r.close == nil {
		return nil
	}
	return r.close()
}

// MemoryRecords keeps them in memory, for one server: a restart signs
// everyone out.
func MemoryRecords() *Records {
	m := &memory{clients: map[string]*client{}, requests: map[string]*authRequest{}, codes: map[string]string{},
		tokens: map[string]*token{}, refresh: map[string]*token{}}
	m.answers = answers{m}
	return &Records{b: m}
}

// newKeys makes a server's secrets.
func newKeys() (keyMaterial, error) {
	var k keyMaterial
	if _, err := rand.Read(k.crypto[:]); err != nil {
		return k, err
	}
	if _, err := rand.Read(k.csrf[:]); err != nil {
		return k, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return k, err
	}
	k.signing = &signingKey{id: randomID()[:12], key: key}
	return k, nil
}

// memory is the provider's storage: clients, authorization requests,
// codes and tokens, in memory.
type memory struct {
	answers
	mu          sync.Mutex
	now         func() time.Time
	lifetime    time.Duration // of access tokens
	codeLife    time.Duration
	refreshLife time.Duration // a refresh token lasts this long from the login, however often used
	clients     map[string]*client
	requests    map[string]*authRequest
	codes       map[string]string // code → request id
	tokens      map[string]*token // access token id → token
	refresh     map[string]*token // refresh token → token
	secrets     *keyMaterial
	loginURL    func(string) string
}

func (m *memory) setup(st settings) {
	m.now, m.lifetime, m.codeLife, m.refreshLife, m.loginURL = st.now, st.lifetime, st.codeLife, st.refreshLife, st.loginURL
}

func (m *memory) keys(context.Context) (keyMaterial, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.secrets == nil {
		k, err := newKeys()
		if err != nil {
			return k, err
		}
		m.secrets = &k
	}
	return *m.secrets, nil
}

func (m *memory) addClient(_ context.Context, c *client) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.clients) >= maxClients {
		return errFull
	}
	c.loginURL = m.loginURL
	m.clients[c.ClientID] = c
	return nil
}

func randomID() string {
	var b [24]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// CreateAuthRequest keeps an authorization request. PKCE with S256 is
// required; a client that may refresh gets refresh tokens without asking
// for offline_access (the provider's own sign for them), which the API's
// scopes do not include.
func (m *memory) CreateAuthRequest(_ context.Context, req *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	if req.CodeChallenge == "" || req.CodeChallengeMethod != oidc.CodeChallengeMethodS256 {
		return nil, oidc.ErrInvalidRequest().WithDescription("PKCE with code_challenge_method S256 is required")
	}
	scopes := slices.Clone(req.Scopes)
	if !slices.Contains(scopes, oidc.ScopeOfflineAccess) {
		scopes = append(scopes, oidc.ScopeOfflineAccess)
	}
	a := &authRequest{id: randomID(), clientID: req.ClientID, redirectURI: req.RedirectURI, state: req.State, nonce: req.Nonce,
		scopes: scopes, challenge: &oidc.CodeChallenge{Challenge: req.CodeChallenge, Method: req.CodeChallengeMethod},
		responseType: req.ResponseType, responseMode: req.ResponseMode, created: m.now()}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sweep()
	perClient := 0
	for _, r := range m.requests {
		if r.clientID == a.clientID {
			perClient++
		}
	}
	if len(m.requests) >= maxPending || perClient >= maxPendingPerClient {
		return nil, oidc.ErrServerError().WithDescription("too many authorizations in progress; try again later")
	}
	m.requests[a.id] = a
	return a, nil
}

// maxPending bounds the authorization requests in progress, which anyone
// who knows a client id can start; maxPendingPerClient keeps one client's
// from crowding out the others'.
const (
	maxPending          = 10_000
	maxPendingPerClient = 100
)

// sweep forgets authorization requests older than a code's lifetime and
// expired access tokens (refresh tokens last until used or revoked).
func (m *memory) sweep() {
	now := m.now()
	for id, a := range m.requests {
		// A request lives for the login (a code's lifetime) and then for
		// its code's.
		if now.Sub(a.created) > m.codeLife && (a.code == "" || now.Sub(a.codeIssued) > m.codeLife) {
			delete(m.codes, a.code)
			delete(m.requests, id)
		}
	}
	for code, id := range m.codes {
		if _, ok := m.requests[id]; !ok {
			delete(m.codes, code)
		}
	}
	for id, t := range m.tokens {
		if now.After(t.expires) {
			delete(m.tokens, id)
		}
	}
	for rt, t := range m.refresh {
		if now.Sub(t.authTime) > m.refreshLife {
			delete(m.refresh, rt)
		}
	}
}

func (m *memory) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.requests[id]
	if !ok {
		return nil, errNotFound
	}
	return a, nil
}

// AuthRequestByCode returns the request a code was issued for, while the
// code is fresh, and uses the code up: it is good for one exchange, even
// one that then fails (RFC 6749 section 4.1.2).
func (m *memory) AuthRequestByCode(_ context.Context, code string) (op.AuthRequest, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id, ok := m.codes[code]
	delete(m.codes, code)
	a := m.requests[id]
	if !ok || a == nil || m.now().Sub(a.codeIssued) > m.codeLife {
		return nil, errNotFound
	}
	return a, nil
}

func (m *memory) SaveAuthCode(_ context.Context, id, code string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.requests[id]
	switch {
	case !ok:
		return errNotFound
	case a.code != "":
		// One code per authorization: the callback, visited again, mints
		// no second one.
		return oidc.ErrInvalidRequest().WithDescription("this authorization has had its code")
	}
	a.code, a.codeIssued = code, m.now()
	m.codes[code] = id
	return nil
}

// DeleteAuthRequest ends a request: its code is used up (single use).
func (m *memory) DeleteAuthRequest(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if a, ok := m.requests[id]; ok {
		delete(m.codes, a.code)
	}
	delete(m.requests, id)
	return nil
}

// complete marks a request authenticated for subject (the login page).
// complete marks a request authenticated for subject (the login page),
// once: a request signed in for cannot be signed in for again.
func (m *memory) complete(id, subject string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.requests[id]
	if !ok || a.done {
		return errNotFound
	}
	a.subject, a.done, a.authTime = subject, true, m.now()
	return nil
}

// request returns a copy of a request.
func (m *memory) request(id string) (authRequest, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.requests[id]
	if !ok {
		return authRequest{}, false
	}
	return *a, true
}

// loginNonce gives a request its login nonce, once, and returns it; ""
// when the request is unknown, done, or has one already.
func (m *memory) newLoginNonce(id string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.requests[id]
	if !ok || a.done || a.loginNonce != "" {
		return ""
	}
	a.loginNonce = randomID()
	return a.loginNonce
}

func clientOf(req op.TokenRequest) string {
	switch r := req.(type) {
	case op.AuthRequest:
		return r.GetClientID()
	case op.RefreshTokenRequest:
		return r.GetClientID()
	}
	return ""
}

func (m *memory) newAccess(req op.TokenRequest, refreshID string) *token {
	t := &token{id: randomID(), clientID: clientOf(req), subject: req.GetSubject(), scopes: slices.Clone(req.GetScopes()),
		expires: m.now().Add(m.lifetime), refreshID: refreshID, authTime: m.now()}
	m.tokens[t.id] = t
	return t
}

func (m *memory) CreateAccessToken(_ context.Context, req op.TokenRequest) (string, time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.newAccess(req, "")
	return t.id, t.expires, nil
}

// CreateAccessAndRefreshTokens issues an access token and a refresh
// token; a refresh token presented is used up (rotation).
func (m *memory) CreateAccessAndRefreshTokens(_ context.Context, req op.TokenRequest, current string) (string, string, time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	grant, authTime := slices.Clone(req.GetScopes()), m.now()
	if current != "" {
		old, ok := m.refresh[current]
		if !ok || m.now().Sub(old.authTime) > m.refreshLife {
			return "", "", time.Time{}, refreshRefused()
		}
		delete(m.refresh, current)
		delete(m.tokens, old.id)
		grant, authTime = old.scopes, old.authTime // the grant and its age go on
	}
	rt := randomID()
	t := m.newAccess(req, rt)
	m.refresh[rt] = &token{id: t.id, clientID: t.clientID, subject: t.subject, scopes: grant, authTime: authTime}
	return t.id, rt, t.expires, nil
}

func (m *memory) TokenRequestByRefreshToken(_ context.Context, rt string) (op.RefreshTokenRequest, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.refresh[rt]
	if !ok || m.now().Sub(t.authTime) > m.refreshLife {
		return nil, op.ErrInvalidRefreshToken
	}
	c := *t
	return &refreshRequest{&c}, nil
}

// RevokeToken revokes an access token (by id) or a refresh token, and the
// access token issued with it.
func (m *memory) RevokeToken(_ context.Context, tokenOrID, _ string, clientID string) *oidc.Error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if t, ok := m.tokens[tokenOrID]; ok {
		if t.clientID != clientID {
			return oidc.ErrUnauthorizedClient().WithDescription("the token is another client's")
		}
		delete(m.tokens, tokenOrID)
		delete(m.refresh, t.refreshID)
		return nil
	}
	if t, ok := m.refresh[tokenOrID]; ok {
		if t.clientID != clientID {
			return oidc.ErrUnauthorizedClient().WithDescription("the token is another client's")
		}
		delete(m.refresh, tokenOrID)
		delete(m.tokens, t.id)
	}
	return nil // RFC 7009: an unknown token is no error
}

func (m *memory) GetRefreshTokenInfo(_ context.Context, clientID, rt string) (string, string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.refresh[rt]
	if !ok || t.clientID != clientID || m.now().Sub(t.authTime) > m.refreshLife {
		return "", "", op.ErrInvalidRefreshToken
	}
	return t.subject, rt, nil
}

func (m *memory) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.clients[id]
	if !ok {
		return nil, errNotFound
	}
	return c, nil
}

func (m *memory) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.clients[id]
	if !ok || subtle.ConstantTimeCompare([]byte(c.secret), []byte(secret)) != 1 {
		return oidc.ErrInvalidClient().WithDescription("unknown client or wrong secret")
	}
	return nil
}

func (m *memory) Health(context.Context) error { return nil }

// access returns a live access token by id.
func (m *memory) access(_ context.Context, id string) (*token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tokens[id]
	if !ok || m.now().After(t.expires) {
		return nil, nil
	}
	c := *t
	return &c, nil
}
