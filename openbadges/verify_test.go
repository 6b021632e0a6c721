package openbadges_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/clr"
	"github.com/clrkit/clrkit/internal/testkit"
	"github.com/clrkit/clrkit/openbadges"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/vc"
)

func obVerifier(t testing.TB) *vc.Verifier {
	t.Helper()
	v, err := openbadges.NewVerifier(vc.VerifierOptions{Retriever: testkit.Retriever(t), Now: testkit.Clock})
	require.NoError(t, err)
	return v
}

func obProfile(k testkit.Key, name string) *openbadges.Profile {
	return &openbadges.Profile{ID: k.DID, Type: vc.Types{openbadges.TypeProfile}, Name: vc.Text(name)}
}

// obBadge builds and signs an OpenBadgeCredential by k, the builder
// changed by mods (the recipient is did:example:learner unless they say
// otherwise).
func obBadge(t testing.TB, k testkit.Key, mods ...func(*openbadges.CredentialBuilder)) []byte {
	t.Helper()
	return obBadgeSigned(t, k, proof.SignOptions{}, mods...)
}

// obBadgeJCS is obBadge with an eddsa-jcs-2022 proof: the OB 3.0 context
// does not define endorsementJwt, so a credential that has one cannot be
// canonicalized in safe mode for eddsa-rdfc-2022.
func obBadgeJCS(t testing.TB, k testkit.Key, mods ...func(*openbadges.CredentialBuilder)) []byte {
	t.Helper()
	return obBadgeSigned(t, k, proof.SignOptions{Suite: proof.EdDSAJCS2022{}}, mods...)
}

func obBadgeSigned(t testing.TB, k testkit.Key, opts proof.SignOptions, mods ...func(*openbadges.CredentialBuilder)) []byte {
	t.Helper()
	a, err := openbadges.NewAchievement("https://example.edu/achievements/1").Name("Teamwork").
		Description("Works well with others").Criteria("Finish the project").Build()
	require.NoError(t, err)
	b := openbadges.NewCredential(obProfile(k, "Example University")).Name("Teamwork badge").
		Achievement(a).Clock(testkit.Clock).Random(testkit.Random())
	for _, m := range mods {
		m(b)
	}
	c, err := b.Build()
	require.NoError(t, err)
	return k.SignJSON(t, c, opts)
}

// endorsement returns a signed EndorsementCredential by k about subjectID.
func endorsement(t testing.TB, k testkit.Key, subjectID string) []byte {
	t.Helper()
	e, err := openbadges.NewEndorsement(obProfile(k, "Example Accreditor"), subjectID).Name("Endorsement").
		Comment("Well run").Clock(testkit.Clock).Random(testkit.Random()).Build()
	require.NoError(t, err)
	return k.SignJSON(t, e)
}

func parseEndorsement(t testing.TB, data []byte) *openbadges.EndorsementCredential {
	t.Helper()
	e, err := openbadges.ParseEndorsement(data)
	require.NoError(t, err)
	return e
}

func tamper(t testing.TB, doc []byte, member string, value any) []byte {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(doc, &m))
	m[member] = value
	out, err := json.Marshal(m)
	require.NoError(t, err)
	return out
}

