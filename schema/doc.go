// Package schema validates Open Badges 3.0 and CLR 2.0 documents against the
// 1EdTech JSON Schemas (JSON Schema draft 2019-09), which are embedded in the
// package and compiled once per process on first use. Nothing is fetched:
// the only schemas a validation can reach are the embedded ones, and a
// schema id outside them is an ErrUnknownSchema.
//
// Specifications:
//   - Open Badges 3.0: https://www.imsglobal.org/spec/ob/v3p0/
//   - Comprehensive Learner Record 2.0: https://www.imsglobal.org/spec/clr/v2p0/
//   - JSON Schema 2019-09: https://json-schema.org/specification-links#2019-09-formerly-known-as-draft-8
//
// # Two flavours
//
// 1EdTech generates two schemas per class. The "formal" one requires an
// array wherever the model allows several values; the "JSON-LD adaptation"
// also accepts a single value, language maps and string-or-object ids, as
// JSON-LD compaction produces them. Their published $ids are confusing: the
// adapted schemas are served at the …/schema/json/…_schema.json URLs, the
// formal OB schemas here carry …/schema/json/…-jsonschema1.json ids, and one
// older formal AchievementCredential copy carries the …/schema/json-ld/… id
// that the spec text uses for the adapted set. Every schema keeps its $id as
// published, and a credentialSchema entry selects the schema whose $id it
// names, whatever its content.
//
// By default a document is checked against the adapted schema of its kind,
// which is what a verifier should accept from others. Options.Strict selects
// the formal schema, which is what an issuer should emit. No formal CLR 2.0
// schema was published: in strict mode ClrCredential and
// GetClrCredentialsResponse use the adapted schema and the Report says so.
//
// # Selection
//
// The kind comes from the document's type: ClrCredential, then
// EndorsementCredential, then AchievementCredential or OpenBadgeCredential,
// then Profile. Untyped API payloads are recognised by their members
// (imsx_codeMajor; credential or compactJwsString). Options.Kind overrides the
// guess. Each credentialSchema entry of type 1EdTechJsonSchemaValidator2019
// adds the embedded schema with that id.
//
// # Reports
//
// A Report lists one Problem per root cause with the RFC 6901 pointer of the
// value, the failing keyword and its schema location. Where every branch of
// an anyOf or oneOf failed, only the branch that got furthest is reported
// (branches meant for another JSON type are dropped), so a wrong Achievement
// inside a credential is reported inside the Achievement, not as "issuer
// matched none of the alternatives". Hashed identityHash values are also
// checked against the IdentityHash format (md5$ or sha256$ and the hex
// digest), which the schemas leave as a plain string.
//
// # Speed
//
// Validation first walks a graph built from the library's compiled schema
// (santhosh-tekuri/jsonschema) for a bare valid-or-not answer, with a few
// small allocations for a valid document, and asks the library to explain
// only a document that fails, so the reports are the library's own. Only
// that graph stays in memory: the library's schema is compiled again the
// first time a document fails the fast check (or the check cannot
// decide), and then kept. The walk covers the
// keywords the embedded 1EdTech schemas use; a schema with another keyword
// is left to the library. TestFastCheck holds the two to the same verdict
// on every embedded schema and every JSON document of the module's test
// data and real-world credentials, and on tens of thousands of mutations.
// ValidateValue takes a document already decoded, so that a verifier
// decodes a credential once for its proof and schema checks.
//
// The issuer-accreditation extension schema is left out because it is not
// valid JSON as published; the assessment extension schema is embedded but
// does not compile (it refers to a definition it lacks), so selecting it is
// an error.
package schema
