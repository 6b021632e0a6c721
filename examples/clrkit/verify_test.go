package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestVerifyCLR runs the whole pipeline on the interop CLR: the record
// and its three nested credentials verify, and the report nests theirs.
func TestVerifyCLR(t *testing.T) {
	code, r := verifyReport(t, "testdata/clr-3creds.signed.json")
	if code != exitOK || !r.Verified || r.Kind != "ClrCredential" || len(r.Nested) != 3 || r.CheckStatus("nested") != "passed" {
		t.Fatalf("exit %d, report %+v", code, r)
	}
	for i, n := range r.Nested {
		if !n.Verified || n.Path != "/credentialSubject/verifiableCredential/"+string(rune('0'+i)) {
			t.Errorf("nested %d: %+v", i, n)
		}
	}
	// One nested credential tampered with: the record fails, naming it (and
	// the record's own proof, which covers it, fails too).
	tampered := writeTemp(t, "clr.json", strings.Replace(readFile(t, "testdata/clr-3creds.signed.json"), "Teamwork", "Teamwork!", 1))
	code, r = verifyReport(t, tampered)
	if code != exitRejected || r.Verified || len(r.Errors) != 2 || r.Errors[0].Code != "PROOF_VERIFICATION_ERROR" ||
		r.Errors[1].Code != "NESTED_CREDENTIAL_INVALID" || r.Errors[1].Path != "/credentialSubject/verifiableCredential/0" ||
		r.Nested[0].Verified || !r.Nested[1].Verified || !r.Nested[2].Verified {
		t.Fatalf("tampered nested: exit %d, report %+v", code, r)
	}

	code, out, _ := runCLI(t, "", "verify", "--format", "text", "testdata/clr-3creds.signed.json")
	if code != exitOK || !strings.HasPrefix(out, "VERIFIED: ClrCredential") || strings.Count(out, "VERIFIED: OpenBadgeCredential") != 3 {
		t.Fatalf("text: exit %d\n%s", code, out)
	}
}

// TestVerifyRecipientAndDates: --recipient compares with the subject,
// --at moves the check time.
func TestVerifyRecipientAndDates(t *testing.T) {
	const learner = "did:example:ebfeb1f712ebc6f1c276e12ec21"
	if code, r := verifyReport(t, "--recipient", learner, "testdata/ob3-basic.signed.json"); code != exitOK || r.CheckStatus("recipient") != "passed" {
		t.Fatalf("right recipient: exit %d, %+v", code, r)
	}
	code, r := verifyReport(t, "--recipient", "did:example:someone-else", "testdata/ob3-basic.signed.json")
	if code != exitRejected || r.Errors[0].Code != "RECIPIENT_MISMATCH" {
		t.Fatalf("wrong recipient: exit %d, %+v", code, r)
	}
	code, r = verifyReport(t, "--at", "2000-01-01T00:00:00Z", "testdata/ob3-basic.signed.json")
	if code != exitRejected || !r.HasError("NOT_YET_VALID") {
		t.Fatalf("before validFrom: exit %d, %+v", code, r)
	}
	if code, _, _ := runCLI(t, "", "verify", "--refresh", "testdata/ob3-basic.signed.json"); code != exitUsage {
		t.Fatalf("--refresh without --allow-network: exit %d", code)
	}
}

// TestVerifyBakedImages bakes the signed credential and its VC-JWT into a
// PNG and an SVG with clrkit bake, and verifies the images themselves.
func TestVerifyBakedImages(t *testing.T) {
	for _, tt := range []struct{ name, image, credential, format string }{
		{"png-json", badgePNG(t), "testdata/ob3-basic.signed.json", "embedded"},
		{"svg-jwt", writeTemp(t, "badge.svg", badgeSVG), "testdata/ob3-basic.eddsa.jwt", "jwt"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "baked")
			if code, _, stderr := runCLI(t, "", "bake", "--in", tt.image, "--credential", tt.credential, "--out", out); code != exitOK {
				t.Fatalf("bake: exit %d: %s", code, stderr)
			}
			code, r := verifyReport(t, "--at", "2025-01-01T00:00:00Z", out)
			if code != exitOK || !r.Verified || r.Kind != "OpenBadgeCredential" || r.Format != tt.format {
				t.Fatalf("verify: exit %d, %+v", code, r)
			}
		})
	}
	// An image without a credential is unreadable input.
	if code, _, _ := runCLI(t, "", "verify", badgePNG(t)); code != exitUsage {
		t.Fatalf("unbaked image: exit %d", code)
	}
}
