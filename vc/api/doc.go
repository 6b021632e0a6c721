// Package api is the machinery shared by the REST APIs of Open Badges 3.0
// (https://www.imsglobal.org/spec/ob/v3p0/, section "Open Badges API") and
// CLR 2.0 (https://www.imsglobal.org/spec/clr/v2p0/), which exchange
// credentials and profiles between systems over TLS with OAuth 2.0: the
// same operations on different base paths, scopes and credential types.
// openbadges/api and clr/api give each its Standard.
//
// The server side is NewHandler, an http.Handler for one API:
//
//	GET  BASE/discovery    the Service Description Document (unprotected)
//	GET  BASE/credentials  getCredentials: ?limit&offset&since, with
//	                       X-Total-Count and Link (first, last, next, prev)
//	POST BASE/credentials  upsertCredential: JSON, or a compact JWS as
//	                       text/plain; 201 created, 200 replaced, 304 when
//	                       the credential held is as new or newer
//	GET  BASE/profile      getProfile (404 when there is none)
//	PUT  BASE/profile      putProfile
//
// Each operation needs its scope (Standard.Scope), which an Authorizer
// checks against the request's access token and turns into the owner whose
// credentials and profile the request reaches. Every error is an
// Imsx_StatusInfo body (StatusInfo) with the HTTP status the specification
// gives, and 413 (a body over the size limit), 415 (another media type)
// and 503 (the request ended first) where it names none. Upserts follow the specification's
// credential equality and comparison: the same issuer id and id are the
// same credential, and the later validFrom (issuanceDate for VC Data Model
// 1.1; nbf for a VC-JWT without either) is the newer one. since selects
// credentials whose validFrom is after it.
//
// The consumer side is Client: Discover (the description, cached as its
// Cache-Control and ETag allow), CredentialsPage and the Credentials
// iterator (following Link next, optionally verifying each credential),
// Upsert, Profile and PutProfile; failures are *Error with the server's
// StatusInfo; as the specification says, failed requests are retried after
// Retry-After (30 minutes without it), twice at most (RetryTransient keeps
// that to 429 and 5xx), with an injectable sleep that ends with the
// context; next links and redirects are followed on the service only. The OAuth 2.0 access token comes from the HTTPClient
// it is given (an oauth2.Config's Client), which the consumer gets as the
// specification says: Client.Endpoints reads the registration,
// authorization and token URLs from the service description, Register
// registers the client (RFC 7591, every member the APIs require),
// OAuthConfig makes the golang.org/x/oauth2 configuration, and Authorize
// runs the authorization code grant with PKCE S256, handing the URL to
// the caller's browser and taking the redirect back, for command-line
// programs from a Loopback (RFC 8252); the token's refresh token renews
// it. vc/api/oauth is the authorization server.
//
// A Store keeps the credentials and profiles per owner: MemoryStore in
// memory; vc/api/sqlitestore in an SQLite file and vc/api/pgstore in
// PostgreSQL (several API servers on one database), each of which may be
// the database the status lists are kept in. The suite in vc/api/storetest
// holds them all to the same contract.
package api
