package jsonobj

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
)

type inner struct {
	ID    string                     `json:"id"`
	Items []inner                    `json:"items,omitempty"`
	Extra map[string]json.RawMessage `json:"-"`
}

func (i *inner) UnmarshalJSON(data []byte) error { *i = inner{}; return Unmarshal(data, i) }
func (i inner) MarshalJSON() ([]byte, error)     { return Marshal(&i) }

// linked is inner with a hook registered (see init): UnmarshalValid reads
// it through the hook, at any depth, where inner goes through its
// UnmarshalJSON.
type linked struct {
	ID    string                     `json:"id"`
	Items []linked                   `json:"items,omitempty"`
	Inner *inner                     `json:"inner,omitempty"`
	Extra map[string]json.RawMessage `json:"-"`
}

func (l *linked) UnmarshalJSON(data []byte) error {
	linkedCalls.Add(1)
	return Plain(l, Reader{}, data)
}
func (l linked) MarshalJSON() ([]byte, error) { return Marshal(&l) }

// linkedCalls counts the calls of linked's UnmarshalJSON.
var linkedCalls atomic.Int64

func init() { Register(Plain[linked]) }

type base struct {
	ID   string `json:"id,omitempty"`
	Type string `json:"type"`
}

type outer struct {
	base
	Name  string                     `json:"name"`
	Count int                        `json:"count,omitempty"`
	Flag  bool                       `json:"flag"`
	Tags  []string                   `json:"tags,omitempty"`
	Inner *inner                     `json:"inner,omitempty"`
	Proof *inner                     `json:"proof,omitempty" jsonobj:"last"`
	Link  *linked                    `json:"link,omitempty"`
	Links []linked                   `json:"links,omitempty"`
	Ext   map[string]json.RawMessage `json:"-"`
}

func TestUnmarshalExactNames(t *testing.T) {
	var o outer
	err := Unmarshal([]byte(`{"ID":"upper","Type":"T","type":"t","Name":"N","name":"n"}`), &o)
	if err != nil {
		t.Fatal(err)
	}
	if o.ID != "" || o.Type != "t" || o.Name != "n" {
		t.Errorf("declared fields: %+v", o)
	}
	for _, k := range []string{"ID", "Type", "Name"} {
		if _, ok := o.Ext[k]; !ok {
			t.Errorf("%s is not an extension: %v", k, o.Ext)
		}
	}
}

func TestUnmarshalDuplicate(t *testing.T) {
	for _, tc := range []struct{ doc, path string }{
		{`{"name":"a","name":"b"}`, "name"},
		{`{"x":1,"x":2}`, "x"},                        // extensions too
		{`{"name":"a","n\u0061me":"b"}`, "name"},      // names compare decoded
		{`{"inner":{"id":"a","id":"b"}}`, "inner.id"}, // at depth
		{`{"inner":{"items":[{"id":"a"},{"z":1,"z":2}]}}`, "inner.items[1].z"},
	} {
		var o outer
		err := Unmarshal([]byte(tc.doc), &o)
		var e *Error
		if !errors.Is(err, ErrDuplicateMember) || !errors.As(err, &e) || e.Path != tc.path {
			t.Errorf("%s: error %v, want a duplicate member at %s", tc.doc, err, tc.path)
		}
		if err != nil && err.Error() != tc.path+": duplicate member" {
			t.Errorf("%s: message %q", tc.doc, err.Error())
		}
	}
}

func TestUnmarshalErrorsNamePaths(t *testing.T) {
	for _, tc := range []struct{ doc, msg string }{
		{`{"name":3}`, "name: expected a string, got a number"},
		{`{"count":"3"}`, "count: expected a number, got a string"},
		{`{"flag":"yes"}`, "flag: expected a boolean, got a string"},
		{`{"tags":"a"}`, "tags: expected an array, got a string"},
		{`{"inner":[]}`, "inner: not a JSON object: got an array"},
		{`{"inner":{"items":[{"id":1}]}}`, "inner.items[0].id: expected a string, got a number"},
		{`[]`, "not a JSON object: got an array"},
		{`  `, "not a JSON object: got nothing"},
		{`{"a":1`, "invalid JSON: unexpected end of JSON input"},
		{`{"a":1} {}`, "invalid JSON: invalid character '{' after top-level value"},
	} {
		var o outer
		err := Unmarshal([]byte(tc.doc), &o)
		if err == nil || err.Error() != tc.msg {
			t.Errorf("%s: error %v, want %q", tc.doc, err, tc.msg)
		}
	}
}

