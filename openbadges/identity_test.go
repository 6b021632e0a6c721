package openbadges_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/openbadges"
)

// The expected digests were computed outside Go, e.g.
// printf '%s' 'alice@example.edusalt' | sha256sum
const (
	aliceSaltSHA256 = "3d0d04bcf538e11efae3a9a2214b6921db591df59dedace771ecae4765f2f8cf"
	aliceSaltMD5    = "2022f336d72a0c75582d09a030afa88f"
)

func TestHashIdentityKnownAnswers(t *testing.T) {
	cases := []struct{ identifier, salt, want string }{
		{"alice@example.edu", "salt", "sha256$" + aliceSaltSHA256},
		{"alice@example.edu", "", "sha256$b38168b5e3590b0b596d15a0e90d9d9861885c6bc5cfe7f89027555bf128e6f6"},
		{"Ünïcødé@example.edu", "", "sha256$e9bba38b6450f4f078699154511569c067fa14f2f9b58d0d291b54354175be35"},
		{"12345", "ü", "sha256$14e597f6c954e8b64540ec70e8988c0a6a7de768bda47d5622103b71fa381d9e"},
	}
	for _, tc := range cases {
		if got := openbadges.HashIdentity(tc.identifier, tc.salt); got != tc.want {
			t.Errorf("HashIdentity(%q, %q) = %s, want %s", tc.identifier, tc.salt, got, tc.want)
		}
	}
}

func TestNewIdentities(t *testing.T) {
	h := openbadges.NewHashedIdentity(openbadges.IdentifierEmailAddress, "alice@example.edu", "salt")
	want := `{"type":"IdentityObject","hashed":true,"identityHash":"sha256$` + aliceSaltSHA256 + `","identityType":"emailAddress","salt":"salt"}`
	if got := mustJSON(t, h); got != want {
		t.Errorf("hashed:\n got %s\nwant %s", got, want)
	}
	p := openbadges.NewPlainIdentity(openbadges.IdentifierSisSourcedID, "s-123")
	want = `{"type":"IdentityObject","hashed":false,"identityHash":"s-123","identityType":"sisSourcedId"}`
	if got := mustJSON(t, p); got != want {
		t.Errorf("plain:\n got %s\nwant %s", got, want)
	}
}

func TestIdentityMatches(t *testing.T) {
	hashed := func(hash, salt string) openbadges.IdentityObject {
		return openbadges.IdentityObject{Type: "IdentityObject", Hashed: true, IdentityHash: hash, IdentityType: "emailAddress", Salt: salt}
	}
	cases := []struct {
		name       string
		id         openbadges.IdentityObject
		identifier string
		want       bool
		wantErr    error
	}{
		{"sha256 match", hashed("sha256$"+aliceSaltSHA256, "salt"), "alice@example.edu", true, nil},
		{"sha256 upper-case hex", hashed("sha256$"+strings.ToUpper(aliceSaltSHA256), "salt"), "alice@example.edu", true, nil},
		{"sha256 other identifier", hashed("sha256$"+aliceSaltSHA256, "salt"), "bob@example.edu", false, nil},
		{"sha256 identifier differs in case", hashed("sha256$"+aliceSaltSHA256, "salt"), "Alice@example.edu", false, nil},
		{"sha256 other salt", hashed("sha256$"+aliceSaltSHA256, "pepper"), "alice@example.edu", false, nil},
		{"md5 legacy match", hashed("md5$"+aliceSaltMD5, "salt"), "alice@example.edu", true, nil},
		{"md5 upper-case hex", hashed("md5$"+strings.ToUpper(aliceSaltMD5), "salt"), "alice@example.edu", true, nil},
		{"md5 other identifier", hashed("md5$"+aliceSaltMD5, "salt"), "bob@example.edu", false, nil},
		{"built by NewHashedIdentity", openbadges.NewHashedIdentity("emailAddress", "alice@example.edu", "s"), "alice@example.edu", true, nil},
		{"unknown algorithm", hashed("sha1$"+aliceSaltMD5, "salt"), "alice@example.edu", false, openbadges.ErrUnknownHashAlgorithm},
		{"algorithm names are lower case", hashed("SHA256$"+aliceSaltSHA256, "salt"), "alice@example.edu", false, openbadges.ErrUnknownHashAlgorithm},
		{"no separator", hashed(aliceSaltSHA256, "salt"), "alice@example.edu", false, openbadges.ErrMalformedIdentityHash},
		{"short digest", hashed("sha256$"+aliceSaltSHA256[:62], "salt"), "alice@example.edu", false, openbadges.ErrMalformedIdentityHash},
		{"md5 length for sha256", hashed("sha256$"+aliceSaltMD5, "salt"), "alice@example.edu", false, openbadges.ErrMalformedIdentityHash},
		{"sha256 length for md5", hashed("md5$"+aliceSaltSHA256, "salt"), "alice@example.edu", false, openbadges.ErrMalformedIdentityHash},
		{"not hex", hashed("sha256$"+strings.Repeat("g", 64), "salt"), "alice@example.edu", false, openbadges.ErrMalformedIdentityHash},
		{"empty digest", hashed("sha256$", "salt"), "alice@example.edu", false, openbadges.ErrMalformedIdentityHash},
		{"plain match", openbadges.NewPlainIdentity("userName", "alice"), "alice", true, nil},
		{"plain is exact", openbadges.NewPlainIdentity("userName", "alice"), "Alice", false, nil},
		{"plain empty identifier", openbadges.NewPlainIdentity("userName", "alice"), "", false, nil},
		{"plain text that looks like a hash is compared as text",
			openbadges.IdentityObject{IdentityHash: "sha256$" + aliceSaltSHA256, IdentityType: "name"}, "sha256$" + aliceSaltSHA256, true, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.id.Matches(tc.identifier)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				if got {
					t.Errorf("matched despite the error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("Matches(%q) = %v, want %v", tc.identifier, got, tc.want)
			}
		})
	}
}

// A hashed identity survives a JSON round trip and still matches.
func TestIdentityRoundTrip(t *testing.T) {
	raw, err := json.Marshal(openbadges.NewHashedIdentity("emailAddress", "bob@example.edu", "NaCl"))
	if err != nil {
		t.Fatal(err)
	}
	var back openbadges.IdentityObject
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if ok, err := back.Matches("bob@example.edu"); !ok || err != nil {
		t.Errorf("Matches = %v, %v", ok, err)
	}
}
