package vc_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/internal/testkit"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/vc"
)

// unsignedPresentation returns a presentation by holder ("" for none) of
// the credentials: signed JSON credentials, or strings for JWTs and other
// JSON values.
func unsignedPresentation(t testing.TB, holder string, creds ...any) []byte {
	t.Helper()
	vcs := make([]any, len(creds))
	for i, c := range creds {
		if b, ok := c.([]byte); ok {
			vcs[i] = json.RawMessage(b)
		} else {
			vcs[i] = c
		}
	}
	p := map[string]any{
		"@context":             []string{vc.ContextV2},
		"type":                 []string{"VerifiablePresentation"},
		"id":                   "urn:uuid:5e1a1b1c-0000-4000-8000-000000000001",
		"verifiableCredential": vcs,
	}
	if holder != "" {
		p["holder"] = holder
	}
	out, err := json.Marshal(p)
	require.NoError(t, err)
	return out
}

// signedPresentation is unsignedPresentation with holder k, signed by k
// for authentication with the challenge and domain.
func signedPresentation(t testing.TB, k testkit.Key, challenge, domain string, creds ...any) []byte {
	t.Helper()
	return signPresentation(t, k, nil, challenge, domain, creds...)
}

// jcsPresentation is signedPresentation with an eddsa-jcs-2022 proof. A
// presentation holding a CLR has more blank nodes, in symmetric graphs,
// than RDF canonicalization's default work limit lets eddsa-rdfc-2022
// sign or verify.
func jcsPresentation(t testing.TB, k testkit.Key, challenge, domain string, creds ...any) []byte {
	t.Helper()
	return signPresentation(t, k, proof.EdDSAJCS2022{}, challenge, domain, creds...)
}

func signPresentation(t testing.TB, k testkit.Key, suite proof.Cryptosuite, challenge, domain string, creds ...any) []byte {
	t.Helper()
	opts := proof.SignOptions{Suite: suite, Purpose: did.Authentication, Challenge: challenge}
	if domain != "" {
		opts.Domain = []string{domain}
	}
	return k.Sign(t, unsignedPresentation(t, k.DID, creds...), opts)
}

func TestVerifyPresentation(t *testing.T) {
	holder, issuer := testkit.NewKey(t, 5), testkit.NewKey(t, 1)
	badge := signedBadge(t, issuer, "https://example.edu/a/1")
	vp := jcsPresentation(t, holder, "c-123", "verifier.example.com", badge, readTestdata(t, "clr-3creds.signed.json"))
	v := newVerifier(t)

	r, err := v.Verify(context.Background(), vp, vc.Expectations{Challenge: "c-123", Domain: "verifier.example.com"})
	testkit.RequireVerified(t, r, err)
	assert.Equal(t, vc.TypeVerifiablePresentation, r.Kind)
	assert.Equal(t, holder.DID, r.Issuer)
	assert.Equal(t, "urn:uuid:5e1a1b1c-0000-4000-8000-000000000001", r.ID)
	assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckProof))
	assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckNested))
	require.Len(t, r.Nested, 2)
	assert.Equal(t, "/verifiableCredential/0", r.Nested[0].Path)
	assert.Equal(t, "/verifiableCredential/1", r.Nested[1].Path)
	assert.Equal(t, "ClrCredential", r.Nested[1].Kind)
	require.Len(t, r.Nested[1].Nested, 3, "the CLR's own credentials")
	assert.Equal(t, "/verifiableCredential/1/credentialSubject/verifiableCredential/2", r.Nested[1].Nested[2].Path)

	for _, tc := range []struct {
		name string
		exp  vc.Expectations
	}{
		{"wrong challenge", vc.Expectations{Challenge: "c-999", Domain: "verifier.example.com"}},
		{"wrong domain", vc.Expectations{Challenge: "c-123", Domain: "evil.example.com"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := v.Verify(context.Background(), vp, tc.exp)
			e := requireFailed(t, r, err, vc.CodeChallenge)
			assert.Equal(t, "/proof", e.Path)
			assert.Equal(t, vc.StatusFailed, r.CheckStatus(vc.CheckProof))
			assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckNested), "the credentials are still verified")
		})
	}

	// A proof without a challenge does not answer one.
	noChallenge := signedPresentation(t, holder, "", "", badge)
	r, err = v.Verify(context.Background(), noChallenge, vc.Expectations{Challenge: "c-123"})
	requireFailed(t, r, err, vc.CodeChallenge)
}

