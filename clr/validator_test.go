package clr_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/clr"
	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/internal/testkit"
	"github.com/clrkit/clrkit/openbadges"
	"github.com/clrkit/clrkit/vc"
)

// validatorDir holds the OB 3.0 and CLR 2.0 test fixtures of 1EdTech's
// digital-credentials-public-validator, verbatim (see SOURCES.md).
const validatorDir = "testdata/1edtech-validator"

// validatorStatusList is the URL the Bitstring fixtures' status entries
// name: the list is a fixture of the same repository, served here from the
// local copy.
const validatorStatusList = "https://raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/refs/heads/main/inspector-vc/src/test/resources/ob30/bit-string-list/testlist"

// verdict is what a profile decides of a fixture: whether it verifies and,
// when it does not, a code among the errors that decided it.
type verdict struct {
	verified bool
	code     string
}

var (
	pass = verdict{verified: true}
	// vm: the key is in an https verification method's fragment, which no
	// document binds to the issuer; offline nothing can be fetched.
	vm = verdict{code: vc.CodeVerificationMethod}
)

func fail(code string) verdict { return verdict{code: code} }

// validatorCases are the fixtures the validator's tests judge and that can
// be judged offline. The 1edtech verdict is the validator's (assertValid and
// assertWarning: verified; assertInvalid, error or fatal counts: not
// verified), as its tests in OB30Tests, ClrTests and the status list and
// endorsement tests assert at the commit in SOURCES.md.
var validatorCases = []struct {
	file                         string
	spec, authenticity, oneEdTec verdict
}{
	{"clr20/simple.json", vm, vm, pass},
	{"clr20/simple_v1.json", vm, vm, pass}, // assertWarning: older contexts
	{"ob30/simple.json", vm, vm, pass},
	{"ob30/simple.1ob", vm, vm, pass},
	{"ob30/simple-json.png", vm, vm, pass},
	{"ob30/simple-json.svg", vm, vm, pass},
	{"ob30/simple_v1.json", vm, vm, pass}, // assertWarning
	{"ob30/simple-context-alias.json", vm, vm, pass},
	{"ob30/simple-context-version.json", vm, vm, pass}, // a warning of ContextPropertyProbe
	{"ob30/simple-eddsa-2022.json", vm, vm, pass},      // assertWarning
	{"ob30/endorsement-valid.json", vm, vm, pass},
	{"ob30/bit-string-list/testlist", vm, vm, pass},
	{"ob30/sd/derivedcredential.json", vm, vm, pass}, // an ecdsa-sd-2023 derived proof
	// A bare did:key: the validator finds no controller and binds it to no
	// one; the specs bind a key to the DID that controls it.
	{"ob30/simple-did-key-method.json", fail(vc.CodeIssuerBinding), fail(vc.CodeIssuerBinding), pass},
	// An RS256 token whose jwk header the https issuer does not vouch for
	// (and without the sub claim OB 3.0 requires).
	{"ob30/simple-jwt.png", vm, vm, pass},
	{"ob30/simple-jwt.svg", vm, vm, pass},
	{"ob30/simple-jwt_v1.png", vm, vm, pass}, // assertWarning
	{"ob30/simple-jwt_v1.svg", vm, vm, pass}, // assertWarning
	// Revoked, read from the status list's local copy.
	{"ob30/bit-string-list/credential-status-revoked.json", vm, vm, fail(vc.CodeRevoked)},
	{"ob30/bit-string-list/credential-status-revoked-blank-nodes.json", vm, vm, fail(vc.CodeRevoked)},
	{"ob30/simple-multiple-proofs.json", vm, vm, fail(vc.CodeUnknownProofType)},
	{"ob30/simple-err-expired.json", fail(vc.CodeExpired), fail(vc.CodeExpired), fail(vc.CodeExpired)},
	{"ob30/simple-err-issued.json", fail(vc.CodeNotYetValid), fail(vc.CodeNotYetValid), fail(vc.CodeNotYetValid)},
	{"ob30/complete_v1.json", fail(vc.CodeExpired), fail(vc.CodeExpired), fail(vc.CodeExpired)},
	{"ob30/simple-err-proof-value.json", vm, vm, fail(vc.CodeProof)},
	{"ob30/simple-err-proof-method.json", vm, vm, vm},
	{"ob30/simple-err-proof-method-no-scheme.json", vm, vm, vm},
	{"ob30/simple-err-proof-method-unknown-scheme.json", vm, vm, vm},
	{"ob30/simple-err-proof-method-unknown-did-method.json", vm, vm, vm},
	{"ob30/simple-err-context.json", fail(vc.CodeContext), vm, fail(vc.CodeContext)},
	{"ob30/simple-err-issuer.json", fail(vc.CodeMissing), vm, fail(vc.CodeMissing)},
	// The fixtures below were signed over JSON-LD that safe mode refuses
	// (an undefined type or member), so no signature can be checked; the
	// validator fails them for the type the edit introduced.
	{"ob30/simple-err-type.json", vm, vm, fail(vc.CodeProof)},
	{"ob30/simple-err-evidence-type.json", vm, vm, fail(vc.CodeProof)},
	{"ob30/simple-err-credential-subject-type.json", fail(vc.CodeSchema), vm, fail(vc.CodeSchema)},
	{"ob30/simple-err-credential-subject-identifier-type.json", fail(vc.CodeSchema), vm, fail(vc.CodeSchema)},
	{"ob30/simple-err-credential-subject-result-type.json", fail(vc.CodeSchema), vm, fail(vc.CodeSchema)},
	{"ob30/simple-err-credential-subject-profile-type.json", vm, vm, fail(vc.CodeProof)},
	{"ob30/simple-err-credential-subject-achievement-result-description-type.json", vm, vm, fail(vc.CodeProof)},
	{"ob30/simple-err-issuer-type.json", fail(vc.CodeSchema), vm, fail(vc.CodeSchema)},
	{"ob30/simple-err-issuer-parentorg-type.json", fail(vc.CodeSchema), vm, fail(vc.CodeSchema)},
	{"ob30/simple-err-issuer-otheridentifier-type.json", fail(vc.CodeSchema), vm, fail(vc.CodeSchema)},
	{"ob30/endorsement-err-schema-status-refresh.json", vm, vm, fail(vc.CodeProof)},
}

