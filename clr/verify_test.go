package clr_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/clr"
	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/internal/testkit"
	"github.com/clrkit/clrkit/openbadges"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/vc"
)

func clrVerifier(t testing.TB, mods ...func(*vc.VerifierOptions)) *vc.Verifier {
	t.Helper()
	opts := vc.VerifierOptions{Retriever: testkit.Retriever(t), Now: testkit.Clock}
	for _, m := range mods {
		m(&opts)
	}
	v, err := clr.NewVerifier(opts)
	require.NoError(t, err)
	return v
}

// kitBadge is an OpenBadgeCredential by k for did:example:learner, for
// the achievement id, unsigned.
func kitBadge(t testing.TB, k testkit.Key, achievementID string) []byte {
	t.Helper()
	a, err := openbadges.NewAchievement(achievementID).Name("Achievement " + achievementID).
		Description("About " + achievementID).Criteria("Do it").Build()
	require.NoError(t, err)
	c, err := openbadges.NewCredential(&openbadges.Profile{ID: k.DID, Type: vc.Types{openbadges.TypeProfile}, Name: vc.Text("Example University")}).
		Name("Badge").Recipient("did:example:learner").Achievement(a).Clock(testkit.Clock).Random(testkit.Random()).Build()
	require.NoError(t, err)
	out, err := json.Marshal(c)
	require.NoError(t, err)
	return out
}

// record builds and signs a CLR by k holding the credentials (JSON, or
// strings for JWTs), with the builder changed by mods.
func record(t testing.TB, k testkit.Key, creds []any, mods ...func(*clr.CredentialBuilder)) []byte {
	t.Helper()
	b := clr.NewCredential(&openbadges.Profile{ID: k.DID, Type: vc.Types{openbadges.TypeProfile}, Name: vc.Text("Registrar")}).
		Name("Transcript").Learner("did:example:learner").Clock(testkit.Clock).Random(testkit.Random())
	for _, c := range creds {
		switch c := c.(type) {
		case []byte:
			b.AddCredential(c)
		case string:
			b.AddJWT(c)
		}
	}
	for _, m := range mods {
		m(b)
	}
	c, err := b.Build()
	require.NoError(t, err)
	return k.SignJSON(t, c)
}

func forge(t testing.TB, doc []byte) []byte {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(doc, &m))
	m["name"] = "Forged"
	out, err := json.Marshal(m)
	require.NoError(t, err)
	return out
}

func TestVerifyRecord(t *testing.T) {
	k := testkit.NewKey(t, 1)
	doc := record(t, k, []any{k.Sign(t, kitBadge(t, k, "https://example.edu/a/1")), k.Sign(t, kitBadge(t, k, "https://example.edu/a/2"))},
		func(b *clr.CredentialBuilder) {
			b.Associate("https://example.edu/a/1", clr.IsPartOf, "https://example.edu/a/2")
		})
	r, err := clrVerifier(t).Verify(context.Background(), doc, vc.Expectations{Recipient: "did:example:learner"})
	testkit.RequireVerified(t, r, err)
	assert.Equal(t, clr.TypeClrCredential, r.Kind)
	assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckRecipient))
	assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckNested))
	assert.Empty(t, r.Warnings)
	require.Len(t, r.Nested, 2)
	for _, n := range r.Nested {
		assert.Equal(t, vc.StatusPassed, n.CheckStatus(vc.CheckRecipient), "each credential held is about the recipient too")
	}

	r, err = clrVerifier(t).Verify(context.Background(), doc, vc.Expectations{Recipient: "did:example:other"})
	require.ErrorIs(t, err, vc.ErrNotVerified)
	testkit.Issue(t, r.Errors, vc.CodeRecipient)
	for _, n := range r.Nested {
		// The expected recipient applies to every credential the record
		// holds: a record about one learner must not vouch for credentials
		// about another.
		assert.False(t, n.Verified)
		testkit.Issue(t, n.Errors, vc.CodeRecipient)
	}
}

func TestVerifyRecordTamperedNested(t *testing.T) {
	k := testkit.NewKey(t, 1)
	doc := record(t, k, []any{
		k.Sign(t, kitBadge(t, k, "https://example.edu/a/1")),
		forge(t, k.Sign(t, kitBadge(t, k, "https://example.edu/a/2"))),
		k.Sign(t, kitBadge(t, k, "https://example.edu/a/3")),
	})
	r, err := clrVerifier(t).Verify(context.Background(), doc, vc.Expectations{})
	require.ErrorIs(t, err, vc.ErrNotVerified)
	assert.False(t, r.Verified)
	assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckProof), "the record's own proof is good")
	assert.Equal(t, vc.StatusFailed, r.CheckStatus(vc.CheckNested))
	e := testkit.Issue(t, r.Errors, vc.CodeNested)
	assert.Equal(t, "/credentialSubject/verifiableCredential/1", e.Path)
	assert.Contains(t, e.Message, vc.CodeProof)
	assert.Len(t, r.Errors, 1)
	require.Len(t, r.Nested, 3)
	assert.True(t, r.Nested[0].Verified)
	assert.True(t, r.Nested[2].Verified)
	n := r.Nested[1]
	assert.False(t, n.Verified)
	assert.Equal(t, "/credentialSubject/verifiableCredential/1", n.Path)
	assert.Equal(t, "/credentialSubject/verifiableCredential/1/proof", testkit.Issue(t, n.Errors, vc.CodeProof).Path)
	assert.Contains(t, err.Error(), "/credentialSubject/verifiableCredential/1")
}

