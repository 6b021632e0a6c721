package vc_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/clr"
	"github.com/clrkit/clrkit/internal/testkit"
	"github.com/clrkit/clrkit/openbadges"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/vc"
)

// The did:key of the interop bundle's OB issuer (ob3-basic, -course,
// -degree) and of its CLR issuer.
const (
	interopIssuer    = "did:key:z6Mkgkvc2UJ2mWtpBBv5R87n1vpUqGbzcQeFHcRZw4pjQ9Vn"
	interopCLRIssuer = "did:key:z6Mkno3eR8kPP9wqcBn9yskH184PCYfWf8D852ad9iiLga8q"
)

// newVerifier returns the full (CLR + OB) verifier on the kit's clock and
// did:key retriever, with the options changed by mods.
func newVerifier(t testing.TB, mods ...func(*vc.VerifierOptions)) *vc.Verifier {
	t.Helper()
	opts := vc.VerifierOptions{Retriever: testkit.Retriever(t), Now: testkit.Clock}
	for _, m := range mods {
		m(&opts)
	}
	v, err := clr.NewVerifier(opts)
	require.NoError(t, err)
	return v
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return data
}

// profile is an issuer profile for k.
func profile(k testkit.Key, name string) *openbadges.Profile {
	return &openbadges.Profile{ID: k.DID, Type: vc.Types{openbadges.TypeProfile}, Name: vc.Text(name)}
}

// badgeJSON builds an unsigned OpenBadgeCredential by k for the learner
// with the achievement id, the builder changed by mods.
func badgeJSON(t testing.TB, k testkit.Key, achievementID string, mods ...func(*openbadges.CredentialBuilder)) []byte {
	t.Helper()
	a, err := openbadges.NewAchievement(achievementID).Name("Achievement " + achievementID).
		Description("About " + achievementID).Criteria("Do " + achievementID).Build()
	require.NoError(t, err)
	b := openbadges.NewCredential(profile(k, "Example University")).
		Name("Badge " + achievementID).
		Recipient("did:example:learner").
		Achievement(a).
		Clock(testkit.Clock).Random(testkit.Random())
	for _, m := range mods {
		m(b)
	}
	c, err := b.Build()
	require.NoError(t, err)
	out, err := json.Marshal(c)
	require.NoError(t, err)
	return out
}

// signedBadge is badgeJSON signed by k.
func signedBadge(t testing.TB, k testkit.Key, achievementID string, mods ...func(*openbadges.CredentialBuilder)) []byte {
	t.Helper()
	return k.Sign(t, badgeJSON(t, k, achievementID, mods...))
}

// signedCLR builds a ClrCredential by k for did:example:learner holding
// the credentials, and signs it.
func signedCLR(t testing.TB, k testkit.Key, creds ...[]byte) []byte {
	t.Helper()
	b := clr.NewCredential(profile(k, "Example Registrar")).Name("Transcript").
		Learner("did:example:learner").Clock(testkit.Clock).Random(testkit.Random())
	for _, c := range creds {
		b.AddCredential(c)
	}
	c, err := b.Build()
	require.NoError(t, err)
	out, err := json.Marshal(c)
	require.NoError(t, err)
	return k.Sign(t, out)
}

// mutate decodes doc, lets f change it, and encodes it again.
func mutate(t testing.TB, doc []byte, f func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(doc, &m))
	f(m)
	out, err := json.Marshal(m)
	require.NoError(t, err)
	return out
}

// obj returns the object member name of m.
func obj(m map[string]any, name string) map[string]any { return m[name].(map[string]any) }

// codes lists the codes of issues.
func codes(is []vc.Issue) []string {
	out := []string{}
	for _, i := range is {
		out = append(out, i.Code)
	}
	return out
}

// requireFailed checks that the document did not verify, with the code
// among the errors, and returns that error.
func requireFailed(t testing.TB, r *vc.Report, err error, code string) vc.Issue {
	t.Helper()
	require.NotNil(t, r)
	require.ErrorIs(t, err, vc.ErrNotVerified)
	require.False(t, r.Verified)
	return testkit.Issue(t, r.Errors, code)
}

