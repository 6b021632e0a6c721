package vcapi_test

// Replicas of w3c/vc-data-model-2.0-test-suite against the handler: the
// issuer cases (section 4 of the data model), the presentation cases, and
// the issue-then-verify conformance case.

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/proof/ld"
	"github.com/clrkit/clrkit/vc"
	"github.com/clrkit/clrkit/vc/vcapi"
)

const contextExamplesV2 = "https://www.w3.org/ns/credentials/examples/v2"

// vcdm2Base is the suite's credential-ok.json shape: no issuer (the suite
// fills in the manifest id), one subject with a claim.
func vcdm2Base() map[string]any {
	return map[string]any{
		"@context":          []any{contextV2},
		"type":              []any{"VerifiableCredential"},
		"credentialSubject": map[string]any{"name": "Alice"},
	}
}

// with returns vcdm2Base changed by edit.
func with(edit func(c map[string]any)) func() map[string]any {
	return func() map[string]any {
		c := vcdm2Base()
		edit(c)
		return c
	}
}

// withExamples is with, on the [v2, examples/v2] contexts.
func withExamples(edit func(c map[string]any)) func() map[string]any {
	return with(func(c map[string]any) {
		c["@context"] = []any{contextV2, contextExamplesV2}
		edit(c)
	})
}

// vcdm2Issue is what the suite's endpoints.issue does: the manifest issuer
// id only when the credential has no issuer member, an issuer object
// without an id gets it too.
func vcdm2Issue(t *testing.T, s *server, cred map[string]any) (int, map[string]any) {
	t.Helper()
	if _, ok := cred["issuer"]; !ok {
		cred["issuer"] = s.issuer.did
	} else if obj, ok := cred["issuer"].(map[string]any); ok {
		if _, has := obj["id"]; !has {
			obj["id"] = s.issuer.did
		}
	}
	return s.issue(t, cred)
}

