package vc

// The codes of a Report's errors and warnings. They are stable: scripts
// and test harnesses may depend on them. Where the VC Data Integrity
// specification names an error, its name is used.
const (
	// CodeMalformed: the input is not a JSON object, a compact JWT, or a
	// baked image holding one (or is over the size limit).
	CodeMalformed = "MALFORMED_DOCUMENT"
	// CodeLimit: a resource limit was reached (nesting depth, nested
	// credential count, status list size).
	CodeLimit = "LIMIT_EXCEEDED"

	// CodeOptions: the verification was asked for with options that do not
	// exist (an unknown profile).
	CodeOptions = "INVALID_OPTIONS"

	// CodeLegacyContext (a warning): an OB or CLR context URL from before
	// the current one, which the embedded loader serves and the checks
	// accept.
	CodeLegacyContext = "LEGACY_CONTEXT"
	// CodeContext: @context is missing, its first entry is not a VC
	// context, an entry is not a URL the loader knows, or the CLR and OB
	// contexts are out of order.
	CodeContext = "INVALID_CONTEXT"
	// CodeType: `type` lacks VerifiableCredential (or the presentation's,
	// subject's or class's type).
	CodeType = "INVALID_TYPE"
	// CodeMissing: a required member is absent or empty.
	CodeMissing = "MISSING_PROPERTY"
	// CodeInvalidValue: a member has a value of the wrong form (an issuer
	// that is not a URI, a date that does not parse, ...).
	CodeInvalidValue = "INVALID_VALUE"
	// CodeNoSubjectID: an OB or CLR subject has neither an id nor an
	// identifier.
	CodeNoSubjectID = "MISSING_SUBJECT_IDENTIFIER"
	// CodeVCDM11 (warning): the credential uses VC Data Model 1.1.
	CodeVCDM11 = "VCDM_1_1"

	// CodeSchema: the document fails a JSON Schema (one error per problem).
	CodeSchema = "SCHEMA_INVALID"
	// CodeUnknownSchema (warning): a credentialSchema names a schema that is
	// not embedded; nothing is fetched, so it was not checked.
	CodeUnknownSchema = "UNKNOWN_SCHEMA"

	// CodeNoProof: the document has no proof and is not a JWT.
	CodeNoProof = "NO_PROOF"
	// CodeProof: a signature does not verify.
	CodeProof = "PROOF_VERIFICATION_ERROR"
	// CodeDialectMismatch: a signature that verifies only over the
	// canonical form of a dialect the Verifier does not accept (the
	// jsonld.js one, where it deviates from the specs); the message names
	// the values that canonicalize differently.
	CodeDialectMismatch = "PROOF_DIALECT_MISMATCH"
	// CodeDialectAccepted (a warning): the proof verified in an accepted
	// dialect other than the specs'; the message names the values its
	// signature does not protect as written.
	CodeDialectAccepted = "DIALECT_ACCEPTED"
	// CodeDialectDependent: a value whose canonical form differs between
	// JSON-LD implementations, which signing refuses (see
	// proof.ErrDialectDependent).
	CodeDialectDependent = "DIALECT_DEPENDENT"
	// CodeMalformedProof: a proof lacks members or has malformed ones.
	CodeMalformedProof = "MALFORMED_PROOF_ERROR"
	// CodeProofPurpose: the proof purpose is not the expected one, or the
	// key is not listed for it.
	CodeProofPurpose = "MISMATCHED_PROOF_PURPOSE_ERROR"
	// CodeProofExpired: the proof's expires time has passed, or its created
	// time is in the future.
	CodeProofExpired = "PROOF_EXPIRED"
	// CodeChallenge: the proof's challenge, domain or nonce is not the
	// expected one.
	CodeChallenge = "INVALID_CHALLENGE_ERROR"
	// CodeIssuerBinding: no valid proof is by a key the issuer controls.
	CodeIssuerBinding = "ISSUER_BINDING_ERROR"
	// CodeUnsupportedProof: the cryptosuite or JWT algorithm is not
	// accepted.
	CodeUnsupportedProof = "UNSUPPORTED_CRYPTOSUITE"
	// CodeVerificationMethod: the verification method could not be
	// resolved or dereferenced.
	CodeVerificationMethod = "VERIFICATION_METHOD_ERROR"
	// CodeUnverifiedKey (warning): the key came from a verification method
	// URL's fragment, which nothing binds to the issuer.
	CodeUnverifiedKey = "UNVERIFIED_ISSUER_KEY"
	// CodeExtraProof (warning): an independent proof other than the one
	// that verified for the issuer does not verify. (A malformed proof, or
	// one that a valid proof chains to with previousProof, is an error with
	// the code of its failure.)
	CodeExtraProof = "ADDITIONAL_PROOF_INVALID"
	// CodeUnknownProofType (a conformance warning; in Profile1EdTech an
	// error that fails the proof check, as the 1EdTech validator fails the
	// set): a proof beside the one that verified has a type no context
	// defines, which JSON-LD in safe mode refuses.
	CodeUnknownProofType = "UNKNOWN_PROOF_TYPE"
	// CodeUntrustedIssuer: the issuer is not one of the trusted issuers.
	CodeUntrustedIssuer = "UNTRUSTED_ISSUER"
	// CodeJWT: a JWT is malformed or its claims disagree with the
	// credential.
	CodeJWT = "INVALID_JWT"
	// CodeJWTHeader: an OB 3.0 VC-JWT's JOSE header has parameters besides
	// alg, kid, jwk and typ, which OB 3.0 does not allow (a conformance
	// error: the signature may still verify).
	CodeJWTHeader = "JWT_HEADER_NOT_ALLOWED"
	// CodeJWTClaimMissing: an OB 3.0 VC-JWT lacks a registered claim (jti,
	// sub, nbf, exp) that restates a member the credential has (a
	// conformance error: what the credential says is signed, and its dates
	// are checked from it).
	CodeJWTClaimMissing = "JWT_CLAIM_MISSING"

	// CodeRefreshed (warning): the credential was replaced by the newer one
	// its refresh service returned.
	CodeRefreshed = "REFRESHED"
	// CodeRefreshFailed (warning): the refresh service could not be used;
	// the original credential stands.
	CodeRefreshFailed = "REFRESH_FAILED"

	// CodeRevoked: a status list says the credential is revoked.
	CodeRevoked = "REVOKED"
	// CodeSuspended: a status list says the credential is suspended.
	CodeSuspended = "SUSPENDED"
	// CodeStatusMessage (warning): a message status list has a status for
	// the credential.
	CodeStatusMessage = "STATUS_MESSAGE"
	// CodeStatusUnavailable: the status could not be determined (no HTTP
	// client, fetch failed, list invalid): verification fails closed.
	CodeStatusUnavailable = "STATUS_UNAVAILABLE"
	// CodeStatusList: the status list credential is invalid (bad proof,
	// expired, wrong type, undecodable list, index out of range).
	CodeStatusList = "STATUS_LIST_INVALID"
	// CodeStatusUnsupported: the credentialStatus type is not one clrkit
	// knows, so the status cannot be determined.
	CodeStatusUnsupported = "STATUS_TYPE_UNSUPPORTED"

	// CodeNotYetValid: the check time is before validFrom (issuanceDate).
	CodeNotYetValid = "NOT_YET_VALID"
	// CodeExpired: the check time is after validUntil (expirationDate).
	CodeExpired = "EXPIRED"

	// CodeRecipient: the subject is not the expected recipient.
	CodeRecipient = "RECIPIENT_MISMATCH"

	// CodeEndorsement (warning): an endorsement does not verify; the
	// credential it endorses is not affected.
	CodeEndorsement = "ENDORSEMENT_INVALID"

	// CodeNested: a credential inside a CLR or presentation does not
	// verify.
	CodeNested = "NESTED_CREDENTIAL_INVALID"
	// CodeAssociation (warning): an association names an achievement that
	// is not in the CLR.
	CodeAssociation = "ASSOCIATION_UNKNOWN_ACHIEVEMENT"

	// CodeUnsignedPresentation: the presentation has no proof and unsigned
	// presentations are not allowed.
	CodeUnsignedPresentation = "UNSIGNED_PRESENTATION"
	// CodeHolder: the presentation's proof is not by a key its holder
	// controls.
	CodeHolder = "HOLDER_BINDING_ERROR"
)
