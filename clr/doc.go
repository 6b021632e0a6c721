// Package clr is the Comprehensive Learner Record 2.0 data model: the
// ClrCredential, which bundles separately signed credentials about one
// learner, the achievements they assert, and the associations between those
// achievements (a course is part of a degree, a competency precedes
// another); and a CredentialBuilder that composes such a record from signed
// credentials.
//
// Specification: 1EdTech Comprehensive Learner Record 2.0,
// https://www.imsglobal.org/spec/clr/v2p0/ (JSON-LD context
// https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json, JSON Schema
// https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json).
// The shared classes (Achievement, Profile, IdentityObject, ...) are those of
// package openbadges.
//
// A nested credential is kept as the exact JSON it was signed as (or as its
// compact VC-JWT), so it still verifies on its own after the record is
// parsed, rebuilt and marshalled; only the whitespace around and inside it
// may change, which no proof covers.
//
// NewVerifier returns a vc.Verifier with the Open Badges checks and the
// CLR ones (Checks): the record's own structure, proof, status and dates,
// its endorsements, every nested credential verified on its own
// (concurrently within the verifier's limits, begun as soon as the record
// is read when a worker is free, beside the record's own structure, schema
// and proof checks; one that fails makes the record fail), and
// associations that name achievements of the record. An expected recipient (vc.Expectations.Recipient) must be the
// learner and the subject of every nested credential too.
package clr