func TestVCDM2Issuer(t *testing.T) {
	s := newServer(t, nil)
	langValues := map[string]any{
		"string":          "Example Credential",
		"value object":    map[string]any{"@value": "Example Credential", "@language": "en"},
		"with @direction": map[string]any{"@value": "Example Credential", "@language": "en", "@direction": "ltr"},
		"multi-language": []any{
			map[string]any{"@value": "Example Credential", "@language": "en"},
			map[string]any{"@value": "Exemple d'Identifiant", "@language": "fr"},
		},
	}
	extraProp := map[string]any{"@value": "Example Credential", "@language": "en", "url": "did:example:credential"}

	accept := map[string]func() map[string]any{
		"contexts/ok":     vcdm2Base,
		"contexts/combo1": withExamples(func(map[string]any) {}),
		"contexts/combo2 inline": with(func(c map[string]any) {
			c["@context"] = []any{contextV2, map[string]any{"ex": "https://example.org/#"}}
		}),
		"contexts/single string": with(func(c map[string]any) { c["@context"] = contextV2 }),
		"ids/other":              with(func(c map[string]any) { c["id"] = "did:example:1234" }),
		"ids/single":             with(func(c map[string]any) { c["id"] = "http://university.example/credentials/3732" }),
		"ids/subject single": with(func(c map[string]any) {
			c["credentialSubject"].(map[string]any)["id"] = "did:example:ebfeb1f712ebc6f1c276e12ec21"
		}),
		"types/url": with(func(c map[string]any) {
			c["type"] = []any{"VerifiableCredential", "https://example.org/TestCredential"}
		}),
		"types/mapped url": with(func(c map[string]any) {
			c["@context"] = []any{contextV2, map[string]any{"ExampleTestCredential": "https://example.org/ExampleTestCredential"}}
			c["type"] = []any{"VerifiableCredential", "ExampleTestCredential"}
		}),
		"types/order 1":       withExamples(func(c map[string]any) { c["type"] = []any{"VerifiableCredential", "ExampleDegreeCredential"} }),
		"types/order 2":       withExamples(func(c map[string]any) { c["type"] = []any{"ExampleDegreeCredential", "VerifiableCredential"} }),
		"types/single string": with(func(c map[string]any) { c["type"] = "VerifiableCredential" }),
		"status/ok": with(func(c map[string]any) {
			c["credentialStatus"] = bitstringStatus("https://example.com/credentials/status/3#94567")
		}),
		"status/no id": with(func(c map[string]any) { st := bitstringStatus(""); c["credentialStatus"] = st }),
		"status/examples type": withExamples(func(c map[string]any) {
			c["credentialStatus"] = map[string]any{"id": "https://example.com/status/1", "type": "ExampleStatusEntry"}
		}),
		"termsOfUse/ok": withExamples(func(c map[string]any) { c["termsOfUse"] = map[string]any{"type": "ExampleTermsOfUse"} }),
		"termsOfUse/id": withExamples(func(c map[string]any) {
			c["termsOfUse"] = map[string]any{"id": "https://example.com/tou/1", "type": "ExampleTermsOfUse"}
		}),
		"termsOfUse/many": withExamples(func(c map[string]any) {
			c["termsOfUse"] = []any{map[string]any{"type": "ExampleTermsOfUse"}, map[string]any{"type": "ExampleTermsOfUse2"}}
		}),
		"evidence/ok": withExamples(func(c map[string]any) {
			c["evidence"] = map[string]any{"id": "https://example.com/evidence/1", "type": []any{"Evidence"}}
		}),
		"evidence/many": withExamples(func(c map[string]any) {
			c["evidence"] = []any{map[string]any{"type": "Evidence"}, map[string]any{"type": "ExampleEvidence"}}
		}),
		"refreshService/ok": withExamples(func(c map[string]any) {
			c["refreshService"] = map[string]any{"id": "https://example.com/refresh", "type": "ExampleRefreshService"}
		}),
		"refreshService/many": withExamples(func(c map[string]any) {
			c["refreshService"] = []any{map[string]any{"type": "ExampleRefreshService"}, map[string]any{"type": "ExampleRefreshService2"}}
		}),
		"credentialSchema/ok": with(func(c map[string]any) { c["credentialSchema"] = jsonSchema("https://example.org/examples/degree.json") }),
		"credentialSchema/many": with(func(c map[string]any) {
			c["credentialSchema"] = []any{jsonSchema("https://example.org/a.json"), jsonSchema("https://example.org/b.json")}
		}),
		"issuer/object": with(func(c map[string]any) { c["issuer"] = map[string]any{"name": "Example Issuer"} }),
		"subject/multiple": with(func(c map[string]any) {
			c["credentialSubject"] = []any{map[string]any{"name": "Alice"}, map[string]any{"name": "Bob"}}
		}),
		"validFrom/ms":        with(func(c map[string]any) { c["validFrom"] = "2024-02-25T19:16:31.123Z" }),
		"validFrom/tz":        with(func(c map[string]any) { c["validFrom"] = "2024-02-25T19:16:31-06:00" }),
		"validUntil/ok":       with(func(c map[string]any) { c["validUntil"] = "2035-02-25T19:16:31Z" }),
		"validUntil/ms":       with(func(c map[string]any) { c["validUntil"] = "2035-02-25T19:16:31.123Z" }),
		"validUntil/tz":       with(func(c map[string]any) { c["validUntil"] = "2035-02-25T19:16:31+05:30" }),
		"relatedResource/SRI": with(func(c map[string]any) { c["relatedResource"] = relatedV2("digestSRI") }),
		"relatedResource/MB":  with(func(c map[string]any) { c["relatedResource"] = relatedV2("digestMultibase") }),
		"relatedResource/array": with(func(c map[string]any) {
			r := relatedV2("digestSRI")
			r["mediaType"] = "application/ld+json"
			c["relatedResource"] = []any{r}
		}),
		"name/absent on issuer":   with(func(c map[string]any) { c["issuer"] = map[string]any{} }),
		"description/with issuer": with(func(c map[string]any) { c["issuer"] = map[string]any{"description": "An issuer"} }),
	}
	for name, v := range langValues {
		accept["name/"+name] = with(func(c map[string]any) { c["name"] = v })
		accept["description/"+name] = with(func(c map[string]any) { c["description"] = v })
		accept["issuer.name/"+name] = with(func(c map[string]any) { c["issuer"] = map[string]any{"name": v} })
		accept["issuer.description/"+name] = with(func(c map[string]any) { c["issuer"] = map[string]any{"description": v} })
	}

	reject := map[string]func() map[string]any{
		"contexts/combo3 not a URL": with(func(c map[string]any) { c["@context"] = []any{contextV2, "https ://not-a-url/contexts/example/v1"} }),
		"contexts/combo4 number":    with(func(c map[string]any) { c["@context"] = []any{contextV2, 123192875} }),
		"contexts/unknown URL":      with(func(c map[string]any) { c["@context"] = []any{contextV2, "https://example.com"} }),
		"contexts/v2 not first":     with(func(c map[string]any) { c["@context"] = []any{contextExamplesV2, contextV2} }),
		"ids/null":                  with(func(c map[string]any) { c["id"] = nil }),
		"ids/multiple":              with(func(c map[string]any) { c["id"] = []any{"urn:uuid:1", "urn:uuid:2"} }),
		"ids/subject multiple": with(func(c map[string]any) {
			c["credentialSubject"].(map[string]any)["id"] = []any{"did:example:1", "did:example:2"}
		}),
		"ids/not a URL": with(func(c map[string]any) { c["id"] = "not a url" }),
		"ids/relative":  with(func(c map[string]any) { c["id"] = "credentials/3732" }),
		"types/none":    with(func(c map[string]any) { delete(c, "type") }),
		"types/mapped to a non-URL": with(func(c map[string]any) {
			c["@context"] = []any{contextV2, map[string]any{"ExampleTestCredential": "not-a-url"}}
			c["type"] = []any{"VerifiableCredential", "ExampleTestCredential"}
		}),
		"types/unmapped, @vocab null": with(func(c map[string]any) {
			c["@context"] = []any{contextV2, map[string]any{"@vocab": nil}}
			c["type"] = []any{"VerifiableCredential", "ExampleTestCredential"}
		}),
		"types/unmapped":         with(func(c map[string]any) { c["type"] = []any{"VerifiableCredential", "ExampleTestCredential"} }),
		"types/missing required": withExamples(func(c map[string]any) { c["type"] = []any{"ExampleDegreeCredential"} }),
		"types/number":           with(func(c map[string]any) { c["type"] = []any{"VerifiableCredential", 7} }),
		"status/missing type":    with(func(c map[string]any) { c["credentialStatus"] = map[string]any{"id": "https://example.com/status/1"} }),
		"status/multiple ids": with(func(c map[string]any) {
			st := bitstringStatus("")
			st["id"] = []any{"https://a.example/1", "https://b.example/2"}
			c["credentialStatus"] = st
		}),
		"status/non-URL id": with(func(c map[string]any) { c["credentialStatus"] = bitstringStatus("not a url") }),
		"status/non-URL type": with(func(c map[string]any) {
			c["credentialStatus"] = map[string]any{"id": "https://example.com/status/1", "type": "not a url"}
		}),
		"termsOfUse/missing type":     withExamples(func(c map[string]any) { c["termsOfUse"] = map[string]any{"id": "https://example.com/tou/1"} }),
		"evidence/missing type":       withExamples(func(c map[string]any) { c["evidence"] = map[string]any{"id": "https://example.com/evidence/1"} }),
		"refreshService/missing type": withExamples(func(c map[string]any) { c["refreshService"] = map[string]any{"id": "https://example.com/refresh"} }),
		"credentialSchema/missing type": with(func(c map[string]any) {
			c["credentialSchema"] = map[string]any{"id": "https://example.org/examples/degree.json"}
		}),
		"credentialSchema/missing id":   with(func(c map[string]any) { c["credentialSchema"] = map[string]any{"type": "JsonSchema"} }),
		"credentialSchema/numeric id":   with(func(c map[string]any) { c["credentialSchema"] = map[string]any{"id": 123, "type": "JsonSchema"} }),
		"name/extra prop":               with(func(c map[string]any) { c["name"] = extraProp }),
		"description/extra prop":        with(func(c map[string]any) { c["description"] = extraProp }),
		"issuer.name/extra prop":        with(func(c map[string]any) { c["issuer"] = map[string]any{"name": extraProp} }),
		"issuer.description/extra prop": with(func(c map[string]any) { c["issuer"] = map[string]any{"description": extraProp} }),
		"name/in a list, extra prop":    with(func(c map[string]any) { c["name"] = []any{"ok", extraProp} }),
		"issuer/not a URL":              with(func(c map[string]any) { c["issuer"] = "not a url" }),
		"issuer/null":                   with(func(c map[string]any) { c["issuer"] = nil }),
		"issuer/object id null":         with(func(c map[string]any) { c["issuer"] = map[string]any{"id": nil, "name": "Example Issuer"} }),
		"issuer/object id not a URL":    with(func(c map[string]any) { c["issuer"] = map[string]any{"id": "not a url"} }),
		"issuer/another issuer":         with(func(c map[string]any) { c["issuer"] = "did:example:another" }),
		"subject/missing":               with(func(c map[string]any) { delete(c, "credentialSubject") }),
		"subject/no claims":             with(func(c map[string]any) { c["credentialSubject"] = map[string]any{} }),
		"subject/multiple with an empty": with(func(c map[string]any) {
			c["credentialSubject"] = []any{map[string]any{"name": "Alice"}, map[string]any{}}
		}),
		"validFrom/invalid":      with(func(c map[string]any) { c["validFrom"] = "Sat 25 Feb 2023 07:16:31 PM CST" }),
		"validFrom/no time zone": with(func(c map[string]any) { c["validFrom"] = "2024-02-25T19:16:31" }),
		"validUntil/invalid":     with(func(c map[string]any) { c["validUntil"] = "Sat 25 Feb 2023 07:16:31 PM CST" }),
		"redefine VerifiableCredential": with(func(c map[string]any) {
			c["@context"] = []any{contextV2, map[string]any{"VerifiableCredential": "https://example.org/#BadVerifiableCredential"}}
		}),
		"redefine VerifiableCredential 2": with(func(c map[string]any) {
			c["@context"] = []any{contextV2, map[string]any{"@protected": false, "VerifiableCredential": map[string]any{"@id": "https://example.org/#BadVerifiableCredential"}}}
		}),
		"relatedResource/strings": with(func(c map[string]any) { c["relatedResource"] = []any{"https://www.w3.org/ns/credentials/v2"} }),
		"relatedResource/no id":   with(func(c map[string]any) { r := relatedV2("digestSRI"); delete(r, "id"); c["relatedResource"] = r }),
		"relatedResource/duplicate id": with(func(c map[string]any) {
			c["relatedResource"] = []any{relatedV2("digestSRI"), relatedV2("digestMultibase")}
		}),
		"relatedResource/no digest": with(func(c map[string]any) {
			c["relatedResource"] = map[string]any{"id": "https://www.w3.org/ns/credentials/v2"}
		}),
		"proof present":   with(func(c map[string]any) { c["proof"] = map[string]any{"type": "DataIntegrityProof"} }),
		"undefined claim": with(func(c map[string]any) { c["credentialSubject"].(map[string]any)["undefinedTerm"] = "x" }),
	}

	for name, cred := range accept {
		t.Run("accept/"+name, func(t *testing.T) {
			status, body := vcdm2Issue(t, s, cred())
			require.Equal(t, http.StatusCreated, status, "%v", body)
			vcred := body["verifiableCredential"].(map[string]any)
			ctxs, ok := vcred["@context"].([]any)
			if !ok {
				assert.Equal(t, contextV2, vcred["@context"], "a single-string context is kept")
			} else {
				assert.Equal(t, contextV2, ctxs[0])
			}
			assert.NotNil(t, vcred["issuer"])
			assert.NotNil(t, vcred["proof"])
		})
	}
	for name, cred := range reject {
		t.Run("reject/"+name, func(t *testing.T) {
			status, body := vcdm2Issue(t, s, cred())
			require.Contains(t, []int{http.StatusBadRequest, http.StatusUnprocessableEntity}, status, "%v", body)
			require.NotEmpty(t, body["errors"], "the problem lists what is wrong")
		})
	}

	// injectOrReject: a credential without the v2 context is either
	// refused or issued with v2 first.
	for name, cred := range map[string]func() map[string]any{
		"no context":           with(func(c map[string]any) { delete(c, "@context") }),
		"missing base context": with(func(c map[string]any) { c["@context"] = []any{contextExamplesV2} }),
		"empty context":        with(func(c map[string]any) { c["@context"] = []any{} }),
	} {
		t.Run("injectOrReject/"+name, func(t *testing.T) {
			status, body := vcdm2Issue(t, s, cred())
			if status == http.StatusCreated {
				ctxs, _ := body["verifiableCredential"].(map[string]any)["@context"].([]any)
				require.NotEmpty(t, ctxs)
				require.Equal(t, contextV2, ctxs[0])
				return
			}
			require.Contains(t, []int{http.StatusBadRequest, http.StatusUnprocessableEntity}, status, "%v", body)
		})
	}
}