func TestVerifyInteropFixtures(t *testing.T) {
	v := newVerifier(t)
	for _, tc := range []struct {
		file, kind, issuer string
		nested             int
	}{
		{"ob3-basic.signed.json", "OpenBadgeCredential", interopIssuer, 0},
		{"ob3-course.signed.json", "OpenBadgeCredential", interopIssuer, 0},
		{"ob3-degree.signed.json", "OpenBadgeCredential", interopIssuer, 0},
		{"clr-3creds.signed.json", "ClrCredential", interopCLRIssuer, 3},
	} {
		t.Run(tc.file, func(t *testing.T) {
			r, err := v.Verify(context.Background(), readTestdata(t, tc.file), vc.Expectations{})
			testkit.RequireVerified(t, r, err)
			assert.Equal(t, tc.kind, r.Kind)
			assert.Equal(t, tc.issuer, r.Issuer)
			assert.Equal(t, "embedded", r.Format)
			assert.Empty(t, r.Errors)
			assert.Empty(t, r.Warnings)
			for _, c := range []string{vc.CheckStructure, vc.CheckSchema, vc.CheckProof, vc.CheckDates} {
				assert.Equal(t, vc.StatusPassed, r.CheckStatus(c), c)
			}
			assert.Equal(t, vc.StatusSkipped, r.CheckStatus(vc.CheckStatus))
			assert.Equal(t, vc.StatusSkipped, r.CheckStatus(vc.CheckRecipient))
			require.Len(t, r.Nested, tc.nested)
			for i, n := range r.Nested {
				assert.True(t, n.Verified)
				assert.Equal(t, fmt.Sprintf("/credentialSubject/verifiableCredential/%d", i), n.Path)
				assert.Equal(t, interopIssuer, n.Issuer)
			}
			if tc.nested > 0 {
				assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckNested))
			}
		})
	}
}

func TestVerifyBuiltCredential(t *testing.T) {
	k := testkit.NewKey(t, 1)
	r, err := newVerifier(t).Verify(context.Background(), signedBadge(t, k, "https://example.edu/a/1"), vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	assert.Equal(t, k.DID, r.Issuer)
	assert.Equal(t, "urn:uuid:07070707-0707-4707-8707-070707070707", r.ID)
	assert.Contains(t, r.Checks, vc.Check{Check: vc.CheckProof, Class: vc.ClassAuthenticity, Status: vc.StatusPassed, Detail: "eddsa-rdfc-2022 by " + k.VM})
}

func TestVerifyTampered(t *testing.T) {
	v := newVerifier(t)
	doc := mutate(t, readTestdata(t, "ob3-basic.signed.json"), func(m map[string]any) { m["name"] = "Leadership Badge" })
	r, err := v.Verify(context.Background(), doc, vc.Expectations{})
	e := requireFailed(t, r, err, vc.CodeProof)
	assert.Equal(t, "/proof", e.Path)
	assert.Equal(t, vc.StatusFailed, r.CheckStatus(vc.CheckProof))
	assert.Equal(t, vc.StatusSkipped, r.CheckStatus(vc.CheckRefresh), "nothing is refreshed after a failed proof")
	assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckStructure), "the tampered document is still well formed")
	assert.Equal(t, []string{vc.CodeProof}, codes(r.Errors))
	assert.Contains(t, err.Error(), vc.CodeProof)
}

func TestVerifyWrongIssuerBinding(t *testing.T) {
	issuer, other := testkit.NewKey(t, 1), testkit.NewKey(t, 2)
	// Claims issuer's DID, signed with other's key.
	doc := other.Sign(t, badgeJSON(t, issuer, "https://example.edu/a/1"))
	r, err := newVerifier(t).Verify(context.Background(), doc, vc.Expectations{})
	e := requireFailed(t, r, err, vc.CodeIssuerBinding)
	assert.Equal(t, "/proof", e.Path)
	assert.Contains(t, e.Message, other.DID)
}

func TestVerifyNoProof(t *testing.T) {
	k := testkit.NewKey(t, 1)
	r, err := newVerifier(t).Verify(context.Background(), badgeJSON(t, k, "https://example.edu/a/1"), vc.Expectations{})
	e := requireFailed(t, r, err, vc.CodeNoProof)
	assert.Equal(t, "/proof", e.Path)
	assert.Equal(t, vc.StatusSkipped, r.CheckStatus(vc.CheckRefresh))
	// The other checks still ran.
	assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckDates))
	assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckSchema))
}

