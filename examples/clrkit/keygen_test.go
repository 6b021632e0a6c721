package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/did"
)

func TestKeygenSeed(t *testing.T) {
	code, out, stderr := runCLI(t, "", "keygen", "--seed", strings.Repeat("00", 32))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	kf, err := did.ParseKeyFile([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	const d = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
	if kf.Controller != d || kf.ID != d+"#"+d[8:] || kf.Type != "Multikey" {
		t.Errorf("key file %s", out)
	}
	var members map[string]any
	json.Unmarshal([]byte(out), &members)
	if len(members) != 5 {
		t.Errorf("members %v", members)
	}
}

func TestKeygenTypes(t *testing.T) {
	for _, typ := range []string{"p256", "p384"} {
		code, out, stderr := runCLI(t, "", "keygen", "--type", typ, "--controller", "https://example.edu/issuers/1")
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", typ, code, stderr)
		}
		kf, err := did.ParseKeyFile([]byte(out))
		if err != nil || kf.Controller != "https://example.edu/issuers/1" || !strings.HasPrefix(kf.ID, "https://example.edu/issuers/1#z") {
			t.Errorf("%s: %v %s", typ, err, out)
		}
	}
}

func TestKeygenUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"keygen", "--type", "dsa"},
		{"keygen", "--type", "p256", "--seed", strings.Repeat("00", 32)},
		{"keygen", "--seed", "00"},
		{"keygen", "--seed", "zz"},
		{"keygen", "--controller", "not a url"},
		{"keygen", "--id", "relative#x"},
		{"keygen", "extra"},
		{"keygen", "--bogus"},
	} {
		code, out, stderr := runCLI(t, "", args...)
		if code != exitUsage || out != "" || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, stderr)
		}
	}
}

// TestKeygenOut: --out writes the whole key file with mode 0600 and prints
// only its public part; it never replaces an existing file; --out RSA keys
// lose their private JWK from the printed part as well.
func TestKeygenOut(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "issuer.key.json")
	code, out, stderr := runCLI(t, "", "keygen", "--seed", strings.Repeat("00", 32), "--out", path)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("mode %v, want 0600", perm)
	}
	written, err := did.ReadKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := written.Signer(); err != nil {
		t.Errorf("the written key file cannot sign: %v", err)
	}
	if strings.Contains(out, "secretKeyMultibase") || strings.Contains(out, written.SecretKeyMultibase) {
		t.Errorf("the secret key was printed: %s", out)
	}
	var printed did.KeyFile
	if err := json.Unmarshal([]byte(out), &printed); err != nil {
		t.Fatal(err)
	}
	if printed.ID != written.ID || printed.Controller != written.Controller || printed.PublicKeyMultibase != written.PublicKeyMultibase {
		t.Errorf("printed %+v, wrote %+v", printed, written)
	}

	// An existing file is not replaced.
	before, _ := os.ReadFile(path)
	code, out, stderr = runCLI(t, "", "keygen", "--out", path)
	if code != exitUsage || out != "" || !strings.Contains(stderr, "exists") {
		t.Errorf("over an existing file: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the existing key file changed")
	}

	rsaPath := filepath.Join(dir, "rsa.key.json")
	code, out, stderr = runCLI(t, "", "keygen", "--type", "rsa", "--controller", "https://example.edu/issuers/1", "--out", rsaPath)
	if code != exitOK {
		t.Fatalf("rsa: exit %d: %s", code, stderr)
	}
	if strings.Contains(out, "privateKeyJwk") || !strings.Contains(out, "publicKeyJwk") {
		t.Errorf("rsa: printed %s", out)
	}
	if kf, err := did.ReadKeyFile(rsaPath); err != nil || len(kf.PrivateKeyJwk) == 0 {
		t.Errorf("rsa: written key file: %v", err)
	}
}
