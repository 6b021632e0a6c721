// Package httpfetch is the one place clrkit reads JSON documents over HTTP:
// JSON-LD contexts for proof/ld's RemoteLoader, did:web documents and HTTPS
// key documents for package did, status lists and refresh services for
// package vc.
//
// A Fetcher is built once from Options and then shared. Every Get goes
// through the same steps: the caller's Policy decides whether the URL may be
// requested (and again for every redirect target, after a redirect limit),
// the request carries the caller's context and an optional timeout, only a
// 200 response with an accepted media type is read, the body is cut off at a
// byte limit (whether or not the server declared a Content-Length), an
// optional Validate hook checks it, and the result is kept in a bounded LRU
// cache for as long as the response's Cache-Control and Age headers allow
// (RFC 9111, as a private cache that never revalidates), within a default
// and a maximum lifetime.
//
// Failures are *Error values whose Kind says which step refused the fetch.
// Which URLs are acceptable, which limits apply and how failures are
// reported to users is left to the callers, which translate an *Error into
// their own sentinel errors. One rule is the package's own, because every
// fetch must keep it: no connection to a loopback, private, link-local or
// other non-public address (ErrAddressNotAllowed), checked on the address
// dialled, unless Options.AllowHosts names the host or the address (Guard).
//
// The package never creates an *http.Client; it uses a copy of the one the
// caller supplies, adding its own redirect check in front of the client's
// and its address check to a clone of the client's transport, one clone
// per transport and allowance that every Fetcher with both shares, so
// that they share a connection pool. A LocalTransport serves
// local copies of documents in front of the network (or of none), and
// records the copies it uses in a Log carried by the request's context.
package httpfetch