func bitstringStatus(id string) map[string]any {
	st := map[string]any{"type": "BitstringStatusListEntry", "statusPurpose": "revocation",
		"statusListIndex": "94567", "statusListCredential": "https://example.com/credentials/status/3"}
	if id != "" {
		st["id"] = id
	}
	return st
}

func jsonSchema(id string) map[string]any { return map[string]any{"id": id, "type": "JsonSchema"} }

// relatedV2 is the suite's relatedResource entry for the v2 context, with
// one of its digests.
func relatedV2(digest string) map[string]any {
	r := map[string]any{"id": contextV2}
	switch digest {
	case "digestSRI":
		r["digestSRI"] = "sha384-NSOcNpmdIVUxIJGvGUoe22FjTWrXiaXlsZ8q6912LdnR3KraQO2n75Ica4wK4Qeg"
	case "digestMultibase":
		r["digestMultibase"] = "uJKGMkOmFbVJhEfKTduMC2XCyvRAYLjOVmZWwIH1wQ7k"
	}
	return r
}

// TestVCDM2RelatedResourceDigest is the digest-mismatch row, which needs
// the resource's bytes: given them through Options.RelatedResources, the
// issuer refuses digests that do not match and accepts those that do.
// (The suite names the v2 context as served by w3.org; its digests are
// not those of clrkit's embedded copy, so without the network the row can
// only be replicated with known bytes.)
func TestVCDM2RelatedResourceDigest(t *testing.T) {
	const url = "https://example.org/resource.json"
	content := []byte(`{"hello": "world"}` + "\n")
	s := newServer(t, func(o *vcapi.Options) { o.RelatedResources = map[string][]byte{url: content} })
	cases := map[string]struct {
		entry map[string]any
		ok    bool
	}{
		"SRI sha384 match":     {map[string]any{"id": url, "digestSRI": sri384(content)}, true},
		"SRI sha256 match":     {map[string]any{"id": url, "digestSRI": sri256(content)}, true},
		"multibase match":      {map[string]any{"id": url, "digestMultibase": mb256(content)}, true},
		"both match":           {map[string]any{"id": url, "digestSRI": sri384(content), "digestMultibase": mb256(content)}, true},
		"SRI mismatch":         {map[string]any{"id": url, "digestSRI": "sha384-_rCVIV7fWfNdVQ1yY2EdmcSu5IvmrKMpY6Y4kRdYwoDIb8gW9oTqnvuhYfgA2hz2"}, false},
		"SRI wrong content":    {map[string]any{"id": url, "digestSRI": sri384([]byte("other"))}, false},
		"multibase mismatch":   {map[string]any{"id": url, "digestMultibase": "uM4RgWQc3RUDtjJCSgTJtTfvpZ7SPEg_LNO0ESlovQC0"}, false},
		"one of two mismatch":  {map[string]any{"id": url, "digestSRI": sri384(content), "digestMultibase": mb256([]byte("other"))}, false},
		"SRI unknown alg":      {map[string]any{"id": url, "digestSRI": "md5-abc"}, false},
		"multibase not base64": {map[string]any{"id": url, "digestMultibase": "z3yMApqCuCjXDWPrbjfR5mjCPTHqFG8Pux1TxQrEM35jj"}, false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := vcdm2Base()
			c["relatedResource"] = tc.entry
			status, body := vcdm2Issue(t, s, c)
			if tc.ok {
				require.Equal(t, http.StatusCreated, status, "%v", body)
			} else {
				require.Equal(t, http.StatusUnprocessableEntity, status, "%v", body)
			}
		})
	}
}

