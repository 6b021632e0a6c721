package main

import (
	"encoding/json"
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
