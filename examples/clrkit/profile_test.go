package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// didWebKey is a key of did:web:example.edu (keygen --seed 02...02
// --controller did:web:example.edu --id did:web:example.edu#key-1).
const didWebKey = `{"id": "did:web:example.edu#key-1", "type": "Multikey", "controller": "did:web:example.edu",
  "publicKeyMultibase": "z6Mko9hTggMwjSTEaJaPUfE6tqcy2xvU6BnNq3e3o8qVBiyH",
  "secretKeyMultibase": "z3u2RMeNqiwBRvKPQahQCDXpFt6VWgBwkWLJJbQKZC7cG2NM"}`

// didWebDocument is the DID document of did:web:example.edu, naming the
// DID id.
func didWebDocument(id string) string {
	return `{"@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"], "id": "` + id + `",
  "verificationMethod": [{"id": "did:web:example.edu#key-1", "type": "Multikey", "controller": "did:web:example.edu",
    "publicKeyMultibase": "z6Mko9hTggMwjSTEaJaPUfE6tqcy2xvU6BnNq3e3o8qVBiyH"}],
  "assertionMethod": ["did:web:example.edu#key-1"]}`
}

// documentsDir writes a --documents directory holding the DID document.
func documentsDir(t *testing.T, didDocument string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{
		"index.json":           `{"https://example.edu/.well-known/did.json": "example.edu/did.json"}`,
		"example.edu/did.json": didDocument,
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestVerifyProfilesAndDocuments: a did:web credential verifies offline
// from a local copy of its DID document, and the profiles decide what its
// missing subject identifier means.
func TestVerifyProfilesAndDocuments(t *testing.T) {
	unsigned := strings.Replace(credential, `"id": "https://example.edu/issuers/1"`, `"id": "did:web:example.edu"`, 1)
	code, signed, stderr := runCLI(t, "", "sign", "--key", writeTemp(t, "key.json", didWebKey), "--created", "2024-06-01T00:00:00Z",
		writeTemp(t, "c.json", unsigned))
	if code != exitOK {
		t.Fatalf("sign: exit %d: %s", code, stderr)
	}
	file := writeTemp(t, "signed.json", signed)
	dir := documentsDir(t, didWebDocument("did:web:example.edu"))

	code, r := verifyReport(t, file)
	if code != exitRejected || !r.HasError("VERIFICATION_METHOD_ERROR") {
		t.Fatalf("offline without documents: exit %d, %+v", code, r)
	}
	code, r = verifyReport(t, "--documents", dir, file)
	if code != exitRejected || r.Profile != "spec" || len(r.Errors) != 1 || r.Errors[0].Code != "MISSING_SUBJECT_IDENTIFIER" ||
		r.Errors[0].Class != "conformance" || r.CheckStatus("proof") != "passed" {
		t.Fatalf("spec: exit %d, %+v", code, r)
	}
	if len(r.LocalDocuments) != 1 || r.LocalDocuments[0].URL != "https://example.edu/.well-known/did.json" ||
		r.LocalDocuments[0].File != "example.edu/did.json" {
		t.Fatalf("local documents %+v", r.LocalDocuments)
	}
	code, r = verifyReport(t, "--documents", dir, "--profile", "authenticity", file)
	if code != exitOK || r.Profile != "authenticity" || !r.HasWarning("MISSING_SUBJECT_IDENTIFIER") || r.CheckStatus("structure") != "warning" {
		t.Fatalf("authenticity: exit %d, %+v", code, r)
	}
	code, r = verifyReport(t, "--documents", dir, "--profile", "1edtech", file)
	if code != exitOK || !r.HasWarning("MISSING_SUBJECT_IDENTIFIER") {
		t.Fatalf("1edtech: exit %d, %+v", code, r)
	}

	// The local copy is checked as a fetched one: its id must be the DID.
	code, r = verifyReport(t, "--documents", documentsDir(t, didWebDocument("did:web:example.org")), "--profile", "authenticity", file)
	if code != exitRejected || !r.HasError("VERIFICATION_METHOD_ERROR") {
		t.Fatalf("wrong DID document: exit %d, %+v", code, r)
	}

	code, out, _ := runCLI(t, "", "verify", "--format", "text", "--documents", dir, "--profile", "authenticity", file)
	if code != exitOK || !strings.Contains(out, "profile authenticity") || !strings.Contains(out, "local copy example.edu/did.json for https://example.edu/.well-known/did.json") ||
		!strings.Contains(out, "conformance") {
		t.Fatalf("text: exit %d\n%s", code, out)
	}
}

func TestVerifyProfileUsage(t *testing.T) {
	for _, args := range [][]string{
		{"verify", "--profile", "lenient", "testdata/ob3-basic.signed.json"},
		{"verify", "--allow-host", "127.0.0.1", "testdata/ob3-basic.signed.json"}, // needs --allow-network
		{"verify", "--documents", t.TempDir(), "testdata/ob3-basic.signed.json"},  // no index.json
	} {
		if code, _, stderr := runCLI(t, "", args...); code != exitUsage || stderr == "" {
			t.Errorf("%q: exit %d, stderr %q", args, code, stderr)
		}
	}
	var r report
	code, out, _ := runCLI(t, "", "verify", "--profile", "authenticity", "testdata/ob3-basic.signed.json")
	if err := json.Unmarshal([]byte(out), &r); err != nil || code != exitOK || r.Profile != "authenticity" {
		t.Fatalf("exit %d, %v, %+v", code, err, r)
	}
}

// TestServeDocuments: serve --documents verifies a did:web credential from
// the local copy of its DID document, and options.profile decides.
func TestServeDocuments(t *testing.T) {
	unsigned := strings.Replace(credential, `"id": "https://example.edu/issuers/1"`, `"id": "did:web:example.edu"`, 1)
	code, signed, stderr := runCLI(t, "", "sign", "--key", writeTemp(t, "key.json", didWebKey), writeTemp(t, "c.json", unsigned))
	if code != exitOK {
		t.Fatalf("sign: exit %d: %s", code, stderr)
	}
	url := startServe(t, "--addr", "127.0.0.1:0", "--key", "testdata/issuer-ed25519.json", "--documents", documentsDir(t, didWebDocument("did:web:example.edu")))
	for profile, want := range map[string]int{"spec": 422, "authenticity": 200} {
		resp, err := http.Post(url+"/credentials/verify", "application/json",
			strings.NewReader(`{"verifiableCredential": `+signed+`, "options": {"profile": "`+profile+`"}}`))
		if err != nil {
			t.Fatal(err)
		}
		var r report
		err = json.NewDecoder(resp.Body).Decode(&r)
		resp.Body.Close()
		if err != nil || resp.StatusCode != want || len(r.LocalDocuments) != 1 || r.CheckStatus("proof") != "passed" {
			t.Errorf("%s: status %d, %v, %+v", profile, resp.StatusCode, err, r)
		}
	}
	if code, _, _ := runCLI(t, "", "serve", "--addr", "127.0.0.1:0", "--key", "testdata/issuer-ed25519.json", "--documents", t.TempDir()); code != exitUsage {
		t.Errorf("serve --documents without index.json: exit %d", code)
	}
}

// TestVerifyDocumentsContexts: a context the embedded set lacks is read
// from the local copies, never fetched; the signature then verifies. The
// W3C vector's issuer does not control the key: a plain credential then
// verifies under spec with a warning, and fails under authenticity.
func TestVerifyDocumentsContexts(t *testing.T) {
	const file = "testdata/w3c-eddsa-rdfc-employ.signed.json"
	code, r := verifyReport(t, file)
	if code != exitRejected || !r.HasError("PROOF_VERIFICATION_ERROR") {
		t.Fatalf("without the context: exit %d, %+v", code, r)
	}
	dir := t.TempDir()
	ctx, err := os.ReadFile("testdata/citizenship-v4rc1.jsonld")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "citizenship.jsonld"), ctx, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "index.json"), []byte(`{"https://w3id.org/citizenship/v4rc1": "citizenship.jsonld"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, r = verifyReport(t, "--documents", dir, file)
	if code != exitOK || !r.HasWarning("UNVERIFIED_ISSUER_KEY") ||
		len(r.LocalDocuments) != 1 || r.LocalDocuments[0].File != "citizenship.jsonld" {
		t.Fatalf("with the context: exit %d, %+v", code, r)
	}
	code, r = verifyReport(t, "--documents", dir, "--profile", "authenticity", file)
	if code != exitRejected || len(r.Errors) != 1 || r.Errors[0].Code != "ISSUER_BINDING_ERROR" {
		t.Fatalf("with the context, authenticity: exit %d, %+v", code, r)
	}
}

// TestServeSelectiveDisclosure: serve --suite ecdsa-sd-2023 issues base
// proofs and derives disclosures that its verify endpoint accepts.
func TestServeSelectiveDisclosure(t *testing.T) {
	code, key, stderr := runCLI(t, "", "keygen", "--type", "p256")
	if code != exitOK {
		t.Fatalf("keygen: %s", stderr)
	}
	url := startServe(t, "--addr", "127.0.0.1:0", "--key", writeTemp(t, "p256.json", key), "--suite", "ecdsa-sd-2023")
	post := func(path, body string) (int, map[string]json.RawMessage) {
		resp, err := http.Post(url+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]json.RawMessage
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, out
	}
	unsigned := `{"@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
  "type": ["VerifiableCredential"], "credentialSubject": {"id": "did:example:learner", "name": "Jane", "degree": "BSc"}}`
	status, out := post("/credentials/issue", `{"credential": `+unsigned+`, "options": {"mandatoryPointers": ["/issuer"]}}`)
	if status != http.StatusCreated || !strings.Contains(string(out["verifiableCredential"]), "ecdsa-sd-2023") {
		t.Fatalf("issue: %d %s", status, out)
	}
	status, out = post("/credentials/derive", `{"verifiableCredential": `+string(out["verifiableCredential"])+`, "options": {"selectivePointers": ["/credentialSubject/degree"]}}`)
	if status != http.StatusCreated || strings.Contains(string(out["verifiableCredential"]), "Jane") {
		t.Fatalf("derive: %d %s", status, out)
	}
	if status, out = post("/credentials/verify", `{"verifiableCredential": `+string(out["verifiableCredential"])+`}`); status != http.StatusOK {
		t.Fatalf("verify: %d %s", status, out)
	}
	if code, _, _ := runCLI(t, "", "serve", "--addr", "127.0.0.1:0", "--key", "testdata/issuer-ed25519.json", "--suite", "ecdsa-sd-2023"); code != exitUsage {
		t.Errorf("an Ed25519 key for ecdsa-sd-2023: exit %d", code)
	}
}