func TestVerifyRecordJWTNested(t *testing.T) {
	k := testkit.NewKey(t, 1)
	tok := k.SignJWT(t, kitBadge(t, k, "https://example.edu/a/2"), proof.JWTFormOB3)
	doc := record(t, k, []any{k.Sign(t, kitBadge(t, k, "https://example.edu/a/1")), tok},
		func(b *clr.CredentialBuilder) {
			b.Achievement(&openbadges.Achievement{ID: "https://example.edu/a/2", Type: vc.Types{openbadges.TypeAchievement},
				Name: vc.Text("Achievement 2"), Description: vc.Text("About 2"), Criteria: &openbadges.Criteria{Narrative: "Do it"}})
			b.Associate("https://example.edu/a/1", clr.IsPartOf, "https://example.edu/a/2")
		})
	r, err := clrVerifier(t).Verify(context.Background(), doc, vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	require.Len(t, r.Nested, 2)
	assert.Equal(t, "jwt", r.Nested[1].Format)
	assert.Equal(t, "OpenBadgeCredential", r.Nested[1].Kind)
	assert.Empty(t, r.Warnings)
}

// The achievement of a JWT credential counts for the associations once
// the token verifies.
func TestVerifyRecordAssociationToJWTAchievement(t *testing.T) {
	k := testkit.NewKey(t, 1)
	tok := k.SignJWT(t, kitBadge(t, k, "https://example.edu/a/2"), proof.JWTFormOB3)
	unsigned, err := clr.NewCredential(&openbadges.Profile{ID: k.DID, Type: vc.Types{openbadges.TypeProfile}, Name: vc.Text("Registrar")}).
		Name("Transcript").Learner("did:example:learner").Clock(testkit.Clock).Random(testkit.Random()).
		AddCredential(k.Sign(t, kitBadge(t, k, "https://example.edu/a/1"))).AddJWT(tok).Build()
	require.NoError(t, err)
	unsigned.CredentialSubject.Association = append(unsigned.CredentialSubject.Association, clr.Association{
		Type: clr.TypeAssociation, AssociationType: clr.IsPartOf, SourceID: "https://example.edu/a/1", TargetID: "https://example.edu/a/2"})
	r, err := clrVerifier(t).Verify(context.Background(), k.SignJSON(t, unsigned), vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	assert.Empty(t, r.Warnings)
}

func TestVerifyRecordUnknownAssociation(t *testing.T) {
	k := testkit.NewKey(t, 1)
	c, err := clr.NewCredential(&openbadges.Profile{ID: k.DID, Type: vc.Types{openbadges.TypeProfile}, Name: vc.Text("Registrar")}).
		Name("Transcript").Learner("did:example:learner").Clock(testkit.Clock).Random(testkit.Random()).
		AddCredential(k.Sign(t, kitBadge(t, k, "https://example.edu/a/1"))).Build()
	require.NoError(t, err)
	c.CredentialSubject.Association = append(c.CredentialSubject.Association, clr.Association{
		Type: clr.TypeAssociation, AssociationType: clr.IsPartOf, SourceID: "https://example.edu/a/1", TargetID: "https://example.edu/unknown"})
	r, err := clrVerifier(t).Verify(context.Background(), k.SignJSON(t, c), vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	w := testkit.Issue(t, r.Warnings, vc.CodeAssociation)
	assert.Equal(t, "/credentialSubject/association/0/targetId", w.Path)
	assert.Len(t, r.Warnings, 1)
}

func TestVerifyRecordContextOrder(t *testing.T) {
	k := testkit.NewKey(t, 1)
	var m map[string]any
	require.NoError(t, json.Unmarshal(record(t, k, []any{k.Sign(t, kitBadge(t, k, "https://example.edu/a/1"))}), &m))
	delete(m, "proof")
	// Out of order the terms do not expand, so the record cannot be signed:
	// the context check says why.
	m["@context"] = []any{vc.ContextV2, openbadges.Context, clr.Context}
	doc, err := json.Marshal(m)
	require.NoError(t, err)
	r, err := clrVerifier(t).Verify(context.Background(), doc, vc.Expectations{})
	require.ErrorIs(t, err, vc.ErrNotVerified)
	e := testkit.Issue(t, r.Errors, vc.CodeContext)
	assert.Equal(t, "/@context/2", e.Path)
	assert.Equal(t, vc.StatusFailed, r.CheckStatus(vc.CheckStructure))

	m["@context"] = []any{vc.ContextV2, clr.Context}
	doc, err = json.Marshal(m)
	require.NoError(t, err)
	r, err = clrVerifier(t).Verify(context.Background(), doc, vc.Expectations{})
	require.ErrorIs(t, err, vc.ErrNotVerified)
	assert.Equal(t, "/@context", testkit.Issue(t, r.Errors, vc.CodeContext).Path)
}

func TestVerifyRecordLearnerIdentity(t *testing.T) {
	k := testkit.NewKey(t, 1)
	var m map[string]any
	require.NoError(t, json.Unmarshal(record(t, k, []any{k.Sign(t, kitBadge(t, k, "https://example.edu/a/1"))}), &m))
	delete(m, "proof")
	delete(m["credentialSubject"].(map[string]any), "id")
	r, err := clrVerifier(t).Verify(context.Background(), k.SignJSON(t, m), vc.Expectations{})
	require.ErrorIs(t, err, vc.ErrNotVerified)
	assert.Equal(t, "/credentialSubject", testkit.Issue(t, r.Errors, vc.CodeNoSubjectID).Path)
}

func TestVerifyRecordMaxNested(t *testing.T) {
	k := testkit.NewKey(t, 1)
	var creds []any
	for i := range 3 {
		creds = append(creds, k.Sign(t, kitBadge(t, k, "https://example.edu/a/"+strconv.Itoa(i))))
	}
	doc := record(t, k, creds)
	r, err := clrVerifier(t, func(o *vc.VerifierOptions) { o.Limits.MaxNested = 2 }).Verify(context.Background(), doc, vc.Expectations{})
	require.ErrorIs(t, err, vc.ErrNotVerified)
	testkit.Issue(t, r.Errors, vc.CodeLimit)
	assert.Empty(t, r.Nested)
}

func TestVerifyRecordInterop(t *testing.T) {
	data, err := os.ReadFile("testdata/clr-3creds.signed.json")
	require.NoError(t, err)
	r, err := clrVerifier(t).Verify(context.Background(), data, vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	assert.Len(t, r.Nested, 3)
	assert.Empty(t, r.Warnings, "its association names achievements of the record")
}

// A record citing the CLR context from before 2.0.1 (as the 1EdTech
// validator's own fixtures do) passes the structure check with a
// LEGACY_CONTEXT warning.
func TestVerifyRecordLegacyContext(t *testing.T) {
	k := testkit.NewKey(t, 1)
	var m map[string]any
	require.NoError(t, json.Unmarshal(record(t, k, []any{k.Sign(t, kitBadge(t, k, "https://example.edu/a/1"))}), &m))
	delete(m, "proof")
	m["@context"] = []any{vc.ContextV2, clr.LegacyContexts[0], openbadges.Context}
	r, err := clrVerifier(t).Verify(context.Background(), k.SignJSON(t, m), vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	w := testkit.Issue(t, r.Warnings, vc.CodeLegacyContext)
	assert.Equal(t, "/@context/1", w.Path)
	assert.Contains(t, w.Message, clr.Context)
}

// The 1EdTech validator's CLR fixture in VCDM 1.1 with the pre-2.0.1 CLR
// context: the structure check warns of both, and the schema check passes,
// its nested VCDM 1.1 credentials checked as their 2.0 views as a
// top-level one is. Its proofs use the fragment-key convention on a
// urn:uuid issuer.
func TestVerifyValidatorLegacyRecord(t *testing.T) {
	doc, err := os.ReadFile("testdata/1edtech-validator-clr20-simple_v1.json")
	require.NoError(t, err)
	r, _ := clrVerifier(t).Verify(context.Background(), doc, vc.Expectations{})
	require.NotNil(t, r)
	assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckSchema), "%+v", r.Errors)
	assert.Equal(t, vc.StatusWarning, r.CheckStatus(vc.CheckStructure))
	testkit.Issue(t, r.Warnings, vc.CodeLegacyContext)
	testkit.Issue(t, r.Warnings, vc.CodeVCDM11)
	for _, e := range r.Errors {
		assert.NotEqual(t, vc.CodeSchema, e.Code, "%s: %s", e.Path, e.Message)
		assert.NotEqual(t, vc.CodeContext, e.Code, "%s: %s", e.Path, e.Message)
	}

	// With the fragment convention (on a urn:uuid issuer here), the
	// record's proof verifies with UNVERIFIED_ISSUER_KEY, and so does its
	// first credential, whose endorsement (VCDM 1.1 as well) passes the
	// schema check as its 2.0 view. The other five are signed by a did:key
	// the urn:uuid issuer does not control: the profiles decide on those.
	kr, err := did.NewKeyResolver(did.KeyOptions{})
	require.NoError(t, err)
	ret, err := did.NewRetriever(did.RetrieverOptions{Resolver: kr, UnsafeKeyFromFragment: true})
	require.NoError(t, err)
	r, _ = clrVerifier(t, func(o *vc.VerifierOptions) { o.Retriever = ret }).Verify(context.Background(), doc, vc.Expectations{})
	require.NotNil(t, r)
	assert.Equal(t, vc.StatusWarning, r.CheckStatus(vc.CheckProof))
	testkit.Issue(t, r.Warnings, vc.CodeUnverifiedKey)
	require.Len(t, r.Nested, 6)
	assert.True(t, r.Nested[0].Verified, "%+v", r.Nested[0].Errors)
	for _, n := range r.Nested[1:] {
		assert.Equal(t, []string{vc.CodeIssuerBinding}, codes(n.Errors))
	}
}

func codes(issues []vc.Issue) []string {
	var out []string
	for _, i := range issues {
		out = append(out, i.Code)
	}
	return out
}

// A VCDM 2.0 record holding VCDM 1.1 credentials whose context URLs are
// written with escaped slashes ("https:\/\/www.w3.org\/2018\/...", as
// PHP's json_encode writes them) is the same record: the schema check
// reads the credentials as their 2.0 views, as it does when the URLs are
// written plainly.
func TestVerifyRecordWithEscapedV1Credentials(t *testing.T) {
	raw, err := os.ReadFile("testdata/1edtech-validator-clr20-simple_v1.json")
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m))
	m["@context"] = []any{vc.ContextV2, clr.Context, openbadges.Context}
	m["validFrom"] = m["issuanceDate"]
	delete(m, "issuanceDate")
	delete(m, "proof")
	plain, err := json.Marshal(m)
	require.NoError(t, err)
	escaped := bytes.ReplaceAll(plain, []byte(`"https://www.w3.org/2018/credentials/v1"`), []byte(`"https:\/\/www.w3.org\/2018\/credentials\/v1"`))
	require.NotEqual(t, plain, escaped)
	for name, doc := range map[string][]byte{"plain": plain, "escaped": escaped} {
		r, _ := clrVerifier(t).Verify(context.Background(), doc, vc.Expectations{})
		require.NotNil(t, r)
		assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckSchema), "%s: %+v", name, r.Errors)
	}
}

