package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/proof/ld"
)

// runCLI runs the command in-process and returns its exit status and output.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{ctx: context.Background(), stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut}
	return run(e, args), out.String(), errOut.String()
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const credential = `{
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
  "id": "urn:uuid:1", "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "issuer": {"id": "https://example.edu/issuers/1", "type": "Profile", "name": "Example U"},
  "validFrom": "2024-06-01T00:00:00Z",
  "credentialSubject": {"type": "AchievementSubject", "achievement": {"id": "https://example.edu/a/1",
    "type": "Achievement", "name": "A", "description": "D", "criteria": {"narrative": "N"}}}
}`

func TestCanonJSONLD(t *testing.T) {
	code, out, stderr := runCLI(t, "", "canon", writeTemp(t, "c.json", credential))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, `<urn:uuid:1> <https://www.w3.org/2018/credentials#issuer> <https://example.edu/issuers/1> .`) {
		t.Fatalf("unexpected output:\n%s", out)
	}
	if !strings.Contains(out, "_:c14n0") {
		t.Fatalf("blank node not canonically labelled:\n%s", out)
	}
}

func TestCanonStdinAndFlagsAfterFile(t *testing.T) {
	code, out, stderr := runCLI(t, credential, "canon", "-", "--labels")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var labels map[string]string
	if err := json.Unmarshal([]byte(out), &labels); err != nil || len(labels) != 2 {
		t.Fatalf("labels output %q: %v", out, err)
	}
}

func TestCanonNQuadsSHA384(t *testing.T) {
	// rdfc10/test075 of the W3C suite: a dataset whose canonical labels
	// differ between SHA-256 and SHA-384.
	in := "_:e0 <http://example.org/vocab#next> _:e1 .\n_:e0 <http://example.org/vocab#prev> _:e2 .\n_:e1 <http://example.org/vocab#next> _:e2 .\n_:e1 <http://example.org/vocab#prev> _:e0 .\n_:e2 <http://example.org/vocab#next> _:e0 .\n_:e2 <http://example.org/vocab#prev> _:e1 .\n"
	code, out, stderr := runCLI(t, in, "canon", "--nquads", "--hash-alg", "sha384", "--labels", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var labels map[string]string
	if err := json.Unmarshal([]byte(out), &labels); err != nil || len(labels) != 3 {
		t.Fatalf("labels %q: %v", out, err)
	}
}

func TestCanonExitCodes(t *testing.T) {
	undefined := strings.Replace(credential, `"name": "A"`, `"name": "A", "favoriteColor": "blue"`, 1)
	tests := []struct {
		name  string
		args  []string
		stdin string
		code  int
		msg   string
	}{
		{"safe mode", []string{"canon", "-"}, undefined, exitRejected, "favoriteColor"},
		{"unknown context", []string{"canon", "-"}, `{"@context": "https://evil.example/c", "a": 1}`, exitRejected, "https://evil.example/c"},
		{"not JSON", []string{"canon", "-"}, `{`, exitUsage, "JSON"},
		{"bad N-Quads", []string{"canon", "--nquads", "-"}, `<urn:s> .`, exitUsage, "N-Quads"},
		{"missing file", []string{"canon", "/nonexistent/x.json"}, "", exitUsage, "/nonexistent/x.json"},
		{"no file", []string{"canon"}, "", exitUsage, "usage"},
		{"bad hash", []string{"canon", "--hash-alg", "md5", "-"}, credential, exitUsage, "md5"},
		{"unknown flag", []string{"canon", "--frobnicate", "-"}, credential, exitUsage, "usage"},
		{"unknown command", []string{"frobnicate"}, "", exitUsage, "frobnicate"},
		// JSON that is not I-JSON is read, and refused with the pointer of
		// the value (a number beyond a double once crashed canon).
		{"number overflows", []string{"canon", "-"}, strings.Replace(credential, `"name": "A"`, `"name": "A", "https://example.org/n": [1, 1e400]`, 1), exitRejected, "not I-JSON: number 1e400 is too large for an IEEE 754 double at byte offset"},
		{"number underflows", []string{"canon", "-"}, strings.Replace(credential, `"name": "A"`, `"name": "A", "https://example.org/n": -1e-400`, 1), exitRejected, "too small"},
		{"lone surrogate", []string{"canon", "-"}, strings.Replace(credential, `"name": "A"`, `"name": "A\udc00"`, 1), exitRejected, "unpaired UTF-16 surrogate"},
		{"duplicate member", []string{"canon", "-"}, strings.Replace(credential, `"name": "A"`, `"name": "A", "name": "B"`, 1), exitRejected, "duplicate member name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, tt.stdin, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.msg) || out != "" {
				t.Fatalf("exit %d, stderr %q, stdout %q; want exit %d mentioning %q", code, stderr, out, tt.code, tt.msg)
			}
			if strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Fatalf("error is not one line: %q", stderr)
			}
		})
	}
}