// validatorExcluded are the fixtures left out, each with the reason.
var validatorExcluded = map[string]string{
	"clr20/complex.json":                  "the validator's test is commented out (its issuer host is not reachable): no verdict is asserted",
	"clr20/simple.jwt":                    "the validator's test is @Disabled: no verdict is asserted",
	"clr20/simple-noproof.json":           "no test uses it: no verdict is asserted",
	"clr20/simple_old_safesigned.json":    "no test uses it: no verdict is asserted",
	"ob30/simple-noproof.json":            "no test uses it: no verdict is asserted",
	"ob30/simple.jwt":                     "only parsed (PayloadParserTests), never verified: no verdict is asserted",
	"ob30/simple-did-web-method.json":     "the validator's test is @Disabled: no verdict is asserted",
	"ob30/velocity.jwt":                   "needs the network: its kid is a did:velocity DID, resolved through a registry",
	"ob30/credential-status-revoked.json": "needs the network: its 1EdTechRevocationList is published at a URL outside the repository",
	"ob30/complete.json":                  "needs the network: the validator's verdict comes from inline JSON schemas it fetches",
}

// validatorVerifier is the verifier the fixtures are judged with: did:key
// and did:jwk, baked images, the status list fixture as a local copy and
// no network, at a time inside the fixtures' validity.
func validatorVerifier(t *testing.T) *vc.Verifier {
	t.Helper()
	list, err := os.ReadFile(filepath.Join(validatorDir, "ob30/bit-string-list/testlist"))
	require.NoError(t, err)
	docs, err := did.NewLocalDocuments(map[string]did.LocalDocument{validatorStatusList: {Body: list, Name: "ob30/bit-string-list/testlist"}})
	require.NoError(t, err)
	mr, err := did.NewMultiResolver(map[string]did.Resolver{"key": &did.KeyResolver{}, "jwk": did.JWKResolver{}})
	require.NoError(t, err)
	ret, err := did.NewRetriever(did.RetrieverOptions{Resolver: mr})
	require.NoError(t, err)
	at := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	v, err := clr.NewVerifier(vc.VerifierOptions{Retriever: ret, Resolver: mr, HTTPClient: docs.Client(nil),
		Unpackers: []vc.Unpacker{openbadges.BakedImages{}}, Now: func() time.Time { return at }})
	require.NoError(t, err)
	return v
}