func TestVerifyPresentationHolderBinding(t *testing.T) {
	holder, thief, issuer := testkit.NewKey(t, 5), testkit.NewKey(t, 6), testkit.NewKey(t, 1)
	badge := signedBadge(t, issuer, "https://example.edu/a/1")
	// The thief presents as the holder with a key of its own.
	vp := thief.Sign(t, unsignedPresentation(t, holder.DID, badge), proof.SignOptions{Purpose: did.Authentication, Challenge: "c"})
	r, err := newVerifier(t).Verify(context.Background(), vp, vc.Expectations{Challenge: "c"})
	e := requireFailed(t, r, err, vc.CodeHolder)
	assert.Equal(t, "/holder", e.Path)

	// Without a holder any authentication proof is accepted.
	anon := thief.Sign(t, unsignedPresentation(t, "", badge), proof.SignOptions{Purpose: did.Authentication, Challenge: "c"})
	r, err = newVerifier(t).Verify(context.Background(), anon, vc.Expectations{Challenge: "c"})
	testkit.RequireVerified(t, r, err)

	// An assertionMethod proof is not an authentication. (Sign gives a
	// presentation authentication by default: ask for assertionMethod.)
	asserted := holder.Sign(t, unsignedPresentation(t, holder.DID, badge), proof.SignOptions{Purpose: did.AssertionMethod, Challenge: "c"})
	r, err = newVerifier(t).Verify(context.Background(), asserted, vc.Expectations{Challenge: "c"})
	e = requireFailed(t, r, err, vc.CodeProofPurpose)
	assert.Equal(t, "/proof", e.Path)
}

func TestVerifyUnsignedPresentation(t *testing.T) {
	issuer := testkit.NewKey(t, 1)
	vp := unsignedPresentation(t, "did:example:holder", signedBadge(t, issuer, "https://example.edu/a/1"))
	r, err := newVerifier(t).Verify(context.Background(), vp, vc.Expectations{})
	e := requireFailed(t, r, err, vc.CodeUnsignedPresentation)
	assert.Equal(t, "/proof", e.Path)
	assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckNested))

	allow := newVerifier(t, func(o *vc.VerifierOptions) { o.AllowUnsignedPresentations = true })
	r, err = allow.Verify(context.Background(), vp, vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	assert.Equal(t, vc.StatusSkipped, r.CheckStatus(vc.CheckProof))

	// Its credentials are still verified.
	bad := unsignedPresentation(t, "", signedBadge(t, issuer, "https://example.edu/a/1"),
		mutate(t, signedBadge(t, issuer, "https://example.edu/a/2"), func(m map[string]any) { m["name"] = "x" }))
	r, err = allow.Verify(context.Background(), bad, vc.Expectations{})
	e = requireFailed(t, r, err, vc.CodeNested)
	assert.Equal(t, "/verifiableCredential/1", e.Path)
	assert.True(t, r.Nested[0].Verified)
	assert.False(t, r.Nested[1].Verified)
	assert.Equal(t, "/verifiableCredential/1/proof", testkit.Issue(t, r.Nested[1].Errors, vc.CodeProof).Path)
}

func TestVerifyPresentationBadCredential(t *testing.T) {
	holder, issuer := testkit.NewKey(t, 5), testkit.NewKey(t, 1)
	good := signedBadge(t, issuer, "https://example.edu/a/1")
	bad := mutate(t, signedBadge(t, issuer, "https://example.edu/a/2"), func(m map[string]any) { m["name"] = "x" })
	vp := signedPresentation(t, holder, "c", "", good, bad)
	r, err := newVerifier(t).Verify(context.Background(), vp, vc.Expectations{Challenge: "c"})
	e := requireFailed(t, r, err, vc.CodeNested)
	assert.Equal(t, "/verifiableCredential/1", e.Path)
	assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckProof), "the holder's proof is fine")
	assert.Equal(t, vc.StatusFailed, r.CheckStatus(vc.CheckNested))

	// An entry that is neither an object nor a string.
	vp = signedPresentation(t, holder, "c", "", good, 42)
	r, err = newVerifier(t).Verify(context.Background(), vp, vc.Expectations{Challenge: "c"})
	e = requireFailed(t, r, err, vc.CodeNested)
	assert.Equal(t, "/verifiableCredential/1", e.Path)
	assert.Equal(t, vc.StatusFailed, r.CheckStatus(vc.CheckNested))
	// It has a failed report of its own, in document order.
	require.Len(t, r.Nested, 2)
	assert.True(t, r.Nested[0].Verified)
	n := r.Nested[1]
	assert.False(t, n.Verified)
	assert.Equal(t, "/verifiableCredential/1", n.Path)
	assert.Equal(t, vc.StatusFailed, n.CheckStatus(vc.CheckStructure))
	assert.Equal(t, "/verifiableCredential/1", testkit.Issue(t, n.Errors, vc.CodeMalformed).Path)
}

