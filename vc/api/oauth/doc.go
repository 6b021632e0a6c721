// Package oauth is the OAuth 2.0 authorization server of the OB 3.0 and
// CLR 2.0 REST APIs (vc/api): dynamic client registration (RFC 7591, with
// the members the APIs require), the authorization code grant with PKCE
// S256 (RFC 7636; codes single use, 10 minutes), refresh tokens (RFC 6749,
// rotated on use) and revocation (RFC 7009). The protocol is
// github.com/zitadel/oidc/v3's provider (op), certified OpenID Connect code
// that also serves plain OAuth 2.0; this package gives it its storage, the
// registration endpoint, a login and consent page, and an api.Authorizer
// that checks its access tokens. The provider also answers token
// introspection (RFC 7662, at /oauth/introspect: a token is active only to
// the client it was issued to, and only until it expires or is revoked)
// and userinfo (/userinfo: the subject, nothing more).
//
// Who the user is belongs to the host application: Accounts checks a user
// name and password for the built-in login page; a host with its own
// sign-in sends the user's browser to its page from the login URL and
// calls Server.Complete when the user has signed in and agreed.
//
// The server keeps its clients, authorizations, tokens and keys in
// Options.Records: in memory by default (a restart signs everyone out), or
// in SQLite or PostgreSQL (vc/api/oauth/sqlitestore, vc/api/oauth/pgstore),
// where several servers share them and accept each other's tokens.
package oauth
