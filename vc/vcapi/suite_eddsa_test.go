package vcapi_test

// Replicas of w3c/vc-di-eddsa-test-suite (with the Data Integrity
// assertions of w3c-ccg/data-integrity-test-suite-assertion) against the
// handler: what the suite sends to /credentials/issue and
// /credentials/verify, and what it expects back.

import (
	"context"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/multiformats/go-multibase"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/proof"
)

const (
	contextV2   = "https://www.w3.org/ns/credentials/v2"
	contextV1   = "https://www.w3.org/2018/credentials/v1"
	contextDIv2 = "https://w3id.org/security/data-integrity/v2"
)

// eddsaValidVC is the eddsa suite's tests/vc-generator/validVc.js.
func eddsaValidVC() map[string]any {
	return map[string]any{
		"@context": []any{contextV2},
		"id":       "urn:uuid:86294362-4254-4f36-854f-3952fe42555d",
		"type":     []any{"VerifiableCredential"},
		"credentialSubject": map[string]any{
			"id":   "did:key:z6MktKwz7Ge1Yxzr4JHavN33wiwa8y81QdcMRLXQsrH9T53b",
			"name": "ExampleClaim",
		},
	}
}

// eddsaValidVC11 is the DI assertion's VCDM 1.1 credential
// (inputs/credentials/v1.1/unsecured.json) with its inline context
// {"@context": {"name": ...}} unwrapped to {"name": ...}: clrkit's JSON-LD
// processor refuses the wrapped form (see TestDIv11Fixture).
func eddsaValidVC11(t testing.TB) map[string]any {
	t.Helper()
	c := diV11Fixture(t)
	c["@context"].([]any)[1] = map[string]any{"name": "https://schema.org/name"}
	return c
}

// diV11Fixture is inputs/credentials/v1.1/unsecured.json verbatim.
func diV11Fixture(t testing.TB) map[string]any {
	t.Helper()
	data, err := os.ReadFile("testdata/di-v1.1-unsecured.json")
	require.NoError(t, err)
	return jsonMap(t, data)
}

// TestDIv11Fixture issues and verifies the DI assertion's VCDM 1.1
// credential verbatim. Its second context is an object whose only member
// is "@context"; like jsonld.js, clrkit takes the inner object as the
// context (the JSON-LD suite's expand/toRdf er56 expects an error there;
// see internal/jsonld's followsJSONLDJS table).
func TestDIv11Fixture(t *testing.T) {
	s := newServer(t, nil)
	c := diV11Fixture(t)
	c["issuer"] = s.issuer.did
	status, body := s.issue(t, c)
	require.Equal(t, http.StatusCreated, status, "%v", body)
	status, body = s.verify(t, body["verifiableCredential"], nil)
	requireVerified(t, status, body)
}

// dateTimeStamp is the DI assertion's created regex: a time zone required.
var dateTimeStamp = regexp.MustCompile(`^-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|(24:00:00(\.0+)?))(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$`)

