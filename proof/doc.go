// Package proof signs and verifies the proofs that make Open Badges 3.0 and
// CLR 2.0 credentials verifiable.
//
// Data Integrity: Sign adds a DataIntegrityProof (eddsa-rdfc-2022, the
// cryptosuite OB 3.0 and CLR 2.0 require, by default; ecdsa-rdfc-2019 with
// P-256 or P-384 on request) to a credential or presentation, with the
// proof options of VC Data Integrity (created, expires, domain, challenge,
// nonce, id, previousProof), adding to a proof set or extending a proof
// chain when the document is already signed. A Verifier checks every proof
// against the key its verification method names (retrieved through
// did.Retriever), the proof purpose, challenge, domain and nonce the caller
// expects, the proof dates, and, for credentials, that one of the proofs is
// by a key the issuer controls: IssuerBinds is that rule, the one every
// proof form here applies (Data Integrity, JWT, COSE). The legacy
// Ed25519Signature2020, Ed25519Signature2018 and pre-final eddsa-2022
// proofs still in circulation are verified too. The accepted suites are a
// field of the Verifier, not a global registry. VerifyValue takes a
// document already decoded, for callers that decode it once for several
// checks.
// Proof sets and chains are checked as VC Data Integrity says, with two
// bounds of clrkit's: at most VerifierOptions.MaxProofs proofs (default 32;
// ErrProofLimit), and the previousProof references walked before any
// signature is checked (a reference to no proof, to a proof id several
// proofs share, to the proof itself or twice, or a cycle: ErrPreviousProof).
// RDFC proofs that sign the same input share one canonicalization of it
// (ecdsa-sd-2023 proofs canonicalize their own selection).
// Signatures are always computed over the exact JSON given, never over a
// re-marshalled struct; VCDM 1.1 credentials get the data-integrity context
// they need when signed.
//
// Selective disclosure with ecdsa-sd-2023 (P-256): the issuer's SignSD
// writes a base proof that signs the statements JSON pointers make
// mandatory together with the proof configuration and a proof-scoped key,
// and each other statement on its own with that key, blank nodes labelled
// by an HMAC; the holder's Derive keeps the mandatory statements and those
// its own pointers select, with their signatures only, and the derived
// proof is what a Verifier checks (a base proof is refused, naming the
// step missing). Every count a proof value declares (signatures, label map
// entries, pointers, indexes) is bounded before anything is allocated.
// SignSD, like Sign, refuses a document whose canonical form depends on the
// dialect; derived proofs are checked in the specifications' dialect only.
//
// Canonicalization dialects (ld.Dialect): a Verifier checks RDFC proofs
// over the specifications' canonical form. When a signature fails there and
// the document holds constructs the JavaScript stack canonicalizes
// otherwise, the proof is tried over the jsonld.js form: with
// VerifierOptions.AcceptDialects it then verifies, reported with
// ProofOutcome.Dialect and the Constructs its signature does not protect as
// written; without, it fails with a *DialectError (ErrDialect) naming them.
// Sign refuses a document whose canonical form depends on the dialect
// (ErrDialectDependent, naming each construct and how to write it
// unambiguously), so that what it signs verifies everywhere;
// SignOptions.Dialect and AllowDialectDependent choose a dialect instead.
//
// JSON Web Tokens: SignJWT writes the OB 3.0 / CLR 2.0 VC-JWT (the
// credential is the payload), the legacy VCDM 1.1 form (under "vc") or the
// W3C VC-JOSE-COSE form, and a JWTVerifier checks any of the three, told
// apart by their shape, with an explicit algorithm allowlist (never "none",
// never HMAC), a key from "kid" or an issuer-bound "jwk" (or, with
// JWTVerifierOptions.UnboundHeaderJWK, as the 1EdTech validator does, any
// "jwk" when the kid cannot be retrieved, reported as KeySourceUnboundJWK),
// and claims that must agree with the credential. The OB 3.0 rules on the
// JOSE header and the registered claims are reported, not failed
// (JWTOutcome.OtherHeaders, JWTOutcome.MissingClaims). SD-JWT (selective disclosure, VerifySDJWT
// and SignSDJWT) and COSE_Sign1 (VerifyCOSE and SignCOSE, with a small strict
// CBOR codec) cover the rest of W3C VC-JOSE-COSE. SignSDJWT never makes
// selectively disclosable what a verifier must see (@context, type, issuer,
// holder, credentialStatus, the validity dates, refreshService,
// credentialSchema, termsOfUse), but other issuers may, so VerifySDJWT
// counts the top-level members a holder withheld
// (JWTOutcome.UndisclosedMembers) for the caller to judge (package vc fails
// a credential that withholds any while showing no credentialStatus or no
// end of validity).
//
// Specifications:
//   - Verifiable Credential Data Integrity 1.0, https://www.w3.org/TR/vc-data-integrity/
//   - Data Integrity EdDSA Cryptosuites v1.0, https://www.w3.org/TR/vc-di-eddsa/
//   - Data Integrity ECDSA Cryptosuites v1.0, https://www.w3.org/TR/vc-di-ecdsa/
//   - Securing Verifiable Credentials using JOSE and COSE, https://www.w3.org/TR/vc-jose-cose/
//   - JSON Web Token (RFC 7519), JSON Web Signature (RFC 7515)
//   - Open Badges 3.0, section 8 "Proofs (Signatures)", https://www.imsglobal.org/spec/ob/v3p0/
//   - Comprehensive Learner Record 2.0, https://www.imsglobal.org/spec/clr/v2p0/
package proof
