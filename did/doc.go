// Package did turns the verification-method URLs that proofs name into
// public keys, and keys into the encodings credentials carry.
//
// It holds DID documents and their verification methods and relationships,
// a Resolver interface with resolvers for did:key, did:web and did:jwk that
// callers assemble into a MultiResolver (there is no global registry),
// dereferencing of DID URLs to verification methods, a retriever that also
// follows the HTTPS key documents Open Badges issuers publish, and the key
// encodings: Multikey (multibase base58btc with multicodec prefixes) and JWK.
// Nothing here touches the network unless the caller hands it an
// *http.Client, and then never a loopback, private, link-local or other
// non-public address unless HTTPOptions.AllowHosts names the host, or the
// host of an AllowHTTPHosts or AllowKeyURLPrefixes entry (checked on the
// address dialled, by the client's transport when it is an
// *http.Transport or nil; another RoundTripper is the caller's own
// network, and through a proxy the address checked is the proxy's).
// LocalDocuments supplies local copies of the documents a resolution or
// retrieval would fetch, through a client that consults them before any
// network.
//
// Specifications:
//   - Decentralized Identifiers (DIDs) v1.0, https://www.w3.org/TR/did-core/
//   - DID Resolution v0.3, https://w3c.github.io/did-resolution/ (error names)
//   - Controlled Identifiers v1.0 (Multikey, verification methods), https://www.w3.org/TR/cid-1.0/
//   - The did:key Method v0.7, https://w3c-ccg.github.io/did-key-spec/
//   - did:web Method Specification, https://w3c-ccg.github.io/did-method-web/
//   - did:jwk, https://github.com/quartzjer/did-jwk/blob/main/spec.md
//   - JSON Web Key, RFC 7517, and CFRG curves in JOSE, RFC 8037
//   - Multibase and multicodec, https://github.com/multiformats/multicodec
package did