func TestVerifyContexts(t *testing.T) {
	k := testkit.NewKey(t, 1)
	v := newVerifier(t)
	base := signedBadge(t, k, "https://example.edu/a/1")
	for _, tc := range []struct {
		name     string
		contexts []any
		path     string
	}{
		{"unknown", []any{vc.ContextV2, openbadges.Context, "https://example.com/unknown-context.json"}, "/@context/2"},
		{"not a URL", []any{vc.ContextV2, openbadges.Context, "not a url"}, "/@context/2"},
		{"VC context not first", []any{openbadges.Context, vc.ContextV2}, "/@context/0"},
		{"no OB context", []any{vc.ContextV2}, "/@context"},
		{"missing", nil, "/@context"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := mutate(t, base, func(m map[string]any) {
				if tc.contexts == nil {
					delete(m, "@context")
				} else {
					m["@context"] = tc.contexts
				}
			})
			r, err := v.Verify(context.Background(), doc, vc.Expectations{})
			e := requireFailed(t, r, err, vc.CodeContext)
			assert.Equal(t, tc.path, e.Path, "%v", r.Errors)
			assert.Equal(t, vc.StatusFailed, r.CheckStatus(vc.CheckStructure))
		})
	}
}

func TestVerifyVCDM11(t *testing.T) {
	k := testkit.NewKey(t, 3)
	doc := mutate(t, readTestdata(t, "ob3-basic.v1.json"), func(m map[string]any) {
		obj(m, "issuer")["id"] = k.DID
	})
	signed := k.Sign(t, doc)
	r, err := newVerifier(t).Verify(context.Background(), signed, vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	w := testkit.Issue(t, r.Warnings, vc.CodeVCDM11)
	assert.Equal(t, "/@context/0", w.Path)
	assert.Equal(t, vc.StatusWarning, r.CheckStatus(vc.CheckStructure))
	assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckProof))
	assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckDates))

	// issuanceDate and expirationDate are the dates of a 1.1 credential.
	r, err = newVerifier(t).Verify(context.Background(), signed, vc.Expectations{At: time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC)})
	e := requireFailed(t, r, err, vc.CodeExpired)
	assert.Equal(t, "/expirationDate", e.Path)

	// A 1.1 credential without issuanceDate is missing a required member.
	noDate := k.Sign(t, mutate(t, doc, func(m map[string]any) { delete(m, "issuanceDate") }))
	r, err = newVerifier(t).Verify(context.Background(), noDate, vc.Expectations{})
	e = requireFailed(t, r, err, vc.CodeMissing)
	assert.Equal(t, "/issuanceDate", e.Path)
}

func TestVerifySchemaFailure(t *testing.T) {
	k := testkit.NewKey(t, 1)
	doc := k.Sign(t, mutate(t, badgeJSON(t, k, "https://example.edu/a/1"), func(m map[string]any) {
		a := obj(obj(m, "credentialSubject"), "achievement")
		delete(a, "criteria")
	}))
	r, err := newVerifier(t).Verify(context.Background(), doc, vc.Expectations{})
	e := requireFailed(t, r, err, vc.CodeSchema)
	assert.Equal(t, "/credentialSubject/achievement/criteria", e.Path, "a missing property points where it should be")
	assert.Contains(t, e.Message, "criteria")
	assert.Equal(t, vc.StatusFailed, r.CheckStatus(vc.CheckSchema))
	assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckProof), "the signature is good; only the schema fails")
	for _, i := range r.Errors {
		assert.Equal(t, vc.CodeSchema, i.Code, "one root cause: %v", r.Errors)
	}
}

