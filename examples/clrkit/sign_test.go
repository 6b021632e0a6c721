package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/did"
)

func TestSignReproducesInteropFile(t *testing.T) {
	code, out, stderr := runCLI(t, "", "sign", "--key", "testdata/issuer-ed25519.json", "--created", "2024-06-01T00:00:00Z", "testdata/ob3-basic.json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want, _ := os.ReadFile("testdata/ob3-basic.signed.json")
	if out != string(want) {
		t.Fatalf("output differs from the Digital Bazaar signed file:\n%s", out)
	}
}

func TestSignErrors(t *testing.T) {
	for _, tt := range []struct {
		args  []string
		stdin string
		code  int
		msg   string
	}{
		{[]string{"sign", "testdata/ob3-basic.json"}, "", exitUsage, "usage"},
		{[]string{"sign", "--key", "nope.json", "testdata/ob3-basic.json"}, "", exitUsage, "nope.json"},
		{[]string{"sign", "--key", "testdata/issuer-ed25519.json", "--suite", "bbs-2023", "testdata/ob3-basic.json"}, "", exitUsage, "not available"},
		{[]string{"sign", "--key", "testdata/issuer-ed25519.json", "--created", "yesterday", "testdata/ob3-basic.json"}, "", exitUsage, "RFC 3339"},
		{[]string{"sign", "--key", "testdata/issuer-ed25519.json", "-"}, "[1,2]", exitUsage, "not a JSON object"},
		{[]string{"sign", "--key", "testdata/issuer-ed25519.json", "-"}, `{"@context": "https://www.w3.org/ns/credentials/v2", "type": "VerifiableCredential", "favoriteColor": "blue"}`, exitRejected, "favoriteColor"},
		{[]string{"sign", "--key", "testdata/issuer-ed25519.json", "-"}, `{"@context": "https://www.w3.org/ns/credentials/v2", "type": "VerifiableCredential", "https://example.org/n": 1e400}`, exitRejected, "not I-JSON: number 1e400"},
	} {
		code, out, stderr := runCLI(t, tt.stdin, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.msg) || out != "" {
			t.Errorf("%v: exit %d, stderr %q; want %d mentioning %q", tt.args, code, stderr, tt.code, tt.msg)
		}
	}
}

func verifyReport(t *testing.T, args ...string) (int, report) {
	t.Helper()
	code, out, stderr := runCLI(t, "", append([]string{"verify"}, args...)...)
	var r report
	if code != exitUsage {
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("report %q: %v (stderr %s)", out, err, stderr)
		}
	}
	return code, r
}