func TestVerifyRecipient(t *testing.T) {
	k := testkit.NewKey(t, 1)
	v := obVerifier(t)
	byID := obBadge(t, k, func(b *openbadges.CredentialBuilder) { b.Recipient("did:example:learner") })
	hashed := obBadge(t, k, func(b *openbadges.CredentialBuilder) {
		b.RecipientIdentity(openbadges.NewHashedIdentity(openbadges.IdentifierType("emailAddress"), "sam@example.edu", "pepper-1"))
	})
	plain := obBadge(t, k, func(b *openbadges.CredentialBuilder) {
		b.RecipientIdentity(openbadges.NewPlainIdentity(openbadges.IdentifierType("sisSourcedId"), "S-1234"))
	})
	for _, tc := range []struct {
		name      string
		doc       []byte
		exp       vc.Expectations
		ok        bool
		detail    string
		otherCode string
	}{
		{"subject id", byID, vc.Expectations{Recipient: "did:example:learner"}, true, "subject id did:example:learner", ""},
		{"subject id, type id", byID, vc.Expectations{Recipient: "did:example:learner", RecipientType: "id"}, true, "subject id did:example:learner", ""},
		{"subject id, other type", byID, vc.Expectations{Recipient: "did:example:learner", RecipientType: "emailAddress"}, false, "", ""},
		{"wrong subject id", byID, vc.Expectations{Recipient: "did:example:other"}, false, "", ""},
		{"hashed email", hashed, vc.Expectations{Recipient: "sam@example.edu"}, true, "hashed emailAddress identifier", ""},
		{"hashed email, typed", hashed, vc.Expectations{Recipient: "sam@example.edu", RecipientType: "emailAddress"}, true, "hashed emailAddress identifier", ""},
		{"hashed email, other type", hashed, vc.Expectations{Recipient: "sam@example.edu", RecipientType: "sisSourcedId"}, false, "", ""},
		{"wrong email", hashed, vc.Expectations{Recipient: "kim@example.edu"}, false, "", ""},
		{"plain", plain, vc.Expectations{Recipient: "S-1234"}, true, "plain sisSourcedId identifier", ""},
		{"plain, wrong", plain, vc.Expectations{Recipient: "S-1235"}, false, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := v.Verify(context.Background(), tc.doc, tc.exp)
			if tc.ok {
				testkit.RequireVerified(t, r, err)
				assert.Contains(t, r.Checks, vc.Check{Check: vc.CheckRecipient, Class: vc.ClassValidity, Status: vc.StatusPassed, Detail: tc.detail})
				return
			}
			require.ErrorIs(t, err, vc.ErrNotVerified)
			e := testkit.Issue(t, r.Errors, vc.CodeRecipient)
			assert.Equal(t, "/credentialSubject", e.Path)
			assert.Len(t, r.Errors, 1, "%v", r.Errors)
			assert.Equal(t, vc.StatusFailed, r.CheckStatus(vc.CheckRecipient))
		})
	}
}

func TestVerifyRecipientMalformedHash(t *testing.T) {
	k := testkit.NewKey(t, 1)
	c := obBadgeUnsigned(t, k)
	c.CredentialSubject.ID = ""
	c.CredentialSubject.Identifier = vc.OneOrMany[openbadges.IdentityObject]{
		openbadges.NewHashedIdentity(openbadges.IdentifierType("emailAddress"), "sam@example.edu", "s")}
	c.CredentialSubject.Identifier[0].IdentityHash = "sha512$00"
	doc := k.SignJSON(t, c)
	r, err := obVerifier(t).Verify(context.Background(), doc, vc.Expectations{Recipient: "sam@example.edu"})
	require.ErrorIs(t, err, vc.ErrNotVerified)
	testkit.Issue(t, r.Errors, vc.CodeRecipient)
	w := testkit.Issue(t, r.Warnings, vc.CodeInvalidValue)
	assert.Equal(t, "/credentialSubject/identifier/0", w.Path)
}

func TestVerifySubjectIdentifierOnly(t *testing.T) {
	k := testkit.NewKey(t, 1)
	doc := obBadge(t, k, func(b *openbadges.CredentialBuilder) {
		b.RecipientIdentity(openbadges.NewHashedIdentity(openbadges.IdentifierType("emailAddress"), "sam@example.edu", "s"))
	})
	r, err := obVerifier(t).Verify(context.Background(), doc, vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckStructure))
}

