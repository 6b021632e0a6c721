package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestJWTSignVerify(t *testing.T) {
	code, out, stderr := runCLI(t, "", "jwt", "sign", "--key", "testdata/issuer-ed25519.json", "testdata/ob3-basic.json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// EdDSA is deterministic: the token is the JavaScript one.
	if want := readFile(t, "testdata/ob3-basic.eddsa.jwt"); strings.TrimSpace(out) != strings.TrimSpace(want) {
		t.Errorf("jwt sign:\n got %s\nwant %s", out, want)
	}
	code, vcOut, _ := runCLI(t, "", "jwt", "sign", "--key", "testdata/issuer-ed25519.json", "--vc-claim", "testdata/ob3-basic.json")
	if want := readFile(t, "testdata/ob3-basic.eddsa.vc-claim.jwt"); code != exitOK || strings.TrimSpace(vcOut) != strings.TrimSpace(want) {
		t.Errorf("jwt sign --vc-claim: %d %s", code, vcOut)
	}
	for _, tok := range []string{out, "\n  " + vcOut + "\n"} {
		code, rep, stderr := runCLI(t, tok, "verify", "--at", "2025-01-01T00:00:00Z", "-")
		var r report
		if err := json.Unmarshal([]byte(rep), &r); err != nil || code != exitOK || !r.Verified || r.Kind != "OpenBadgeCredential" || r.Issuer == "" {
			t.Errorf("verify: exit %d %s %s", code, rep, stderr)
		}
	}
	// Expired at --at; a tampered token.
	if code, _, _ := runCLI(t, out, "verify", "--at", "2035-01-01T00:00:00Z", "-"); code != exitRejected {
		t.Errorf("expired token: exit %d", code)
	}
	tampered := strings.TrimSpace(out)
	tampered = tampered[:len(tampered)-4] + "AAAA"
	if code, _, _ := runCLI(t, tampered, "verify", "--at", "2025-01-01T00:00:00Z", "-"); code != exitRejected {
		t.Errorf("tampered token: exit %d", code)
	}
	for _, args := range [][]string{{"jwt"}, {"jwt", "sign", "testdata/ob3-basic.json"}, {"jwt", "sign", "--key", "testdata/issuer-ed25519.json", "--alg", "HS256", "testdata/ob3-basic.json"}, {"jwt", "sign", "--key", "testdata/issuer-ed25519.json", "--alg", "ES256", "testdata/ob3-basic.json"}} {
		if code, _, _ := runCLI(t, "", args...); code != exitUsage {
			t.Errorf("%q: exit %d", args, code)
		}
	}
}
