package vc_test

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/clrkit/clrkit/vc"
)

func TestTypes(t *testing.T) {
	for in, want := range map[string][]string{
		`"A"`:       {"A"},
		`["A","B"]`: {"A", "B"},
		` [ "A" ] `: {"A"},
		`[]`:        nil,
		`"\u0041x"`: {"Ax"},
	} {
		var ts vc.Types
		if err := json.Unmarshal([]byte(in), &ts); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if len(ts) != len(want) || (len(want) > 0 && ts[0] != want[0]) {
			t.Errorf("%s: %q", in, ts)
		}
	}
	var ts vc.Types
	for in, msg := range map[string]string{`3`: "expected a string, got a number", `["A",{}]`: "[1]: expected a string, got an object", `["A"`: "invalid JSON: unexpected end of JSON input"} {
		if err := ts.UnmarshalJSON([]byte(in)); err == nil || err.Error() != msg {
			t.Errorf("%s: %v, want %q", in, err, msg)
		}
	}
	if !(vc.Types{"A", "B"}).Has("B") || (vc.Types{"A"}).Has("a") {
		t.Error("Has")
	}
	// Written as an array.
	b, _ := json.Marshal(vc.Types{"A"})
	if string(b) != `["A"]` {
		t.Errorf("marshaled %s", b)
	}
}

func TestSingleType(t *testing.T) {
	var s vc.SingleType
	for _, in := range []string{`"Image"`, `["Image"]`} {
		if err := s.UnmarshalJSON([]byte(in)); err != nil || s != "Image" {
			t.Errorf("%s: %q, %v", in, s, err)
		}
	}
	for in, msg := range map[string]string{`["A","B"]`: "expected one type, got 2", `[]`: "expected one type, got 0", `true`: "expected a string, got a boolean"} {
		if err := s.UnmarshalJSON([]byte(in)); err == nil || err.Error() != msg {
			t.Errorf("%s: %v, want %q", in, err, msg)
		}
	}
}

func TestOneOrManyAndCompacted(t *testing.T) {
	var o vc.OneOrMany[vc.TermsOfUse]
	if err := json.Unmarshal([]byte(`{"type":"T","x":1}`), &o); err != nil || len(o) != 1 || o[0].Type != "T" || string(o[0].Extensions["x"]) != "1" {
		t.Errorf("one: %+v %v", o, err)
	}
	if err := json.Unmarshal([]byte(`[{"type":"T"},{"type":"U"}]`), &o); err != nil || len(o) != 2 || o[1].Type != "U" {
		t.Errorf("many: %+v %v", o, err)
	}
	err := json.Unmarshal([]byte(`[{"type":"T"},{"type":"U","Type":"V","type":"W"}]`), &o)
	if err == nil || err.Error() != "[1].type: duplicate member" {
		t.Errorf("duplicate: %v", err)
	}
	b, _ := json.Marshal(vc.OneOrMany[string]{"a"})
	if string(b) != `["a"]` {
		t.Errorf("OneOrMany writes an array: %s", b)
	}

	one := vc.Compacted[vc.CredentialStatus]{{ID: "https://example.org/s", Type: "1EdTechRevocationList"}}
	b, err = json.Marshal(one)
	if err != nil || string(b) != `{"id":"https://example.org/s","type":"1EdTechRevocationList"}` {
		t.Errorf("Compacted one: %s %v", b, err)
	}
	two := append(one, vc.CredentialStatus{Type: "BitstringStatusListEntry"})
	b, err = json.Marshal(two)
	if err != nil || string(b) != `[{"id":"https://example.org/s","type":"1EdTechRevocationList"},{"type":"BitstringStatusListEntry"}]` {
		t.Errorf("Compacted two: %s %v", b, err)
	}
	var back vc.Compacted[vc.CredentialStatus]
	if err := json.Unmarshal(b, &back); err != nil || len(back) != 2 {
		t.Errorf("Compacted read: %v %v", back, err)
	}
	// A string with HTML characters stays unescaped, as everywhere else.
	b, _ = vc.Compacted[string]{"a<b"}.MarshalJSON()
	if string(b) != `"a<b"` {
		t.Errorf("Compacted escapes HTML: %s", b)
	}
}

