package vc_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/internal/testkit"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/vc"
)

// Regression tests for the findings of the security review of the
// verification pipeline.

// A legacy vc-claim JWT signed by an attacker, carrying a second "VC" claim
// naming a victim issuer: the credential read must be the claim that was
// checked, so the forgery fails whatever a case-insensitive decoder would
// pick.
func TestSecurityJWTClaimNameConfusion(t *testing.T) {
	attacker, victim := testkit.NewKey(t, 1), testkit.NewKey(t, 2)
	good := badgeJSON(t, attacker, "https://example.edu/a/1")
	evil := badgeJSON(t, victim, "https://victim.example/degree")
	tok := attacker.SignJWT(t, good, proof.JWTFormVCClaim)
	parts := strings.Split(tok, ".")
	hb, err := base64.RawURLEncoding.DecodeString(parts[0])
	require.NoError(t, err)
	var h map[string]any
	require.NoError(t, json.Unmarshal(hb, &h))
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	payload = append(bytes.TrimSuffix(bytes.TrimSpace(payload), []byte("}")), []byte(`,"VC":`+string(evil)+`}`)...)
	opts := (&jose.SignerOptions{}).WithHeader("kid", h["kid"])
	if typ, ok := h["typ"].(string); ok {
		opts = opts.WithType(jose.ContentType(typ))
	}
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.EdDSA, Key: attacker.Private}, opts)
	require.NoError(t, err)
	jws, err := s.Sign(payload)
	require.NoError(t, err)
	forged, err := jws.CompactSerialize()
	require.NoError(t, err)

	v := newVerifier(t, func(o *vc.VerifierOptions) { o.TrustedIssuers = []string{victim.DID} })
	r, err := v.Verify(context.Background(), []byte(forged), vc.Expectations{})
	require.Error(t, err)
	assert.False(t, r.Verified)
	assert.NotEqual(t, victim.DID, r.Issuer, "the report must not name the victim as issuer")
}