func TestVerifyUnknownCredentialSchema(t *testing.T) {
	k := testkit.NewKey(t, 1)
	const unknown = "https://example.com/schemas/not-embedded.json"
	doc := signedBadge(t, k, "https://example.edu/a/1", func(b *openbadges.CredentialBuilder) { b.CredentialSchema(unknown) })
	r, err := newVerifier(t).Verify(context.Background(), doc, vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	w := testkit.Issue(t, r.Warnings, vc.CodeUnknownSchema)
	assert.Contains(t, w.Message, unknown)
	assert.Equal(t, "/credentialSchema", w.Path)
	assert.Equal(t, vc.StatusWarning, r.CheckStatus(vc.CheckSchema))
}

func TestVerifySubjectWithoutIdentity(t *testing.T) {
	k := testkit.NewKey(t, 1)
	doc := k.Sign(t, mutate(t, badgeJSON(t, k, "https://example.edu/a/1"), func(m map[string]any) {
		delete(obj(m, "credentialSubject"), "id")
	}))
	r, err := newVerifier(t).Verify(context.Background(), doc, vc.Expectations{})
	e := requireFailed(t, r, err, vc.CodeNoSubjectID)
	assert.Equal(t, "/credentialSubject", e.Path)
	assert.Equal(t, vc.StatusFailed, r.CheckStatus(vc.CheckStructure))
	assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckProof))
}

func TestVerifyDates(t *testing.T) {
	k := testkit.NewKey(t, 1)
	until := testkit.Now.Add(time.Hour)
	doc := signedBadge(t, k, "https://example.edu/a/1", func(b *openbadges.CredentialBuilder) { b.ValidUntil(until) })
	v := newVerifier(t)

	r, err := v.Verify(context.Background(), doc, vc.Expectations{At: until.Add(2 * time.Minute)})
	testkit.RequireVerified(t, r, err) // within the default 5 minutes of skew

	r, err = v.Verify(context.Background(), doc, vc.Expectations{At: until.Add(time.Hour)})
	e := requireFailed(t, r, err, vc.CodeExpired)
	assert.Equal(t, "/validUntil", e.Path)
	assert.Equal(t, []string{vc.CodeExpired}, codes(r.Errors))

	// The verifier's clock when Expectations.At is zero.
	late := newVerifier(t, func(o *vc.VerifierOptions) { o.Now = func() time.Time { return until.Add(time.Hour) } })
	r, err = late.Verify(context.Background(), doc, vc.Expectations{})
	requireFailed(t, r, err, vc.CodeExpired)

	// No skew at all.
	strict := newVerifier(t, func(o *vc.VerifierOptions) { o.ClockSkew = -1 })
	r, err = strict.Verify(context.Background(), doc, vc.Expectations{At: until.Add(2 * time.Minute)})
	requireFailed(t, r, err, vc.CodeExpired)

	// Not yet valid: validFrom a day after the proof was made.
	future := signedBadge(t, k, "https://example.edu/a/2", func(b *openbadges.CredentialBuilder) { b.ValidFrom(testkit.Now.Add(24 * time.Hour)) })
	r, err = v.Verify(context.Background(), future, vc.Expectations{})
	e = requireFailed(t, r, err, vc.CodeNotYetValid)
	assert.Equal(t, "/validFrom", e.Path)
	assert.Equal(t, []string{vc.CodeNotYetValid}, codes(r.Errors))

	soon := signedBadge(t, k, "https://example.edu/a/3", func(b *openbadges.CredentialBuilder) { b.ValidFrom(testkit.Now.Add(3 * time.Minute)) })
	r, err = v.Verify(context.Background(), soon, vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	r, err = strict.Verify(context.Background(), soon, vc.Expectations{})
	requireFailed(t, r, err, vc.CodeNotYetValid)
}

func TestVerifyRecipientBySubjectID(t *testing.T) {
	k := testkit.NewKey(t, 1)
	doc := signedBadge(t, k, "https://example.edu/a/1")
	v := newVerifier(t)
	r, err := v.Verify(context.Background(), doc, vc.Expectations{Recipient: "did:example:learner"})
	testkit.RequireVerified(t, r, err)
	assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckRecipient))

	r, err = v.Verify(context.Background(), doc, vc.Expectations{Recipient: "did:example:someone-else"})
	e := requireFailed(t, r, err, vc.CodeRecipient)
	assert.Equal(t, "/credentialSubject", e.Path)

	// A credential no extension knows gets the generic subject id check.
	generic := k.SignJSON(t, map[string]any{
		"@context": []string{vc.ContextV2}, "type": []string{"VerifiableCredential"}, "issuer": k.DID,
		"credentialSubject": map[string]any{"id": "did:example:learner"},
	})
	r, err = v.Verify(context.Background(), generic, vc.Expectations{Recipient: "did:example:learner"})
	testkit.RequireVerified(t, r, err)
	assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckRecipient))
	r, err = v.Verify(context.Background(), generic, vc.Expectations{Recipient: "did:example:other"})
	requireFailed(t, r, err, vc.CodeRecipient)
}

