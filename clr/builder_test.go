package clr_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/clr"
	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/openbadges"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/proof/ld"
	"github.com/clrkit/clrkit/schema"
	"github.com/clrkit/clrkit/vc"
)

// testIssuer is a did:key issuer with a fixed test key.
type testIssuer struct {
	key ed25519.PrivateKey
	did string
	vm  string
}

func newTestIssuer(t testing.TB, seed byte) testIssuer {
	t.Helper()
	key, err := did.Ed25519KeyFromSeed(bytes.Repeat([]byte{seed}, 32))
	require.NoError(t, err)
	id, err := did.DIDKey(key.Public())
	require.NoError(t, err)
	return testIssuer{key: key, did: id, vm: id + "#" + strings.TrimPrefix(id, "did:key:")}
}

var fixedTime = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// badge returns an eddsa-rdfc-2022 signed OpenBadgeCredential for the
// achievement id, made from model values directly.
func badge(t testing.TB, iss testIssuer, achievementID, name string) []byte {
	t.Helper()
	c := openbadges.AchievementCredential{
		Core: vc.Core{
			Context:   vc.Contexts{{URL: vc.ContextV2}, {URL: openbadges.Context}},
			ID:        achievementID + "/awarded/learner",
			Type:      vc.Types{vc.TypeVerifiableCredential, openbadges.TypeOpenBadgeCredential},
			ValidFrom: vc.NewDateTime(fixedTime),
		},
		Name:   vc.Text(name),
		Issuer: openbadges.Profile{ID: iss.did, Type: vc.Types{openbadges.TypeProfile}, Name: vc.Text("Example University")},
		CredentialSubject: openbadges.AchievementSubject{
			ID:   "did:example:learner",
			Type: vc.Types{openbadges.TypeAchievementSubject},
			Achievement: &openbadges.Achievement{
				ID:          achievementID,
				Type:        vc.Types{openbadges.TypeAchievement},
				Name:        vc.Text(name),
				Description: vc.Text("About " + name),
				Criteria:    &openbadges.Criteria{Narrative: "Complete " + name},
			},
		},
	}
	doc, err := json.Marshal(c)
	require.NoError(t, err)
	signed, err := proof.Sign(context.Background(), doc, iss.key, proof.SignOptions{VerificationMethod: iss.vm, Created: fixedTime})
	require.NoError(t, err)
	return signed
}

func fixedRandom() *bytes.Reader { return bytes.NewReader(bytes.Repeat([]byte{7}, 64)) }