// A record holding one credential written without an array: its report's
// path is the member itself (which is also what lets it take its tree from
// the record's: vc's TestTreeReusedEndToEnd counts that).
func TestVerifyRecordWithOneCredentialNotInArray(t *testing.T) {
	raw, err := os.ReadFile("testdata/clr-3creds.signed.json")
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m))
	subject := m["credentialSubject"].(map[string]any)
	subject["verifiableCredential"] = subject["verifiableCredential"].([]any)[0]
	delete(m, "proof")
	doc, err := json.Marshal(m)
	require.NoError(t, err)
	r, _ := clrVerifier(t).Verify(context.Background(), doc, vc.Expectations{})
	require.NotNil(t, r)
	require.Len(t, r.Nested, 1)
	assert.Equal(t, "/credentialSubject/verifiableCredential", r.Nested[0].Path)
	assert.True(t, r.Nested[0].Verified, "%+v", r.Nested[0].Errors)
}

// Members named "" anywhere (the JSON-LD tree decoder accepts the empty
// name) are read like any other member: verification reports on the
// document rather than failing or crashing, and a signed document with one
// added fails its proof. A regression: the typed readers once took "" for
// "name not decoded yet" and sliced out of range.
func TestVerifyEmptyMemberNames(t *testing.T) {
	for _, file := range []string{"testdata/ob3-basic.signed.json", "testdata/clr-3creds.signed.json"} {
		raw, err := os.ReadFile(file)
		require.NoError(t, err)
		for _, at := range []string{`"proof": {`, `"issuer": {`, `"credentialSubject": {`, `{`} {
			doc := bytes.Replace(raw, []byte(at), []byte(at+`"": 1, `), 1)
			require.NotEqual(t, raw, doc, "%s: %s not found", file, at)
			r, err := clrVerifier(t).Verify(context.Background(), doc, vc.Expectations{})
			require.NotNil(t, r, "%s, after %s: %v", file, at, err)
			assert.False(t, r.Verified, "%s, after %s: the added member is not signed", file, at)
			assert.Equal(t, vc.StatusFailed, r.CheckStatus(vc.CheckProof), "%s, after %s: %+v", file, at, r.Errors)
		}
	}
}