func TestBenchCanon(t *testing.T) {
	code, out, stderr := runCLI(t, "", "bench", "--op", "canon", "--duration", "50ms", "--parallel", "2", writeTemp(t, "c.json", credential))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res map[string]any
	if err := json.Unmarshal([]byte(out), &res); err != nil || strings.Count(out, "\n") != 1 {
		t.Fatalf("output %q is not one JSON line: %v", out, err)
	}
	for _, k := range []string{"ops_per_sec", "ns_per_op", "allocs_per_op", "bytes_per_op"} {
		if v, ok := res[k].(float64); !ok || v <= 0 {
			t.Errorf("%s = %v, want a positive number", k, res[k])
		}
	}
	if res["op"] != "canon" {
		t.Errorf("op = %v", res["op"])
	}
}

func TestBenchErrors(t *testing.T) {
	file := writeTemp(t, "c.json", credential)
	for _, tt := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"bench", "--op", "sign", file}, exitUsage, "needs --key"},
		{[]string{"bench", file}, exitUsage, "want canon, sign or verify"},
		{[]string{"bench", "--op", "frobnicate", file}, exitUsage, "want canon, sign or verify"},
		{[]string{"bench", "--op", "canon", "--parallel", "0", file}, exitUsage, "usage"},
		{[]string{"bench", "--op", "canon", writeTemp(t, "bad.json", `{"@context": "https://evil.example/c", "a": 1}`)}, exitRejected, "evil.example"},
	} {
		code, _, stderr := runCLI(t, "", tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d mentioning %q", tt.args, code, stderr, tt.code, tt.msg)
		}
	}
}

func TestBenchSignVerify(t *testing.T) {
	for _, args := range [][]string{
		{"bench", "--op", "sign", "--key", "testdata/issuer-ed25519.json", "--duration", "50ms", "testdata/ob3-basic.json"},
		{"bench", "--op", "verify", "--duration", "50ms", "testdata/ob3-basic.signed.json"},
		{"bench", "--op", "verify", "--duration", "50ms", "testdata/ob3-basic.eddsa.jwt"},
	} {
		code, out, stderr := runCLI(t, "", args...)
		var res map[string]any
		if code != exitOK || json.Unmarshal([]byte(out), &res) != nil || res["ops_per_sec"].(float64) <= 0 {
			t.Errorf("%v: exit %d, out %q, stderr %q", args, code, out, stderr)
		}
	}
	// A tampered credential fails before timing starts.
	bad := writeTemp(t, "bad.json", strings.Replace(readFile(t, "testdata/ob3-basic.signed.json"), "Teamwork Badge", "Teamwork", 1))
	if code, _, _ := runCLI(t, "", "bench", "--op", "verify", bad); code != exitRejected {
		t.Errorf("tampered input: exit %d, want %d", code, exitRejected)
	}
}

// TestCanonMatchesLabelledPath: clrkit canon prints N-Quads written without
// labels (the set path); they are byte for byte those of the labelled
// canonicalization (the node map path) on the fixtures.
func TestCanonMatchesLabelledPath(t *testing.T) {
	for _, name := range []string{"ob3-basic.json", "clr-3creds.json", "ob3-basic.signed.json", "clr-3creds.signed.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := ld.Default().Canonicalize(context.Background(), data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		code, out, stderr := runCLI(t, "", "canon", filepath.Join("testdata", name))
		if code != exitOK || out != string(want.NQuads) {
			t.Errorf("%s: exit %d (%s), output differs from the labelled canonical form:\n%s\nwant:\n%s", name, code, stderr, out, want.NQuads)
		}
	}
}