func TestVerifyTrustedIssuers(t *testing.T) {
	k := testkit.NewKey(t, 1)
	doc := signedBadge(t, k, "https://example.edu/a/1")
	r, err := newVerifier(t, func(o *vc.VerifierOptions) { o.TrustedIssuers = []string{"did:example:other", k.DID} }).
		Verify(context.Background(), doc, vc.Expectations{})
	testkit.RequireVerified(t, r, err)

	r, err = newVerifier(t, func(o *vc.VerifierOptions) { o.TrustedIssuers = []string{"did:example:other"} }).
		Verify(context.Background(), doc, vc.Expectations{})
	e := requireFailed(t, r, err, vc.CodeUntrustedIssuer)
	assert.Equal(t, "/issuer", e.Path)
	assert.Equal(t, vc.StatusFailed, r.CheckStatus(vc.CheckProof))
}

func TestVerifyExplain(t *testing.T) {
	doc := readTestdata(t, "ob3-basic.signed.json")
	v := newVerifier(t)
	r, err := v.Verify(context.Background(), doc, vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	assert.Nil(t, r.Explain, "nothing explained unless asked")

	r, err = v.Verify(context.Background(), doc, vc.Expectations{Explain: true})
	testkit.RequireVerified(t, r, err)
	require.Len(t, r.Explain, 1)
	x := r.Explain[0]
	assert.Equal(t, "/proof", x.Proof)
	assert.Contains(t, x.CanonicalDocument, "<https://www.w3.org/2018/credentials#issuer> <"+interopIssuer+">")
	assert.Contains(t, x.CanonicalProofConfig, "eddsa-rdfc-2022")
	assert.Len(t, x.DocumentHashHex, 64)
	assert.Len(t, x.ProofConfigHashHex, 64)
	assert.Equal(t, x.ProofConfigHashHex+x.DocumentHashHex, x.HashDataHex)

	// A failing proof is explained too: that is when it is needed.
	tampered := mutate(t, doc, func(m map[string]any) { m["name"] = "x" })
	r, err = v.Verify(context.Background(), tampered, vc.Expectations{Explain: true})
	requireFailed(t, r, err, vc.CodeProof)
	require.Len(t, r.Explain, 1)
	assert.NotEmpty(t, r.Explain[0].CanonicalDocument)

	// Nested credentials explain their own proofs.
	r, err = v.Verify(context.Background(), readTestdata(t, "clr-3creds.signed.json"), vc.Expectations{Explain: true})
	testkit.RequireVerified(t, r, err)
	require.Len(t, r.Explain, 1)
	for _, n := range r.Nested {
		assert.Len(t, n.Explain, 1)
	}
}

func TestReportJSONShape(t *testing.T) {
	v := newVerifier(t)
	k := testkit.NewKey(t, 1)
	doc := signedCLR(t, k, signedBadge(t, k, "https://example.edu/a/1"),
		mutate(t, signedBadge(t, k, "https://example.edu/a/2"), func(m map[string]any) { m["name"] = "tampered" }),
		signedBadge(t, k, "https://example.edu/a/3"))
	r, err := v.Verify(context.Background(), doc, vc.Expectations{})
	require.Error(t, err)
	out, err := json.Marshal(r)
	require.NoError(t, err)

	var m map[string]any
	require.NoError(t, json.Unmarshal(out, &m))
	for _, k := range []string{"verified", "profile", "kind", "id", "issuer", "checks", "errors", "warnings", "nested"} {
		assert.Contains(t, m, k)
	}
	assert.Equal(t, "spec", m["profile"])
	assert.Equal(t, false, m["verified"])
	assert.Equal(t, "ClrCredential", m["kind"])
	assert.Equal(t, k.DID, m["issuer"])
	for _, c := range m["checks"].([]any) {
		c := c.(map[string]any)
		assert.Contains(t, c, "check")
		assert.Contains(t, []any{"passed", "failed", "skipped", "warning"}, c["status"])
		assert.Contains(t, []any{"authenticity", "validity", "conformance"}, c["class"])
		for k := range c {
			assert.Contains(t, []string{"check", "class", "status", "detail"}, k)
		}
	}
	errs := m["errors"].([]any)
	require.NotEmpty(t, errs)
	for _, e := range errs {
		e := e.(map[string]any)
		assert.NotEmpty(t, e["code"])
		assert.NotEmpty(t, e["message"])
		assert.Contains(t, []any{"authenticity", "validity", "conformance"}, e["class"])
		for k := range e {
			assert.Contains(t, []string{"code", "class", "message", "path"}, k)
		}
	}
	assert.Equal(t, "/credentialSubject/verifiableCredential/1", errs[0].(map[string]any)["path"])
	assert.Equal(t, []any{}, m["warnings"], "empty lists are [] not null")
	nested := m["nested"].([]any)
	require.Len(t, nested, 3)
	n1 := nested[1].(map[string]any)
	assert.Equal(t, false, n1["verified"])
	assert.Equal(t, []any{}, n1["nested"])
	e := n1["errors"].([]any)[0].(map[string]any)
	assert.Equal(t, vc.CodeProof, e["code"])
	assert.Equal(t, "/credentialSubject/verifiableCredential/1/proof", e["path"])

	// It decodes back to the same report.
	var back vc.Report
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, *r, back)
}

