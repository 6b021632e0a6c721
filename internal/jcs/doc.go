// Package jcs implements the JSON Canonicalization Scheme (JCS) of
// RFC 8785 (https://www.rfc-editor.org/rfc/rfc8785).
//
// JCS turns a JSON value into one fixed byte sequence, so that a hash or
// signature computed over it does not depend on how the value happened to
// be written: no insignificant white space, object members sorted by the
// UTF-16 code units of their names (RFC 8785 section 3.2.3), strings
// escaped only where JSON demands it (section 3.2.2.2), numbers written as
// ECMAScript's Number.prototype.toString writes an IEEE-754 double
// (section 3.2.2.3), and the result encoded as UTF-8 (section 3.2.4).
//
// The input must fit I-JSON (RFC 7493), as RFC 8785 section 3.1 requires:
// no duplicate member names, strings made of Unicode scalar values only
// (no invalid UTF-8, no unpaired surrogates), and numbers that an IEEE-754
// double can hold (no NaN, no infinities, no literal too large for a
// double). Input that breaks these rules is rejected with an error rather
// than silently repaired, because a repaired value would hash differently
// from what the signer meant.
//
// Two entry points are offered. Marshal canonicalizes a value already
// decoded into Go (the shapes encoding/json produces when decoding into
// an any); Transform canonicalizes raw JSON text, checking it on the way.
//
// The eddsa-jcs-2022 cryptosuite of W3C Data Integrity EdDSA
// (https://www.w3.org/TR/vc-di-eddsa/) hashes the JCS form of the document
// and of the proof configuration, and JSON-LD 1.1 uses JCS for the lexical
// form of @json literals.
package jcs