// TestEddsaIssuer replicates the issuer rows of the eddsa suite (DI
// format, suite-specific, data model and algorithm checks), then
// "proof MUST verify when using a conformant verifier".
func TestEddsaIssuer(t *testing.T) {
	s := newServer(t, nil)
	for name, input := range map[string]map[string]any{"vcdm2": eddsaValidVC(), "vcdm1.1": eddsaValidVC11(t)} {
		t.Run(name, func(t *testing.T) {
			// createInitialVc: a fresh id and the manifest issuer id.
			input["id"] = "urn:uuid:1f6a3c4e-0000-4000-8000-" + strings.Repeat("0", 11) + "1"
			input["issuer"] = s.issuer.did
			status, body := s.post(t, "/credentials/issue", map[string]any{"credential": input})
			require.Equal(t, http.StatusCreated, status, "%v", body)
			vcred, ok := body["verifiableCredential"].(map[string]any)
			require.True(t, ok, "the response is {verifiableCredential: ...}: %v", body)

			ctxs, ok := vcred["@context"].([]any)
			require.True(t, ok, "@context is a list")
			if name == "vcdm2" {
				assert.Equal(t, contextV2, ctxs[0])
			} else {
				assert.Equal(t, contextV1, ctxs[0])
				assert.Equal(t, contextDIv2, ctxs[len(ctxs)-1], "the 1.1 credential gets the Data Integrity v2 context")
			}
			p, ok := vcred["proof"].(map[string]any)
			require.True(t, ok, "one proof object: %v", vcred["proof"])
			assert.Equal(t, "DataIntegrityProof", p["type"])
			assert.Equal(t, "eddsa-rdfc-2022", p["cryptosuite"])
			assert.Equal(t, "assertionMethod", p["proofPurpose"])
			created, _ := p["created"].(string)
			assert.Regexp(t, dateTimeStamp, created)
			assert.True(t, strings.HasSuffix(created, "Z"), created)
			if id, ok := p["id"]; ok {
				assert.NoError(t, checkURL(id))
			}

			// proofValue: multibase base58btc, 64 bytes.
			pv, _ := p["proofValue"].(string)
			require.True(t, strings.HasPrefix(pv, "z"), pv)
			enc, sig, err := multibase.Decode(pv)
			require.NoError(t, err)
			assert.Equal(t, multibase.Encoding(multibase.Base58BTC), enc)
			assert.Len(t, sig, 64)

			// verificationMethod: a did:key URL dereferencing to a Multikey
			// listed under assertionMethod, publicKeyMultibase 34 bytes.
			vm, _ := p["verificationMethod"].(string)
			require.True(t, strings.HasPrefix(vm, "did:key:"), vm)
			didPart, _, _ := strings.Cut(vm, "#")
			res, err := (&did.KeyResolver{}).Resolve(context.Background(), didPart)
			require.NoError(t, err)
			m, err := res.Document.MethodFor(vm, did.AssertionMethod)
			require.NoError(t, err, "the method is an assertionMethod")
			assert.Equal(t, "Multikey", m.Type)
			require.True(t, strings.HasPrefix(m.PublicKeyMultibase, "z"))
			_, key, err := multibase.Decode(m.PublicKeyMultibase)
			require.NoError(t, err)
			assert.Len(t, key, 34)
			assert.Equal(t, []byte{0xed, 0x01}, key[:2])

			// The issued credential verifies through the same handler.
			status, body = s.verify(t, vcred, nil)
			requireVerified(t, status, body)
		})
	}
}

// checkURL reports whether v is a string with a scheme (the DI
// assertion's "MUST be a URL").
func checkURL(v any) error {
	s, ok := v.(string)
	if !ok || !strings.Contains(s, ":") {
		return assert.AnError
	}
	return nil
}

// suiteVC is the credential the suite signs for the verifier tests: its
// validVc issued by its own key.
func suiteVC(key testKey) map[string]any {
	c := eddsaValidVC()
	c["issuer"] = key.did
	return c
}

func suiteVC11(t testing.TB, key testKey) map[string]any {
	c := eddsaValidVC11(t)
	c["issuer"] = key.did
	return c
}

// firstProofID and the others are the ids of the DI generators' chains.
const (
	firstProofID   = "urn:uuid:test:first:proof"
	missingProofID = "urn:uuid:test:missing:proof"
)

