package main

import (
	"os"
	"strings"
	"testing"
)

// A credential the JavaScript stack signed over its own canonical form of
// 1e-7 (the integer 0): verify explains the failure and accepts it with
// --accept-dialect; sign refuses the unsigned credential, naming the value
// and how to write it, and with --dialect jsonld-js writes the reference's
// bytes.
func TestDialectCommands(t *testing.T) {
	const path = "/credentialSubject/achievement/creditsAvailable"
	code, r := verifyReport(t, "--at", "2025-01-01T00:00:00Z", "testdata/small-number.js-signed.json")
	if code != exitRejected || r.Verified || len(r.Errors) == 0 || r.Errors[0].Code != "PROOF_DIALECT_MISMATCH" ||
		!strings.Contains(r.Errors[0].Message, path) || !strings.Contains(r.Errors[0].Message, "--accept-dialect jsonld-js") {
		t.Errorf("verify: exit %d, report %+v", code, r)
	}
	code, r = verifyReport(t, "--at", "2025-01-01T00:00:00Z", "--accept-dialect", "jsonld-js", "testdata/small-number.js-signed.json")
	if code != exitOK || !r.Verified || r.CheckStatus("proof") != "warning" || len(r.Warnings) != 1 ||
		r.Warnings[0].Code != "DIALECT_ACCEPTED" || !strings.Contains(r.Warnings[0].Message, path) {
		t.Errorf("verify --accept-dialect: exit %d, report %+v", code, r)
	}
	code, out, stderr := runCLI(t, "", "verify", "--accept-dialect", "jsonld", "testdata/small-number.js-signed.json")
	if code != exitUsage || out != "" || !strings.Contains(stderr, "--accept-dialect") {
		t.Errorf("verify --accept-dialect jsonld: exit %d, stderr %q", code, stderr)
	}

	sign := []string{"sign", "--key", "testdata/issuer-ed25519.json", "--created", "2024-06-01T00:00:00Z"}
	code, out, stderr = runCLI(t, "", append(sign, "testdata/small-number.unsigned.json")...)
	if code != exitRejected || out != "" || !strings.Contains(stderr, path) || !strings.Contains(stderr, "decimal point") {
		t.Errorf("sign: exit %d, stderr %q", code, stderr)
	}
	code, out, stderr = runCLI(t, "", append(sign, "--dialect", "jsonld-js", "testdata/small-number.unsigned.json")...)
	want, _ := os.ReadFile("testdata/small-number.js-signed.json")
	if code != exitOK || out != string(want) {
		t.Errorf("sign --dialect jsonld-js: exit %d, stderr %q, output differs from the reference's: %v", code, stderr, out != string(want))
	}
	code, _, stderr = runCLI(t, "", append(sign, "--dialect", "js", "testdata/small-number.unsigned.json")...)
	if code != exitUsage || !strings.Contains(stderr, "--dialect") {
		t.Errorf("sign --dialect js: exit %d, stderr %q", code, stderr)
	}

	code, out, stderr = runCLI(t, "", "canon", "--compare-dialects", "testdata/small-number.unsigned.json")
	if code != exitOK || !strings.Contains(out, `"differs": true`) || !strings.Contains(out, `"path": "`+path+`"`) ||
		!strings.Contains(out, `"kind": "small number"`) || !strings.Contains(out, "decimal point") {
		t.Errorf("canon --compare-dialects: exit %d, stderr %q\n%s", code, stderr, out)
	}
	code, out, _ = runCLI(t, "", "canon", "--compare-dialects", "testdata/ob3-basic.json")
	if code != exitOK || !strings.Contains(out, `"differs": false`) || !strings.Contains(out, `"constructs": []`) {
		t.Errorf("canon --compare-dialects on ob3-basic: exit %d\n%s", code, out)
	}

	for dialect, lit := range map[string]string{"spec": `"1.0E-7"^^<https://www.w3.org/2001/XMLSchema#float>`, "jsonld-js": `"0"^^<https://www.w3.org/2001/XMLSchema#float>`} {
		code, out, stderr := runCLI(t, "", "canon", "--dialect", dialect, "testdata/small-number.unsigned.json")
		if code != exitOK || !strings.Contains(out, lit) {
			t.Errorf("canon --dialect %s: exit %d, stderr %q, no %s in\n%s", dialect, code, stderr, lit, out)
		}
	}
}