func TestRoundTripKeepsExtensions(t *testing.T) {
	doc := `{"type":"T","zeta":{"b":[1,2.50,"x"],"a":null},"name":"n","alpha":  1e3 ,"proof":{"id":"p","q":true},"inner":{"id":"i","deep":{"k":"<&>"}},"flag":false}`
	var o outer
	if err := Unmarshal([]byte(doc), &o); err != nil {
		t.Fatal(err)
	}
	if got := string(o.Ext["zeta"]); got != `{"b":[1,2.50,"x"],"a":null}` {
		t.Errorf("zeta kept as %s", got)
	}
	if got := string(o.Ext["alpha"]); got != `1e3` {
		t.Errorf("alpha kept as %s", got)
	}
	out, err := Marshal(&o)
	if err != nil {
		t.Fatal(err)
	}
	// Declared members in declaration order (embedded first), extensions
	// sorted by name, `jsonobj:"last"` members at the end; values byte for byte.
	want := `{"type":"T","name":"n","flag":false,"inner":{"id":"i","deep":{"k":"<&>"}},"alpha":1e3,"zeta":{"b":[1,2.50,"x"],"a":null},"proof":{"id":"p","q":true}}`
	if string(out) != want {
		t.Errorf("Marshal:\n got %s\nwant %s", out, want)
	}
}

func TestMarshalShadowedExtension(t *testing.T) {
	o := outer{Ext: map[string]json.RawMessage{"name": json.RawMessage(`"x"`)}}
	_, err := Marshal(&o)
	var e *Error
	if !errors.Is(err, ErrShadowed) || !errors.As(err, &e) || e.Path != "name" {
		t.Errorf("error %v, want ErrShadowed at name", err)
	}
	o.Ext = map[string]json.RawMessage{"inner": json.RawMessage(`{"id":"x"}`)} // an optional member too
	if _, err := Marshal(&o); !errors.Is(err, ErrShadowed) {
		t.Errorf("error %v, want ErrShadowed", err)
	}
	o.Ext = map[string]json.RawMessage{"bad": json.RawMessage(`{`)}
	if _, err := Marshal(&o); err == nil || !strings.HasPrefix(err.Error(), "bad: ") {
		t.Errorf("invalid extension JSON: error %v", err)
	}
}

func TestMarshalNestedErrorPath(t *testing.T) {
	o := outer{Inner: &inner{ID: "i", Items: []inner{{ID: "a"}, {ID: "b", Extra: map[string]json.RawMessage{"id": []byte(`1`)}}}}}
	_, err := Marshal(&o)
	if !errors.Is(err, ErrShadowed) {
		t.Fatalf("error %v, want ErrShadowed", err)
	}
	// The element's path is lost inside encoding/json's slice encoder, but
	// the cause survives and the member path is named.
	if !strings.Contains(err.Error(), "inner") {
		t.Errorf("error %q does not name inner", err)
	}
}

func TestNullMembersAreAbsent(t *testing.T) {
	var o outer
	if err := Unmarshal([]byte(`{"type":"T","name":null,"inner":null,"ext":null}`), &o); err != nil {
		t.Fatal(err)
	}
	if o.Inner != nil || o.Name != "" {
		t.Errorf("null declared members decoded to %+v", o)
	}
	if string(o.Ext["ext"]) != "null" {
		t.Errorf("a null extension is kept as its JSON: %q", o.Ext["ext"])
	}
}

func TestMembers(t *testing.T) {
	ms, err := Members([]byte(" {\"b\" : [1, {\"c\":\"}\"}] ,\n\"a\":\"x\\\"y\", \"\\u00e9\":-1.5e2 }\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Member{{"b", json.RawMessage(`[1, {"c":"}"}]`)}, {"a", json.RawMessage(`"x\"y"`)}, {"é", json.RawMessage(`-1.5e2`)}}
	if len(ms) != len(want) {
		t.Fatalf("got %d members", len(ms))
	}
	for i := range ms {
		if ms[i].Name != want[i].Name || !bytes.Equal(ms[i].Value, want[i].Value) {
			t.Errorf("[%d] = %q %s, want %q %s", i, ms[i].Name, ms[i].Value, want[i].Name, want[i].Value)
		}
	}
	// A large object finds duplicates through its map.
	var b strings.Builder
	b.WriteString("{")
	for i := range 40 {
		b.WriteString(`"k` + strings.Repeat("x", i) + `":1,`)
	}
	b.WriteString(`"kxxx":2}`)
	if _, err := Members([]byte(b.String())); !errors.Is(err, ErrDuplicateMember) {
		t.Errorf("large object with a duplicate: %v", err)
	}
}

func TestAtAndIndex(t *testing.T) {
	err := At("credentialSubject", At("result", Index(1, At("value", errors.New("boom")))))
	if err.Error() != "credentialSubject.result[1].value: boom" {
		t.Errorf("got %q", err)
	}
	if At("x", nil) != nil {
		t.Error("At of nil")
	}
	if got := Index(0, Index(2, errors.New("e"))).Error(); got != "[0][2]: e" {
		t.Errorf("got %q", got)
	}
}

func TestString(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{`"plain"`, "plain", true},
		{`"a\nb\u00e9\"\\"`, "a\nb\u00e9\"\\", true},
		{` "x" `, "x", true},
		{`"` + "\x01" + `"`, "", false},
		{"\"\xff\"", "\ufffd", true}, // encoding/json replaces invalid UTF-8
		{`3`, "", false},
		{`"`, "", false},
	} {
		got, err := String([]byte(tc.in))
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("String(%q) = %q, %v", tc.in, got, err)
		}
	}
}

