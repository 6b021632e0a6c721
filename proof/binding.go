package proof

import (
	"net/url"
	"strings"

	"github.com/clrkit/clrkit/did"
)

// IssuerBinds is clrkit's one rule for whether a key may speak for an
// issuer (or for a presentation's holder), applied to every proof form:
// Data Integrity proofs by Verifier.Verify and Outcome.IssuerProof, JWTs by
// JWTVerifier.Verify, COSE by JWTVerifier.VerifyCOSE, and through them by the vc package's
// verification procedure. The key m, as a did.Retriever established it,
// binds when
//   - its controller is the issuer: the issuer's DID document or https
//     controller document lists the method under the relationship checked,
//     or (did:key, did:jwk) the DID is the key; or
//   - it is a JWK or a JWK Set entry served from an https URL
//     (did.SourceJWKDocument, which names no controller) on the issuer's
//     own https host, the way OB 3.0 issuers that are web URLs publish
//     their JWT keys. Such a document lists no relationships, so the host
//     is the whole binding: every issuer URL on a shared host is bound by
//     every key that host serves, for any proof purpose.
//
// Keys that no document vouches for (did.SourceMultibaseFragment,
// KeySourceUnboundJWK) have the issuer as controller only because the
// caller's options accepted that; they bind here, and the vc package
// reports them with the UNVERIFIED_ISSUER_KEY warning.
func IssuerBinds(m *did.Method, issuer string) bool {
	if issuer == "" {
		return false
	}
	if m.Controller == issuer {
		return true
	}
	if m.Source != did.SourceJWKDocument {
		return false
	}
	k, err1 := url.Parse(m.ID)
	i, err2 := url.Parse(issuer)
	return err1 == nil && err2 == nil && k.Scheme == "https" && i.Scheme == "https" &&
		k.Host != "" && strings.EqualFold(k.Host, i.Host) && k.User == nil && i.User == nil
}

// bindsTo applies IssuerBinds to the key a proof was checked with.
func (r *ProofOutcome) bindsTo(issuer string) bool {
	return IssuerBinds(&did.Method{ID: r.VerificationMethod, Controller: r.Controller, Source: r.KeySource}, issuer)
}

// IssuerProof returns the index of the first proof that verified with a
// key bound to issuer by IssuerBinds, or -1. OB 3.0 accepts a credential
// that has one; what the other proofs of the set mean is the caller's
// policy (Verify fails when any of them fails, as VC Data Integrity's proof
// sets do; the vc package makes an independent one a warning).
func (res *Outcome) IssuerProof(issuer string) int {
	for i := range res.Proofs {
		if res.Proofs[i].Verified && res.Proofs[i].bindsTo(issuer) {
			return i
		}
	}
	return -1
}
