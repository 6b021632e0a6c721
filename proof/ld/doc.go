// Package ld is clrkit's JSON-LD face: the document loader that serves the
// contexts credentials cite, and canonicalization of JSON-LD documents into
// the RDFC-1.0 canonical N-Quads that Data Integrity proofs sign.
//
// # Contexts
//
// Every context that Open Badges 3.0 and CLR 2.0 credentials use (VC Data
// Model 2.0 and 1.1, OB 3.0.x, CLR 2.0.x, Data Integrity, Multikey, DID, status
// lists, and the official extensions) is built in, byte for byte as
// published. DefaultLoader serves those and nothing else: a context URL it
// does not know is an error wrapping ErrUnknownContext, never a fetch. NewLoader
// adds a caller's extension contexts (from bytes, a map or an fs.FS), and a
// RemoteLoader, given as a fallback, fetches allowlisted URLs through the
// caller's *http.Client.
//
// # Canonicalization
//
// A Canonicalizer expands a document with those contexts, turns it into an
// RDF dataset and canonicalizes it with RDFC-1.0. It runs in JSON-LD safe
// mode, always: anything that would be dropped or left as a relative IRI (an
// undefined property or type, a relative @id, an IRI that is not well formed)
// is an *Error of kind ErrSafeMode that names the term and gives its JSON
// pointer. Limits bound document size, nesting depth, statement count and
// canonicalization work. Contexts are processed once per Canonicalizer and
// reused; Default returns one shared by the whole process.
//
// Specifications:
//   - JSON-LD 1.1 Processing Algorithms and API, https://www.w3.org/TR/json-ld11-api/
//   - RDF Dataset Canonicalization (RDFC-1.0), https://www.w3.org/TR/rdf-canon/
//   - Verifiable Credential Data Integrity 1.0, https://www.w3.org/TR/vc-data-integrity/
//   - Open Badges 3.0 and CLR 2.0, https://www.imsglobal.org/spec/ob/v3p0/ (JSON-LD contexts)
package ld