func TestVerifyMalformed(t *testing.T) {
	v := newVerifier(t)
	for _, in := range []string{"", "   ", "null", "[]", "[{}]", "42", `"a string"`, "{", `{"a":`, "not json",
		"\xff\xfe\x00", `{"a":1}x`} {
		r, err := v.Verify(context.Background(), []byte(in), vc.Expectations{})
		require.NotNil(t, r, "%q", in)
		assert.ErrorIs(t, err, vc.ErrMalformed, "%q: %v", in, err)
		assert.False(t, r.Verified, "%q", in)
		assert.True(t, r.HasError(vc.CodeMalformed), "%q: %v", in, r.Errors)
	}
	// An object that is not a credential reads but does not verify.
	r, err := v.Verify(context.Background(), []byte(`{}`), vc.Expectations{})
	assert.ErrorIs(t, err, vc.ErrNotVerified)
	assert.False(t, r.Verified)
	// Duplicate members are refused where they are.
	r, err = v.Verify(context.Background(), []byte(`{"a":1,"a":2}`), vc.Expectations{})
	e := requireFailed(t, r, err, vc.CodeInvalidValue)
	assert.Equal(t, "/a", e.Path)
}

func TestVerifyMaxDocumentBytes(t *testing.T) {
	doc := readTestdata(t, "ob3-basic.signed.json")
	v := newVerifier(t, func(o *vc.VerifierOptions) { o.Limits.MaxDocumentBytes = len(doc) - 1 })
	r, err := v.Verify(context.Background(), doc, vc.Expectations{})
	assert.ErrorIs(t, err, vc.ErrMalformed)
	assert.True(t, r.HasError(vc.CodeMalformed))

	v = newVerifier(t, func(o *vc.VerifierOptions) { o.Limits.MaxDocumentBytes = len(doc) })
	r, err = v.Verify(context.Background(), doc, vc.Expectations{})
	testkit.RequireVerified(t, r, err)
}

func TestVerifyCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, err := newVerifier(t).Verify(ctx, readTestdata(t, "ob3-basic.signed.json"), vc.Expectations{})
	requireFailed(t, r, err, vc.CodeLimit)
}

