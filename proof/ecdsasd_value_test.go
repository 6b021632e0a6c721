package proof

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

func sdValue(b []byte) string { return "u" + base64.RawURLEncoding.EncodeToString(b) }

// vectorProofValues returns the base and derived proof values of the PRC
// vector.
func vectorProofValues(t testing.TB) (base, derived string) {
	var doc struct {
		Proof struct{ ProofValue string } `json:"proof"`
	}
	json.Unmarshal(readTestdata(t, sdVectorDir+"prc/addSignedSDBase.json"), &doc)
	base = doc.Proof.ProofValue
	json.Unmarshal(readTestdata(t, sdVectorDir+"prc/derivedRevealDocument.json"), &doc)
	return base, doc.Proof.ProofValue
}

// TestECDSASD2023ProofValueParsers feeds the proofValue parsers malformed
// input: each is refused with ErrMalformedProof (a base proof given to a
// verifier, with ErrUnsupportedProof), naming the fault.
func TestECDSASD2023ProofValueParsers(t *testing.T) {
	base, derived := vectorProofValues(t)
	raw := func(s string) []byte { b, _ := base64.RawURLEncoding.DecodeString(s[1:]); return b }
	rb, rd := raw(base), raw(derived)
	with := func(b []byte, i int, v byte) []byte { c := bytes.Clone(b); c[i] = v; return c }
	tests := []struct {
		name, value string
		derived     bool
		want        error
		says        string
	}{
		{"empty", "", true, ErrMalformedProof, "no proofValue"},
		{"base58", "z" + base[1:], true, ErrMalformedProof, "base64url"},
		{"padding", derived + "=", true, ErrMalformedProof, "base64url"},
		{"short", sdValue([]byte{0xd9, 0x5d}), true, ErrMalformedProof, "header"},
		{"wrong tag", sdValue(with(rd, 1, 0x5e)), true, ErrMalformedProof, "header"},
		{"wrong mode", sdValue(with(rd, 2, 0x02)), true, ErrMalformedProof, "header"},
		{"base to verifier", base, true, ErrUnsupportedProof, "base proof"},
		{"derived to Derive", derived, false, ErrMalformedProof, "derived proof already"},
		{"trailing byte", sdValue(append(bytes.Clone(rd), 0)), true, ErrMalformedProof, "after the item"},
		{"truncated", sdValue(rd[:len(rd)-1]), true, ErrMalformedProof, "beyond the input"},
		{"array of 4", sdValue(with(rd, 3, 0x84)), true, ErrMalformedProof, "4 items"},
		{"indefinite array", sdValue(with(rd, 3, 0x9f)), true, ErrMalformedProof, "indefinite"},
		{"short signature", sdValue(with(rd, 5, 0x3f)), true, ErrMalformedProof, "63 bytes"},
		{"base truncated", sdValue(rb[:40]), false, ErrMalformedProof, "end of input"},
		{"base cut inside its signature", sdValue(append(sdHeader(0), 0x85, 0x58, 0x40)), false, ErrMalformedProof, "end of input"},
		{"derived cut inside its signature", sdValue([]byte{0xd9, 0x5d, 0x01, 0x85, 0x58, 0x40, 0, 0, 0}), true, ErrMalformedProof, "end of input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.derived {
				_, err = parseSDDerived(tt.value)
			} else {
				_, err = parseSDBase(tt.value)
			}
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.says) {
				t.Fatalf("err = %v, want %v saying %q", err, tt.want, tt.says)
			}
		})
	}

	// Counts beyond the limits are refused before anything is allocated.
	sigs := cborAppendHead(nil, 4, sdMaxStatements+1)
	v := append(append(sdHeader(sdModeDerived), 0x85), rd[4:4+2+64+2+35]...)
	v = append(v, sigs...)
	if _, err := parseSDDerived(sdValue(v)); !errors.Is(err, ErrMalformedProof) || !strings.Contains(err.Error(), "limit") {
		t.Errorf("too many signatures: %v", err)
	}
	labels := cborAppendHead(append(bytes.Clone(v[:len(v)-len(sigs)]), 0x80), 5, sdMaxLabels+1)
	if _, err := parseSDDerived(sdValue(labels)); !errors.Is(err, ErrMalformedProof) || !strings.Contains(err.Error(), "limit") {
		t.Errorf("too many labels: %v", err)
	}
	if _, err := parseSDDerived(strings.Repeat("u", sdMaxProofValue+1)); !errors.Is(err, ErrMalformedProof) {
		t.Errorf("over-long proofValue: %v", err)
	}

	// Label maps: a key twice, or two keys with one label.
	d, err := parseSDDerived(derived)
	if err != nil {
		t.Fatal(err)
	}
	one := d.labels[0]
	d.labels[1] = one
	twice, _ := d.encode()
	if _, err := parseSDDerived(twice); !errors.Is(err, ErrMalformedProof) || !strings.Contains(err.Error(), "one label") {
		t.Errorf("two blank nodes, one label: %v", err)
	}
	// Mandatory indexes must increase.
	d, _ = parseSDDerived(derived)
	d.mandatoryIndexes = []int{4, 0}
	unordered, _ := d.encode()
	if _, err := parseSDDerived(unordered); !errors.Is(err, ErrMalformedProof) || !strings.Contains(err.Error(), "increasing") {
		t.Errorf("unordered indexes: %v", err)
	}
	// Tag 64 (a typed byte array) is read as a byte string.
	d, _ = parseSDDerived(derived)
	tagged := append(append(sdHeader(sdModeDerived), 0x85, 0xd8, 0x40), rd[4:]...)
	if d2, err := parseSDDerived(sdValue(tagged)); err != nil || !bytes.Equal(d2.baseSignature, d.baseSignature) {
		t.Errorf("tag 64: %v", err)
	}
	// Encoding what was parsed gives the input back.
	for _, s := range []string{derived} {
		d, _ := parseSDDerived(s)
		if got, _ := d.encode(); got != s {
			t.Errorf("re-encoded %s, want %s", got, s)
		}
	}
	b, _ := parseSDBase(base)
	if got, _ := b.encode(); got != base {
		t.Errorf("re-encoded base %s", got)
	}
}