func TestVerifyEndorsements(t *testing.T) {
	issuer, endorser := testkit.NewKey(t, 1), testkit.NewKey(t, 2)
	good := parseEndorsement(t, endorsement(t, endorser, "https://example.edu/achievements/1"))
	bad := parseEndorsement(t, tamper(t, endorsement(t, endorser, "https://example.edu/achievements/1"), "name", "Forged"))
	jwt := endorser.SignJWT(t, endorsementJSON(t, endorser), proof.JWTFormOB3)
	doc := obBadgeJCS(t, issuer, func(b *openbadges.CredentialBuilder) {
		b.Recipient("did:example:learner").Endorsement(good).Endorsement(bad).EndorsementJWT(jwt)
	})
	r, err := obVerifier(t).Verify(context.Background(), doc, vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	require.Len(t, r.Endorsements, 3)
	assert.True(t, r.Endorsements[0].Verified)
	assert.Equal(t, "/endorsement/0", r.Endorsements[0].Path)
	assert.Equal(t, openbadges.TypeEndorsementCredential, r.Endorsements[0].Kind)
	assert.Equal(t, endorser.DID, r.Endorsements[0].Issuer)

	assert.False(t, r.Endorsements[1].Verified)
	assert.Equal(t, "/endorsement/1/proof", testkit.Issue(t, r.Endorsements[1].Errors, vc.CodeProof).Path)
	w := testkit.Issue(t, r.Warnings, vc.CodeEndorsement)
	assert.Equal(t, "/endorsement/1", w.Path)
	assert.Len(t, r.Warnings, 1)

	assert.True(t, r.Endorsements[2].Verified)
	assert.Equal(t, "jwt", r.Endorsements[2].Format)
	assert.Equal(t, "/endorsementJwt/0", r.Endorsements[2].Path)
	assert.Equal(t, vc.StatusWarning, r.CheckStatus(vc.CheckEndorsements))
	assert.Empty(t, r.Errors)
}

func endorsementJSON(t testing.TB, k testkit.Key) []byte {
	t.Helper()
	e, err := openbadges.NewEndorsement(obProfile(k, "Example Accreditor"), "https://example.edu/achievements/1").Name("Endorsement").
		Clock(testkit.Clock).Random(testkit.Random()).Build()
	require.NoError(t, err)
	out, err := json.Marshal(e)
	require.NoError(t, err)
	return out
}

func TestVerifyEndorsementsOnAchievementAndProfile(t *testing.T) {
	issuer, endorser := testkit.NewKey(t, 1), testkit.NewKey(t, 2)
	e := parseEndorsement(t, endorsement(t, endorser, "https://example.edu/achievements/1"))
	a, err := openbadges.NewAchievement("https://example.edu/achievements/1").Name("Teamwork").
		Description("d").Criteria("c").Endorsement(e).Build()
	require.NoError(t, err)
	doc := obBadge(t, issuer, func(b *openbadges.CredentialBuilder) { b.Recipient("did:example:learner").Achievement(a) })
	r, err := obVerifier(t).Verify(context.Background(), doc, vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	require.Len(t, r.Endorsements, 1)
	assert.Equal(t, "/credentialSubject/achievement/endorsement/0", r.Endorsements[0].Path)
	assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckEndorsements))
}

// An endorsement slot holding a credential that is not an endorsement is
// a warning even when that credential verifies.
func TestVerifyEndorsementOfWrongKind(t *testing.T) {
	issuer := testkit.NewKey(t, 1)
	notEndorsement := issuer.SignJWT(t, obJSON(t, obBadgeUnsigned(t, issuer)), proof.JWTFormOB3)
	doc := obBadgeJCS(t, issuer, func(b *openbadges.CredentialBuilder) {
		b.Recipient("did:example:learner").EndorsementJWT(notEndorsement)
	})
	r, err := obVerifier(t).Verify(context.Background(), doc, vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	require.Len(t, r.Endorsements, 1)
	assert.True(t, r.Endorsements[0].Verified)
	w := testkit.Issue(t, r.Warnings, vc.CodeEndorsement)
	assert.Contains(t, w.Message, "OpenBadgeCredential")
}

func obBadgeUnsigned(t testing.TB, k testkit.Key) *openbadges.AchievementCredential {
	t.Helper()
	a, err := openbadges.NewAchievement("https://example.edu/achievements/2").Name("x").Description("d").Criteria("c").Build()
	require.NoError(t, err)
	c, err := openbadges.NewCredential(obProfile(k, "Example University")).Name("x").Recipient("did:example:learner").
		Achievement(a).Clock(testkit.Clock).Random(testkit.Random()).Build()
	require.NoError(t, err)
	return c
}

func obJSON(t testing.TB, v any) []byte {
	t.Helper()
	out, err := json.Marshal(v)
	require.NoError(t, err)
	return out
}

func TestVerifyEndorsementCredential(t *testing.T) {
	endorser := testkit.NewKey(t, 2)
	v := obVerifier(t)
	r, err := v.Verify(context.Background(), endorsement(t, endorser, "https://example.edu/achievements/1"), vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	assert.Equal(t, openbadges.TypeEndorsementCredential, r.Kind)
	assert.Equal(t, vc.StatusSkipped, r.CheckStatus(vc.CheckEndorsements))

	// The recipient of an endorsement is what it endorses.
	r, err = v.Verify(context.Background(), endorsement(t, endorser, "https://example.edu/achievements/1"),
		vc.Expectations{Recipient: "https://example.edu/achievements/1"})
	testkit.RequireVerified(t, r, err)
	assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckRecipient))

	var m map[string]any
	require.NoError(t, json.Unmarshal(endorsementJSON(t, endorser), &m))
	delete(m["credentialSubject"].(map[string]any), "id")
	r, err = v.Verify(context.Background(), endorser.SignJSON(t, m), vc.Expectations{})
	require.ErrorIs(t, err, vc.ErrNotVerified)
	assert.Equal(t, "/credentialSubject/id", testkit.Issue(t, r.Errors, vc.CodeNoSubjectID).Path)
}

