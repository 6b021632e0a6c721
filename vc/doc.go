// Package vc is the core of the W3C Verifiable Credentials Data Model as
// clrkit's typed model uses it: the members every credential has (Core),
// a generic Credential for classes clrkit has no type for, and the small
// JSON value types the openbadges and clr packages build on.
//
// Specifications:
//   - VC Data Model 2.0: https://www.w3.org/TR/vc-data-model-2.0/
//   - VC Data Model 1.1: https://www.w3.org/TR/2022/REC-vc-data-model-20220303/
//   - Open Badges 3.0 §"Shared credential data model" (the 1EdTech profile of
//     both): https://www.imsglobal.org/spec/ob/v3p0/
//
// # Reading and writing JSON
//
// Credentials are signed JSON, so the model reads and writes JSON the way
// signed credentials need:
//
//   - Member names match exactly. (encoding/json matches them ignoring case,
//     which would let "ID" fill the id; here "ID" is an unknown member.)
//   - A member that occurs twice in one object is an error: parsers disagree
//     on which occurrence counts, and a signature must not cover a value the
//     model does not show.
//   - Members a class does not declare are kept, as their exact JSON, in the
//     class's Extensions and written back. A parse and marshal round trip
//     changes nothing a Data Integrity signature covers: the canonical form
//     of the output equals that of the input.
//   - Properties that may hold several values accept one value or an array
//     (OneOrMany, Types); dates keep the exact string they were given
//     (DateTime); numbers keep their literal, because 3.0 and 3 are
//     different RDF values (Number); names and descriptions may carry
//     languages (LangString).
//   - A credential parsed from JSON keeps those bytes (Raw). Proofs are
//     always checked over them, never over re-marshalled values.
//
// # VC Data Model 1.1 and 2.0
//
// Both versions are read. Core.Version tells them apart by the first
// @context entry, and Core.Validity gives one view of the validity period
// (validFrom/validUntil, or issuanceDate/expirationDate for 1.1). The
// builders of openbadges and clr write 2.0.
//
// # Building
//
// The builders of openbadges and clr report every problem at once as a
// *BuildError, one Problem per property; errors.Is finds each cause
// (ErrRequired, ErrNotURI, ErrBadValue, ...).
package vc
