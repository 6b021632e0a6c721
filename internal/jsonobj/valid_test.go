package jsonobj

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/internal/ijson/ijsontest"
)

var validCases = []string{
	``, ` `, `{}`, ` {} `, `[]`, `[1,2]`, `[1,]`, `[,1]`, `{"a":1}`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `{"a":1 "b":2}`,
	`"x"`, `"\u00e9"`, `"\u00g9"`, `"\x"`, `"\/"`, "\"\x01\"", "\"\x7f\xff\"", `"abc`, `"\`, `"\u12"`,
	`0`, `-0`, `01`, `-`, `1.`, `1.5`, `.5`, `1e5`, `1E+5`, `1e-5`, `1e`, `1e+`, `-1.5e10`, `00`, `1.5.5`,
	`"\ud800"`, `"\ud800\udc00"`, `"\udc00\ud800"`, `"\ud800\u0041"`, `"\ud800\u00g1"`, "\"\xed\xa0\x80\"", `1e400`, `-1e-400`, `0e400`,
	`true`, `tru`, `truex`, `false`, `null`, `nul`, `[true,false,null]`, `{"a":[{"b":{}}]}`, `{} {}`, `{}x`,
	"\t\n\r {\"a\"\t:\n1}\r\n", "\f{}", "\v{}", "\u00a0{}", `[1 2]`, `{"a":}`, `{"a"}`, `{,}`, `[}`, `{]`,
}

func TestValidMatchesEncodingJSON(t *testing.T) {
	for _, c := range validCases {
		if got, want := valid([]byte(c)), reference([]byte(c)); got != want {
			t.Errorf("valid(%q) = %v, the reference says %v", c, got, want)
		}
	}
	for _, depth := range []int{9999, 10000, 10001} {
		for _, open := range []string{"[", `{"a":`} {
			close := "]"
			if open != "[" {
				close = "}"
			}
			doc := strings.Repeat(open, depth) + "1" + strings.Repeat(close, depth)
			if got, want := valid([]byte(doc)), json.Valid([]byte(doc)); got != want {
				t.Errorf("depth %d of %q: valid = %v, encoding/json says %v", depth, open, got, want)
			}
		}
	}
}

// reference is what valid must accept: what encoding/json's Valid accepts,
// less what breaks I-JSON's rules on strings and numbers.
func reference(data []byte) bool {
	return json.Valid(data) && ijsontest.AcceptsIgnoringDuplicates(data)
}

// FuzzValid compares valid with the reference on arbitrary input.
func FuzzValid(f *testing.F) {
	for _, c := range validCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := valid(data), reference(data); got != want {
			t.Fatalf("valid(%q) = %v, the reference says %v", data, got, want)
		}
	})
}

// TestMaxDepth: Members refuses a document nested deeper than MaxDepth
// (every model level checks what is below it again, so depth bounds the
// work), naming the reason, and accepts one at the limit.
func TestMaxDepth(t *testing.T) {
	doc := func(depth int) []byte {
		return []byte(strings.Repeat(`{"a":`, depth-1) + `{}` + strings.Repeat(`}`, depth-1))
	}
	if _, err := Members(doc(MaxDepth)); err != nil {
		t.Fatalf("depth %d: %v", MaxDepth, err)
	}
	_, err := Members(doc(MaxDepth + 1))
	if !errors.Is(err, ErrTooDeep) {
		t.Fatalf("depth %d: got %v, want ErrTooDeep", MaxDepth+1, err)
	}
	if err := Check(doc(MaxDepth + 1)); !errors.Is(err, ErrTooDeep) {
		t.Fatalf("Check at depth %d: got %v", MaxDepth+1, err)
	}
	if _, err := Members([]byte(`{"a":[` + strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth) + `]}`)); !errors.Is(err, ErrTooDeep) {
		t.Fatalf("deep array: got %v", err)
	}
}
