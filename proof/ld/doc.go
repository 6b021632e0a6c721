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
// pointer. Contexts are processed once per Canonicalizer and reused; Default
// returns one shared by the whole process. Canonical.Labels maps the blank
// node labels of the JSON-LD step (b0, b1, ... in the order jsonld.js
// issues them too) to canonical ones; a caller that needs only the N-Quads
// canonicalizes WithoutLabels, which in the specs' dialect skips node map
// generation, and is what package proof and clrkit canon (without
// --labels) do. A caller that needs only their hash canonicalizes
// DigestOnly, which never writes the N-Quads out: package proof signs and
// verifies that way unless asked to explain.
//
// # What a canonical form guarantees
//
// Two documents that are different JSON-LD values do not canonicalize
// alike, so a signature over one does not verify the other. To that end:
//
//   - the input must be I-JSON (RFC 7493), as the VC Data Model requires
//     (DecodeJSON, CodeNotIJSON): an unpaired surrogate escape, invalid
//     UTF-8, a member name twice in an object or a number no double holds
//     (1e400; 1e-400, which would read as 0) is refused, where decoders that
//     repair them would let two texts stand for one document;
//   - safe mode also refuses what JSON-LD 1.1 does not sign or defines
//     ambiguously: @index (never part of the RDF), an array directly inside
//     @list when the property is no @list container (the algorithm flattens
//     it, jsonld.js makes a list of lists), @json as a node type.
//
// What JSON-LD defines as one value keeps one form: two spellings of one
// number (1.0, 10e-1), the order of a set, blank node labels, a string and
// the same string typed xsd:string, and doubles that agree to 16
// significant digits, which is all the canonical xsd:double form keeps
// (JSON-LD 1.1 API section 8.6): write a number that must be signed to the
// last digit as a string.
//
// Language tags must be well-formed BCP 47 (RFC 5646), or the RDF step
// would drop the value. Doubles are written as JSON-LD 1.1 API section 8.6
// defines: the mantissa rounded to 15 digits after the point as
// toExponential(15) rounds it (a halfway case up), both zeros "0.0E0".
// Canonical N-Quads escape the noncharacters U+FFFE and U+FFFF (RDFC-1.0:
// characters that are not XML 1.1 Char), and a JSON literal's members are
// ordered by code point (the rdf:JSON datatype of JSON-LD 1.1).
//
// # Dialects
//
// Most credentials are signed by the JavaScript stack (jsonld.js and
// rdf-canonize), which deviates from those specifications in places, so
// that its signatures do not verify over the specifications' canonical
// form, nor clrkit's over its. A Canonicalizer has a Dialect: DialectSpec,
// the default and what clrkit signs in, or DialectJSONLDJS, which
// reproduces jsonld.js 9 and rdf-canonize 5 byte for byte, deviations
// included (see DialectJSONLDJS for the list, and the ConstructKind
// constants for each deviation). WithDialect gives a Canonicalizer in the
// other dialect sharing the processed contexts. Detection is cheap:
// Canonical.MayDependOnDialect tells from one canonicalization whether the
// document holds anything the dialects may treat differently, and
// CompareDialects canonicalizes in both and names each Construct that
// makes them differ, with its JSON pointer. Package proof builds on it:
// a verifier accepts the jsonld.js dialect only when told to, and Sign
// refuses a document whose canonical form depends on the dialect.
//
// Two things of jsonld.js are not reproduced: its cache of processed
// contexts gives a context that @imports a URL the terms of the first
// context that imported it, in the same document or any other the process
// handled before (its canonical form then depends on history), and
// rdf-canonize gives up on symmetric blank-node structures that clrkit's
// work limit admits ("Maximum deep iterations exceeded").
//
// No input makes a Canonicalizer panic, and the cost of every document is
// O(n log n) in its size, or it is refused: Limits bound document size,
// nesting depth, statements (counted as the dataset is built), context
// processing (term definitions) and RDFC-1.0 work (poison graphs), and
// refusals are *Error values of kind ErrLimit.
//
// Specifications:
//   - JSON-LD 1.1 Processing Algorithms and API, https://www.w3.org/TR/json-ld11-api/
//   - RDF Dataset Canonicalization (RDFC-1.0), https://www.w3.org/TR/rdf-canon/
//   - Verifiable Credential Data Integrity 1.0, https://www.w3.org/TR/vc-data-integrity/
//   - Open Badges 3.0 and CLR 2.0, https://www.imsglobal.org/spec/ob/v3p0/ (JSON-LD contexts)
package ld
