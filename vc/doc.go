// Package vc is the core of the W3C Verifiable Credentials Data Model as
// clrkit uses it: the members every credential has (Core), a generic
// Credential for classes clrkit has no type for, verifiable presentations
// (Presentation), the small JSON value types the openbadges and clr
// packages build on, and the Verifier that runs the verification procedure
// on all of them, with credential status, refresh and dates.
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
// # Verifying
//
// A Verifier, configured once with NewVerifier and safe for concurrent use,
// runs the verification procedure of Open Badges 3.0 §"Verification"
// (https://www.imsglobal.org/spec/ob/v3p0/#verification) and CLR 2.0 on
// every form a record arrives in: a credential with an embedded Data
// Integrity proof, a compact VC-JWT or SD-JWT, a verifiable presentation,
// or a container an Unpacker opens (openbadges.BakedImages reads baked PNG
// and SVG badges). The steps, each a named check of the Report:
//
//  1. structure: @context (a VC context first, every URL known to the
//     loader, nothing fetched), type, required members; VC Data Model 1.1
//     is accepted with a warning. schema: the 1EdTech schema of the
//     credential's class and the embedded schemas its credentialSchema
//     entries name.
//  2. proof: a credential verifies when any of its proofs verifies by a key
//     the issuer controls, by proof.IssuerBinds (the report says which), but
//     for the profiles' exceptions below. Another proof of the set
//     that does not verify is a warning (CodeExtraProof) when it is
//     independent (a co-signer's, say), but fails the credential when it is
//     malformed or a valid proof chains to it (previousProof): the set
//     itself is then broken. A presentation's proof has the purpose
//     authentication, the expected challenge and domain, and a key of the
//     holder when there is one; a presentation without a proof fails when a
//     challenge or domain is expected, and otherwise verifies only with
//     VerifierOptions.AllowUnsignedPresentations and at least one
//     credential inside.
//  3. refresh (opt-in, VerifierOptions.Refresh): a
//     1EdTechCredentialRefresh service, after the proof.
//  4. status (fail closed: a status that cannot be determined fails;
//     BitstringStatusList, StatusList2021 and 1EdTechRevocationList) and
//     dates (validFrom/validUntil or issuanceDate/expirationDate against the
//     check time, with the clock skew).
//  5. recipient, when Expectations names one, and the checks extensions add:
//     endorsements (openbadges) and the nested credentials of a CLR (clr).
//     The credentials a presentation or a CLR holds are verified on their
//     own, concurrently within Limits.Concurrency (one pool per Verify
//     call or VerifyAll batch), each against the expected recipient too.
//     A CLR's credentials are begun on a spare worker as soon as the
//     record is read, before its own structure, schema and proof checks
//     (NestedLister), and each takes its part of the
//     record's decoded tree rather than being decoded again; the reports
//     are the same as when they are verified one after another.
//
// Nothing is fetched on behalf of a document whose proof did not verify:
// its refresh service and status lists are skipped, while its local checks
// still run and its nested credentials, each authenticated by its own
// proof, are still verified.
//
// # Profiles
//
// Every check, error and warning of a Report has a Class: authenticity
// (the proof, issuer binding and key retrieval, a presentation's holder,
// the credentials a document holds), validity (dates, status, refresh, the
// expected recipient) or conformance (structure, schema, the OB/CLR data
// model). The verdict is made in one place from those and a Profile:
// ProfileSpec fails on any error, as the OB 3.0 / CLR 2.0 verification
// procedure does (OB 3.0 §9.1, CLR 2.0 §8.1); ProfileAuthenticity makes
// conformance errors warnings, as the JavaScript verifiers and open-source
// wallets decide; Profile1EdTech follows 1EdTech's public validator. Issuer
// binding is proof.IssuerBinds for every proof form, with the profiles'
// only exceptions, each reported as CodeUnverifiedKey: under ProfileSpec a
// plain VC (neither OB nor CLR) may have an unbound Data Integrity proof,
// as VC Data Integrity allows; under Profile1EdTech a bare did:key
// verification method and, for a JWT whose kid cannot be retrieved, its
// jwk header are accepted, as the validator does. No exception applies to
// a status list or refreshed credential, which must be its issuer's. The
// profile is VerifierOptions.Profile, or per call Expectations.Profile.
//
// Per-call expectations (the check time, the recipient, a presentation's
// challenge and domain, the proof purpose, explain mode, the profile) are
// an Expectations argument. VerifyAll verifies a sequence of documents
// (a registrar's batch) with bounded concurrency, yielding reports in
// order. The Report is JSON in the shape the clrkit verify
// command prints; its error and warning codes are the Code constants, which
// are stable.
//
// Every fetch refuses connections to non-public addresses (loopback,
// private, link-local...) unless it is allowed: for status lists and
// refresh services by VerifierOptions.AllowHosts or the hosts of
// VerifierOptions.HTTPAllow, for keys and DID documents by
// VerifierOptions.AllowHosts when the Verifier builds its Retriever, by the
// Retriever's own options (did.HTTPOptions.AllowHosts) otherwise. The check is made by the
// transport of the client given when it is an *http.Transport (or nil);
// another RoundTripper is the caller's own network. did.LocalDocuments
// supplies local copies of what would be fetched, and Report.LocalDocuments
// lists the copies a verification used.
//
// Nothing is fetched unless the options say so: contexts are built in, and
// did:web documents, HTTPS keys, status lists and refresh services need
// VerifierOptions.HTTPClient (status lists and refresh limited to the
// prefixes of VerifierOptions.HTTPAllow when it is set; a Retriever of the
// caller's own decides for keys). Every input
// has a limit (Limits): the document's size, how deep credentials nest and
// how many one holds, the size of a status list or refreshed credential,
// and how many credentialStatus entries (so fetches) one credential may
// have (Limits.MaxStatusEntries).
//
// # Building
//
// The builders of openbadges and clr report every problem at once as a
// *BuildError, one Problem per property; errors.Is finds each cause
// (ErrRequired, ErrNotURI, ErrBadValue, ...).
//
// # Writing an extension
//
// Most programs only verify, and need none of this. Credential families
// plug in as values: an Extension adds structural and content checks to
// the documents it applies to (openbadges.NewVerifier and clr.NewVerifier
// return Verifiers configured with theirs), sharing a parsed view of the
// document through Document.View; an Unpacker opens a container before
// the input's form is detected. Everything an Extension does goes through
// the Checker it is given: it records checks, errors and warnings
// (Checker.Pass, Skip, Fail, Warn, AddError, AddWarning), reads what has
// been recorded (Checker.Report), and verifies what it finds inside a
// document (Checker.VerifyNested, VerifyNestedAll, CheckNested); one that
// also implements NestedLister lets the Verifier begin those verifications
// early. Code that routes documents before verifying them can ask
// IsPresentation, which gives the answer Verify acts on.
package vc