// WriteString agrees with encoding/json (HTML escaping off), so the model's
// own strings and those encoding/json writes read back the same.
func TestWriteStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", "<a&b>", "quote\" back\\ slash", "\n\r\t\b\f\x00\x1f", "é ü \u2028\u2029", "bad \xff utf8", "😀"} {
		var buf bytes.Buffer
		WriteString(&buf, s)
		want, err := Encode(s)
		if err != nil {
			t.Fatal(err)
		}
		if buf.String() != string(want) {
			t.Errorf("WriteString(%q) = %s, encoding/json %s", s, buf.String(), want)
		}
	}
}

func TestUnmarshalNeedsStructPointer(t *testing.T) {
	var o outer
	if err := Unmarshal([]byte(`{}`), o); err == nil {
		t.Error("non-pointer accepted")
	}
	if _, err := Marshal(3); err == nil {
		t.Error("Marshal of a non-struct accepted")
	}
}

type noCodec struct {
	ID string `json:"id"`
}

type hasNoCodec struct {
	X noCodec `json:"x"`
}

// A struct member without its own UnmarshalJSON would fall back to
// encoding/json and its case-insensitive names: it is refused instead.
func TestStructWithoutUnmarshalJSONRefused(t *testing.T) {
	var h hasNoCodec
	err := Unmarshal([]byte(`{"x":{"ID":"a"}}`), &h)
	if err == nil || !strings.Contains(err.Error(), "has no UnmarshalJSON") || !strings.HasPrefix(err.Error(), "x: ") {
		t.Errorf("error %v", err)
	}
}