// TestEddsaVerifier replicates the verifier rows: a valid credential gets
// exactly 200, every mutation 400 or 422.
func TestEddsaVerifier(t *testing.T) {
	s := newServer(t, nil)
	key := newTestKey(t, 2)     // the suite's key
	foreign := newTestKey(t, 3) // another implementation's
	valid := signAs(t, key, suiteVC(key), proof.SignOptions{})

	t.Run("valid", func(t *testing.T) {
		status, body := s.verify(t, valid, nil)
		requireVerified(t, status, body)
		status, body = s.verify(t, valid, map[string]any{})
		requireVerified(t, status, body, "options without checks")
		status, body = s.post(t, "/credentials/verify", map[string]any{"verifiableCredential": valid})
		requireVerified(t, status, body, "no options member")
		status, body = s.verify(t, valid, map[string]any{"checks": []any{"proof"}, "expectedProofPurpose": "assertionMethod"})
		requireVerified(t, status, body, "the matching expectedProofPurpose")
	})
	t.Run("valid/vcdm1.1", func(t *testing.T) {
		status, body := s.verify(t, signAs(t, key, suiteVC11(t, key), proof.SignOptions{}), nil)
		requireVerified(t, status, body)
	})

	pm := func(doc map[string]any) map[string]any { return doc["proof"].(map[string]any) }
	rejects := []struct {
		name    string
		doc     func() map[string]any
		options map[string]any
	}{
		{"proof removed", func() map[string]any { d := clone(t, valid); delete(d, "proof"); return d }, nil},
		{"proof null", func() map[string]any { d := clone(t, valid); d["proof"] = nil; return d }, nil},
		{"proof string", func() map[string]any { d := clone(t, valid); d["proof"] = "proof"; return d }, nil},
		{"proof.type removed", func() map[string]any { d := clone(t, valid); delete(pm(d), "type"); return d }, nil},
		{"proof.verificationMethod removed", func() map[string]any { d := clone(t, valid); delete(pm(d), "verificationMethod"); return d }, nil},
		{"proof.proofPurpose removed", func() map[string]any { d := clone(t, valid); delete(pm(d), "proofPurpose"); return d }, nil},
		{"noVerificationMethod signed", func() map[string]any {
			return signMutated(t, key, suiteVC(key), func(p map[string]any) { delete(p, "verificationMethod") })
		}, nil},
		{"noProofPurpose signed", func() map[string]any {
			return signMutated(t, key, suiteVC(key), func(p map[string]any) { delete(p, "proofPurpose") })
		}, nil},
		{"UnknownProofType", func() map[string]any {
			return signMutatedWith(t, unsafeRDFC{}, key, suiteVC(key), func(p map[string]any) { p["type"] = "UnknownProofType" })
		}, nil},
		{"UnknownCryptosuite", func() map[string]any {
			return signAs(t, key, suiteVC(key), proof.SignOptions{Suite: mutatedSuite{base: proof.EdDSARDFC2022{}, name: "UnknownCryptosuite"}})
		}, nil},
		{"unknown-cryptosuite-2017", func() map[string]any {
			return signAs(t, key, suiteVC(key), proof.SignOptions{Suite: mutatedSuite{base: proof.EdDSARDFC2022{}, name: "unknown-cryptosuite-2017"}})
		}, nil},
		{"expectedProofPurpose mismatch", func() map[string]any { return valid }, map[string]any{"checks": []any{"proof"}, "expectedProofPurpose": "authentication"}},
		{"domain mismatch", func() map[string]any {
			return signAs(t, key, suiteVC(key), proof.SignOptions{Purpose: "authentication", Domain: []string{"invalid-vc-domain.example.com"}, Challenge: "1235abcd6789"})
		}, map[string]any{"checks": []any{"proof"}, "domain": "domain.example"}},
		{"challenge mismatch", func() map[string]any {
			return signAs(t, key, suiteVC(key), proof.SignOptions{Purpose: "authentication", Domain: []string{"domain.example"}, Challenge: "invalid-challenge"})
		}, map[string]any{"checks": []any{"proof"}, "domain": "domain.example", "challenge": "1235abcd6789"}},
		{"domain mismatch, assertionMethod", func() map[string]any {
			return signAs(t, key, suiteVC(key), proof.SignOptions{Domain: []string{"invalid-vc-domain.example.com"}})
		}, map[string]any{"domain": "domain.example"}},
		{"challenge asked, none signed", func() map[string]any { return valid }, map[string]any{"challenge": "1235abcd6789"}},
		{"proofValue removed", func() map[string]any { d := clone(t, valid); delete(pm(d), "proofValue"); return d }, nil},
		{"proofValue null", func() map[string]any { d := clone(t, valid); pm(d)["proofValue"] = nil; return d }, nil},
		{"proofValue without z", func() map[string]any {
			d := clone(t, valid)
			pm(d)["proofValue"] = pm(d)["proofValue"].(string)[1:]
			return d
		}, nil},
		{"proofValue with 32 bytes appended", func() map[string]any {
			d := clone(t, valid)
			_, sig, err := multibase.Decode(pm(d)["proofValue"].(string))
			require.NoError(t, err)
			long, err := multibase.Encode(multibase.Base58BTC, append(sig, make([]byte, 32)...))
			require.NoError(t, err)
			pm(d)["proofValue"] = long
			return d
		}, nil},
		{"created invalidDate", func() map[string]any {
			return signMutated(t, key, suiteVC(key), func(p map[string]any) { p["created"] = "invalidDate" })
		}, nil},
		{"created without offset", func() map[string]any {
			return signMutated(t, key, suiteVC(key), func(p map[string]any) { p["created"] = "2025-01-02T03:04:05" })
		}, nil},
		{"expires without offset", func() map[string]any {
			return signMutated(t, key, suiteVC(key), func(p map[string]any) { p["expires"] = "2099-01-02T03:04:05" })
		}, nil},
		{"undefined term signed", func() map[string]any {
			return signUnsafe(t, key, withSubjectMember(suiteVC(key), "undefinedTerm", "foo"))
		}, nil},
		{"undefined term added after signing", func() map[string]any {
			return withSubjectMember(clone(t, valid), "undefinedTerm", "foo")
		}, nil},
		{"type UndefinedType pushed", func() map[string]any {
			d := clone(t, valid)
			d["type"] = append(d["type"].([]any), "UndefinedType")
			return d
		}, nil},
		{"@base-dependent relative type", func() map[string]any {
			c := suiteVC(key)
			c["@context"] = []any{contextV2, map[string]any{"@base": "https://invalid.example.com/"}}
			c["type"] = []any{"VerifiableCredential", "UndefinedCredential"}
			d := signUnsafe(t, key, c)
			d["@context"] = []any{contextV2}
			return d
		}, nil},
		{"canonizeJcs as eddsa-rdfc-2022", func() map[string]any {
			return signAs(t, key, suiteVC(key), proof.SignOptions{Suite: mutatedSuite{base: proof.EdDSAJCS2022{}, name: "eddsa-rdfc-2022"}})
		}, nil},
		{"digestSha512", func() map[string]any {
			return signAs(t, key, suiteVC(key), proof.SignOptions{Suite: mutatedSuite{base: proof.EdDSARDFC2022{}, hash: sha512Sum}})
		}, nil},
		{"invalidVm did:key:invalidVm", func() map[string]any {
			// Sign refuses a did:key that is no did:key: sign over the
			// invalid method with a mutated configuration instead.
			return signMutated(t, key, suiteVC(key), func(p map[string]any) { p["verificationMethod"] = "did:key:invalidVm" })
		}, nil},
		{"invalidVm did:key:@invalidVm@", func() map[string]any {
			return signMutated(t, key, suiteVC(key), func(p map[string]any) { p["verificationMethod"] = "did:key:@invalidVm@" })
		}, nil},
		{"invalid proofPurpose", func() map[string]any {
			return signAs(t, key, suiteVC(key), proof.SignOptions{Purpose: "invalidPurpose", Suite: unsafeRDFC{}})
		}, nil},
		{"missing previousProof (string)", func() map[string]any { return chain(t, key, suiteVC(key), missingProofID, false) }, nil},
		{"missing previousProof (array)", func() map[string]any { return chain(t, key, suiteVC(key), missingProofID, true) }, nil},
		{"previousProofFail", func() map[string]any {
			d := chain(t, key, suiteVC(key), firstProofID, false)
			d["proof"].([]any)[0].(map[string]any)["proofValue"] = "invalidProofValue"
			return d
		}, nil},
		{"vcdm1.1 missing previousProof (string)", func() map[string]any { return chain(t, key, suiteVC11(t, key), missingProofID, false) }, nil},
		{"vcdm1.1 missing previousProof (array)", func() map[string]any { return chain(t, key, suiteVC11(t, key), missingProofID, true) }, nil},
		{"vcdm1.1 previousProofFail", func() map[string]any {
			d := chain(t, key, suiteVC11(t, key), firstProofID, false)
			d["proof"].([]any)[0].(map[string]any)["proofValue"] = "invalidProofValue"
			return d
		}, nil},
		{"vcdm1.1 previousProof not a string", func() map[string]any {
			d := chain(t, key, suiteVC11(t, key), firstProofID, false)
			d["proof"].([]any)[1].(map[string]any)["previousProof"] = 7
			return d
		}, nil},
		{"proof set, one proof tampered", func() map[string]any {
			d := signAs(t, foreign, valid, proof.SignOptions{})
			d["proof"].([]any)[0].(map[string]any)["proofValue"] = "z" + strings.Repeat("1", 86)
			return d
		}, nil},
	}
	for _, tc := range rejects {
		t.Run(tc.name, func(t *testing.T) {
			status, body := s.verify(t, tc.doc(), tc.options)
			requireRejected(t, status, body)
		})
	}

	// The positive controls of the mutations: the same proofs pass with
	// the options they were made for, so each rejection above is for the
	// mutation.
	accepts := []struct {
		name    string
		doc     func() map[string]any
		options map[string]any
	}{
		{"authentication proof with its domain and challenge", func() map[string]any {
			return signAs(t, key, suiteVC(key), proof.SignOptions{Purpose: "authentication", Domain: []string{"domain.example"}, Challenge: "1235abcd6789"})
		}, map[string]any{"expectedProofPurpose": "authentication", "domain": "domain.example", "challenge": "1235abcd6789"}},
		{"assertion proof with its domain", func() map[string]any {
			return signAs(t, key, suiteVC(key), proof.SignOptions{Domain: []string{"domain.example"}})
		}, map[string]any{"domain": "domain.example"}},
		{"mutatedSuite without a mutation", func() map[string]any {
			return signMutated(t, key, suiteVC(key), func(map[string]any) {})
		}, nil},
		{"proof set", func() map[string]any { return signAs(t, key, valid, proof.SignOptions{Created: fixedCreated.Add(1)}) }, nil},
		{"proof set with a foreign key", func() map[string]any { return signAs(t, foreign, valid, proof.SignOptions{}) }, nil},
		{"previousProof string", func() map[string]any { return chain(t, key, suiteVC(key), firstProofID, false) }, nil},
		{"previousProof array", func() map[string]any { return chain(t, key, suiteVC(key), firstProofID, true) }, nil},
		{"vcdm1.1 previousProof string", func() map[string]any { return chain(t, key, suiteVC11(t, key), firstProofID, false) }, nil},
		{"vcdm1.1 previousProof array", func() map[string]any { return chain(t, key, suiteVC11(t, key), firstProofID, true) }, nil},
	}
	for _, tc := range accepts {
		t.Run(tc.name, func(t *testing.T) {
			status, body := s.verify(t, tc.doc(), tc.options)
			requireVerified(t, status, body)
		})
	}
}