func TestVerifyPresentationEnvelopedJWT(t *testing.T) {
	holder, issuer := testkit.NewKey(t, 5), testkit.NewKey(t, 1)
	tok := issuer.SignJWT(t, badgeJSON(t, issuer, "https://example.edu/a/1"), proof.JWTFormOB3)
	enveloped := map[string]any{
		"@context": []string{vc.ContextV2},
		"type":     "EnvelopedVerifiableCredential",
		"id":       "data:application/vc+jwt," + tok,
	}
	vp := signedPresentation(t, holder, "c", "", enveloped, tok)
	r, err := newVerifier(t).Verify(context.Background(), vp, vc.Expectations{Challenge: "c"})
	testkit.RequireVerified(t, r, err)
	require.Len(t, r.Nested, 2)
	for _, n := range r.Nested {
		assert.Equal(t, "jwt", n.Format)
		assert.Equal(t, issuer.DID, n.Issuer)
		assert.Equal(t, "OpenBadgeCredential", n.Kind)
	}

	// Percent-encoding in the data: URL is undone.
	enveloped["id"] = "data:application/vc+jwt," + url.PathEscape(tok)
	r, err = newVerifier(t).Verify(context.Background(), signedPresentation(t, holder, "c", "", enveloped), vc.Expectations{Challenge: "c"})
	testkit.RequireVerified(t, r, err)

	for _, id := range []string{"https://example.com/vc", "data:application/vc+jwt;base64,AAAA", "data:application/vc+jwt"} {
		enveloped["id"] = id
		r, err = newVerifier(t).Verify(context.Background(), signedPresentation(t, holder, "c", "", enveloped), vc.Expectations{Challenge: "c"})
		e := requireFailed(t, r, err, vc.CodeNested)
		assert.Equal(t, "/verifiableCredential/0", e.Path, id)
	}
}

func TestVerifyPresentationLimits(t *testing.T) {
	holder, issuer := testkit.NewKey(t, 5), testkit.NewKey(t, 1)
	badge := signedBadge(t, issuer, "https://example.edu/a/1")
	clrDoc := signedCLR(t, issuer, badge)
	vp := jcsPresentation(t, holder, "c", "", clrDoc)
	exp := vc.Expectations{Challenge: "c"}

	// presentation (0) > CLR (1) > badge (2)
	r, err := newVerifier(t, func(o *vc.VerifierOptions) { o.Limits.MaxDepth = 2 }).Verify(context.Background(), vp, exp)
	testkit.RequireVerified(t, r, err)
	r, err = newVerifier(t, func(o *vc.VerifierOptions) { o.Limits.MaxDepth = 1 }).Verify(context.Background(), vp, exp)
	requireFailed(t, r, err, vc.CodeNested)
	inner := r.Nested[0]
	assert.False(t, inner.Verified)
	e := testkit.Issue(t, inner.Errors, vc.CodeNested)
	assert.Equal(t, "/verifiableCredential/0/credentialSubject/verifiableCredential/0", e.Path)
	assert.True(t, inner.Nested[0].HasError(vc.CodeLimit), "%v", inner.Nested[0].Errors)

	three := jcsPresentation(t, holder, "c", "", badge, badge, badge)
	r, err = newVerifier(t, func(o *vc.VerifierOptions) { o.Limits.MaxNested = 2 }).Verify(context.Background(), three, exp)
	requireFailed(t, r, err, vc.CodeLimit)
	assert.Empty(t, r.Nested, "nothing inside is verified past the limit")
	r, err = newVerifier(t, func(o *vc.VerifierOptions) { o.Limits.MaxNested = 3 }).Verify(context.Background(), three, exp)
	testkit.RequireVerified(t, r, err)
}