func TestContexts(t *testing.T) {
	in := `["https://www.w3.org/ns/credentials/v2", {"@vocab": "https://example.org/#",  "x": {"@id": "https://example.org/x"}}, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]`
	var cs vc.Contexts
	if err := json.Unmarshal([]byte(in), &cs); err != nil {
		t.Fatal(err)
	}
	if len(cs) != 3 || cs[1].URL != "" || string(cs[1].Inline) != `{"@vocab": "https://example.org/#",  "x": {"@id": "https://example.org/x"}}` {
		t.Fatalf("%+v", cs)
	}
	if urls := cs.URLs(); len(urls) != 2 || urls[1] != "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" {
		t.Errorf("URLs %q", urls)
	}
	if !cs.Has(vc.ContextV2) || cs.Has(vc.ContextV1) {
		t.Error("Has")
	}
	b, err := json.Marshal(cs)
	if err != nil || string(b) != `["https://www.w3.org/ns/credentials/v2",{"@vocab":"https://example.org/#","x":{"@id":"https://example.org/x"}},"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]` {
		t.Errorf("%s %v", b, err)
	}
	if err := json.Unmarshal([]byte(`"https://www.w3.org/ns/credentials/v2"`), &cs); err != nil || len(cs) != 1 {
		t.Errorf("single string: %v %v", cs, err)
	}
	if err := json.Unmarshal([]byte(`{"@vocab":"x"}`), &cs); err != nil || len(cs) != 1 || cs[0].Inline == nil {
		t.Errorf("single object: %v %v", cs, err)
	}
	if err := cs.UnmarshalJSON([]byte(`["a",null]`)); err == nil || err.Error() != "[1]: a context entry must be a URL or an object, got null" {
		t.Errorf("null entry: %v", err)
	}
}

func TestLangString(t *testing.T) {
	for _, tc := range []struct{ in, out, first, fr string }{
		{`"Diploma"`, `"Diploma"`, "Diploma", ""},
		{`{"@value":"Diplôme","@language":"fr"}`, `{"@value":"Diplôme","@language":"fr"}`, "Diplôme", "Diplôme"},
		{`[{"@value":"Diploma","@language":"en"},{"@value":"Diplôme","@language":"FR","@direction":"ltr"}]`, `[{"@value":"Diploma","@language":"en"},{"@value":"Diplôme","@language":"FR","@direction":"ltr"}]`, "Diploma", "Diplôme"},
		{`{"@value":"plain"}`, `"plain"`, "plain", ""}, // one value without language: a plain string, same RDF literal
		{`""`, `""`, "", ""},
	} {
		var l vc.LangString
		if err := json.Unmarshal([]byte(tc.in), &l); err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		if l.String() != tc.first {
			t.Errorf("%s: String %q", tc.in, l.String())
		}
		if fr, ok := l.In("fr"); fr != tc.fr || ok != (tc.fr != "") {
			t.Errorf("%s: In(fr) %q %v", tc.in, fr, ok)
		}
		b, err := json.Marshal(l)
		if err != nil || string(b) != tc.out {
			t.Errorf("%s: marshaled %s %v", tc.in, b, err)
		}
	}
	var l vc.LangString
	for in, msg := range map[string]string{
		`3`:                             "expected a string or a language value object, got a number",
		`{"@language":"en"}`:            "a language value object needs @value",
		`{"@value":"x","@type":"y"}`:    "@type: a language value object has only @value, @language and @direction",
		`[{"@value":"x"},{"@value":1}]`: "[1].@value: expected a string, got a number",
		`{"@value":"x","@value":"y"}`:   "@value: duplicate member",
	} {
		if err := l.UnmarshalJSON([]byte(in)); err == nil || err.Error() != msg {
			t.Errorf("%s: %v, want %q", in, err, msg)
		}
	}
	if vc.Text("x").String() != "x" || (vc.LangString{}).String() != "" {
		t.Error("Text/String")
	}
}

func TestDateTime(t *testing.T) {
	for in, want := range map[vc.DateTime]time.Time{
		"2024-06-01T00:00:00Z":          time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC),
		"2024-06-01t10:00:00.125+02:00": time.Date(2024, 6, 1, 8, 0, 0, 125e6, time.UTC),
		"2024-06-01T00:00:00z":          time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC),
	} {
		got, err := in.Time()
		if err != nil || !got.Equal(want) {
			t.Errorf("%s: %v %v", in, got, err)
		}
	}
	for _, bad := range []vc.DateTime{"2024-06-01", "2024-06-01T00:00:00", "2024-13-01T00:00:00Z", "2024-06-01 00:00:00Z", ""} {
		if _, err := bad.Time(); !errors.Is(err, vc.ErrDateTime) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	// The exact string is kept, whatever its form.
	var s struct {
		D vc.DateTime `json:"d"`
	}
	if err := json.Unmarshal([]byte(`{"d":"2024-06-01T00:00:00.000+00:00"}`), &s); err != nil || s.D != "2024-06-01T00:00:00.000+00:00" {
		t.Errorf("%q %v", s.D, err)
	}
	if got := vc.NewDateTime(time.Date(2024, 6, 1, 2, 3, 4, 999, time.FixedZone("x", 3600))); got != "2024-06-01T01:03:04Z" {
		t.Errorf("NewDateTime %s", got)
	}
}