// TestVCDM2Temporality is testTemporality: from -1y until +1y issues and
// verifies; from +1y until -1y is refused at issuance or at verification.
func TestVCDM2Temporality(t *testing.T) {
	s := newServer(t, nil)
	now := time.Now().UTC()
	stamp := func(years int) string { return now.AddDate(years, 0, 0).Format("2006-01-02T15:04:05Z") }

	c := vcdm2Base()
	c["validFrom"], c["validUntil"] = stamp(-1), stamp(1)
	status, body := vcdm2Issue(t, s, c)
	require.Equal(t, http.StatusCreated, status, "%v", body)
	status, body = s.post(t, "/credentials/verify", map[string]any{"verifiableCredential": body["verifiableCredential"], "options": map[string]any{"checks": []any{"proof"}}})
	requireVerified(t, status, body)

	c = vcdm2Base()
	c["validFrom"], c["validUntil"] = stamp(1), stamp(-1)
	status, body = vcdm2Issue(t, s, c)
	if status == http.StatusCreated {
		status, body = s.verify(t, body["verifiableCredential"], nil)
	}
	requireRejected(t, status, body)

	// Issued with validFrom in the future (allowed), it does not verify yet.
	c = vcdm2Base()
	c["validFrom"] = stamp(1)
	vcred := s.mustIssue(t, c)
	status, body = s.verify(t, vcred, nil)
	requireRejected(t, status, body)
}

