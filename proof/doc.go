// Package proof signs and verifies the proofs that make Open Badges 3.0 and
// CLR 2.0 credentials verifiable.
//
// This first part holds W3C Data Integrity proofs with the eddsa-rdfc-2022
// cryptosuite, the one OB 3.0 and CLR 2.0 require: Sign adds a
// DataIntegrityProof to a credential or presentation, and a Verifier checks
// one against the key its verification method names (retrieved through
// did.Retriever), the proof purpose the caller expects, and, for
// credentials, the binding of that key to the issuer. Signatures are always
// computed over the exact JSON given, never over a re-marshalled struct.
//
// Specifications:
//   - Verifiable Credential Data Integrity 1.0, https://www.w3.org/TR/vc-data-integrity/
//   - Data Integrity EdDSA Cryptosuites v1.0, https://www.w3.org/TR/vc-di-eddsa/
//   - Open Badges 3.0, section 8 "Proofs (Signatures)", https://www.imsglobal.org/spec/ob/v3p0/
//   - Comprehensive Learner Record 2.0, https://www.imsglobal.org/spec/clr/v2p0/
package proof