func TestKind(t *testing.T) {
	for in, want := range map[string]string{"": "nothing", " {": "an object", "[": "an array", `"`: "a string", "true": "a boolean", "false": "a boolean", "null": "null", "-1": "a number"} {
		if got := Kind([]byte(in)); got != want {
			t.Errorf("Kind(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheck(t *testing.T) {
	for doc, msg := range map[string]string{
		`{"a":[{"b":1},{"c":{"d":1,"d":2}}]}`: "a[1].c.d: duplicate member",
		`[{"x":1},{"x":1,"x":1}]`:             "[1].x: duplicate member",
		` {"a":1,"b":{"a":1}} `:               "",
		`"a"`:                                 "",
		`{"a":1,"\u0061":2}`:                  "a: duplicate member",
		"{\"\xff\":1,\"\xfe\":2}":             "not I-JSON: invalid UTF-8 in a string", // "\ufffd: duplicate member" before I-JSON
		`{"a":[1,{"b":"x\ud800"}]}`:           "a[1].b: not I-JSON: unpaired UTF-16 surrogate escape \\ud800",
		`{"a":{"n":[0,-1e400]}}`:              "a.n[1]: not I-JSON: number -1e400 is too large for an IEEE 754 double",
		`{"a":{"n":1e-999}}`:                  "a.n: not I-JSON: number 1e-999 is too small for an IEEE 754 double: it would read as 0",
		`{"a":"\ud800","b":[}`:                "invalid JSON: invalid character '}' looking for beginning of value",
		`{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":0,"k11":1,"k12":2,"k13":3,"k14":4,"k15":5,"k16":6,"k17":7,"k3":8}`: "k3: duplicate member",
		`{"a":1`: "invalid JSON: unexpected end of JSON input",
	} {
		err := Check([]byte(doc))
		if (msg == "") != (err == nil) || err != nil && err.Error() != msg {
			t.Errorf("Check(%s) = %v, want %q", doc, err, msg)
		}
	}
}

// Only JSON's own white space surrounds a value: \f, \v and Unicode spaces
// are refused as encoding/json refuses them (found by FuzzElements).
func TestOnlyJSONWhiteSpace(t *testing.T) {
	for _, doc := range []string{"\f{}", "{}\v", "{}\u00a0", "\u0085{}"} {
		if _, err := Members([]byte(doc)); err == nil {
			t.Errorf("Members(%q) accepted", doc)
		}
		if err := Check([]byte(doc)); err == nil {
			t.Errorf("Check(%q) accepted", doc)
		}
		if _, err := Elements([]byte(strings.ReplaceAll(strings.ReplaceAll(doc, "{", "["), "}", "]"))); err == nil {
			t.Errorf("Elements accepted %q", doc)
		}
	}
	if _, err := Members([]byte(" \t\r\n{}\n")); err != nil {
		t.Error(err)
	}
}

// TestErrorPointer: the JSON pointer of an error names members exactly,
// even those whose names hold the characters the dotted Path uses.
func TestErrorPointer(t *testing.T) {
	for doc, want := range map[string]string{
		`{"https://a.b/c":{"x~[0]":[1,1e400]}}`: "/https:~1~1a.b~1c/x~0[0]/1",
		`{"a":[{"b":1},{"b":2,"b":3}]}`:         "/a/1/b",
		`{"a":"\udc00"}`:                        "/a",
		`[1e-400]`:                              "/0",
	} {
		var e *Error
		if err := Check([]byte(doc)); !errors.As(err, &e) || e.Pointer() != want {
			t.Errorf("Check(%s) = %v, pointer %q, want %q", doc, err, e.Pointer(), want)
		}
	}
}

// TestStringEnd: the end of a string is found as a byte-by-byte scan finds
// it, for strings with escaped quotes and backslashes anywhere.
func TestStringEnd(t *testing.T) {
	byteByByte := func(data []byte, i int) int {
		for i++; ; i++ {
			switch data[i] {
			case '"':
				return i + 1
			case '\\':
				i++
			}
		}
	}
	pieces := []string{"a", `\"`, `\\`, `\n`, `\u0041`, "é", " "}
	rng := rand.New(rand.NewPCG(4, 5))
	for range 5000 {
		s := `"`
		for range rng.IntN(16) {
			s += pieces[rng.IntN(len(pieces))]
		}
		data := []byte(s + `" , "tail"`)
		if got, want := stringEnd(data, 0), byteByByte(data, 0); got != want {
			t.Fatalf("stringEnd(%q) = %d, want %d", data, got, want)
		}
	}
}

// BenchmarkStringEndEscapes finds the end of a string of 100,000 escapes:
// one pass over it, not one per escape.
func BenchmarkStringEndEscapes(b *testing.B) {
	data := []byte(`"` + strings.Repeat(`\n`, 100_000) + `"`)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if stringEnd(data, 0) != len(data) {
			b.Fatal("wrong end")
		}
	}
}

func TestMayContain(t *testing.T) {
	for _, c := range []struct {
		data string
		want bool
	}{
		{`{"endorsement": []}`, true},
		{`{"\u0065ndorsement": []}`, true},
		{`{"name": "x"}`, false},
		{`{"url": "https:\/\/x"}`, true},
	} {
		if got := MayContain([]byte(c.data), "endorsement"); got != c.want {
			t.Errorf("MayContain(%s) = %v", c.data, got)
		}
	}
}

// TestMayBeStructural8: mayBeStructural8 never says false for eight bytes
// holding a quote or a bracket, and says false for eight bytes of others
// around which nothing borrows. Each byte value in each position, and
// random words.
func TestMayBeStructural8(t *testing.T) {
	structural := func(c byte) bool { return strings.IndexByte(`"{}[]`, c) >= 0 }
	for pos := range 8 {
		for c := range 256 {
			w := []byte("abcdefgh")
			w[pos] = byte(c)
			if got := mayBeStructural8(w); got != structural(byte(c)) {
				t.Fatalf("mayBeStructural8(%q) = %v", w, got)
			}
		}
	}
	rng := rand.New(rand.NewPCG(7, 9))
	for range 200000 {
		var w [8]byte
		found := false
		for i := range w {
			w[i] = byte(rng.IntN(256))
			found = found || structural(w[i])
		}
		if found && !mayBeStructural8(w[:]) {
			t.Fatalf("mayBeStructural8(%q) misses a quote or bracket", w)
		}
	}
}

// TestUnmarshalValidAsUnmarshal: on valid text, UnmarshalValid decodes
// what Unmarshal decodes and fails as it fails (message and pointer):
// member names with escapes, known and extension members, nulls, nested
// objects through a registered hook (linked, at any depth, and slices and
// pointers of it) and through UnmarshalJSON (inner), type errors, and text
// that is not an object; with and without the index of a Text. The hook
// replaces the type's UnmarshalJSON.
func TestUnmarshalValidAsUnmarshal(t *testing.T) {
	for _, in := range []string{
		`{"type":"t","name":"n"}`,
		` { "\u0074ype" : "t" , "n\u0061me":"n", "e\u0078t":[1,{"a":2}] , "other": "x" } `,
		`{"type":"t","count":3,"flag":true,"tags":["a","b"],"inner":{"id":"i","items":[{"id":"j","z":1}],"q":null},"proof":{"id":"p"}}`,
		`{"type":null,"name":"n","inner":null}`,
		`{"type":5}`,
		`{"type":"t","inner":{"id":[1]}}`,
		`{"type":"t","tags":["a",2]}`,
		`{"type":"t","inner":"not an object"}`,
		`{"":1,"type":"t"}`,
		`{"type":"t","inner":{"":{"":2},"id":"i"},"":[]}`,
		`{"type":"t","inner":{"id":"i","items":[{"":null,"id":"j"}]}}`,
		`{"type":"t","link":{"id":"l","items":[{"id":"m","inner":{"id":"n"}},{"id":"o","x":[{}]}],"y":1},"links":[{"id":"p"},{"id":"q"}]}`,
		`{"type":"t","link":{"id":"l","items":[{"id":5}]}}`,
		`{"type":"t","link":{"id":"l","items":{"id":"m"}}}`,
		`{"type":"t","links":[{"id":"p"},null,{"id":"q"}]}`,
		`{"type":"t","links":[{"id":"p"},"x"]}`,
		`{"type":"t","links":{"id":"p"}}`,
		`{"type":"t","link":null,"links":null}`,
		`{"type":"t","link":{"id":"l","inner":{"id":1}}}`,
		`{}`,
		`["not", "an", "object"]`,
		`"a string"`,
	} {
		var want, got outer
		wantErr := Unmarshal([]byte(in), &want)
		data := []byte(in)
		for _, text := range []*Text{nil, NewText(data, scannedEnds(data))} {
			got = outer{}
			gotErr := UnmarshalValid(text, data, &got)
			if (wantErr == nil) != (gotErr == nil) || wantErr != nil && (wantErr.Error() != gotErr.Error() || errPointer(wantErr) != errPointer(gotErr)) {
				t.Fatalf("%s (index %v): Unmarshal error %v, UnmarshalValid error %v", in, text != nil, wantErr, gotErr)
			}
			if wantErr == nil && !reflect.DeepEqual(got, want) {
				t.Fatalf("%s (index %v): Unmarshal %+v, UnmarshalValid %+v", in, text != nil, want, got)
			}
		}
	}
	before := linkedCalls.Load()
	var o outer
	in := []byte(`{"type":"t","link":{"id":"l","items":[{"id":"m"}]},"links":[{"id":"p"}]}`)
	if err := UnmarshalValid(nil, in, &o); err != nil || o.Link == nil || len(o.Link.Items) != 1 || len(o.Links) != 1 {
		t.Fatalf("UnmarshalValid: %v, %+v", err, o)
	}
	if n := linkedCalls.Load() - before; n != 0 {
		t.Errorf("UnmarshalValid called linked's UnmarshalJSON %d times, not its hook", n)
	}
	if err := Unmarshal(in, &o); err != nil {
		t.Fatal(err)
	}
	if n := linkedCalls.Load() - before; n != 3 {
		t.Errorf("Unmarshal called linked's UnmarshalJSON %d times, want 3", n)
	}
}

func errPointer(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Pointer()
	}
	return ""
}

// TestLastTag: the json option last is refused (vet flags it and
// encoding/json ignores it), as is an unknown jsonobj tag.
func TestLastTag(t *testing.T) {
	type oldStyle struct {
		//lint:ignore SA5008 the refused option is what is tested
		P string `json:"p,omitempty,last"`
	}
	type unknown struct {
		P string `json:"p" jsonobj:"first"`
	}
	for name, v := range map[string]any{"json option": &oldStyle{}, "unknown jsonobj tag": &unknown{}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			Marshal(v)
		}()
	}
}