func TestBuilderComposesRecord(t *testing.T) {
	iss := newTestIssuer(t, 1)
	course := badge(t, iss, "https://example.edu/courses/cs101", "Intro to CS")
	skill := badge(t, iss, "https://example.edu/skills/teamwork", "Teamwork")
	degree := badge(t, iss, "https://example.edu/degrees/bs-cs", "BS Computer Science")

	c, err := clr.NewCredential(&openbadges.Profile{ID: iss.did, Type: vc.Types{openbadges.TypeProfile}, Name: vc.Text("Example University")}).
		Name("Transcript of Sam").
		Learner("did:example:learner").
		AddCredential(course).AddCredential(skill).AddCredential(degree).
		Associate("https://example.edu/courses/cs101", clr.IsPartOf, "https://example.edu/degrees/bs-cs").
		Associate("https://example.edu/skills/teamwork", clr.Precedes, "https://example.edu/degrees/bs-cs").
		Clock(func() time.Time { return fixedTime }).
		Random(fixedRandom()).
		Build()
	require.NoError(t, err)

	assert.Equal(t, []string{vc.ContextV2, clr.Context, openbadges.Context}, c.Context.URLs())
	assert.Equal(t, vc.Types{vc.TypeVerifiableCredential, clr.TypeClrCredential}, c.Type)
	assert.Equal(t, vc.Types{clr.TypeClrSubject}, c.CredentialSubject.Type)
	assert.Equal(t, "urn:uuid:07070707-0707-4707-8707-070707070707", c.ID)
	assert.Equal(t, vc.DateTime("2025-06-01T12:00:00Z"), c.ValidFrom)
	require.Len(t, c.CredentialSubject.VerifiableCredential, 3)
	assert.True(t, bytes.Equal(bytes.TrimSpace(course), c.CredentialSubject.VerifiableCredential[0].JSON),
		"nested credentials are kept byte for byte (but for surrounding white space)")
	var ids []string
	for _, a := range c.CredentialSubject.Achievement {
		ids = append(ids, a.ID)
	}
	assert.Equal(t, []string{"https://example.edu/courses/cs101", "https://example.edu/skills/teamwork", "https://example.edu/degrees/bs-cs"}, ids)
	require.Len(t, c.CredentialSubject.Association, 2)
	assert.Equal(t, clr.Association{Type: clr.TypeAssociation, AssociationType: clr.IsPartOf,
		SourceID: "https://example.edu/courses/cs101", TargetID: "https://example.edu/degrees/bs-cs"}, c.CredentialSubject.Association[0])

	out, err := json.Marshal(c)
	require.NoError(t, err)

	// The record is valid for the CLR schema, canonicalizes in safe mode, and
	// every nested credential still verifies after the record is signed.
	rep, err := schema.Validate(out, schema.Options{Strict: true})
	require.NoError(t, err)
	assert.True(t, rep.Valid, "%v", rep)
	_, err = ld.Default().Canonicalize(context.Background(), out)
	require.NoError(t, err)

	signed, err := proof.Sign(context.Background(), out, iss.key, proof.SignOptions{VerificationMethod: iss.vm, Created: fixedTime})
	require.NoError(t, err)
	v := verifier(t)
	_, err = v.Verify(context.Background(), signed, proof.Expectations{})
	require.NoError(t, err, "the record's own proof")
	back, err := clr.Parse(signed)
	require.NoError(t, err)
	for i, n := range back.CredentialSubject.VerifiableCredential {
		_, err := v.Verify(context.Background(), n.JSON, proof.Expectations{})
		assert.NoError(t, err, "nested credential %d", i)
	}
}

func verifier(t testing.TB) *proof.Verifier {
	t.Helper()
	res, err := did.NewMultiResolver(map[string]did.Resolver{"key": &did.KeyResolver{}})
	require.NoError(t, err)
	ret, err := did.NewRetriever(did.RetrieverOptions{Resolver: res})
	require.NoError(t, err)
	v, err := proof.NewVerifier(proof.VerifierOptions{Retriever: ret})
	require.NoError(t, err)
	return v
}

func TestBuilderReportsEveryProblem(t *testing.T) {
	iss := newTestIssuer(t, 2)
	unsigned, err := json.Marshal(map[string]any{
		"@context": []string{vc.ContextV2, openbadges.Context}, "type": []string{"VerifiableCredential", "OpenBadgeCredential"},
		"issuer": iss.did, "validFrom": "2025-01-01T00:00:00Z",
		"credentialSubject": map[string]any{"id": "did:example:x", "type": "AchievementSubject"},
	})
	require.NoError(t, err)

	_, err = clr.NewCredential(&openbadges.Profile{ID: "not a uri"}).
		AddCredential([]byte(`[1,2]`)).
		AddCredential(unsigned).
		AddJWT("not.a jwt").
		Associate("https://example.edu/a", clr.AssociationType("sameAs"), "https://example.edu/b").
		Associate("https://example.edu/c", clr.IsPartOf, "https://example.edu/c").
		LearnerIdentity(openbadges.IdentityObject{IdentityType: "shoeSize"}).
		Image("relative.png").
		ValidFrom(fixedTime).ValidUntil(fixedTime.Add(-time.Hour)).
		Build()
	var be *vc.BuildError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, clr.TypeClrCredential, be.Class)
	got := map[string]error{}
	for _, p := range be.Problems {
		got[p.Property] = p.Err
	}
	want := map[string]error{
		"issuer.id": vc.ErrNotURI,
		"name":      vc.ErrRequired,
		"credentialSubject.verifiableCredential[0]":        nil, // not an object
		"credentialSubject.verifiableCredential[1].proof":  vc.ErrRequired,
		"credentialSubject.verifiableCredential[2]":        clr.ErrNotCompactJWS,
		"credentialSubject.association[0].associationType": vc.ErrBadValue,
		"credentialSubject.association[0].sourceId":        clr.ErrUnknownAchievement,
		"credentialSubject.association[0].targetId":        clr.ErrUnknownAchievement,
		"credentialSubject.association[1]":                 vc.ErrBadValue,
		"credentialSubject.association[1].sourceId":        clr.ErrUnknownAchievement,
		"credentialSubject.association[1].targetId":        clr.ErrUnknownAchievement,
		"credentialSubject.identifier[0].identityHash":     vc.ErrRequired,
		"credentialSubject.identifier[0].identityType":     vc.ErrBadValue,
		"image.id":   vc.ErrNotURI,
		"validUntil": vc.ErrBadValue,
	}
	for prop, cause := range want {
		e, ok := got[prop]
		if !assert.True(t, ok, "missing problem at %s; got %v", prop, err) {
			continue
		}
		if cause != nil {
			assert.ErrorIs(t, e, cause, prop)
		}
	}
	assert.Len(t, be.Problems, len(want), "%v", err)
	assert.True(t, errors.Is(err, vc.ErrRequired), "errors.Is reaches each problem's cause")
	// The unsigned credential was still read as a credential: its achievement
	// is missing, so the learner identity problems above are all there is.
	assert.Contains(t, err.Error(), "ClrCredential: 15 problems")
}

