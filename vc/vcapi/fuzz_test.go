package vcapi_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/clrkit/clrkit/vc/statuslist"
	"github.com/clrkit/clrkit/vc/vcapi"
)

// FuzzHandler sends arbitrary bodies to each endpoint (and an unknown
// path): the handler never panics, answers with one of the statuses it
// documents, and always with a JSON body.
func FuzzHandler(f *testing.F) {
	issuer := newTestKey(f, 1)
	h := newHandler(f, func(o *vcapi.Options) { // status entries too
		o.Status = &statuslist.Issuer{Store: statuslist.NewMemoryStore(nil), ID: issuer.did, BaseURL: "https://example.edu/status"}
	})
	s := newServer(f, nil)
	issued, err := json.Marshal(map[string]any{"verifiableCredential": s.mustIssue(f, vcdm2Base())})
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		`{"credential": {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "credentialSubject": {"name": "Alice"}}}`,
		`{"credential": {"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiableCredential"], "issuanceDate": "2020-01-01T00:00:00Z", "credentialSubject": {"id": "did:example:1"}}}`,
		`{"credential": {"@context": ["https://www.w3.org/ns/credentials/v2", {"@vocab": null}], "type": ["VerifiableCredential", "X"], "credentialSubject": {"name": {"@value": "a", "url": "b"}}, "relatedResource": [{"id": "https://a.example", "digestSRI": "sha384-x"}]}}`,
		string(issued),
		`{"verifiablePresentation": {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"], "verifiableCredential": []}, "options": {"challenge": "c", "domain": "d"}}`,
		`{"verifiableCredential": {"type": ["NonconformingDocument"]}, "options": {"checks": ["proof"], "expectedProofPurpose": "authentication"}}`,
		`{"verifiableCredential": "eyJhbGciOiJFZERTQSJ9.e30.AAAA"}`,
		`{"verifiableCredential": {"proof": [{"type": "DataIntegrityProof", "previousProof": ["a", "b"]}]}}`,
		`{"credential": {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:x:1", "type": ["VerifiableCredential"], "credentialSubject": {"id": "did:example:1"}}, "options": {"credentialStatus": {"type": "BitstringStatusListEntry", "statusPurpose": ["revocation", "suspension"]}}}`,
		`{"credential": {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "credentialSubject": {"id": "did:example:1"}}, "options": {"credentialStatus": {"type": "StatusList2021Entry", "statusPurpose": 7}}}`,
		`[]`, `""`, `null`, `{`,
	} {
		for ep := range uint8(4) {
			f.Add(ep, []byte(seed))
		}
	}
	paths := []string{"/credentials/issue", "/credentials/verify", "/presentations/verify", "/credentials/derive"}
	allowed := map[int]bool{200: true, 201: true, 400: true, 404: true, 405: true, 413: true, 422: true, 501: true}
	f.Fuzz(func(t *testing.T, ep uint8, body []byte) {
		path := paths[int(ep)%len(paths)]
		method := http.MethodPost
		if ep >= 128 {
			method = http.MethodGet
		}
		rec := do(h, method, path, string(body))
		if !allowed[rec.Code] {
			t.Fatalf("%s %s: status %d: %s", method, path, rec.Code, rec.Body)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s %s: %d with a body that is not JSON: %q", method, path, rec.Code, rec.Body)
		}
	})
}
