package vc

import (
	"errors"
	"fmt"
	"strings"

	"github.com/clrkit/clrkit/proof"
)

// Profile is the rule that turns a report's checks into a verdict. Every
// check, error and warning belongs to a Class; the profile says which
// classes decide. One function, (Profile).decide, applies it, to each
// document and to each credential inside it.
type Profile string

// The profiles. The forms of credentials found in the wild (bare did:key
// verification methods, Ed25519Signature2018 proofs, the older OB and CLR
// context URLs, VC Data Model 1.1 credentials inside a CLR) are read in
// every profile; the profiles differ in what fails.
const (
	// ProfileSpec, the default, is the OB 3.0 / CLR 2.0 verification
	// procedure as written: every error of every class fails the document.
	// A credential outside those families is held to the W3C specifications
	// instead, whose Data Integrity verification does not bind a proof to
	// the issuer: signed by a key its issuer does not control, it verifies
	// with an UNVERIFIED_ISSUER_KEY warning.
	ProfileSpec Profile = "spec"
	// ProfileAuthenticity is what the JavaScript verifiers and the
	// open-source wallets decide: authenticity and validity errors fail the
	// document (a proof that does not verify, a key not bound to the issuer,
	// an expired or revoked credential, a status that cannot be determined),
	// while conformance errors (structure, schema, required OB/CLR members)
	// become warnings with their codes and pointers. Every credential's
	// proof must be by a key its issuer controls. Signatures over the
	// jsonld.js canonical form are accepted (ld.DialectJSONLDJS) with a
	// DIALECT_ACCEPTED warning. A document that could not be read far
	// enough for its proof to be checked still fails.
	ProfileAuthenticity Profile = "authenticity"
	// Profile1EdTech gives the verdicts of 1EdTech's public validator
	// (digital-credentials-public-validator) on OB 3.0 and CLR 2.0
	// credentials: every error fails as in ProfileSpec, and the validator's
	// conventions are followed: a verification method whose fragment is a
	// multibase key ("https://example.edu/issuers/1#z6Mk...",
	// "urn:uuid:...#z6Mk...") is read as that key when no document defines
	// it, with an UNVERIFIED_ISSUER_KEY warning; a JWT whose kid cannot be
	// retrieved is checked with its jwk header, with the same warning; and a
	// proof of a type no cryptosuite knows fails the document even beside a
	// valid proof.
	Profile1EdTech Profile = "1edtech"
)

// Profiles lists the profiles, the default first.
var Profiles = []Profile{ProfileSpec, ProfileAuthenticity, Profile1EdTech}

// ParseProfile reads a profile name as the CLI and the VC-API take it; ""
// is ProfileSpec.
func ParseProfile(s string) (Profile, error) {
	if s == "" {
		return ProfileSpec, nil
	}
	for _, p := range Profiles {
		if string(p) == s {
			return p, nil
		}
	}
	names := make([]string, len(Profiles))
	for i, p := range Profiles {
		names[i] = string(p)
	}
	return "", fmt.Errorf("vc: unknown profile %q (want %s)", s, strings.Join(names, ", "))
}

// Class is what a check establishes, and so what its errors and warnings
// are about.
type Class string

// The classes of checks.
const (
	// ClassAuthenticity: the document is what its issuer signed and the
	// issuer is who it says (the proof, the issuer binding, key retrieval,
	// a presentation's holder, the credentials a CLR or presentation holds,
	// and the limits that stop a check from completing).
	ClassAuthenticity Class = "authenticity"
	// ClassValidity: the credential holds now and for this use (dates,
	// status, refresh, the expected recipient).
	ClassValidity Class = "validity"
	// ClassConformance: the document is well formed by the VC Data Model
	// and the OB 3.0 / CLR 2.0 data model (contexts, types, required
	// members, the JSON Schemas, associations, endorsements).
	ClassConformance Class = "conformance"
)

// ClassOfCheck returns the class of the named check (one of the Check
// constants); checks an Extension adds under other names are conformance.
func ClassOfCheck(check string) Class {
	switch check {
	case CheckProof, CheckPresentation, CheckNested:
		return ClassAuthenticity
	case CheckRefresh, CheckStatus, CheckDates, CheckRecipient:
		return ClassValidity
	}
	return ClassConformance
}

// ClassOfCode returns the class an error or warning code has when it is
// recorded without a check (Checker.AddError, Checker.AddWarning). Recorded
// with a check (Checker.Fail, Checker.Warn), an issue takes the check's
// class: an INVALID_VALUE of the dates check is about validity.
func ClassOfCode(code string) Class {
	switch code {
	case CodeMalformed, CodeLimit, CodeNoProof, CodeProof, CodeDialectMismatch, CodeDialectAccepted, CodeDialectDependent,
		CodeMalformedProof, CodeProofPurpose, CodeProofExpired, CodeChallenge, CodeIssuerBinding, CodeUnsupportedProof,
		CodeVerificationMethod, CodeUnverifiedKey, CodeExtraProof, CodeUntrustedIssuer, CodeJWT,
		CodeNested, CodeUnsignedPresentation, CodeHolder:
		return ClassAuthenticity
	case CodeRefreshed, CodeRefreshFailed, CodeRevoked, CodeSuspended, CodeStatusMessage, CodeStatusUnavailable,
		CodeStatusList, CodeStatusUnsupported, CodeNotYetValid, CodeExpired, CodeRecipient:
		return ClassValidity
	}
	return ClassConformance
}