func TestVerifySubjectWithoutAchievement(t *testing.T) {
	k := testkit.NewKey(t, 1)
	var m map[string]any
	require.NoError(t, json.Unmarshal(obJSON(t, obBadgeUnsigned(t, k)), &m))
	delete(m["credentialSubject"].(map[string]any), "achievement")
	r, err := obVerifier(t).Verify(context.Background(), k.SignJSON(t, m), vc.Expectations{})
	require.ErrorIs(t, err, vc.ErrNotVerified)
	assert.Equal(t, "/credentialSubject/achievement", testkit.Issue(t, r.Errors, vc.CodeMissing).Path)
}

func TestIsContext(t *testing.T) {
	for url, ok := range map[string]bool{
		openbadges.Context: true,
		"https://purl.imsglobal.org/spec/ob/v3p0/context.json":       true,
		"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json": true,
		"https://purl.imsglobal.org/spec/ob/v3p0/context-3.1.json":   false,
		"http://purl.imsglobal.org/spec/ob/v3p0/context.json":        false,
		"https://purl.imsglobal.org/spec/clr/v2p0/context.json":      false,
		"https://purl.imsglobal.org/spec/ob/v3p0/context.jsonx":      false,
	} {
		assert.Equal(t, ok, openbadges.IsContext(url), url)
	}
}

