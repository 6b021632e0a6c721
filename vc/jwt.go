package vc

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/clrkit/clrkit/did"

	"github.com/clrkit/clrkit/proof"
)

// verifyJWT runs the procedure on a compact VC-JWT (OB 3.0, legacy vc
// claim or VC-JOSE-COSE form) or SD-JWT: the signature and claims first,
// then the same checks as an embedded-proof credential on its payload.
func (v *Verifier) verifyJWT(ctx context.Context, token []byte, exp Expectations, r *Report) {
	jv, err := v.jwtsFor(exp)
	if err != nil {
		r.fail(CheckProof, CodeJWT, "", "%v", err)
		return
	}
	var res *proof.JWTOutcome
	if proof.IsSDJWT(token) {
		r.Format = "sd-jwt"
		res, err = jv.VerifySDJWT(ctx, token)
	} else {
		r.Format = "jwt"
		res, err = jv.Verify(ctx, token)
	}
	if res == nil || len(res.Credential) == 0 {
		if err == nil {
			err = fmt.Errorf("%w: no credential in the token", proof.ErrMalformedJWT)
		}
		r.fail(CheckProof, proofCode(err), "", "%v", err)
		return
	}
	if res.Presentation {
		v.verifyJWTPresentation(ctx, token, res, err, exp, r)
		return
	}
	// The payload holds what the credential's own checks verify inside it:
	// they look it up here, never in a document holding the token.
	h, ctx := newHolder(ctx, res.Credential)
	d, ok := v.readCredential(res.Credential, h, r)
	if !ok {
		return
	}
	v.checkStructure(ctx, d, r)
	v.checkSchema(d, r)
	switch {
	case err != nil:
		r.fail(CheckProof, proofCode(err), "", "%v", err)
	case d.Credential.Issuer.ID != res.Issuer:
		// The token was verified for res.Issuer; the credential read must
		// name that same issuer.
		r.fail(CheckProof, CodeIssuerBinding, "/issuer", "the token was signed for %s, the credential names %s", res.Issuer, d.Credential.Issuer.ID)
	case res.UndisclosedMembers > 0 && (len(d.Credential.CredentialStatus) == 0 || d.Credential.ValidUntil == "" && d.Credential.ExpirationDate == ""):
		// A withheld top-level member could be the credentialStatus or the
		// end of validity, which would escape the status or date check.
		r.fail(CheckProof, CodeJWT, "", "the SD-JWT withholds %d top-level member(s) and discloses no credentialStatus or no end of validity: either could be among them", res.UndisclosedMembers)
	case exp.Challenge != "" || exp.Domain != "" || exp.Purpose != "" && exp.Purpose != did.AssertionMethod:
		// A credential JWT answers no challenge, names no domain and has no
		// proof purpose but the issuer's assertion: what is expected of it
		// cannot hold (a presentation JWT carries nonce and aud).
		r.fail(CheckProof, CodeChallenge, "", "a credential JWT cannot meet the expected challenge, domain or proof purpose; present it in a verifiable presentation")
	default:
		detail := fmt.Sprintf("%s %s by %s", res.Algorithm, res.Form, cmp.Or(res.KeyID, "its jwk header"))
		switch res.KeySource {
		case proof.KeySourceUnboundJWK:
			r.warn(CheckProof, CodeUnverifiedKey, "", "%s: the kid could not be retrieved and the jwk header's key was used; nothing binds it to %s", detail, res.Issuer)
		case did.SourceMultibaseFragment:
			r.warn(CheckProof, CodeUnverifiedKey, "", "%s: the key was taken from the kid URL's fragment; nothing binds it to %s", detail, res.Issuer)
		default:
			r.pass(CheckProof, detail)
		}
		if v.checkTrusted(d.Credential.Issuer.ID, r) {
			d = v.refresh(ctx, d, exp, r)
		}
	}
	if len(res.MissingClaims) > 0 {
		r.addError(CodeJWTClaimMissing, "", "the token lacks the %s claim(s) OB 3.0 requires beside the credential's members", strings.Join(res.MissingClaims, ", "))
	}
	if len(res.OtherHeaders) > 0 {
		r.addError(CodeJWTHeader, "", "the JOSE header has %s besides alg, kid, jwk and typ: OB 3.0 allows no other header parameters in a VC-JWT",
			strings.Join(res.OtherHeaders, ", "))
	}
	authentic := r.CheckStatus(CheckProof) == StatusPassed || r.CheckStatus(CheckProof) == StatusWarning
	if !authentic {
		r.skip(CheckRefresh, "the proof did not verify")
	}
	v.checkRest(ctx, d, exp, r, authentic)
}