func TestNewVerifierOptions(t *testing.T) {
	// The zero options are an offline verifier (TestVerifierDefaults).
	_, err := vc.NewVerifier(vc.VerifierOptions{})
	assert.NoError(t, err)
	_, err = vc.NewVerifier(vc.VerifierOptions{Retriever: testkit.Retriever(t), Refresh: true})
	assert.ErrorIs(t, err, vc.ErrVerifierOptions)
	_, err = vc.NewVerifier(vc.VerifierOptions{Retriever: testkit.Retriever(t), Extensions: []vc.Extension{nil}})
	assert.ErrorIs(t, err, vc.ErrVerifierOptions)

	v, err := vc.NewVerifier(vc.VerifierOptions{Retriever: testkit.Retriever(t), Limits: vc.Limits{Concurrency: 3}})
	require.NoError(t, err)
	assert.Equal(t, 3, v.Concurrency())
	l := v.Limits()
	assert.Equal(t, 8<<20, l.MaxDocumentBytes)
	assert.Equal(t, 4, l.MaxDepth)
	assert.Equal(t, 1000, l.MaxNested)
}

// A bare vc.Verifier (no extensions) runs the generic steps only.
func TestVerifyWithoutExtensions(t *testing.T) {
	v, err := vc.NewVerifier(vc.VerifierOptions{Retriever: testkit.Retriever(t), Now: testkit.Clock})
	require.NoError(t, err)
	r, err := v.Verify(context.Background(), readTestdata(t, "ob3-basic.signed.json"), vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	assert.Nil(t, nil, r.CheckStatus(vc.CheckEndorsements))
	assert.Equal(t, vc.Status(""), r.CheckStatus(vc.CheckEndorsements), "no OB checks without the OB extension")
	// The CLR's nested credentials are then not looked into.
	r, err = v.Verify(context.Background(), readTestdata(t, "clr-3creds.signed.json"), vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	assert.Empty(t, r.Nested)
}

func TestVerifyDIDWebIssuer(t *testing.T) {
	srv := testkit.NewWebServer(t)
	k := testkit.NewKey(t, 9)
	id, vm := srv.ServeDIDWeb(t, "issuer.example.com", k)
	doc := k.Sign(t, mutate(t, badgeJSON(t, k, "https://example.edu/a/1"), func(m map[string]any) {
		obj(m, "issuer")["id"] = id
	}), proof.SignOptions{VerificationMethod: vm})
	v := newVerifier(t, func(o *vc.VerifierOptions) { o.Retriever = srv.WebRetriever(t) })
	r, err := v.Verify(context.Background(), doc, vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	assert.Equal(t, id, r.Issuer)
	assert.Contains(t, r.Checks, vc.Check{Check: vc.CheckProof, Class: vc.ClassAuthenticity, Status: vc.StatusPassed, Detail: "eddsa-rdfc-2022 by " + vm})

	// Without the web resolver the method cannot be resolved.
	r, err = newVerifier(t).Verify(context.Background(), doc, vc.Expectations{})
	requireFailed(t, r, err, vc.CodeVerificationMethod)

	// A key the DID document does not list.
	other := testkit.NewKey(t, 10)
	forged := other.Sign(t, mutate(t, badgeJSON(t, k, "https://example.edu/a/2"), func(m map[string]any) {
		obj(m, "issuer")["id"] = id
	}), proof.SignOptions{VerificationMethod: vm})
	r, err = v.Verify(context.Background(), forged, vc.Expectations{})
	requireFailed(t, r, err, vc.CodeProof)
}

func TestVerifyHTTPSKeyDocument(t *testing.T) {
	srv := testkit.NewWebServer(t)
	k := testkit.NewKey(t, 11)
	id, vm := srv.ServeController(t, "issuer.example.com", "/issuers/1", k)
	doc := k.Sign(t, mutate(t, badgeJSON(t, k, "https://example.edu/a/1"), func(m map[string]any) {
		obj(m, "issuer")["id"] = id
	}), proof.SignOptions{VerificationMethod: vm})
	v := newVerifier(t, func(o *vc.VerifierOptions) { o.Retriever = srv.WebRetriever(t) })
	r, err := v.Verify(context.Background(), doc, vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	assert.Equal(t, id, r.Issuer)
	assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckProof))
	assert.Empty(t, r.Warnings)

	// The key document says the key is the issuer's; another issuer
	// naming it is not bound.
	other := k.Sign(t, mutate(t, badgeJSON(t, k, "https://example.edu/a/2"), func(m map[string]any) {
		obj(m, "issuer")["id"] = "https://other.example.com/issuers/1"
	}), proof.SignOptions{VerificationMethod: vm})
	r, err = v.Verify(context.Background(), other, vc.Expectations{})
	requireFailed(t, r, err, vc.CodeIssuerBinding)
}

// One Verifier shared by 16 goroutines gives the reports it gives one
// call at a time.
func TestVerifyConcurrentUse(t *testing.T) {
	k := testkit.NewKey(t, 1)
	v := newVerifier(t, func(o *vc.VerifierOptions) { o.Limits.Concurrency = 3 })
	valid := signedBadge(t, k, "https://example.edu/a/1")
	docs := [][]byte{
		valid,
		mutate(t, valid, func(m map[string]any) { m["name"] = "tampered" }),
		readTestdata(t, "clr-3creds.signed.json"),
		signedCLR(t, k, valid, mutate(t, signedBadge(t, k, "https://example.edu/a/2"), func(m map[string]any) { m["name"] = "x" })),
		readTestdata(t, "ob3-basic.signed.json"),
		[]byte("garbage"),
	}
	want := make([][]byte, len(docs))
	for i, d := range docs {
		r, _ := v.Verify(context.Background(), d, vc.Expectations{})
		want[i], _ = json.Marshal(r)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range 6 {
				i := (g + n) % len(docs)
				r, _ := v.Verify(context.Background(), docs[i], vc.Expectations{})
				got, _ := json.Marshal(r)
				if string(got) != string(want[i]) {
					errs <- fmt.Errorf("goroutine %d, document %d: %s\nwant %s", g, i, got, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// The errors Verify returns wrap exactly one of its sentinels.
func TestVerifyErrorsWrapSentinels(t *testing.T) {
	v := newVerifier(t)
	r, err := v.Verify(context.Background(), readTestdata(t, "ob3-basic.signed.json"), vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	_, err = v.Verify(context.Background(), []byte("[]"), vc.Expectations{})
	assert.True(t, errors.Is(err, vc.ErrMalformed) && !errors.Is(err, vc.ErrNotVerified))
	_, err = v.Verify(context.Background(), []byte(`{"type":"VerifiableCredential"}`), vc.Expectations{})
	assert.True(t, errors.Is(err, vc.ErrNotVerified) && !errors.Is(err, vc.ErrMalformed))
	// The verdict is said once: "vc: not verified: <kind>: <code>: ...".
	assert.True(t, strings.HasPrefix(err.Error(), "vc: not verified: ") && strings.Count(err.Error(), "not verified") == 1, err.Error())
}

// FuzzVerify checks that Verify never panics, always returns a report
// whose verdict agrees with its errors, and reports malformed input as
// ErrMalformed with a MALFORMED_DOCUMENT error.
func FuzzVerify(f *testing.F) {
	for _, name := range []string{"ob3-basic.signed.json", "clr-3creds.signed.json", "ob3-basic.eddsa.jwt", "ob3-basic.v1.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{"", "{}", "[]", `{"type":"VerifiablePresentation","verifiableCredential":[{},"a.b.c",1]}`, "a.b.c", "a.b.c~d~"} {
		f.Add([]byte(s))
	}
	v := newVerifier(f, func(o *vc.VerifierOptions) {
		o.AllowUnsignedPresentations = true
		o.Limits.MaxDocumentBytes = 1 << 20
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := v.Verify(context.Background(), data, vc.Expectations{Recipient: "did:example:learner", Challenge: "c"})
		if r == nil {
			t.Fatal("nil report")
		}
		if r.Verified != (err == nil) || r.Verified == r.Failed() {
			t.Fatalf("verified %v, err %v, errors %v", r.Verified, err, r.Errors)
		}
		if errors.Is(err, vc.ErrMalformed) != r.HasError(vc.CodeMalformed) {
			t.Fatalf("err %v, errors %v", err, r.Errors)
		}
		for _, c := range r.Checks {
			if c.Status == vc.StatusFailed && !r.Failed() {
				t.Fatalf("check %s failed without an error", c.Check)
			}
		}
		if _, err := json.Marshal(r); err != nil {
			t.Fatal(err)
		}
	})
}