func TestCheckContexts(t *testing.T) {
	const clrContext = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
	ctxs := func(urls ...string) vc.Contexts {
		var out vc.Contexts
		for _, u := range urls {
			out = append(out, vc.Context{URL: u})
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		cs    vc.Contexts
		clr   string
		paths []string
	}{
		{"OB", ctxs(vc.ContextV2, openbadges.Context), "", nil},
		{"no OB", ctxs(vc.ContextV2), "", []string{"/@context"}},
		{"OB first", ctxs(openbadges.Context, vc.ContextV2), "", []string{"/@context/0"}},
		{"CLR then OB", ctxs(vc.ContextV2, clrContext, openbadges.Context), clrContext, nil},
		{"OB then CLR", ctxs(vc.ContextV2, openbadges.Context, clrContext), clrContext, []string{"/@context/2"}},
		{"no CLR", ctxs(vc.ContextV2, openbadges.Context), clrContext, []string{"/@context"}},
		{"older OB", ctxs(vc.ContextV2, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"), "", nil},
		{"OB 3.0.0", ctxs(vc.ContextV2, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.0.json"), "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r vc.Report
			openbadges.CheckContexts(tc.cs, tc.clr, vc.NewChecker(obVerifier(t), &r))
			var paths []string
			for _, e := range r.Errors {
				assert.Equal(t, vc.CodeContext, e.Code)
				paths = append(paths, e.Path)
			}
			assert.Equal(t, tc.paths, paths)
			older := strings.HasPrefix(tc.name, "older") || strings.HasPrefix(tc.name, "OB 3.0.0")
			assert.Equal(t, older, r.HasWarning(vc.CodeLegacyContext), "an older OB context is a LEGACY_CONTEXT warning")
		})
	}
}

// Endorsements count against Limits.MaxNested as nested credentials do.
func TestVerifyEndorsementsLimit(t *testing.T) {
	issuer, endorser := testkit.NewKey(t, 1), testkit.NewKey(t, 2)
	e := parseEndorsement(t, endorsement(t, endorser, "https://example.edu/achievements/1"))
	// Three identical endorsements are too symmetric for eddsa-rdfc-2022's
	// default canonicalization budget: sign with eddsa-jcs-2022.
	doc := obBadgeJCS(t, issuer, func(b *openbadges.CredentialBuilder) {
		b.Recipient("did:example:learner").Endorsement(e).Endorsement(e).Endorsement(e)
	})
	v, err := openbadges.NewVerifier(vc.VerifierOptions{Retriever: testkit.Retriever(t), Now: testkit.Clock, Limits: vc.Limits{MaxNested: 2}})
	require.NoError(t, err)
	r, err := v.Verify(context.Background(), doc, vc.Expectations{})
	require.ErrorIs(t, err, vc.ErrNotVerified)
	testkit.Issue(t, r.Errors, vc.CodeLimit)
	assert.Empty(t, r.Endorsements, "none verified past the limit")

	v, err = openbadges.NewVerifier(vc.VerifierOptions{Retriever: testkit.Retriever(t), Now: testkit.Clock, Limits: vc.Limits{MaxNested: 3}})
	require.NoError(t, err)
	r, err = v.Verify(context.Background(), doc, vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	assert.Len(t, r.Endorsements, 3)
}

// TestProfileEndorsementsFollowParentOrgs: the endorsements of every parent
// organization the builders accept are listed, with their JSON pointers,
// down to the deepest.
func TestProfileEndorsementsFollowParentOrgs(t *testing.T) {
	const depth = 20
	root := &openbadges.Profile{ID: "https://example.edu/org/0", EndorsementJwt: []string{"a.b.c"}}
	p := root
	for i := 1; i < depth; i++ {
		p.ParentOrg = &openbadges.Profile{ID: "https://example.edu/org/" + strconv.Itoa(i)}
		p = p.ParentOrg
	}
	p.EndorsementJwt = []string{"x.y.z"}
	es := openbadges.ProfileEndorsements(nil, root, "/issuer")
	require.Len(t, es, 2)
	assert.Equal(t, openbadges.Endorsement{Doc: []byte("a.b.c"), Path: "/issuer/endorsementJwt/0"}, es[0])
	assert.Equal(t, "/issuer"+strings.Repeat("/parentOrg", depth-1)+"/endorsementJwt/0", es[1].Path)
	assert.Equal(t, []byte("x.y.z"), es[1].Doc)
}

// An endorsement whose member name is written with an escape
// ("\u0065ndorsement") is the same member: it is verified, not missed by a
// shortcut that looks for the name in the bytes. (eddsa-jcs-2022 signs the
// decoded value, so the rewritten document still verifies.)
func TestVerifyEndorsementUnderEscapedName(t *testing.T) {
	issuer, endorser := testkit.NewKey(t, 1), testkit.NewKey(t, 2)
	good := parseEndorsement(t, endorsement(t, endorser, "https://example.edu/achievements/1"))
	doc := obBadgeJCS(t, issuer, func(b *openbadges.CredentialBuilder) {
		b.Recipient("did:example:learner").Endorsement(good)
	})
	escaped := bytes.ReplaceAll(doc, []byte(`"endorsement`), []byte(`"\u0065ndorsement`))
	require.NotContains(t, string(escaped), `"endorsement`)
	r, err := obVerifier(t).Verify(context.Background(), escaped, vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	require.Len(t, r.Endorsements, 1)
	assert.True(t, r.Endorsements[0].Verified)
	assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckEndorsements))
}

// TestVerifierTakesBakedBadges: openbadges.NewVerifier and clr.NewVerifier
// verify a baked PNG or SVG badge without any unpacker configured, as they
// verify the credential itself; an unpacker list that has BakedImages is
// left as it is.
func TestVerifierTakesBakedBadges(t *testing.T) {
	k := testkit.NewKey(t, 1)
	cred := obBadge(t, k, func(b *openbadges.CredentialBuilder) { b.Recipient("did:example:learner") })
	for _, b := range bakers(t) {
		baked, err := b.bake(b.img, cred)
		require.NoError(t, err)
		r, err := obVerifier(t).Verify(context.Background(), baked, vc.Expectations{})
		require.NoError(t, err, "%s: %v", b.name, r)
		require.True(t, r.Verified, b.name)
		cv, err := clr.NewVerifier(vc.VerifierOptions{Retriever: testkit.Retriever(t), Now: testkit.Clock})
		require.NoError(t, err)
		r, err = cv.Verify(context.Background(), baked, vc.Expectations{})
		require.NoError(t, err, "clr.NewVerifier, %s: %v", b.name, r)
	}
	own := []vc.Unpacker{openbadges.BakedImages{}}
	require.Equal(t, own, openbadges.WithBakedImages(own))
	none := []vc.Unpacker(nil)
	require.Equal(t, []vc.Unpacker{openbadges.BakedImages{}}, openbadges.WithBakedImages(none))
}