// TestVCDM2Conformance is "Basic Conformance": the issued credential has
// every required property and a proof, and verifies; the unsigned one and
// a NonconformingDocument do not.
func TestVCDM2Conformance(t *testing.T) {
	s := newServer(t, nil)
	vcred := s.mustIssue(t, vcdm2Base())
	for _, name := range []string{"@context", "type", "issuer", "credentialSubject", "proof"} {
		assert.Contains(t, vcred, name)
	}
	status, body := s.verify(t, vcred, nil)
	requireVerified(t, status, body)

	unsigned := vcdm2Base()
	unsigned["issuer"] = s.issuer.did
	status, body = s.verify(t, unsigned, nil)
	requireRejected(t, status, body, "unsigned credential")

	nonconforming := map[string]any{"type": []any{"NonconformingDocument"}}
	status, body = s.verify(t, nonconforming, nil)
	requireRejected(t, status, body, "NonconformingDocument to /credentials/verify")
	status, body = s.verifyVP(t, nonconforming, vpOptions("uChallenge"))
	requireRejected(t, status, body, "NonconformingDocument to /presentations/verify")
	status, body = s.verifyVP(t, nonconforming, nil)
	requireRejected(t, status, body, "NonconformingDocument without options")
}

// vpDomain is the domain the VCDM 2.0 suite sends.
const vpDomain = "github.com/w3c/vc-data-model-2.0-test-suite"