// FuzzECDSASD2023ProofValue checks that the proofValue parsers never
// panic, refuse with ErrMalformedProof or ErrUnsupportedProof, and that
// what they accept encodes to a value that parses to the same.
func FuzzECDSASD2023ProofValue(f *testing.F) {
	base, derived := vectorProofValues(f)
	f.Add(base)
	f.Add(derived)
	f.Add("u2V0B")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		if b, err := parseSDBase(s); err == nil {
			out, err := b.encode()
			if err != nil {
				t.Fatal(err)
			}
			b2, err := parseSDBase(out)
			if err != nil || !bytes.Equal(b2.baseSignature, b.baseSignature) || !slices.Equal(b2.mandatoryPointers, b.mandatoryPointers) || len(b2.signatures) != len(b.signatures) {
				t.Fatalf("base round trip: %v", err)
			}
		} else if !errors.Is(err, ErrMalformedProof) {
			t.Fatalf("base: %v", err)
		}
		if d, err := parseSDDerived(s); err == nil {
			out, err := d.encode()
			if err != nil {
				t.Fatal(err)
			}
			d2, err := parseSDDerived(out)
			if err != nil || len(d2.labels) != len(d.labels) || !slices.Equal(d2.mandatoryIndexes, d.mandatoryIndexes) || len(d2.signatures) != len(d.signatures) {
				t.Fatalf("derived round trip: %v", err)
			}
		} else if !errors.Is(err, ErrMalformedProof) && !errors.Is(err, ErrUnsupportedProof) {
			t.Fatalf("derived: %v", err)
		}
	})
}
