// Package goldld turns JSON-LD into RDF with github.com/piprate/json-gold,
// wrapped so that it obeys clrkit's rules: documents come only from the
// caller's loader, and the traps where json-gold silently loses data or emits
// relative IRIs (CRYPTO.md section 2: undefined type terms, http(s) IRIs its
// URL regex rejects) are errors.
//
// It is the reference backend that clrkit's own JSON-LD processor
// (internal/jsonld) is differential-tested against. Specification: JSON-LD 1.1
// Processing Algorithms and API, https://www.w3.org/TR/json-ld11-api/.
package goldld