func vpOptions(challenge string) map[string]any {
	return map[string]any{"domain": vpDomain, "challenge": challenge}
}

// TestVCDM2Presentations replicates the presentation rows: VPs signed by
// the suite's localIssuer key with authentication, the domain and a random
// challenge, and the malformed ones it sends.
func TestVCDM2Presentations(t *testing.T) {
	s := newServer(t, nil)
	holder := newTestKey(t, 4) // the suite's localIssuer
	const challenge = "uQ2hhbGxlbmdlMTIzNDU2Nzg"
	signVP := func(vp map[string]any) map[string]any {
		return signAs(t, holder, vp, proof.SignOptions{Purpose: "authentication", Challenge: challenge, Domain: []string{vpDomain}})
	}
	signVPUnsafe := func(vp map[string]any) map[string]any {
		return signAs(t, holder, vp, proof.SignOptions{Suite: unsafeRDFC{}, Purpose: "authentication", Challenge: challenge, Domain: []string{vpDomain}})
	}
	signedVC := func() map[string]any {
		c := vcdm2Base()
		c["issuer"] = holder.did
		return signAs(t, holder, c, proof.SignOptions{})
	}
	vp := func(ctx ...any) map[string]any {
		if len(ctx) == 0 {
			ctx = []any{contextV2}
		}
		return map[string]any{"@context": ctx, "type": []any{"VerifiablePresentation"}, "verifiableCredential": []any{}}
	}

	accept := map[string]func() map[string]any{
		"presentation-ok": func() map[string]any { return signVP(vp()) },
		"context combo1":  func() map[string]any { return signVP(vp(contextV2, contextExamplesV2)) },
		"context combo2":  func() map[string]any { return signVP(vp(contextV2, map[string]any{"ex": "https://example.org/#"})) },
		"id": func() map[string]any {
			p := vp()
			p["id"] = "urn:uuid:3978344f-8596-4c3a-a978-8fcaba3903c5"
			return signVP(p)
		},
		"holder URL":    func() map[string]any { p := vp(); p["holder"] = holder.did; return signVP(p) },
		"holder object": func() map[string]any { p := vp(); p["holder"] = map[string]any{"id": holder.did}; return signVP(p) },
		"optional type": func() map[string]any {
			p := vp(contextV2, contextExamplesV2)
			p["type"] = []any{"VerifiablePresentation", "ExamplePresentation"}
			return signVP(p)
		},
		"one signed VC": func() map[string]any { p := vp(); p["verifiableCredential"] = []any{signedVC()}; return signVP(p) },
		"multiple signed VCs": func() map[string]any {
			p := vp()
			p["verifiableCredential"] = []any{signedVC(), signedVC()}
			return signVP(p)
		},
		"VC as an object": func() map[string]any { p := vp(); p["verifiableCredential"] = signedVC(); return signVP(p) },
		"VC issued by the handler": func() map[string]any {
			p := vp()
			p["verifiableCredential"] = []any{s.mustIssue(t, vcdm2Base())}
			return signVP(p)
		},
	}
	for name, doc := range accept {
		t.Run("accept/"+name, func(t *testing.T) {
			status, body := s.verifyVP(t, doc(), vpOptions(challenge))
			requireVerified(t, status, body)
		})
	}

	reject := map[string]func() map[string]any{
		"@context deleted after signing": func() map[string]any { p := signVP(vp()); delete(p, "@context"); return p },
		"inline context before v2": func() map[string]any {
			return signVPUnsafe(vp(map[string]any{"ex": "https://example.org/#"}, contextV2))
		},
		"examples/v2 before v2": func() map[string]any { return map[string]any{"@context": []any{contextExamplesV2, contextV2}} },
		"missing base context, unsigned": func() map[string]any {
			return map[string]any{"@context": []any{}, "type": []any{"VerifiablePresentation"}}
		},
		"no type, unsigned": func() map[string]any {
			return map[string]any{"@context": []any{contextV2}, "verifiableCredential": []any{}}
		},
		"missing required type, unsigned": func() map[string]any {
			return map[string]any{"@context": []any{contextV2, contextExamplesV2}, "type": []any{"ExamplePresentation"}}
		},
		"missing required type, signed": func() map[string]any {
			return signVPUnsafe(map[string]any{"@context": []any{contextV2, contextExamplesV2}, "type": []any{"ExamplePresentation"}})
		},
		"NonconformingDocument": func() map[string]any { return map[string]any{"type": []any{"NonconformingDocument"}} },
		"proofValue tampered": func() map[string]any {
			p := signVP(vp())
			p["proof"].(map[string]any)["proofValue"] = "z5nmMBw2u9TGKd9NxxHJtyZKgjN2Eh"
			return p
		},
		"context[1] example.com": func() map[string]any { return mutateContext1(signVP(vpWithVC(signedVC())), "https://example.com") },
		"context[1] not a URL": func() map[string]any {
			return mutateContext1(signVP(vpWithVC(signedVC())), "https ://not-a-url/contexts/example/v1")
		},
		"context[1] number":       func() map[string]any { return mutateContext1(signVP(vpWithVC(signedVC())), 123192875) },
		"unsigned, challenge set": func() map[string]any { return vp() },
		"wrong challenge": func() map[string]any {
			return signAs(t, holder, vp(), proof.SignOptions{Purpose: "authentication", Challenge: "other", Domain: []string{vpDomain}})
		},
		"wrong domain": func() map[string]any {
			return signAs(t, holder, vp(), proof.SignOptions{Purpose: "authentication", Challenge: challenge, Domain: []string{"other.example"}})
		},
		"assertionMethod proof": func() map[string]any {
			return signAs(t, holder, vp(), proof.SignOptions{Purpose: did.AssertionMethod, Challenge: challenge, Domain: []string{vpDomain}})
		},
		"holder not the signer": func() map[string]any { p := vp(); p["holder"] = "did:example:acme"; return signVP(p) },
		"tampered VC inside": func() map[string]any {
			c := signedVC()
			c["credentialSubject"].(map[string]any)["name"] = "Mallory"
			return signVP(vpWithVC(c))
		},
		"unsigned VC inside": func() map[string]any {
			c := vcdm2Base()
			c["issuer"] = holder.did
			return signVP(vpWithVC(c))
		},
	}
	for name, doc := range reject {
		t.Run("reject/"+name, func(t *testing.T) {
			status, body := s.verifyVP(t, doc(), vpOptions(challenge))
			requireRejected(t, status, body)
			if name == "unsigned, challenge set" {
				requireUnsigned(t, status, body)
			}
		})
	}

	t.Run("unsigned, no challenge or domain asked", func(t *testing.T) {
		p := vp()
		p["verifiableCredential"] = []any{signedVC()}
		status, body := s.verifyVP(t, p, map[string]any{})
		requireVerified(t, status, body)
		nested, _ := body["nested"].([]any)
		require.Len(t, nested, 1, "the credential inside is verified: %v", body)
		assert.Equal(t, true, nested[0].(map[string]any)["verified"])

		c := signedVC()
		c["credentialSubject"].(map[string]any)["name"] = "Mallory"
		status, body = s.verifyVP(t, vpWithVC(c), nil)
		requireRejected(t, status, body, "an unsigned VP with a tampered credential")
	})
	t.Run("unsigned, domain only asked", func(t *testing.T) {
		status, body := s.verifyVP(t, vp(), map[string]any{"domain": vpDomain})
		requireUnsigned(t, status, body)
	})
}

