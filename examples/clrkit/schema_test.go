package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSchemaValidate(t *testing.T) {
	code, out, stderr := runCLI(t, "", "schema", "validate", "testdata/clr-3creds.json")
	if code != exitOK || stderr != "" {
		t.Fatalf("code %d stderr %q", code, stderr)
	}
	var r struct {
		Valid bool   `json:"valid"`
		Kind  string `json:"kind"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || !r.Valid || r.Kind != "ClrCredential" {
		t.Fatalf("%v %s", err, out)
	}
	// Strict: the signed badge has a single proof object, the formal schema wants an array.
	code, out, _ = runCLI(t, "", "schema", "validate", "testdata/ob3-basic.signed.json", "--strict")
	if code != exitRejected || !strings.Contains(out, `"pointer": "/proof"`) {
		t.Fatalf("strict: code %d out %s", code, out)
	}
	code, _, _ = runCLI(t, "", "schema", "validate", "--strict", "testdata/ob3-basic.json")
	if code != exitOK {
		t.Fatalf("strict unsigned: code %d", code)
	}
}

func TestSchemaValidateInvalid(t *testing.T) {
	bad := strings.Replace(credential, `"validFrom": "2024-06-01T00:00:00Z",`, ``, 1)
	code, out, _ := runCLI(t, "", "schema", "validate", "-")
	_ = out
	if code != exitUsage {
		t.Fatalf("empty stdin: code %d", code)
	}
	code, out, stderr := runCLI(t, bad, "schema", "validate", "-")
	if code != exitRejected || stderr != "" || !strings.Contains(out, `"pointer": "/validFrom"`) {
		t.Fatalf("code %d out %s stderr %q", code, out, stderr)
	}
}

func TestSchemaValidateUsage(t *testing.T) {
	for _, args := range [][]string{
		{"schema"}, {"schema", "check", "x"}, {"schema", "validate"},
		{"schema", "validate", "a", "b"}, {"schema", "validate", "--nope", "a"},
		{"schema", "validate", "testdata/does-not-exist.json"},
	} {
		code, _, stderr := runCLI(t, "", args...)
		if code != exitUsage || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%q: code %d stderr %q", args, code, stderr)
		}
	}
	code, _, stderr := runCLI(t, "not json", "schema", "validate", "-")
	if code != exitUsage || !strings.Contains(stderr, "not valid JSON") {
		t.Errorf("unparseable: code %d stderr %q", code, stderr)
	}
}

// A document whose type names no OB/CLR class is not valid as one: exit 1
// with a problem at /type, not a usage error.
func TestSchemaValidateOtherType(t *testing.T) {
	doc := `{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"issuer":"did:example:1","credentialSubject":{"id":"did:example:2"}}`
	code, out, stderr := runCLI(t, doc, "schema", "validate", "-")
	if code != exitRejected || stderr != "" || !strings.Contains(out, `"valid": false`) ||
		!strings.Contains(out, `"pointer": "/type"`) || !strings.Contains(out, "names no Open Badges 3.0 or CLR 2.0") {
		t.Errorf("code %d stderr %q\n%s", code, stderr, out)
	}
}