func TestVerify(t *testing.T) {
	code, r := verifyReport(t, "--explain", "testdata/ob3-basic.signed.json")
	if code != exitOK || !r.Verified || r.Kind != "OpenBadgeCredential" || r.CheckStatus("proof") != "passed" || len(r.Errors) != 0 {
		t.Fatalf("exit %d, report %+v", code, r)
	}
	if len(r.Explain) != 1 || !strings.HasPrefix(r.Explain[0].HashDataHex, "0a14d2ab11e9992d") {
		t.Fatalf("explain %+v", r.Explain)
	}

	tampered := writeTemp(t, "t.json", strings.Replace(readFile(t, "testdata/ob3-basic.signed.json"), "Teamwork Badge", "Teamwork Badge!", 1))
	code, r = verifyReport(t, tampered)
	if code != exitRejected || r.Verified || len(r.Errors) != 1 || r.Errors[0].Code != "PROOF_VERIFICATION_ERROR" || r.Errors[0].Path != "/proof" {
		t.Fatalf("tampered: exit %d, report %+v", code, r)
	}

	code, r = verifyReport(t, "testdata/ob3-basic.json")
	if code != exitRejected || r.Errors[0].Code != "NO_PROOF" {
		t.Fatalf("unsigned: exit %d, report %+v", code, r)
	}

	// The 1EdTech vector names its key by the fragment convention: refused by
	// default, accepted with a warning when asked for.
	code, _ = verifyReport(t, "testdata/testvector-ob3-eddsa-rdfc-2022.signed.json")
	if code != exitRejected {
		t.Fatalf("fragment convention accepted by default: exit %d", code)
	}
	code, r = verifyReport(t, "--unsafe-key-from-fragment", "testdata/testvector-ob3-eddsa-rdfc-2022.signed.json")
	if code != exitOK || len(r.Warnings) != 1 || r.Warnings[0].Code != "UNVERIFIED_ISSUER_KEY" {
		t.Fatalf("exit %d, report %+v", code, r)
	}

	if code, _, _ := runCLI(t, "not json", "verify", "-"); code != exitUsage {
		t.Fatalf("non-JSON input: exit %d", code)
	}
	if code, out, _ := runCLI(t, "", "verify", "--format", "text", "testdata/ob3-basic.signed.json"); code != exitOK || !strings.HasPrefix(out, "VERIFIED: OpenBadgeCredential") {
		t.Fatalf("text format: exit %d, %q", code, out)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// keygenFile writes a fresh key of the given keygen --type to a temporary
// key file and returns its path with its controller.
func keygenFile(t *testing.T, typ string) (path, controller string) {
	t.Helper()
	code, out, stderr := runCLI(t, "", "keygen", "--type", typ)
	if code != exitOK {
		t.Fatalf("keygen %s: exit %d: %s", typ, code, stderr)
	}
	kf, err := did.ParseKeyFile([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	return writeTemp(t, typ+".json", out), kf.Controller
}

// TestSignSuites signs ob3-basic with each suite --suite offers, with a key
// of the right type whose controller is the issuer, and verifies the
// output with clrkit verify.
func TestSignSuites(t *testing.T) {
	const edIssuer = "did:key:z6Mkgkvc2UJ2mWtpBBv5R87n1vpUqGbzcQeFHcRZw4pjQ9Vn"
	unsigned := readFile(t, "testdata/ob3-basic.json")
	p256, p256Controller := keygenFile(t, "p256")
	p384, p384Controller := keygenFile(t, "p384")
	for _, tt := range []struct{ name, suite, key, issuer string }{
		{"eddsa-rdfc-2022", "eddsa-rdfc-2022", "testdata/issuer-ed25519.json", edIssuer},
		{"eddsa-jcs-2022", "eddsa-jcs-2022", "testdata/issuer-ed25519.json", edIssuer},
		{"ecdsa-rdfc-2019 P-256", "ecdsa-rdfc-2019", p256, p256Controller},
		{"ecdsa-rdfc-2019 P-384", "ecdsa-rdfc-2019", p384, p384Controller},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := writeTemp(t, "in.json", strings.ReplaceAll(unsigned, edIssuer, tt.issuer))
			code, out, stderr := runCLI(t, "", "sign", "--key", tt.key, "--suite", tt.suite, "--created", "2024-06-01T00:00:00Z", in)
			if code != exitOK {
				t.Fatalf("sign: exit %d: %s", code, stderr)
			}
			if !strings.Contains(out, `"cryptosuite": "`+tt.suite+`"`) {
				t.Fatalf("signed document lacks cryptosuite %s:\n%s", tt.suite, out)
			}
			code, r := verifyReport(t, writeTemp(t, "signed.json", out))
			if code != exitOK || !r.Verified || !strings.HasPrefix(proofDetail(r), tt.suite+" by ") {
				t.Fatalf("verify: exit %d, report %+v", code, r)
			}
		})
	}
}

// TestSignKeyMismatch refuses, as a usage error with a one-line message, a
// key the chosen suite cannot sign with.
func TestSignKeyMismatch(t *testing.T) {
	p256, _ := keygenFile(t, "p256")
	for _, tt := range []struct{ suite, key, msg string }{
		{"ecdsa-rdfc-2019", "testdata/issuer-ed25519.json", "needs a P-256 or P-384 key, not an Ed25519 key"},
		{"eddsa-jcs-2022", p256, "needs an Ed25519 key, not a P-256 key"},
		{"eddsa-rdfc-2022", p256, "needs an Ed25519 key, not a P-256 key"},
	} {
		code, out, stderr := runCLI(t, "", "sign", "--key", tt.key, "--suite", tt.suite, "testdata/ob3-basic.json")
		if code != exitUsage || out != "" || !strings.Contains(stderr, tt.msg) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%s with %s: exit %d, stderr %q; want %d mentioning %q", tt.suite, tt.key, code, stderr, exitUsage, tt.msg)
		}
	}
}

// proofDetail returns the detail of the report's proof check.
func proofDetail(r report) string {
	for _, c := range r.Checks {
		if c.Check == "proof" {
			return c.Detail
		}
	}
	return ""
}

// TestSignCoSigner: a did:key whose DID is not the credential's issuer is
// refused, exit 1, naming both, unless --co-signer; the co-signed output
// then carries both proofs and verifies (the issuer's proof is there).
func TestSignCoSigner(t *testing.T) {
	other, otherDID := keygenFile(t, "ed25519")
	code, out, stderr := runCLI(t, "", "sign", "--key", other, "testdata/ob3-basic.json")
	if code != exitRejected || out != "" || !strings.Contains(stderr, otherDID) ||
		!strings.Contains(stderr, "did:key:z6Mkgkvc2UJ2mWtpBBv5R87n1vpUqGbzcQeFHcRZw4pjQ9Vn") ||
		!strings.Contains(stderr, "--co-signer") || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("another party's key: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	code, out, stderr = runCLI(t, "", "sign", "--key", other, "--co-signer", "testdata/ob3-basic.signed.json")
	if code != exitOK {
		t.Fatalf("--co-signer: exit %d: %s", code, stderr)
	}
	code, _, stderr = runCLI(t, out, "verify", "--at", "2025-01-01T00:00:00Z", "-")
	if code != exitOK {
		t.Errorf("issuer's and co-signer's proofs: verify exit %d: %s", code, stderr)
	}
}

// TestSignProofList: --proof-list writes the proof as a list of one, which
// the formal schemas require and verify accepts; without it, a lone object.
func TestSignProofList(t *testing.T) {
	for _, list := range []bool{false, true} {
		args := []string{"sign", "--key", "testdata/issuer-ed25519.json", "--created", "2024-06-01T00:00:00Z"}
		if list {
			args = append(args, "--proof-list")
		}
		code, out, stderr := runCLI(t, "", append(args, "testdata/ob3-basic.json")...)
		if code != exitOK {
			t.Fatalf("--proof-list=%v: exit %d: %s", list, code, stderr)
		}
		var doc map[string]any
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		if _, isList := doc["proof"].([]any); isList != list {
			t.Errorf("--proof-list=%v: proof is %T", list, doc["proof"])
		}
		code, _, stderr = runCLI(t, out, "verify", "--at", "2025-01-01T00:00:00Z", "-")
		if code != exitOK {
			t.Errorf("--proof-list=%v: verify exit %d: %s", list, code, stderr)
		}
		code, schemaOut, _ := runCLI(t, out, "schema", "validate", "--strict", "-")
		if wantCode := map[bool]int{false: exitRejected, true: exitOK}[list]; code != wantCode {
			t.Errorf("--proof-list=%v: schema validate --strict exit %d, want %d: %s", list, code, wantCode, schemaOut)
		}
	}
}

// TestJWTSignCoSigner: jwt sign refuses, exit 1 naming both, a did:key
// whose DID is not the credential's issuer, unless --co-signer.
func TestJWTSignCoSigner(t *testing.T) {
	other, otherDID := keygenFile(t, "ed25519")
	code, out, stderr := runCLI(t, "", "jwt", "sign", "--key", other, "testdata/ob3-basic.json")
	if code != exitRejected || out != "" || !strings.Contains(stderr, otherDID) || !strings.Contains(stderr, "--co-signer") {
		t.Fatalf("another party's key: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if code, _, stderr := runCLI(t, "", "jwt", "sign", "--key", other, "--co-signer", "testdata/ob3-basic.json"); code != exitOK {
		t.Fatalf("--co-signer: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "", "jwt", "sign", "--key", "testdata/issuer-ed25519.json", "testdata/ob3-basic.json"); code != exitOK {
		t.Fatalf("the issuer's key: exit %d: %s", code, stderr)
	}
}
