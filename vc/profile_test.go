package vc_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/internal/testkit"
	"github.com/clrkit/clrkit/vc"
)

// unconformingBadge is a badge by k signed after f changed it: its proof
// verifies, whatever f broke of the OB data model.
func unconformingBadge(t testing.TB, k testkit.Key, f func(m map[string]any)) []byte {
	t.Helper()
	return k.Sign(t, mutate(t, badgeJSON(t, k, "urn:example:a"), f))
}

func verifyAs(t testing.TB, v *vc.Verifier, p vc.Profile, doc []byte) *vc.Report {
	t.Helper()
	r, err := v.Verify(context.Background(), doc, vc.Expectations{Profile: p})
	require.NotNil(t, r)
	assert.Equal(t, r.Verified, err == nil, "the error agrees with the verdict")
	assert.Equal(t, p, r.Profile)
	return r
}

// TestProfileConformance: a signed badge that breaks the OB data model
// fails in spec, verifies with the problem as a warning (its code, class
// and pointer kept) in authenticity; the 1edtech profile fails it unless
// the 1EdTech validator does not check the rule.
func TestProfileConformance(t *testing.T) {
	k := testkit.NewKey(t, 1)
	v := newVerifier(t)
	cases := []struct {
		name, code, path string
		oneEdTech        bool
		change           func(m map[string]any)
	}{
		{"subject without id or identifier", vc.CodeNoSubjectID, "/credentialSubject", true, func(m map[string]any) {
			delete(m["credentialSubject"].(map[string]any), "id")
		}},
		{"achievementType outside the enumeration", vc.CodeSchema, "/credentialSubject/achievement/achievementType", false, func(m map[string]any) {
			m["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["achievementType"] = "Trophy"
		}},
		{"issuer image as a plain URL", vc.CodeSchema, "/issuer/image", false, func(m map[string]any) {
			m["issuer"].(map[string]any)["image"] = "https://example.edu/logo.png"
		}},
		{"achievement without id", vc.CodeSchema, "/credentialSubject/achievement/id", false, func(m map[string]any) {
			delete(m["credentialSubject"].(map[string]any)["achievement"].(map[string]any), "id")
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := unconformingBadge(t, k, c.change)

			r := verifyAs(t, v, vc.ProfileSpec, doc)
			require.False(t, r.Verified, r.Summary())
			e := testkit.Issue(t, r.Errors, c.code)
			assert.Equal(t, vc.ClassConformance, e.Class)
			assert.Equal(t, c.path, e.Path)
			assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckProof))

			r = verifyAs(t, v, vc.ProfileAuthenticity, doc)
			require.True(t, r.Verified, r.Summary())
			assert.Empty(t, r.Errors)
			w := testkit.Issue(t, r.Warnings, c.code)
			assert.Equal(t, e, w, "the error is kept whole as a warning")
			for _, ch := range r.Checks {
				assert.NotEqual(t, vc.StatusFailed, ch.Status, ch.Check)
			}

			r = verifyAs(t, v, vc.Profile1EdTech, doc)
			assert.Equal(t, c.oneEdTech, r.Verified, r.Summary())
			if c.oneEdTech {
				testkit.Issue(t, r.Warnings, c.code)
			} else {
				testkit.Issue(t, r.Errors, c.code)
			}
		})
	}
}

// TestProfileAuthenticityStillFails: authenticity and validity errors
// fail in every profile, and a document that could not be read far enough
// for its proof to be checked keeps its conformance errors.
func TestProfileAuthenticityStillFails(t *testing.T) {
	k := testkit.NewKey(t, 1)
	v := newVerifier(t)
	good := signedBadge(t, k, "urn:example:a")
	tampered := mutate(t, good, func(m map[string]any) { m["name"] = "Another badge" })
	expired := k.Sign(t, mutate(t, badgeJSON(t, k, "urn:example:a"), func(m map[string]any) {
		m["validUntil"] = testkit.Now.Add(-time.Hour).Format(time.RFC3339)
	}))
	otherIssuer := testkit.NewKey(t, 2).Sign(t, badgeJSON(t, k, "urn:example:a"))
	duplicate := append([]byte(`{"name":"x",`), good[1:]...)
	for _, p := range vc.Profiles {
		for _, c := range []struct {
			name  string
			doc   []byte
			code  string
			class vc.Class
		}{
			{"tampered", tampered, vc.CodeProof, vc.ClassAuthenticity},
			{"expired", expired, vc.CodeExpired, vc.ClassValidity},
			{"signed by another key", otherIssuer, vc.CodeIssuerBinding, vc.ClassAuthenticity},
			{"duplicate member", duplicate, vc.CodeInvalidValue, vc.ClassConformance},
		} {
			r := verifyAs(t, v, p, c.doc)
			require.False(t, r.Verified, "%s, %s: %s", p, c.name, r.Summary())
			e := testkit.Issue(t, r.Errors, c.code)
			assert.Equal(t, c.class, e.Class, "%s, %s", p, c.name)
		}
		r := verifyAs(t, v, p, good)
		testkit.RequireVerified(t, r, nil)
	}
}

