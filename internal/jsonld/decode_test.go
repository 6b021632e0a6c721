package jsonld

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/internal/ijson"
	"github.com/clrkit/clrkit/internal/ijson/ijsontest"
)

// stdDecode is the reference DecodeJSON is held to: encoding/json with
// UseNumber, accepting exactly what json.Valid accepts (a whole document,
// nothing after it, nesting at most 10000 deep) and what acceptsIJSON
// accepts.
func stdDecode(data []byte) (any, bool) {
	if !json.Valid(data) || !ijsontest.Accepts(data) {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	return v, true
}

// stdMaxDepth is encoding/json's own nesting limit.
const stdMaxDepth = 10000

func TestDecodeJSONValues(t *testing.T) {
	tests := []struct {
		name, in string
		want     any
	}{
		{"null", `null`, nil},
		{"true", ` true `, true},
		{"false", "\t\r\nfalse", false},
		{"integer", `-0`, json.Number("-0")},
		{"number text kept", `[1.50, 1E+2, 10e-3, 123456789012345678901234567890]`,
			[]any{json.Number("1.50"), json.Number("1E+2"), json.Number("10e-3"), json.Number("123456789012345678901234567890")}},
		{"empty containers are non-nil", `{"a":{},"b":[]}`, map[string]any{"a": map[string]any{}, "b": []any{}}},
		{"escapes", `"\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC"`, "\"\\/\b\f\n\r\tAé€"},
		{"escaped key", `{"\u0040id":"x"}`, map[string]any{"@id": "x"}},
		{"surrogate pair", `"\ud83d\ude00"`, "😀"},
		{"valid UTF-8 kept", `"é€😀"`, "é€😀"},
		{"nested", `{"a":[1,{"b":null}],"c":"d"}`,
			map[string]any{"a": []any{json.Number("1"), map[string]any{"b": nil}}, "c": "d"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeJSON([]byte(tt.in), 0)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %#v, want %#v", got, tt.want)
			}
			std, ok := stdDecode([]byte(tt.in))
			if !ok || !reflect.DeepEqual(got, std) {
				t.Fatalf("encoding/json decodes %#v (ok %v), DecodeJSON %#v", std, ok, got)
			}
		})
	}
}

// TestDecodeJSONRejectsNonIJSON covers the I-JSON rules (RFC 7493 section
// 2) that encoding/json does not keep, each a way for two texts to decode
// alike: the error names the rule, the JSON pointer of the value and its
// byte offset.
func TestDecodeJSONRejectsNonIJSON(t *testing.T) {
	tests := []struct {
		name, in string
		rule     error
		path     string
		offset   int
	}{
		{"duplicate member", `{"a":1,"b":2,"a":3}`, ijson.ErrDuplicateName, "/a", 13},
		{"duplicate member nested", `{"x":[{},{"a":1,"a":1}]}`, ijson.ErrDuplicateName, "/x/1/a", 16},
		{"duplicate escaped name", `{"@id":"x","\u0040id":"y"}`, ijson.ErrDuplicateName, "/@id", 11},
		{"lone high surrogate", `["ok","\ud83dx"]`, ijson.ErrSurrogate, "/1", 7},
		{"lone low surrogate", `"\ude00\ud83d\ude00"`, ijson.ErrSurrogate, "", 1},
		{"high then high", `"\ud83d\ud83d\ude00"`, ijson.ErrSurrogate, "", 1},
		{"high then BMP escape", `"\ud83d\u0041"`, ijson.ErrSurrogate, "", 1},
		{"high at the end", `"a\ud800"`, ijson.ErrSurrogate, "", 2},
		{"surrogate in a member name", `{"\udfff":1}`, ijson.ErrSurrogate, "", 2},
		{"invalid UTF-8", "{\"k\":\"a\xff\xfeb\"}", ijson.ErrInvalidUTF8, "/k", 7},
		{"truncated UTF-8 sequence", "\"\xe2\x82\"", ijson.ErrInvalidUTF8, "", 1},
		{"UTF-8 encoded surrogate", "\"\xed\xa0\x80\"", ijson.ErrInvalidUTF8, "", 1},
		{"overlong UTF-8", "\"\xc0\xaf\"", ijson.ErrInvalidUTF8, "", 1},
		{"invalid UTF-8 in a member name", "{\"\xc3\":1}", ijson.ErrInvalidUTF8, "", 2},
		{"invalid UTF-8 after an escape", "\"\\n\xff\"", ijson.ErrInvalidUTF8, "", 3},
		{"overflow", `{"n":[1,1e400]}`, ijson.ErrNumberRange, "/n/1", 8},
		{"negative overflow", `-1.8e308`, ijson.ErrNumberRange, "", 0},
		{"underflow", `{"a/b~":1e-400}`, ijson.ErrNumberRange, "/a~1b~0", 8},
		{"underflow of a long fraction", `0.` + strings.Repeat("0", 400) + `1`, ijson.ErrNumberRange, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := DecodeJSON([]byte(tt.in), 0)
			var je *Error
			if !errors.As(err, &je) || je.Code != CodeNotIJSON || !errors.Is(err, tt.rule) {
				t.Fatalf("DecodeJSON(%q) = %#v, %v; want an invalid input error for %v", tt.in, v, err, tt.rule)
			}
			if je.Path != tt.path {
				t.Errorf("path %q, want %q", je.Path, tt.path)
			}
			if want := "at byte offset " + strconv.Itoa(tt.offset); !strings.HasSuffix(je.Detail, want) {
				t.Errorf("detail %q does not end with %q", je.Detail, want)
			}
			if _, ok := stdDecode([]byte(tt.in)); ok {
				t.Errorf("the reference accepts %q", tt.in)
			}
		})
	}
	// What I-JSON allows stays accepted: pairs, escaped and raw code points
	// of every plane, and numbers at the edges of the double range.
	for _, in := range []string{`"\ud83d\ude00\uDBFF\uDFFF"`, `"é€😀\u00e9"`, `[4e-324,1.7976931348623157e308,0e999999,-0.0e-400]`} {
		if _, err := DecodeJSON([]byte(in), 0); err != nil {
			t.Errorf("DecodeJSON(%q): %v", in, err)
		}
	}
}