// requireUnsigned asserts that a presentation was refused for having no
// proof: 422 with an UNSIGNED_PRESENTATION error at /proof (not, say, 400
// for some other reason).
func requireUnsigned(t testing.TB, status int, body map[string]any) {
	t.Helper()
	require.Equal(t, http.StatusUnprocessableEntity, status, body)
	errs, _ := body["errors"].([]any)
	for _, e := range errs {
		if m, _ := e.(map[string]any); m["code"] == vc.CodeUnsignedPresentation && m["path"] == "/proof" {
			return
		}
	}
	t.Fatalf("no %s error at /proof: %v", vc.CodeUnsignedPresentation, body)
}

func vpWithVC(c map[string]any) map[string]any {
	return map[string]any{"@context": []any{contextV2, contextExamplesV2}, "type": []any{"VerifiablePresentation"}, "verifiableCredential": []any{c}}
}

func mutateContext1(p map[string]any, v any) map[string]any {
	p["@context"].([]any)[1] = v
	return p
}

// TestExamplesV2Context checks that clrkit's embedded examples/v2 context is
// the suite's stub, so fixtures on it mean the same to both.
func TestExamplesV2Context(t *testing.T) {
	data, err := ld.DefaultLoader().LoadDocument(t.Context(), contextExamplesV2)
	require.NoError(t, err)
	assert.JSONEq(t, `{"@context":{"@vocab":"https://www.w3.org/ns/credentials/examples#"}}`, string(data))
	assert.False(t, strings.Contains(string(data), "@protected"))
}

func sri384(b []byte) string {
	h := sha512.Sum384(b)
	return "sha384-" + base64.StdEncoding.EncodeToString(h[:])
}

func sri256(b []byte) string {
	h := sha256.Sum256(b)
	return "sha256-" + base64.StdEncoding.EncodeToString(h[:])
}

func mb256(b []byte) string {
	h := sha256.Sum256(b)
	return "u" + base64.RawURLEncoding.EncodeToString(h[:])
}
