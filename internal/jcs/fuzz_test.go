package jcs

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzTransform checks that Transform never panics, accepts only JSON,
// is idempotent, and keeps the value: its output decodes (with
// encoding/json) to the same value as its input.
func FuzzTransform(f *testing.F) {
	for _, name := range []string{
		"rfc8785/sample-3.2.2-input.json",
		"rfc8785/sorting-3.2.3-input.json",
		"vc-di-eddsa/unsigned.json",
		"vc-di-eddsa/eddsa-jcs-2022/signedJCS.json",
	} {
		b, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(name)))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{`0`, `-0.0e-0`, `1e400`, `[1e21,1e-7,"\u001f\/"]`, `{"a":{"b":[]},"a":1}`, `"\ud800"`, "\"\xff\"",
		// Numbers at the edges of the double range and of ECMAScript's
		// formats; strings whose UTF-16 and code point orders differ.
		`[1e-400,2e-324,5e-324,1.7976931348623157e308,1.7976931348623159e308,1e-6,1e-7,1e20,1e21,0.30000000000000004,1234567890123456.5,9007199254740993]`,
		`{"\uff01":1,"\ud83d\ude00":2,"\ue000":3,"\ud7ff":4,"\udbff\udfff":5,"e\u0301":6,"\u00e9":7,"":8}`,
		`["\ud83d\ude00\uff01","\u2028\u2029","\u0000\u007f\u0080","\udc00\ud800"]`,
		`{"a":[{"b":[{"c":[[[[[]]]]]}]}],"n":null,"t":true,"f":false}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := Transform(in)
		if err != nil {
			return
		}
		if !json.Valid(in) {
			t.Fatalf("accepted invalid JSON %q", in)
		}
		again, err := Transform(out)
		if err != nil {
			t.Fatalf("Transform(%q) = %q, whose Transform fails: %v", in, out, err)
		}
		if !bytes.Equal(again, out) {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, out, again)
		}
		var vin, vout any
		if err := json.Unmarshal(in, &vin); err != nil {
			t.Fatalf("encoding/json rejects accepted input %q: %v", in, err)
		}
		if err := json.Unmarshal(out, &vout); err != nil {
			t.Fatalf("encoding/json rejects output %q: %v", out, err)
		}
		if !reflect.DeepEqual(vin, vout) {
			t.Fatalf("value changed: %q -> %q", in, out)
		}
		// Marshal of the decoded value agrees with Transform.
		if m, err := Marshal(vin); err != nil || !bytes.Equal(m, out) {
			t.Fatalf("Marshal(decoded %q) = %q, %v; Transform gave %q", in, m, err, out)
		}
	})
}