func TestNumber(t *testing.T) {
	for _, in := range []string{"3", "3.0", "-0.5", "1e3", "1E+03", "0"} {
		var n vc.Number
		if err := json.Unmarshal([]byte(in), &n); err != nil || string(n) != in {
			t.Errorf("%s: %q %v", in, n, err)
		}
		b, err := json.Marshal(n)
		if err != nil || string(b) != in {
			t.Errorf("%s marshaled %s %v", in, b, err)
		}
	}
	var n vc.Number
	for _, bad := range []string{`"3"`, `true`, `null`, `-`, `01`, `3.`, `[3]`} {
		if err := n.UnmarshalJSON([]byte(bad)); err == nil {
			t.Errorf("%s accepted as %q", bad, n)
		}
	}
	if err := n.UnmarshalJSON([]byte(`"3"`)); err == nil || err.Error() != "expected a number, got a string" {
		t.Errorf("string: %v", err)
	}
	for _, bad := range []vc.Number{"", `"3"`, "x", "3 4"} {
		if _, err := bad.MarshalJSON(); err == nil {
			t.Errorf("%q marshaled", bad)
		}
	}
	if f, err := vc.Number("2.5").Float64(); f != 2.5 || err != nil {
		t.Errorf("Float64 %v %v", f, err)
	}
	if vc.NewNumber(3) != "3" || vc.NewNumber(0.1) != "0.1" || vc.NewNumber(math.Pi) != "3.141592653589793" {
		t.Errorf("NewNumber %s %s", vc.NewNumber(3), vc.NewNumber(0.1))
	}
}

func TestExtensions(t *testing.T) {
	var e vc.Extensions
	if err := e.Set("x", map[string]any{"a": []int{1}}); err != nil {
		t.Fatal(err)
	}
	var got struct{ A []int }
	if ok, err := e.Get("x", &got); !ok || err != nil || len(got.A) != 1 {
		t.Errorf("Get: %v %v %v", got, ok, err)
	}
	if ok, err := e.Get("missing", &got); ok || err != nil {
		t.Errorf("missing: %v %v", ok, err)
	}
	var s string
	if _, err := e.Get("x", &s); err == nil || err.Error()[:3] != "x: " {
		t.Errorf("wrong type: %v", err)
	}
	if err := e.Set("bad", math.Inf(1)); err == nil {
		t.Error("Set of an unencodable value")
	}
}

// The generic Issuer and Subject keep unknown members and write a
// reference-only issuer as its URL.
func TestIssuerAndSubject(t *testing.T) {
	var i vc.Issuer
	if err := json.Unmarshal([]byte(`"https://example.org/i"`), &i); err != nil || i.ID != "https://example.org/i" {
		t.Fatal(i, err)
	}
	b, _ := json.Marshal(i)
	if string(b) != `"https://example.org/i"` {
		t.Errorf("%s", b)
	}
	if err := json.Unmarshal([]byte(`{"id":"https://example.org/i"}`), &i); err != nil {
		t.Fatal(err)
	}
	b, _ = json.Marshal(i)
	if string(b) != `"https://example.org/i"` {
		t.Errorf("id-only object: %s", b)
	}
	if err := json.Unmarshal([]byte(`{"id":"https://example.org/i","type":"Profile","url":"u"}`), &i); err != nil {
		t.Fatal(err)
	}
	b, _ = json.Marshal(i)
	if string(b) != `{"id":"https://example.org/i","type":["Profile"],"url":"u"}` {
		t.Errorf("object: %s", b)
	}
	var s vc.Subject
	if err := json.Unmarshal([]byte(`{"ID":"x","id":"y"}`), &s); err != nil || s.ID != "y" || string(s.Extensions["ID"]) != `"x"` {
		t.Errorf("%+v %v", s, err)
	}
}
