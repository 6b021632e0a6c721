// Package ijson holds the I-JSON rules (RFC 7493,
// https://www.rfc-editor.org/rfc/rfc7493) that every JSON reader of clrkit
// applies to untrusted input: internal/jsonld's decoder, internal/jsonobj's
// validator and internal/jcs's parser.
//
// I-JSON is the profile of JSON that the VC Data Model and JCS (RFC 8785
// section 3.1) require. A reader that repaired what I-JSON forbids (by
// replacing an unpaired surrogate with U+FFFD, keeping the last of two
// members with one name, or reading 1e400 as infinity) would let two
// different texts stand for one value, and so one signature cover both.
// The rules each reader enforces:
//
//   - strings and member names are sequences of Unicode scalar values:
//     valid UTF-8, and \u escapes of surrogates only in high-low pairs
//     (RFC 7493 section 2.1);
//   - no object has two members with the same name (section 2.3);
//   - a number is one an IEEE 754 double can hold (section 2.2): a literal
//     whose magnitude is beyond the largest double (1e400) or that is not
//     zero but rounds to zero (1e-400) is refused; rounding to the nearest
//     double within the range (0.1) is how every JSON reader works, and is
//     accepted.
//
// This package has the number rule, which all three readers share, the
// decoding of a \u escape's digits (Hex4), and the sentinel errors the
// readers wrap so that callers can tell the cases apart with errors.Is;
// each reader checks strings and member names in its own scanning loop.
package ijson
