// Package vcapi serves the issuing and verifying endpoints of the W3C
// Verifiable Credentials API as a net/http Handler that vendors can mount in
// their own servers, and that the W3C interoperability suites
// (vc-di-eddsa-test-suite, vc-data-model-2.0-test-suite) drive.
//
// Specifications:
//   - VC API: https://w3c-ccg.github.io/vc-api/
//   - VC Data Model 2.0 (what issuance checks): https://www.w3.org/TR/vc-data-model-2.0/
//   - VC Data Integrity (proofs): https://www.w3.org/TR/vc-data-integrity/
//
// The endpoints:
//
//	POST /credentials/issue      {"credential": {...}, "options": {...}}
//	    201 {"verifiableCredential": {...}}; 400 malformed request; 422 the
//	    credential cannot be issued (problem+json listing every problem)
//	POST /credentials/verify     {"verifiableCredential": {...}, "options": {...}}
//	    200 with the vc.Report when it verifies; 422 with the report when it
//	    does not; 400 when the request or credential is malformed, or is a
//	    presentation
//	POST /presentations/verify   {"verifiablePresentation": {...}, "options": {"challenge": "...", "domain": "..."}}
//	    as verify (400 for a document that is not a presentation); a
//	    presentation without a proof is accepted only when the options ask
//	    for no challenge and no domain (and the Verifier allows unsigned
//	    presentations)
//
//	POST /credentials/derive     {"verifiableCredential": {...}, "options": {"selectivePointers": [...]}}
//	    201 {"verifiableCredential": {...}} with an ecdsa-sd-2023 derived
//	    proof disclosing the mandatory and the selected statements; 422 when
//	    the credential has no base proof or a pointer selects nothing
//
// A handler whose Suite is proof.ECDSASD2023 issues base proofs, with the
// issue request's options.mandatoryPointers.
//
// Both verify endpoints take "options": {"profile": "spec" | "authenticity"
// | "1edtech"}, the vc.Profile that decides the verdict (the Verifier's own
// when absent; 400 for another name), besides challenge, domain and
// expectedProofPurpose. Other options are accepted and ignored.
//
// Issuance accepts VC Data Model 2.0 and 1.1 credentials. Before signing it
// checks what the data model requires and signing would not notice (the
// @context list, ids that are single URLs, types, the issuer, non-empty
// subjects, language strings, dates and their order, typed status, schema,
// refresh, terms-of-use and evidence entries, related resources and their
// digests), then signs with JSON-LD in safe mode, which refuses undefined
// terms and types and redefined protected terms. A credential without an
// issuer is issued by the handler's issuer; one naming another issuer is
// refused. A VC Data Model 1.1 credential without an issuanceDate gets the
// signing time.
//
// With Options.Status (a statuslist.Issuer), issued VC Data Model 2.0
// credentials that carry no credentialStatus get a BitstringStatusListEntry
// for revocation, or one for each purpose of the request's
// "options": {"credentialStatus": {"type": "BitstringStatusListEntry",
// "statusPurpose": "suspension" | [...]}}, and a urn:uuid: id when they
// have none, as their entries are kept by id. Another status type, or
// status for a 1.1 credential, is refused (422); a statuslist.Publisher
// serves the lists, and the Verifier can read them in-process through its
// Client.
//
// Every request has a size limit (413 beyond it) and a deadline (503 when
// it passes, or the client goes away, before the answer), other methods get
// 405, and no input makes the handler panic. The Handler is safe for concurrent use.
package vcapi