// TestValidatorFixtures judges every OB 3.0 and CLR 2.0 fixture of the
// 1EdTech validator that can be judged offline under each profile: the
// 1edtech profile agrees with the validator's verdict on each, and the
// spec and authenticity profiles give theirs, each with the code that
// decided it. Every fixture in the directory is either judged here or
// excluded with its reason.
func TestValidatorFixtures(t *testing.T) {
	v := validatorVerifier(t)
	judged := map[string]bool{}
	for _, c := range validatorCases {
		judged[c.file] = true
		t.Run(c.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(validatorDir, c.file))
			require.NoError(t, err)
			for _, pv := range []struct {
				p    vc.Profile
				want verdict
			}{{vc.ProfileSpec, c.spec}, {vc.ProfileAuthenticity, c.authenticity}, {vc.Profile1EdTech, c.oneEdTec}} {
				r, _ := v.Verify(context.Background(), data, vc.Expectations{Profile: pv.p})
				assert.Equal(t, pv.p, r.Profile)
				if !assert.Equal(t, pv.want.verified, r.Verified, "%s: %s", pv.p, r.Summary()) {
					continue
				}
				if !pv.want.verified {
					assert.Contains(t, codes(r.Errors), pv.want.code, "%s: %s", pv.p, r.Summary())
				}
			}
		})
	}
	err := filepath.WalkDir(validatorDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(validatorDir, path)
		rel = filepath.ToSlash(rel)
		if !judged[rel] && validatorExcluded[rel] == "" {
			t.Errorf("%s is neither judged nor excluded with a reason", rel)
		}
		if judged[rel] && validatorExcluded[rel] != "" {
			t.Errorf("%s is both judged and excluded", rel)
		}
		return nil
	})
	require.NoError(t, err)
}

// TestValidatorFixtureReports checks what the reports of the 1edtech
// profile say beside the verdict: the fragment key's warning, the local
// copy of the status list, and the validator's leniencies kept as
// warnings.
func TestValidatorFixtureReports(t *testing.T) {
	v := validatorVerifier(t)
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(validatorDir, name))
		require.NoError(t, err)
		return data
	}
	exp := vc.Expectations{Profile: vc.Profile1EdTech}

	r, _ := v.Verify(context.Background(), read("ob30/simple.json"), exp)
	require.True(t, r.Verified, r.Summary())
	assert.Equal(t, vc.StatusWarning, r.CheckStatus(vc.CheckProof))
	assert.True(t, r.HasWarning(vc.CodeUnverifiedKey))

	r, _ = v.Verify(context.Background(), read("ob30/bit-string-list/credential-status-revoked.json"), exp)
	require.False(t, r.Verified)
	assert.Equal(t, []vc.LocalDocument{{URL: validatorStatusList, File: "ob30/bit-string-list/testlist"}}, r.LocalDocuments)
	assert.Equal(t, vc.ClassValidity, testkit.Issue(t, r.Errors, vc.CodeRevoked).Class)

	r, _ = v.Verify(context.Background(), read("ob30/simple-jwt.png"), exp)
	require.True(t, r.Verified, r.Summary())
	assert.True(t, r.HasWarning(vc.CodeJWTClaimMissing), "the token has no sub claim")
	assert.True(t, r.HasWarning(vc.CodeUnverifiedKey), "the jwk header is bound to no one")
	r, _ = v.Verify(context.Background(), read("ob30/simple-jwt.png"), vc.Expectations{})
	assert.True(t, r.HasError(vc.CodeJWTClaimMissing), "spec: a missing claim is a conformance error")

	r, _ = v.Verify(context.Background(), read("ob30/simple-did-key-method.json"), exp)
	require.True(t, r.Verified, r.Summary())
	assert.True(t, r.HasWarning(vc.CodeUnverifiedKey))

	r, _ = v.Verify(context.Background(), read("ob30/simple-multiple-proofs.json"), exp)
	require.False(t, r.Verified)
	assert.Equal(t, []string{vc.CodeUnknownProofType}, codes(r.Errors))
	assert.Equal(t, vc.StatusFailed, r.CheckStatus(vc.CheckProof), "the verdict has its failed check line")
	assert.Equal(t, vc.ClassAuthenticity, r.Errors[0].Class)
}