// The concurrency limit does not change the reports, and their order is
// the document order.
func TestVerifyNestedAllOrder(t *testing.T) {
	issuer := testkit.NewKey(t, 1)
	var docs [][]byte
	var paths []string
	for i := range 9 {
		d := signedBadge(t, issuer, "https://example.edu/a/"+string(rune('0'+i)))
		if i%3 == 1 {
			d = mutate(t, d, func(m map[string]any) { m["name"] = "x" })
		}
		docs = append(docs, d)
		paths = append(paths, "/x/"+string(rune('0'+i)))
	}
	var want []byte
	for _, c := range []int{1, 2, 4, 16} {
		v := newVerifier(t, func(o *vc.VerifierOptions) { o.Limits.Concurrency = c })
		reports := vc.NewChecker(v, &vc.Report{}).VerifyNestedAll(context.Background(), docs, paths, vc.Expectations{})
		require.Len(t, reports, len(docs))
		for i, r := range reports {
			assert.Equal(t, paths[i], r.Path)
			assert.Equal(t, i%3 != 1, r.Verified, "%d", i)
		}
		got, err := json.Marshal(reports)
		require.NoError(t, err)
		if want == nil {
			want = got
		}
		assert.JSONEq(t, string(want), string(got), "concurrency %d", c)
	}
}

func TestIsPresentation(t *testing.T) {
	for doc, want := range map[string]bool{
		`{"type": "VerifiablePresentation"}`:                           true,
		`{"type": ["VerifiableCredential", "VerifiablePresentation"]}`: true,
		`{"type": ["VerifiableCredential"]}`:                           false,
		`{"type": ["VerifiablePresentation", 7]}`:                      false,
		`{"type": null}`:                     false,
		`{"Type": "VerifiablePresentation"}`: false,
		`{"verifiableCredential": []}`:       false,
		`["VerifiablePresentation"]`:         false,
		`not json`:                           false,
	} {
		assert.Equal(t, want, vc.IsPresentation([]byte(doc)), doc)
	}
}

// An EnvelopedVerifiableCredential or EnvelopedVerifiablePresentation given
// on its own (as the VC-API verify endpoints receive them) is verified as
// the VC-JOSE-COSE token in its data: URL; a bad envelope is malformed.
func TestVerifyEnvelopedTopLevel(t *testing.T) {
	holder, issuer := testkit.NewKey(t, 5), testkit.NewKey(t, 1)
	tok := issuer.SignJWT(t, badgeJSON(t, issuer, "https://example.edu/a/1"), proof.JWTFormJOSE)
	env := func(typ, id string) []byte {
		b, err := json.Marshal(map[string]any{"@context": []string{vc.ContextV2}, "type": typ, "id": id})
		require.NoError(t, err)
		return b
	}
	r, err := newVerifier(t).Verify(context.Background(), env("EnvelopedVerifiableCredential", "data:application/vc+jwt,"+tok), vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	assert.Equal(t, "OpenBadgeCredential", r.Kind)

	vp := map[string]any{"@context": []string{vc.ContextV2}, "type": "VerifiablePresentation", "holder": holder.DID,
		"verifiableCredential": []any{map[string]any{"@context": []string{vc.ContextV2}, "type": "EnvelopedVerifiableCredential",
			"id": "data:application/vc+jwt," + tok}}}
	doc, err := json.Marshal(vp)
	require.NoError(t, err)
	vpTok := holder.SignJWT(t, doc, proof.JWTFormJOSE)
	r, err = newVerifier(t).Verify(context.Background(), env("EnvelopedVerifiablePresentation", "data:application/vp+jwt,"+vpTok), vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	require.Len(t, r.Nested, 1)

	for _, id := range []string{"https://example.org/x", "data:application/vc+jwt", "data:application/vc+jwt;base64,e30", "data:application/vc+jwt,not-a-jwt"} {
		r, err = newVerifier(t).Verify(context.Background(), env("EnvelopedVerifiableCredential", id), vc.Expectations{})
		require.ErrorIs(t, err, vc.ErrMalformed, id)
		assert.Equal(t, "/id", testkit.Issue(t, r.Errors, vc.CodeMalformed).Path, id)
	}
}

// BenchmarkVerifyPresentation verifies a signed presentation (eddsa-rdfc-2022)
// holding three signed badges, the whole procedure.
func BenchmarkVerifyPresentation(b *testing.B) {
	holder, issuer := testkit.NewKey(b, 5), testkit.NewKey(b, 1)
	var creds []any
	for i := range 3 {
		creds = append(creds, json.RawMessage(signedBadge(b, issuer, "https://example.edu/a/"+strconv.Itoa(i))))
	}
	vp := signedPresentation(b, holder, "c", "", creds...)
	v := newVerifier(b)
	r, err := v.Verify(context.Background(), vp, vc.Expectations{Challenge: "c"})
	if err != nil || !r.Verified {
		b.Fatalf("not verified: %v %+v", err, r)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(context.Background(), vp, vc.Expectations{Challenge: "c"}); err != nil {
			b.Fatal(err)
		}
	}
}