func TestBuilderNeedsLearnerAndCredentials(t *testing.T) {
	_, err := clr.NewCredential(&openbadges.Profile{ID: "https://example.edu"}).Name("x").Build()
	var be *vc.BuildError
	require.ErrorAs(t, err, &be)
	var props []string
	for _, p := range be.Problems {
		props = append(props, p.Property)
	}
	assert.ElementsMatch(t, []string{"credentialSubject", "credentialSubject.verifiableCredential"}, props)

	_, err = clr.NewCredential(nil).Build()
	require.ErrorAs(t, err, &be)
	assert.Equal(t, "issuer", be.Problems[0].Property)
}

func TestBuilderContextsAndExtras(t *testing.T) {
	iss := newTestIssuer(t, 3)
	b := badge(t, iss, "https://example.edu/a", "A")
	jwt := "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0.c2ln"
	extra := &openbadges.Achievement{ID: "https://example.edu/b", Type: vc.Types{"Achievement"}, Name: vc.Text("B"),
		Description: vc.Text("b"), Criteria: &openbadges.Criteria{Narrative: "n"}}
	builder := clr.NewCredential(&openbadges.Profile{ID: iss.did}).
		Name("R").Learner("did:example:l").
		AddCredential(b).AddJWT(jwt).Achievement(extra).
		Associate("https://example.edu/a", clr.IsChildOf, "https://example.edu/b").
		CredentialSchema("https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json").
		Context("https://example.org/ext/context.json", openbadges.ExtensionsContext).
		Partial(true).
		Clock(func() time.Time { return fixedTime })
	c1, err := builder.Build()
	require.NoError(t, err)
	assert.Equal(t, []string{vc.ContextV2, clr.Context, openbadges.Context, openbadges.ExtensionsContext, "https://example.org/ext/context.json"},
		c1.Context.URLs(), "extensions.json once, right after OB, because of the credentialSchema type")
	assert.True(t, c1.CredentialSubject.VerifiableCredential[1].IsJWT())
	assert.Equal(t, jwt, c1.CredentialSubject.VerifiableCredential[1].JWT)
	require.NotNil(t, c1.Partial)
	assert.True(t, *c1.Partial)
	assert.Len(t, c1.CredentialSubject.Achievement, 2)

	// A second Build gives an independent value with a new id.
	c2, err := builder.Build()
	require.NoError(t, err)
	assert.NotEqual(t, c1.ID, c2.ID)
	c2.CredentialSubject.Association[0].SourceID = "changed"
	*c2.Partial = false
	c2.CredentialSubject.VerifiableCredential[0].JSON[0] = ' '
	assert.Equal(t, "https://example.edu/a", c1.CredentialSubject.Association[0].SourceID)
	assert.True(t, *c1.Partial)
	assert.Equal(t, byte('{'), c1.CredentialSubject.VerifiableCredential[0].JSON[0])
}