// profile returns the profile that applies to one verification.
func (v *Verifier) profile(exp Expectations) Profile {
	if exp.Profile != "" {
		return exp.Profile
	}
	if v.opts.Profile != "" {
		return v.opts.Profile
	}
	return ProfileSpec
}

// decide sets r.Verified by the profile: this is the only place a verdict
// is made. r's nested reports were decided when they were made, under the
// same profile, and count through the NESTED_CREDENTIAL_INVALID errors they
// left in r.
//
// A document verifies when no error remains and its proof check ran and
// did not fail (a presentation may pass without a proof when the Verifier
// allows it). ProfileAuthenticity first turns the conformance errors into
// warnings, and the failed conformance check lines into warning lines, but
// only once the proof check has run: a document read too poorly for that
// keeps its errors.
func (p Profile) decide(r *Report) {
	r.Profile = p
	for i, c := range r.Checks {
		if c.Class == "" {
			r.Checks[i].Class = ClassOfCheck(c.Check)
		}
	}
	for _, list := range [][]Issue{r.Errors, r.Warnings} {
		for i, e := range list {
			if e.Class == "" {
				list[i].Class = ClassOfCode(e.Code)
			}
		}
	}
	proofRan := r.CheckStatus(CheckProof) != ""
	// Which errors the profile makes warnings.
	var demote func(Issue) bool
	switch {
	case p == ProfileAuthenticity && proofRan:
		demote = func(e Issue) bool { return e.Class == ClassConformance }
	case p == Profile1EdTech:
		demote = func(e Issue) bool { return lenient1EdTech[e.Code] }
	}
	if demote != nil {
		errs := r.Errors[:0]
		for _, e := range r.Errors {
			if demote(e) {
				r.Warnings = append(r.Warnings, e)
			} else {
				errs = append(errs, e)
			}
		}
		r.Errors = errs
	}
	// A failed check line whose class no longer has an error passed with
	// a reservation.
	for i, c := range r.Checks {
		if c.Status == StatusFailed && !hasClassError(r, c.Class) {
			r.Checks[i].Status = StatusWarning
		}
	}
	r.Verified = len(r.Errors) == 0 && proofRan && r.CheckStatus(CheckProof) != StatusFailed
}

// unboundProof applies the exceptions to proof.IssuerBinds, the issuer
// binding rule: it returns the index of the first proof that failed only
// for its binding and that the profile accepts unbound for a credential of
// the kind (kindOf), or -1. The exceptions:
//
//   - ProfileSpec, for a credential that is neither an Open Badges nor a
//     CLR credential (nor an endorsement): OB 3.0 and CLR 2.0 require the
//     issuer to control the key, but VC Data Integrity's verification
//     algorithm does not (the W3C test vectors pair an unrelated issuer URL
//     with a did:key), so such a credential verifies with an
//     UNVERIFIED_ISSUER_KEY warning. Never for a document fetched on
//     another's behalf (a status list, a refreshed credential), whose issuer
//     must be bound. ProfileAuthenticity binds every credential, as the
//     JavaScript verifiers do (their CredentialIssuancePurpose).
//   - Profile1EdTech: the 1EdTech validator finds no controller for a
//     verification method that is a bare did:key (no fragment) and so binds
//     it to no one, accepting the proof whatever the issuer. Not for a
//     document fetched on another's behalf either.
//
// Only a proof that failed for its binding alone is considered: when the
// issuer's own proof is tampered with beside a valid proof by another key,
// that other proof does not stand in for it.
func (p Profile) unboundProof(res *proof.Outcome, kind string, fetched bool) int {
	for i, pr := range res.Proofs {
		if !errors.Is(pr.Error, proof.ErrIssuerBinding) {
			continue
		}
		switch p {
		case ProfileSpec:
			if !fetched && !familyKinds[kind] {
				return i
			}
		case Profile1EdTech:
			if !fetched && strings.HasPrefix(pr.VerificationMethod, "did:key:") && !strings.Contains(pr.VerificationMethod, "#") {
				return i
			}
		}
	}
	return -1
}

// familyKinds are the kinds whose specifications bind a proof to the
// issuer (OB 3.0 §8, CLR 2.0 §8), and the status list credentials, whose
// issuer must be the credential's.
var familyKinds = map[string]bool{"ClrCredential": true, "AchievementCredential": true, "OpenBadgeCredential": true,
	"EndorsementCredential": true, "BitstringStatusListCredential": true, "StatusList2021Credential": true}

// lenient1EdTech are the errors the 1EdTech validator does not raise, which
// Profile1EdTech turns into warnings: a subject with neither id nor
// identifier, and an OB VC-JWT without a registered claim the credential
// restates (the validator's own fixtures omit sub).
var lenient1EdTech = map[string]bool{CodeNoSubjectID: true, CodeJWTClaimMissing: true}

// knownProofType reports whether a proof type is a term of the contexts
// credentials use for proofs (the Data Integrity and security contexts).
func knownProofType(t string) bool {
	switch t {
	case "DataIntegrityProof", "Ed25519Signature2020", "Ed25519Signature2018", "JsonWebSignature2020",
		"EcdsaSecp256k1Signature2019", "RsaSignature2018", "BbsBlsSignature2020", "BbsBlsSignatureProof2020":
		return true
	}
	return false
}

// hasClassError reports whether an error of class c remains in r.
func hasClassError(r *Report, c Class) bool {
	for _, e := range r.Errors {
		if e.Class == c {
			return true
		}
	}
	return false
}
