package vc_test

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/internal/testkit"
	"github.com/clrkit/clrkit/openbadges"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/vc"
)

func TestVerifyJWTForms(t *testing.T) {
	k := testkit.NewKey(t, 1)
	cred := badgeJSON(t, k, "https://example.edu/a/1")
	v := newVerifier(t)
	for _, form := range []proof.JWTForm{proof.JWTFormOB3, proof.JWTFormVCClaim} {
		t.Run(string(form), func(t *testing.T) {
			tok := k.SignJWT(t, cred, form)
			r, err := v.Verify(context.Background(), []byte(tok), vc.Expectations{Recipient: "did:example:learner"})
			testkit.RequireVerified(t, r, err)
			assert.Equal(t, "jwt", r.Format)
			assert.Equal(t, "OpenBadgeCredential", r.Kind)
			assert.Equal(t, k.DID, r.Issuer)
			assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckProof))
			assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckSchema))
			assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckRecipient))
			assert.Contains(t, r.Checks[2].Detail, k.VM)

			// Surrounding white space is not part of the token.
			r, err = v.Verify(context.Background(), []byte("\n "+tok+"\n"), vc.Expectations{})
			testkit.RequireVerified(t, r, err)
		})
	}
}

func TestVerifyJWTInterop(t *testing.T) {
	r, err := newVerifier(t).Verify(context.Background(), readTestdata(t, "ob3-basic.eddsa.jwt"), vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	assert.Equal(t, interopIssuer, r.Issuer)
	assert.Equal(t, "jwt", r.Format)
}

func TestVerifyJWTTampered(t *testing.T) {
	k := testkit.NewKey(t, 1)
	tok := k.SignJWT(t, badgeJSON(t, k, "https://example.edu/a/1"), proof.JWTFormOB3)
	parts := strings.Split(tok, ".")
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	forged := strings.Replace(string(payload), `"Badge https://example.edu/a/1"`, `"Badge of honour"`, 1)
	if forged == string(payload) {
		t.Fatal("the payload did not change")
	}
	parts[1] = base64.RawURLEncoding.EncodeToString([]byte(forged))
	r, err := newVerifier(t).Verify(context.Background(), []byte(strings.Join(parts, ".")), vc.Expectations{})
	requireFailed(t, r, err, vc.CodeProof)
	assert.Equal(t, vc.StatusFailed, r.CheckStatus(vc.CheckProof))
	assert.Equal(t, vc.StatusSkipped, r.CheckStatus(vc.CheckRefresh))

	// A signature by another key under the issuer's kid (SignJWT refuses
	// to make it: the header and payload of a genuine one, re-signed).
	other := testkit.NewKey(t, 2)
	genuine, err := proof.SignJWT(badgeJSON(t, k, "https://example.edu/a/1"), k.Private, proof.JWTSignOptions{KeyID: k.VM})
	if err != nil {
		t.Fatal(err)
	}
	gp := strings.Split(genuine, ".")
	stolen := gp[0] + "." + gp[1] + "." + base64.RawURLEncoding.EncodeToString(ed25519.Sign(other.Private, []byte(gp[0]+"."+gp[1])))
	r, err = newVerifier(t).Verify(context.Background(), []byte(stolen), vc.Expectations{})
	requireFailed(t, r, err, vc.CodeProof)

	// The issuer's own key, claiming another issuer.
	claimed := other.SignJWT(t, badgeJSON(t, k, "https://example.edu/a/1"), proof.JWTFormOB3)
	r, err = newVerifier(t).Verify(context.Background(), []byte(claimed), vc.Expectations{})
	assert.Error(t, err)
	assert.False(t, r.Verified)
	assert.Equal(t, vc.StatusFailed, r.CheckStatus(vc.CheckProof))
}

func TestVerifyJWTDatesAndTrust(t *testing.T) {
	k := testkit.NewKey(t, 1)
	until := testkit.Now.Add(time.Hour)
	tok := k.SignJWT(t, badgeJSON(t, k, "https://example.edu/a/1", func(b *openbadges.CredentialBuilder) { b.ValidUntil(until) }), proof.JWTFormOB3)
	v := newVerifier(t)
	r, err := v.Verify(context.Background(), []byte(tok), vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	r, err = v.Verify(context.Background(), []byte(tok), vc.Expectations{At: until.Add(time.Hour)})
	requireFailed(t, r, err, vc.CodeExpired)

	r, err = newVerifier(t, func(o *vc.VerifierOptions) { o.TrustedIssuers = []string{"did:example:other"} }).
		Verify(context.Background(), []byte(tok), vc.Expectations{})
	requireFailed(t, r, err, vc.CodeUntrustedIssuer)
}

func TestVerifyJWTGarbage(t *testing.T) {
	v := newVerifier(t)
	for _, in := range []string{"a.b.c", "eyJhbGciOiJub25lIn0.e30.", "eyJhbGciOiJFZERTQSJ9.bm90IGpzb24.c2ln"} {
		r, err := v.Verify(context.Background(), []byte(in), vc.Expectations{})
		assert.Error(t, err, in)
		assert.False(t, r.Verified, in)
		assert.NotEmpty(t, r.Errors, in)
	}
}

// vpJWT signs a presentation by holder of the enveloped credential JWTs
// as a vp+jwt (VC-JOSE-COSE), with the nonce and aud claims when set.
func vpJWT(t testing.TB, holder testkit.Key, nonce, aud string, creds ...string) string {
	t.Helper()
	vcs := []any{}
	for _, c := range creds {
		vcs = append(vcs, map[string]any{"@context": []string{vc.ContextV2}, "type": "EnvelopedVerifiableCredential", "id": "data:application/vc+jwt," + c})
	}
	p := map[string]any{"@context": []string{vc.ContextV2}, "type": []string{"VerifiablePresentation"}, "holder": holder.DID, "verifiableCredential": vcs}
	if nonce != "" {
		p["nonce"] = nonce
	}
	if aud != "" {
		p["aud"] = aud
	}
	doc, err := json.Marshal(p)
	require.NoError(t, err)
	return holder.SignJWT(t, doc, proof.JWTFormJOSE)
}

func TestVerifyPresentationJWT(t *testing.T) {
	holder, issuer := testkit.NewKey(t, 5), testkit.NewKey(t, 1)
	good := issuer.SignJWT(t, badgeJSON(t, issuer, "https://example.edu/a/1"), proof.JWTFormJOSE)
	v := newVerifier(t)
	tok := vpJWT(t, holder, "c-1", "verifier.example.com", good, good)
	r, err := v.Verify(context.Background(), []byte(tok), vc.Expectations{Challenge: "c-1", Domain: "verifier.example.com"})
	testkit.RequireVerified(t, r, err)
	assert.Equal(t, vc.TypeVerifiablePresentation, r.Kind)
	assert.Equal(t, holder.DID, r.Issuer)
	require.Len(t, r.Nested, 2)
	assert.Equal(t, "/verifiableCredential/1", r.Nested[1].Path)

	// nonce and aud are the challenge and domain of a JWT presentation.
	for _, exp := range []vc.Expectations{{Challenge: "c-2"}, {Domain: "evil.example.com"}} {
		r, err = v.Verify(context.Background(), []byte(tok), exp)
		requireFailed(t, r, err, vc.CodeChallenge)
	}
	r, err = v.Verify(context.Background(), []byte(vpJWT(t, holder, "", "", good)), vc.Expectations{Challenge: "c-1"})
	requireFailed(t, r, err, vc.CodeChallenge)

	// A bad credential inside fails the presentation.
	parts := strings.Split(good, ".")
	parts[2] = parts[2][:len(parts[2])-4] + "AAAA"
	r, err = v.Verify(context.Background(), []byte(vpJWT(t, holder, "c-1", "", good, strings.Join(parts, "."))), vc.Expectations{Challenge: "c-1"})
	e := requireFailed(t, r, err, vc.CodeNested)
	assert.Equal(t, "/verifiableCredential/1", e.Path)

	// An enveloped credential in a form that is not verified here is not
	// left out.
	p := map[string]any{"@context": []string{vc.ContextV2}, "type": []string{"VerifiablePresentation"}, "holder": holder.DID,
		"verifiableCredential": []any{map[string]any{"@context": []string{vc.ContextV2}, "type": "EnvelopedVerifiableCredential",
			"id": "data:application/vc+cose;base64,AAAA"}}}
	doc, err := json.Marshal(p)
	require.NoError(t, err)
	r, err = v.Verify(context.Background(), []byte(holder.SignJWT(t, doc, proof.JWTFormJOSE)), vc.Expectations{})
	e = requireFailed(t, r, err, vc.CodeNested)
	assert.Equal(t, "/verifiableCredential/0", e.Path)
}

// TestVerifyJWTHeaderRule: OB 3.0 allows only alg, kid, jwk and typ in a
// VC-JWT's JOSE header and requires the registered claims that restate the
// credential: another header or a missing claim fails spec and 1edtech
// (which is lenient on missing claims, as the validator is) as a
// conformance error, and is a warning in authenticity.
func TestVerifyJWTHeaderRule(t *testing.T) {
	k := testkit.NewKey(t, 1)
	cred := badgeJSON(t, k, "https://example.edu/a/1")
	tok := k.SignJWT(t, cred, proof.JWTFormOB3)
	parts := strings.Split(tok, ".")
	hdr, err := base64.RawURLEncoding.DecodeString(parts[0])
	require.NoError(t, err)
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	resign := func(header, claims []byte) []byte {
		input := base64.RawURLEncoding.EncodeToString(header) + "." + base64.RawURLEncoding.EncodeToString(claims)
		sig := ed25519.Sign(k.Private, []byte(input))
		return []byte(input + "." + base64.RawURLEncoding.EncodeToString(sig))
	}
	extraHeader := resign(append(hdr[:len(hdr)-1:len(hdr)-1], []byte(`,"x5u":"https://example.edu/cert"}`)...), payload)
	var claims map[string]any
	require.NoError(t, json.Unmarshal(payload, &claims))
	delete(claims, "sub")
	noSub, err := json.Marshal(claims)
	require.NoError(t, err)
	missingClaim := resign(hdr, noSub)

	v := newVerifier(t)
	for _, c := range []struct {
		name                    string
		tok                     []byte
		code                    string
		spec, auth, oneEdTechOK bool
	}{
		{"header x5u", extraHeader, vc.CodeJWTHeader, false, true, false},
		{"no sub claim", missingClaim, vc.CodeJWTClaimMissing, false, true, true},
	} {
		for _, p := range []struct {
			p  vc.Profile
			ok bool
		}{{vc.ProfileSpec, c.spec}, {vc.ProfileAuthenticity, c.auth}, {vc.Profile1EdTech, c.oneEdTechOK}} {
			r, _ := v.Verify(context.Background(), c.tok, vc.Expectations{Profile: p.p})
			require.Equal(t, p.ok, r.Verified, "%s, %s: %s", c.name, p.p, r.Summary())
			assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckProof), "%s, %s: the signature verifies", c.name, p.p)
			issues := r.Errors
			if p.ok {
				issues = r.Warnings
			}
			assert.Equal(t, vc.ClassConformance, testkit.Issue(t, issues, c.code).Class)
		}
	}
}
