package vc_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/clrkit/clrkit/proof/ld"
	"github.com/clrkit/clrkit/vc"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func parseFile(t testing.TB, name string) *vc.Credential {
	t.Helper()
	c, err := vc.ParseCredential(readFile(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestVersionsAndValidity(t *testing.T) {
	v2 := parseFile(t, "testdata/ob3-basic.json")
	v1 := parseFile(t, "testdata/ob3-basic.v1.json")
	if v2.Version() != vc.Version2 || v1.Version() != vc.Version1 {
		t.Fatalf("versions %v, %v", v2.Version(), v1.Version())
	}
	if v1.ValidFrom != "" || v1.IssuanceDate != "2024-06-01T00:00:00Z" || v1.ExpirationDate != "2034-06-01T00:00:00Z" {
		t.Errorf("1.1 dates: %+v", v1.Core)
	}
	f2, u2 := v2.Validity()
	f1, u1 := v1.Validity()
	if f1 != f2 || u1 != u2 || f2 != "2024-06-01T00:00:00Z" || u2 != "2034-06-01T00:00:00Z" {
		t.Errorf("validity 2.0 %s..%s, 1.1 %s..%s", f2, u2, f1, u1)
	}
	// The 1.1 members are written back as they were read.
	out, err := v1.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte(`"issuanceDate":"2024-06-01T00:00:00Z","expirationDate":"2034-06-01T00:00:00Z"`)) || bytes.Contains(out, []byte("validFrom")) {
		t.Errorf("1.1 marshaled as %s", out)
	}
	if (&vc.Core{}).Version() != vc.VersionUnknown {
		t.Error("no context: not VersionUnknown")
	}
	if (&vc.Core{Context: vc.Contexts{{URL: "https://example.org/ctx"}}}).Version() != vc.VersionUnknown {
		t.Error("other context: not VersionUnknown")
	}
	for v, s := range map[vc.Version]string{vc.Version1: "VCDM 1.1", vc.Version2: "VCDM 2.0", vc.VersionUnknown: "unknown VCDM version"} {
		if v.String() != s {
			t.Errorf("%d.String() = %q", v, v.String())
		}
	}
}

func TestValidAt(t *testing.T) {
	from := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	until := time.Date(2034, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, name := range []string{"testdata/ob3-basic.json", "testdata/ob3-basic.v1.json"} {
		c := parseFile(t, name)
		for _, tc := range []struct {
			at   time.Time
			skew time.Duration
			want error
		}{
			{from, 0, nil},
			{until, 0, nil},
			{from.Add(-time.Second), 0, vc.ErrNotYetValid},
			{from.Add(-time.Minute), 2 * time.Minute, nil},
			{from.Add(-3 * time.Minute), 2 * time.Minute, vc.ErrNotYetValid},
			{until.Add(time.Second), 0, vc.ErrExpired},
			{until.Add(time.Minute), 2 * time.Minute, nil},
			{until.Add(3 * time.Minute), 2 * time.Minute, vc.ErrExpired},
		} {
			err := c.ValidAt(tc.at, tc.skew)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Errorf("%s at %s skew %s: %v, want %v", name, tc.at, tc.skew, err, tc.want)
			}
		}
	}
	bad := vc.Core{ValidFrom: "2024-06-01"}
	if err := bad.ValidAt(from, 0); !errors.Is(err, vc.ErrDateTime) {
		t.Errorf("unparseable validFrom: %v", err)
	}
	bad = vc.Core{ValidUntil: "soon"}
	if err := bad.ValidAt(from, 0); !errors.Is(err, vc.ErrDateTime) {
		t.Errorf("unparseable validUntil: %v", err)
	}
	if err := (&vc.Core{}).ValidAt(from, 0); err != nil {
		t.Errorf("no dates: %v", err)
	}
}

// The spec's equality samples: A, B and D are the same credential at the
// same time, C the same credential valid from two months later.
func TestIdentityEqualitySamples(t *testing.T) {
	ids := map[string]vc.Identity{}
	for _, s := range []string{"A", "B", "C", "D"} {
		ids[s] = parseFile(t, "testdata/ob3-equality-sample-"+s+".unsigned.json").Identity()
	}
	want := vc.Identity{Issuer: "https://example.edu/issuers/565049", ID: "http://example.edu/credentials/3732", ValidFrom: "2010-01-01T00:00:00Z"}
	if ids["A"] != want {
		t.Errorf("A: %+v", ids["A"])
	}
	for _, pair := range []struct {
		a, b string
		cmp  int
	}{{"A", "B", 0}, {"A", "D", 0}, {"A", "C", -1}, {"C", "B", 1}, {"C", "C", 0}} {
		a, b := ids[pair.a], ids[pair.b]
		if !a.Same(b) {
			t.Errorf("%s, %s: not Same", pair.a, pair.b)
		}
		got, err := a.Compare(b)
		if err != nil || got != pair.cmp {
			t.Errorf("Compare(%s, %s) = %d, %v, want %d", pair.a, pair.b, got, err, pair.cmp)
		}
	}
	other := ids["A"]
	other.ID = "http://example.edu/credentials/3733"
	otherIssuer := ids["A"]
	otherIssuer.Issuer = "https://example.edu/issuers/1"
	noID := vc.Identity{Issuer: ids["A"].Issuer}
	for _, b := range []vc.Identity{other, otherIssuer, noID} {
		if ids["A"].Same(b) {
			t.Errorf("Same(%+v)", b)
		}
		if _, err := ids["A"].Compare(b); !errors.Is(err, vc.ErrNotComparable) {
			t.Errorf("Compare(%+v): %v", b, err)
		}
	}
	if noID.Same(noID) {
		t.Error("two credentials without ids are the same")
	}
	late := ids["A"]
	late.ValidFrom = "not a date"
	if _, err := ids["A"].Compare(late); !errors.Is(err, vc.ErrDateTime) {
		t.Errorf("Compare with a bad date: %v", err)
	}
	// Offsets compare as instants.
	x, y := ids["A"], ids["A"]
	x.ValidFrom, y.ValidFrom = "2010-01-01T01:00:00+01:00", "2010-01-01T00:00:00Z"
	if c, err := x.Compare(y); c != 0 || err != nil {
		t.Errorf("same instant, other offset: %d, %v", c, err)
	}
}

func TestCredentialRaw(t *testing.T) {
	data := readFile(t, "testdata/ob3-basic.signed.json")
	c := parseFile(t, "testdata/ob3-basic.signed.json")
	if !bytes.Equal(c.Raw(), data) {
		t.Error("Raw is not the input")
	}
	data[0] = 'X' // Raw is a copy
	if c.Raw()[0] != '{' {
		t.Error("Raw aliases the caller's buffer")
	}
	if (&vc.Credential{}).Raw() != nil {
		t.Error("a built credential has raw bytes")
	}
	if len(c.Proof) != 1 || c.Proof[0].Type != "DataIntegrityProof" || c.Proof[0].Cryptosuite != "eddsa-rdfc-2022" || !strings.HasPrefix(c.Proof[0].ProofValue, "z") {
		t.Errorf("proof: %+v", c.Proof)
	}
	out, err := c.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(out, []byte(`"proofValue":"`+c.Proof[0].ProofValue+`"}]}`)) {
		t.Errorf("proof is not written last: %s", out[len(out)-200:])
	}
	// The subject's OB members are extensions of the generic subject.
	if _, ok := c.CredentialSubject[0].Extensions["achievement"]; !ok {
		t.Errorf("subject extensions: %v", c.CredentialSubject[0].Extensions)
	}
}

func TestParseCredentialErrors(t *testing.T) {
	for _, tc := range []struct{ doc, msg string }{
		{`[]`, "vc: credential: not a JSON object: got an array"},
		{`{"@context":3}`, "vc: credential: @context: a context entry must be a URL or an object, got a number"},
		{`{"@context":["https://www.w3.org/ns/credentials/v2",true]}`, "vc: credential: @context[1]: a context entry must be a URL or an object, got a boolean"},
		{`{"type":["VerifiableCredential",3]}`, "vc: credential: type[1]: expected a string, got a number"},
		{`{"issuer":{"id":"x","name":{"@value":"n","@language":3}}}`, "vc: credential: issuer.name.@language: expected a string, got a number"},
		{`{"issuer":[]}`, "vc: credential: issuer: not a JSON object: got an array"},
		{`{"credentialSubject":[{},{"id":1}]}`, "vc: credential: credentialSubject[1].id: expected a string, got a number"},
		{`{"proof":{"type":["A","B"]}}`, "vc: credential: proof.type: expected one type, got 2"},
		{`{"credentialStatus":[{"type":"x"},{"type":null,"id":{}}]}`, "vc: credential: credentialStatus[1].id: expected a string, got an object"},
		{`{"id":"a","id":"b"}`, "vc: credential: id: duplicate member"},
	} {
		_, err := vc.ParseCredential([]byte(tc.doc))
		if err == nil || err.Error() != tc.msg {
			t.Errorf("%s:\n got %v\nwant %s", tc.doc, err, tc.msg)
		}
	}
}

// The VCDM 1.1 fixture round-trips like the 2.0 ones: the marshaled JSON
// has the same canonical N-Quads as the file, and marshals again the same.
func TestVersion1RoundTrip(t *testing.T) {
	data := readFile(t, "testdata/ob3-basic.v1.json")
	c, err := vc.ParseCredential(data)
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	want, err := ld.Default().Canonicalize(context.Background(), data)
	if err != nil {
		t.Fatalf("fixture does not canonicalize: %v", err)
	}
	got, err := ld.Default().Canonicalize(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want.NQuads, got.NQuads) {
		t.Errorf("N-Quads differ:\n%s\n%s", want.NQuads, got.NQuads)
	}
	if !bytes.Contains(want.NQuads, []byte("<https://www.w3.org/2018/credentials#issuanceDate>")) {
		t.Errorf("the 1.1 context did not map issuanceDate:\n%s", want.NQuads)
	}
	again, err := vc.ParseCredential(out)
	if err != nil {
		t.Fatal(err)
	}
	out2, _ := again.MarshalJSON()
	if !bytes.Equal(out, out2) {
		t.Error("second marshal differs")
	}
}