// TestDecodeJSONErrors covers every error DecodeJSON reports, with the byte
// offset its Detail must name.
func TestDecodeJSONErrors(t *testing.T) {
	tests := []struct {
		name, in string
		maxDepth int
		code     string
		offset   string
	}{
		{"empty", ``, 0, CodeInvalidInput, "offset 0"},
		{"only space", "  \n", 0, CodeInvalidInput, "offset 3"},
		{"bad first byte", `x`, 0, CodeInvalidInput, "offset 0"},
		{"byte order mark", "\xef\xbb\xbf{}", 0, CodeInvalidInput, "offset 0"},
		{"single quotes", `'a'`, 0, CodeInvalidInput, "offset 0"},
		{"trailing comma in array", `[1,]`, 0, CodeInvalidInput, "offset 3"},
		{"missing value after comma", `[1,`, 0, CodeInvalidInput, "offset 3"},
		{"truncated literal", `tru`, 0, CodeInvalidInput, "offset 3"},
		{"misspelt literal", `nul1`, 0, CodeInvalidInput, "offset 3"},
		{"capitalised literal", `True`, 0, CodeInvalidInput, "offset 0"},
		{"lone minus", `-`, 0, CodeInvalidInput, "offset 1"},
		{"minus letter", `-a`, 0, CodeInvalidInput, "offset 1"},
		{"plus sign", `+1`, 0, CodeInvalidInput, "offset 0"},
		{"leading dot", `.5`, 0, CodeInvalidInput, "offset 0"},
		{"no fraction digits", `1.`, 0, CodeInvalidInput, "offset 2"},
		{"no fraction digits before exponent", `1.e5`, 0, CodeInvalidInput, "offset 2"},
		{"no exponent digits", `1e`, 0, CodeInvalidInput, "offset 2"},
		{"signed exponent without digits", `1e+`, 0, CodeInvalidInput, "offset 3"},
		{"leading zero", `01`, 0, CodeInvalidInput, "offset 1"},
		{"hex number", `0x1`, 0, CodeInvalidInput, "offset 1"},
		{"NaN", `NaN`, 0, CodeInvalidInput, "offset 0"},
		{"non-string member name", `{1:2}`, 0, CodeInvalidInput, "offset 1"},
		{"unquoted member name", `{a:2}`, 0, CodeInvalidInput, "offset 1"},
		{"trailing comma in object", `{"a":1,}`, 0, CodeInvalidInput, "offset 7"},
		{"truncated object", `{`, 0, CodeInvalidInput, "offset 1"},
		{"missing colon", `{"a" 1}`, 0, CodeInvalidInput, "offset 5"},
		{"end after member name", `{"a"`, 0, CodeInvalidInput, "offset 4"},
		{"missing comma between members", `{"a":1 "b":2}`, 0, CodeInvalidInput, "offset 7"},
		{"unclosed object", `{"a":1`, 0, CodeInvalidInput, "offset 6"},
		{"object closed by bracket", `{"a":1]`, 0, CodeInvalidInput, "offset 6"},
		{"missing comma between elements", `[1 2]`, 0, CodeInvalidInput, "offset 3"},
		{"unclosed array", `[1`, 0, CodeInvalidInput, "offset 2"},
		{"array closed by brace", `[1}`, 0, CodeInvalidInput, "offset 2"},
		{"unterminated string", `"abc`, 0, CodeInvalidInput, "offset 4"},
		{"unterminated string after escape", `"a\n`, 0, CodeInvalidInput, "offset 4"},
		{"unterminated string after invalid UTF-8", "\"a\xff", 0, CodeNotIJSON, "offset 2"}, // in document order
		{"raw newline in string", "\"a\nb\"", 0, CodeInvalidInput, "offset 2"},
		{"raw tab after escape", "\"\\n\t\"", 0, CodeInvalidInput, "offset 3"},
		{"backslash at end", `"\`, 0, CodeInvalidInput, "offset 2"},
		{"unknown escape", `"\x"`, 0, CodeInvalidInput, "offset 2"},
		{"single-quote escape", `"\'"`, 0, CodeInvalidInput, "offset 2"},
		{"short \\u escape", `"\u12"`, 0, CodeInvalidInput, "offset 5"},
		{"bad hex in \\u escape", `"\u12G4"`, 0, CodeInvalidInput, "offset 5"},
		{"bad second half of a pair", `"\ud83d\u12G4"`, 0, CodeInvalidInput, "offset 11"},
		{"trailing document", `{} {}`, 0, CodeInvalidInput, "offset 3"},
		{"trailing number", `1 2`, 0, CodeInvalidInput, "offset 2"},
		{"trailing garbage", `{}x`, 0, CodeInvalidInput, "offset 2"},
		{"trailing bracket", `[]]`, 0, CodeInvalidInput, "offset 2"},
		{"trailing NUL", "null\x00", 0, CodeInvalidInput, "offset 4"},
		{"too deep array", `[[[1]]]`, 2, CodeMaxDepth, "offset 2"},
		{"too deep object", `{"a":{"b":{}}}`, 2, CodeMaxDepth, "offset 10"},
		{"too deep by default", strings.Repeat("[", DefaultMaxDepth+1), 0, CodeMaxDepth, "offset 64"},
		{"depth checked before a later syntax error", `[[[x`, 2, CodeMaxDepth, "offset 2"},
		{"syntax error before the depth limit", `[x[[`, 2, CodeInvalidInput, "offset 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := DecodeJSON([]byte(tt.in), tt.maxDepth)
			var je *Error
			if !errors.As(err, &je) || je.Code != tt.code {
				t.Fatalf("DecodeJSON(%q) = %#v, %v; want code %q", tt.in, v, err, tt.code)
			}
			if !strings.HasSuffix(je.Detail, "byte "+tt.offset) {
				t.Errorf("detail %q does not end with %q", je.Detail, "byte "+tt.offset)
			}
			if tt.code == CodeInvalidInput {
				if _, ok := stdDecode([]byte(tt.in)); ok {
					t.Errorf("encoding/json accepts %q", tt.in)
				}
			}
		})
	}
	// Exactly the limit is fine.
	if _, err := DecodeJSON([]byte(`[[1]]`), 2); err != nil {
		t.Fatal(err)
	}
	if _, err := DecodeJSON([]byte(strings.Repeat("[", DefaultMaxDepth)+strings.Repeat("]", DefaultMaxDepth)), 0); err != nil {
		t.Fatal(err)
	}
}

// FuzzDecodeJSON holds DecodeJSON to encoding/json: for every input both
// return the same value or both reject it. With a small depth limit the
// result must be the same value, or a depth error for an input that nests
// too deeply or is not JSON. Seeds: testdata/fuzz/FuzzDecodeJSON, the
// number-, string- and structure-heavy documents of testdata/fuzz and the
// interop credentials.
func FuzzDecodeJSON(f *testing.F) {
	more, _ := filepath.Glob(filepath.Join("testdata", "interop", "*[a-z0-9].json"))
	seeds, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "*.json"))
	for _, name := range append(more, seeds...) {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want, ok := stdDecode(data)
		got, err := DecodeJSON(data, stdMaxDepth)
		if ok != (err == nil) {
			t.Fatalf("DecodeJSON(%q): err = %v, encoding/json accepts: %v", data, err, ok)
		}
		if err != nil {
			var je *Error
			if !errors.As(err, &je) || je.Code != CodeInvalidInput && je.Code != CodeNotIJSON && je.Code != CodeMaxDepth ||
				!strings.Contains(je.Detail, "byte offset ") {
				t.Fatalf("DecodeJSON(%q): unexpected error %#v", data, err)
			}
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("DecodeJSON(%q) = %#v, encoding/json %#v", data, got, want)
		}
		const small = 3
		levels := textDepth(data)
		got, err = DecodeJSON(data, small)
		switch {
		case err == nil && levels > small:
			t.Fatalf("DecodeJSON(%q, %d) accepts %d levels", data, small, levels)
		case err == nil && !reflect.DeepEqual(got, want):
			t.Fatalf("DecodeJSON(%q, %d) = %#v, encoding/json %#v", data, small, got, want)
		case err != nil && levels <= small:
			t.Fatalf("DecodeJSON(%q, %d): %v", data, small, err)
		case err != nil:
			wantCode(t, err, CodeMaxDepth)
		}
	})
}

// textDepth returns how deep the arrays and objects of a valid JSON text
// nest. It reads the text rather than the decoded value, where a
// duplicate key may have replaced a deeper member.
func textDepth(data []byte) int {
	d, deepest := 0, 0
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '[' || c == '{':
			d++
			deepest = max(deepest, d)
		case c == ']' || c == '}':
			d--
		}
	}
	return deepest
}

func BenchmarkDecodeJSON(b *testing.B) {
	for _, name := range []string{"ob3-basic", "clr-3creds"} {
		data, err := os.ReadFile(filepath.Join("testdata", "interop", name+".json"))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for range b.N {
				if _, err := DecodeJSON(data, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/encoding-json", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for range b.N {
				dec := json.NewDecoder(bytes.NewReader(data))
				dec.UseNumber()
				var v any
				if err := dec.Decode(&v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestDecodeJSONSpans: each object's span is the exact text it was read
// from (decoding the span again gives an equal value), and maps of another
// decoding have none.
func TestDecodeJSONSpans(t *testing.T) {
	text := []byte(` {"a": {"b": [ {"c": 1}, {} ]}, "d": {"e": "f\u00e9"}, "g": [[{"h": null}]]} `)
	v, spans, err := DecodeJSONSpans(text, 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	var walk func(any)
	walk = func(x any) {
		switch y := x.(type) {
		case map[string]any:
			start, end, ok := spans.Of(y)
			if !ok {
				t.Fatalf("no span for %v", y)
			}
			if text[start] != '{' || text[end-1] != '}' {
				t.Errorf("span %q is not the object's text alone", text[start:end])
			}
			again, err := DecodeJSON(text[start:end], 0)
			if err != nil || !reflect.DeepEqual(again, y) {
				t.Errorf("span %q decodes to %v (%v), want %v", text[start:end], again, err, y)
			}
			seen++
			for _, z := range y {
				walk(z)
			}
		case []any:
			for _, z := range y {
				walk(z)
			}
		}
	}
	walk(v)
	if seen != 6 {
		t.Errorf("%d objects, want 6", seen)
	}
	other, _ := DecodeJSON(text, 0)
	if _, _, ok := spans.Of(other.(map[string]any)); ok {
		t.Error("a map of another decoding has a span")
	}
	if _, _, ok := (*Spans)(nil).Of(map[string]any{}); ok {
		t.Error("nil Spans has a span")
	}
}