// TestProfileNested: a CLR holding a credential with a conformance
// problem fails in spec through its nested report, and verifies in
// authenticity, where the nested report verifies with the warning; the
// profile reaches every nested report.
func TestProfileNested(t *testing.T) {
	k := testkit.NewKey(t, 1)
	v := newVerifier(t)
	inner := unconformingBadge(t, k, func(m map[string]any) {
		m["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["achievementType"] = "Trophy"
	})
	doc := signedCLR(t, k, signedBadge(t, k, "urn:example:b"), inner)

	r := verifyAs(t, v, vc.ProfileSpec, doc)
	require.False(t, r.Verified)
	testkit.Issue(t, r.Errors, vc.CodeNested)
	require.Len(t, r.Nested, 2)
	assert.False(t, r.Nested[1].Verified)
	assert.Equal(t, vc.ProfileSpec, r.Nested[1].Profile)

	r = verifyAs(t, v, vc.ProfileAuthenticity, doc)
	require.True(t, r.Verified, r.Summary())
	assert.Equal(t, vc.ProfileAuthenticity, r.Nested[1].Profile)
	assert.True(t, r.Nested[1].Verified)
	assert.True(t, r.Nested[1].HasWarning(vc.CodeSchema))

	// VerifierOptions.Profile is the default that Expectations overrides.
	va := newVerifier(t, func(o *vc.VerifierOptions) { o.Profile = vc.ProfileAuthenticity })
	r, err := va.Verify(context.Background(), doc, vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	r, _ = va.Verify(context.Background(), doc, vc.Expectations{Profile: vc.ProfileSpec})
	assert.False(t, r.Verified)
}

// TestProfileOptions: unknown profiles are refused where they are given.
func TestProfileOptions(t *testing.T) {
	for _, s := range []string{"", "spec", "authenticity", "1edtech"} {
		p, err := vc.ParseProfile(s)
		require.NoError(t, err)
		assert.Contains(t, vc.Profiles, p)
	}
	_, err := vc.ParseProfile("lenient")
	assert.ErrorContains(t, err, `unknown profile "lenient"`)

	_, err = vc.NewVerifier(vc.VerifierOptions{Retriever: testkit.Retriever(t), Profile: "lenient"})
	assert.ErrorIs(t, err, vc.ErrVerifierOptions)

	v := newVerifier(t)
	r, err := v.Verify(context.Background(), signedBadge(t, testkit.NewKey(t, 1), "urn:example:a"), vc.Expectations{Profile: "lenient"})
	assert.ErrorIs(t, err, vc.ErrVerifierOptions)
	require.NotNil(t, r)
	assert.False(t, r.Verified)
	testkit.Issue(t, r.Errors, vc.CodeOptions)

	// VerifyNested, which extensions call, refuses it the same way.
	r = vc.NewChecker(v, &vc.Report{}).VerifyNested(context.Background(), signedBadge(t, testkit.NewKey(t, 1), "urn:example:a"), "/x", vc.Expectations{Profile: "lenient"})
	assert.False(t, r.Verified)
	testkit.Issue(t, r.Errors, vc.CodeOptions)
}

// TestClasses: every check and code has its class, and the report carries
// them.
func TestClasses(t *testing.T) {
	for check, class := range map[string]vc.Class{
		vc.CheckStructure: vc.ClassConformance, vc.CheckSchema: vc.ClassConformance, vc.CheckEndorsements: vc.ClassConformance,
		vc.CheckProof: vc.ClassAuthenticity, vc.CheckPresentation: vc.ClassAuthenticity, vc.CheckNested: vc.ClassAuthenticity,
		vc.CheckRefresh: vc.ClassValidity, vc.CheckStatus: vc.ClassValidity, vc.CheckDates: vc.ClassValidity, vc.CheckRecipient: vc.ClassValidity,
	} {
		assert.Equal(t, class, vc.ClassOfCheck(check), check)
	}
	for code, class := range map[string]vc.Class{
		vc.CodeSchema: vc.ClassConformance, vc.CodeNoSubjectID: vc.ClassConformance, vc.CodeJWTHeader: vc.ClassConformance,
		vc.CodeJWTClaimMissing: vc.ClassConformance, vc.CodeUnknownProofType: vc.ClassConformance,
		vc.CodeProof: vc.ClassAuthenticity, vc.CodeIssuerBinding: vc.ClassAuthenticity, vc.CodeNested: vc.ClassAuthenticity,
		vc.CodeUnverifiedKey: vc.ClassAuthenticity, vc.CodeMalformed: vc.ClassAuthenticity,
		vc.CodeRevoked: vc.ClassValidity, vc.CodeStatusUnavailable: vc.ClassValidity, vc.CodeExpired: vc.ClassValidity,
	} {
		assert.Equal(t, class, vc.ClassOfCode(code), code)
	}

	r, err := newVerifier(t).Verify(context.Background(), signedBadge(t, testkit.NewKey(t, 1), "urn:example:a"), vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	out, err := json.Marshal(r)
	require.NoError(t, err)
	var m struct {
		Profile string
		Checks  []struct{ Check, Class string }
	}
	require.NoError(t, json.Unmarshal(out, &m))
	assert.Equal(t, "spec", m.Profile)
	for _, c := range m.Checks {
		assert.Equal(t, string(vc.ClassOfCheck(c.Check)), c.Class, c.Check)
	}
}

// TestProfileDialect: the authenticity profile accepts what the jsonld.js
// stack signed where it deviates from the specs, with DIALECT_ACCEPTED;
// spec does not.
func TestProfileDialect(t *testing.T) {
	doc := readTestdata(t, "dialect-small-number.js-signed.json")
	v := newVerifier(t, func(o *vc.VerifierOptions) {
		o.Now = func() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }
	})
	r := verifyAs(t, v, vc.ProfileSpec, doc)
	require.False(t, r.Verified)
	testkit.Issue(t, r.Errors, vc.CodeDialectMismatch)
	r = verifyAs(t, v, vc.ProfileAuthenticity, doc)
	require.True(t, r.Verified, r.Summary())
	testkit.Issue(t, r.Warnings, vc.CodeDialectAccepted)
}

// TestProfileIssuerBinding: OB 3.0 and CLR 2.0 bind a proof to the issuer;
// VC Data Integrity does not, so under spec a plain credential signed by a
// key its issuer does not control verifies with UNVERIFIED_ISSUER_KEY,
// while authenticity (as the JavaScript verifiers) and 1edtech refuse it.
func TestProfileIssuerBinding(t *testing.T) {
	signer := testkit.NewKey(t, 2)
	plain := []byte(`{"@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
  "type": ["VerifiableCredential", "AlumniCredential"], "issuer": "https://vc.example/issuers/5678",
  "validFrom": "2023-01-01T00:00:00Z", "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"}}`)
	doc := signer.Sign(t, plain)
	v := newVerifier(t)
	r := verifyAs(t, v, vc.ProfileSpec, doc)
	require.True(t, r.Verified, r.Summary())
	assert.Equal(t, vc.StatusWarning, r.CheckStatus(vc.CheckProof))
	assert.Contains(t, testkit.Issue(t, r.Warnings, vc.CodeUnverifiedKey).Message, "not the issuer")
	for _, p := range []vc.Profile{vc.ProfileAuthenticity, vc.Profile1EdTech} {
		r := verifyAs(t, v, p, doc)
		require.False(t, r.Verified, "%s", p)
		testkit.Issue(t, r.Errors, vc.CodeIssuerBinding)
	}
	// A badge by the same key for another issuer fails in every profile
	// (TestProfileAuthenticityStillFails), as does a CLR.
	clrDoc := signer.Sign(t, mutate(t, signedCLR(t, testkit.NewKey(t, 1), signedBadge(t, testkit.NewKey(t, 1), "urn:example:a")),
		func(m map[string]any) { delete(m, "proof") }))
	r = verifyAs(t, v, vc.ProfileSpec, clrDoc)
	require.False(t, r.Verified)
	testkit.Issue(t, r.Errors, vc.CodeIssuerBinding)
}