// A credential JWT cannot answer a challenge or domain: expecting one fails.
func TestSecurityJWTCredentialWithChallenge(t *testing.T) {
	k := testkit.NewKey(t, 1)
	tok := k.SignJWT(t, badgeJSON(t, k, "https://example.edu/a/1"), proof.JWTFormOB3)
	v := newVerifier(t)
	r, err := v.Verify(context.Background(), []byte(tok), vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	for _, exp := range []vc.Expectations{{Challenge: "fresh"}, {Domain: "verifier.example"}, {Purpose: did.Authentication}} {
		r, err := v.Verify(context.Background(), []byte(tok), exp)
		requireFailed(t, r, err, vc.CodeChallenge)
	}
}

// An unsigned presentation never meets an expected challenge or domain,
// and one without credentials proves nothing, even when unsigned
// presentations are allowed.
func TestSecurityUnsignedPresentation(t *testing.T) {
	issuer := testkit.NewKey(t, 1)
	allow := newVerifier(t, func(o *vc.VerifierOptions) { o.AllowUnsignedPresentations = true })
	vp := unsignedPresentation(t, "", signedBadge(t, issuer, "https://example.edu/a/1"))
	r, err := allow.Verify(context.Background(), vp, vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	r, err = allow.Verify(context.Background(), vp, vc.Expectations{Challenge: "fresh-nonce"})
	requireFailed(t, r, err, vc.CodeUnsignedPresentation)
	r, err = allow.Verify(context.Background(), vp, vc.Expectations{Domain: "verifier.example"})
	requireFailed(t, r, err, vc.CodeUnsignedPresentation)
	r, err = allow.Verify(context.Background(), unsignedPresentation(t, ""), vc.Expectations{})
	requireFailed(t, r, err, vc.CodeUnsignedPresentation)
}

// Nothing is fetched for a credential whose proof does not verify.
func TestSecurityNoStatusFetchWithoutProof(t *testing.T) {
	s := newDocServer(t)
	iss := newStatusIssuer(t, 9)
	var entries []any
	for i := range 20 {
		entries = append(entries, bitstringEntry(fmt.Sprintf("%s/l/%d", s.URL, i), "revocation", "1"))
	}
	signed := iss.credential(t, "urn:uuid:1", statusEpoch, map[string]any{"credentialStatus": entries})
	for _, doc := range [][]byte{
		mutate(t, signed, func(m map[string]any) { delete(m, "proof") }),
		mutate(t, signed, func(m map[string]any) { m["id"] = "urn:uuid:2" }),
	} {
		r, err := statusVerifier(t, s.Client(), nil).Verify(context.Background(), doc, vc.Expectations{})
		require.Error(t, err)
		assert.False(t, r.Verified)
		assert.Equal(t, vc.StatusSkipped, r.CheckStatus(vc.CheckStatus))
	}
	assert.Zero(t, s.total.Load(), "status lists fetched for an unauthenticated document")
}

// signedWithExtension signs a credential whose subject has the extension
// member prop holding {"https://example.org/name": name}, and returns it
// compacted with a verifier that verifies it.
func signedWithExtension(t *testing.T, prop, name string) ([]byte, *vc.Verifier) {
	t.Helper()
	iss := newStatusIssuer(t, 9)
	signed := iss.credential(t, "urn:uuid:1", statusEpoch, map[string]any{
		"credentialSubject": map[string]any{"id": "did:example:learner", prop: map[string]any{"https://example.org/name": name}}})
	var buf bytes.Buffer
	require.NoError(t, json.Compact(&buf, signed))
	v := statusVerifier(t, nil, nil)
	r, err := v.Verify(context.Background(), buf.Bytes(), vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	return buf.Bytes(), v
}

// A duplicate member anywhere in the document, even inside an extension
// object the model keeps as bytes, is refused.
func TestSecurityNestedDuplicateMembers(t *testing.T) {
	signed, v := signedWithExtension(t, "https://example.org/degree", "Bachelor")
	forged := bytes.Replace(signed, []byte(`{"https://example.org/name":"Bachelor"}`),
		[]byte(`{"https://example.org/name":"PhD","https://example.org/name":"Bachelor"}`), 1)
	require.NotEqual(t, signed, forged)
	r, err := v.Verify(context.Background(), forged, vc.Expectations{})
	e := requireFailed(t, r, err, vc.CodeInvalidValue)
	assert.Contains(t, e.Message, "duplicate member")
}

// Text that breaks I-JSON, which JSON readers repair in different ways
// (U+FFFD for an unpaired surrogate or invalid UTF-8, infinity or zero for
// a number no double holds), is refused at the JSON pointer of the value,
// even in a member whose name holds "/", "~" and ".": a repaired value
// would canonicalize, and verify, like the value that was signed.
func TestSecurityNotIJSON(t *testing.T) {
	signed, v := signedWithExtension(t, "https://example.org/a~b", "x\ufffd")
	for replacement, cause := range map[string]string{
		`"x\ud800"`:       "unpaired UTF-16 surrogate escape",
		"\"x\xff\"":       "invalid UTF-8",
		`1e400`:           "too large",
		`[1,-1e-400]`:     "too small",
		`"x\udfff\ud800"`: "unpaired UTF-16 surrogate escape",
	} {
		forged := bytes.Replace(signed, []byte("\"x\ufffd\""), []byte(replacement), 1) // U+FFFD as encoding/json writes it
		require.NotEqual(t, signed, forged, replacement)
		r, err := v.Verify(context.Background(), forged, vc.Expectations{})
		e := requireFailed(t, r, err, vc.CodeInvalidValue)
		assert.Contains(t, e.Message, "not I-JSON", replacement)
		assert.Contains(t, e.Message, cause, replacement)
		want := "/credentialSubject/https:~1~1example.org~1a~0b/https:~1~1example.org~1name"
		if replacement == `[1,-1e-400]` {
			want += "/1"
		}
		assert.Equal(t, want, e.Path, replacement)
	}
}

// A bitstring status list signed by someone other than the credential's
// issuer does not decide its status.
func TestSecurityStatusListByAnotherIssuer(t *testing.T) {
	s := newDocServer(t)
	iss, other := newStatusIssuer(t, 9), newStatusIssuer(t, 7)
	list := s.URL + "/list"
	s.put("/list", other.bitstringList(t, list, "revocation"))
	cred := iss.credential(t, "urn:uuid:1", statusEpoch, map[string]any{"credentialStatus": bitstringEntry(list, "revocation", "3")})
	r, err := statusVerifier(t, s.Client(), nil).Verify(context.Background(), cred, vc.Expectations{})
	e := requireFailed(t, r, err, vc.CodeStatusList)
	assert.Contains(t, e.Message, "not by the credential's issuer")
}

// The expected recipient applies to the credentials a presentation holds.
func TestSecurityPresentationRecipient(t *testing.T) {
	holder, issuer := testkit.NewKey(t, 5), testkit.NewKey(t, 1)
	vp := signedPresentation(t, holder, "c", "", signedBadge(t, issuer, "https://example.edu/a/1"))
	v := newVerifier(t)
	r, err := v.Verify(context.Background(), vp, vc.Expectations{Challenge: "c", Recipient: "did:example:learner"})
	testkit.RequireVerified(t, r, err)
	require.Len(t, r.Nested, 1)
	assert.Equal(t, vc.StatusPassed, r.Nested[0].CheckStatus(vc.CheckRecipient))
	r, err = v.Verify(context.Background(), vp, vc.Expectations{Challenge: "c", Recipient: "did:example:someone-else"})
	requireFailed(t, r, err, vc.CodeNested)
	assert.False(t, r.Nested[0].Verified)
	assert.True(t, r.Nested[0].HasError(vc.CodeRecipient), "%v", r.Nested[0].Errors)
	empty := signedPresentation(t, holder, "c", "")
	r, err = v.Verify(context.Background(), empty, vc.Expectations{Challenge: "c", Recipient: "did:example:learner"})
	requireFailed(t, r, err, vc.CodeRecipient)
}

// A credential with more credentialStatus entries than the limit fails
// without a fetch.
func TestSecurityStatusEntriesLimit(t *testing.T) {
	s := newDocServer(t)
	iss := newStatusIssuer(t, 9)
	var entries []any
	for i := range 9 {
		entries = append(entries, bitstringEntry(fmt.Sprintf("%s/l/%d", s.URL, i), "revocation", "1"))
	}
	cred := iss.credential(t, "urn:uuid:1", statusEpoch, map[string]any{"credentialStatus": entries})
	r, err := statusVerifier(t, s.Client(), nil).Verify(context.Background(), cred, vc.Expectations{})
	requireFailed(t, r, err, vc.CodeLimit)
	assert.Zero(t, s.total.Load())
}

// An SD-JWT whose holder withholds a top-level member, while the disclosed
// credential shows no credentialStatus or no end of validity, fails: the
// withheld member could be either. Withholding a member of the subject is
// fine.
func TestSecuritySDJWTWithheldTopLevel(t *testing.T) {
	iss := newStatusIssuer(t, 9)
	doc := mutate(t, iss.credential(t, "urn:uuid:1", statusEpoch, map[string]any{
		"name":              "A credential",
		"credentialSubject": map[string]any{"id": "did:example:learner", "https://example.org/secret": "x"},
	}), func(m map[string]any) { delete(m, "proof") })
	tok, err := proof.SignSDJWT(doc, iss.key, proof.SDJWTSignOptions{KeyID: iss.vm, Disclosable: []string{"/name", "/credentialSubject/https:~1~1example.org~1secret"}})
	require.NoError(t, err)
	v := statusVerifier(t, nil, nil)
	r, err := v.Verify(context.Background(), []byte(tok), vc.Expectations{})
	testkit.RequireVerified(t, r, err)

	parts := strings.Split(tok, "~")
	jwt, discs := parts[0], parts[1:len(parts)-1]
	require.Len(t, discs, 2)
	// Withhold each disclosure in turn: withholding the top-level name
	// fails, withholding the subject's member does not.
	for i, withheld := range discs {
		kept := discs[1-i]
		r, err := v.Verify(context.Background(), []byte(jwt+"~"+kept+"~"), vc.Expectations{})
		if strings.Contains(decodeDisclosure(t, withheld), `"name"`) {
			requireFailed(t, r, err, vc.CodeJWT)
		} else {
			testkit.RequireVerified(t, r, err)
		}
	}
}

// decodeDisclosure returns the JSON of an SD-JWT disclosure.
func decodeDisclosure(t testing.TB, d string) string {
	b, err := base64.RawURLEncoding.DecodeString(d)
	require.NoError(t, err)
	return string(b)
}