// TestBuilderZeroValue: a CredentialBuilder not made by NewCredential reports what
// is missing instead of panicking.
func TestBuilderZeroValue(t *testing.T) {
	_, err := new(clr.CredentialBuilder).Build()
	var be *vc.BuildError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, "issuer", be.Problems[0].Property)
}

// TestBuilderDetachesIssuer: changing the issuer profile after Build does
// not change the record.
func TestBuilderDetachesIssuer(t *testing.T) {
	iss := newTestIssuer(t, 4)
	profile := &openbadges.Profile{ID: iss.did, Type: vc.Types{openbadges.TypeProfile}, Name: vc.Text("Example University")}
	c, err := clr.NewCredential(profile).Name("R").Learner("did:example:l").
		AddCredential(badge(t, iss, "https://example.edu/a", "A")).Build()
	require.NoError(t, err)
	profile.Type[0] = "Changed"
	profile.Name[0].Value = "Changed"
	assert.Equal(t, vc.Types{openbadges.TypeProfile}, c.Issuer.Type)
	assert.Equal(t, "Example University", c.Issuer.Name.String())
}

// TestBuilderChecksInputs: what the builder is given is checked and
// normalized, so that Build succeeds only on a record the schema accepts
// and that marshals.
func TestBuilderChecksInputs(t *testing.T) {
	iss := newTestIssuer(t, 5)
	signed := badge(t, iss, "https://example.edu/a", "A")
	base := func() *clr.CredentialBuilder {
		return clr.NewCredential(&openbadges.Profile{ID: iss.did}).Name("R").Learner("did:example:l").AddCredential(signed).
			Clock(func() time.Time { return fixedTime })
	}
	problems := func(b *clr.CredentialBuilder) []string {
		_, err := b.Build()
		var be *vc.BuildError
		if !errors.As(err, &be) {
			return nil
		}
		var out []string
		for _, p := range be.Problems {
			out = append(out, p.Property)
		}
		return out
	}

	// An issuer without a type gets "Profile", and the record passes the schema.
	c, err := base().Build()
	require.NoError(t, err)
	assert.Equal(t, vc.Types{openbadges.TypeProfile}, c.Issuer.Type)
	out, err := json.Marshal(c)
	require.NoError(t, err)
	rep, err := schema.Validate(out, schema.Options{})
	require.NoError(t, err)
	assert.True(t, rep.Valid, "%v", rep)

	assert.Equal(t, []string{"name"}, problems(base().Extension("name", "x")))
	assert.Equal(t, []string{"@id"}, problems(base().Extension("@id", "x")))
	assert.Equal(t, []string{"validFrom"}, problems(base().ValidFrom(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))))
	assert.Equal(t, []string{"awardedDate"}, problems(base().AwardedDate(time.Time{})))
	assert.Equal(t, []string{"credentialSubject.identifier[0].identityHash"}, problems(base().LearnerIdentity(
		openbadges.IdentityObject{Hashed: true, IdentityType: openbadges.IdentifierEmailAddress, IdentityHash: "sha256$nothex"})))
	assert.ElementsMatch(t, []string{"credentialSubject.achievement[1].name", "credentialSubject.achievement[1].description",
		"credentialSubject.achievement[1].criteria"}, problems(base().Achievement(&openbadges.Achievement{ID: "https://example.edu/b"})))

	// Two status calls keep the last: the CLR model allows one.
	c, err = base().CredentialStatus(vc.CredentialStatus{ID: "https://example.edu/s/1", Type: "1EdTechRevocationList"}).
		CredentialStatus(vc.CredentialStatus{ID: "https://example.edu/s/2", Type: "1EdTechRevocationList"}).Build()
	require.NoError(t, err)
	require.Len(t, c.CredentialStatus, 1)
	assert.Equal(t, "https://example.edu/s/2", c.CredentialStatus[0].ID)
}