// withSubjectMember sets credentialSubject[name] = value.
func withSubjectMember(doc map[string]any, name string, value any) map[string]any {
	doc["credentialSubject"].(map[string]any)[name] = value
	return doc
}

// chain signs doc with a first proof (id firstProofID) and a second whose
// previousProof names prev, as a string or a one-element array.
func chain(t *testing.T, key testKey, doc map[string]any, prev string, array bool) map[string]any {
	t.Helper()
	first := signAs(t, key, doc, proof.SignOptions{ID: firstProofID})
	mutate := func(p map[string]any) {
		if array {
			p["previousProof"] = []any{prev}
		} else {
			p["previousProof"] = prev
		}
	}
	signed := signAs(t, key, first, proof.SignOptions{PreviousProof: []string{firstProofID}, Created: fixedCreated.Add(60e9),
		Suite: mutatedSuite{base: proof.EdDSARDFC2022{}, mutate: mutate}})
	proofs := signed["proof"].([]any)
	require.Len(t, proofs, 2)
	mutate(proofs[1].(map[string]any))
	return signed
}

// TestIssueV11FillsIssuanceDate: a VC Data Model 1.1 credential sent
// without issuanceDate is issued with the signing time (1.1 requires it),
// and verifies.
func TestIssueV11FillsIssuanceDate(t *testing.T) {
	s := newServer(t, nil)
	c := eddsaValidVC11(t)
	delete(c, "issuanceDate")
	c["issuer"] = s.issuer.did
	vcBody := s.mustIssue(t, c)
	issued, ok := vcBody["issuanceDate"].(string)
	require.True(t, ok, "%v", vcBody)
	_, err := time.Parse(time.RFC3339, issued)
	require.NoError(t, err)
	status, body := s.verify(t, vcBody, nil)
	requireVerified(t, status, body)
}
