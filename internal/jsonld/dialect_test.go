package jsonld

import (
	"compress/gzip"
	"encoding/json"
	"math"
	"os"
	"strconv"
	"testing"
)

// jsNumbers is testdata/jsnumbers/numbers.json.gz, what Node wrote for
// random and edge-case doubles (record.mjs).
type jsNumbers struct {
	Numbers []struct {
		Bits  string `json:"bits"`
		Dot   bool   `json:"dot"`
		Fixed string `json:"fixed"`
		Exp   string `json:"exp"`
	} `json:"numbers"`
	Strings []struct {
		S    string `json:"s"`
		Bits string `json:"bits"`
		Exp  string `json:"exp"`
	} `json:"strings"`
}

func readJSNumbers(t *testing.T) jsNumbers {
	t.Helper()
	f, err := os.Open("testdata/jsnumbers/numbers.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var n jsNumbers
	if err := json.NewDecoder(zr).Decode(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func fromBits(t *testing.T, hex string) float64 {
	t.Helper()
	b, err := strconv.ParseUint(hex, 16, 64)
	if err != nil {
		t.Fatal(err)
	}
	return math.Float64frombits(b)
}

// TestJSNumberForms: every recorded double is written as JavaScript
// writes it: xsdDouble as toExponential(15) (halfway cases rounded up), as
// JSON-LD 1.1 API section 8.6 gives it, in both dialects; and in the
// jsonld.js dialect isDouble by String(v) and toFixed(0), numberLiteral
// picking between them as jsonld.js's Object to RDF does.
func TestJSNumberForms(t *testing.T) {
	n := readJSNumbers(t)
	if len(n.Numbers) < 4000 {
		t.Fatalf("only %d numbers recorded", len(n.Numbers))
	}
	ties := 0
	for _, r := range n.Numbers {
		f := fromBits(t, r.Bits)
		if got := jsIsDouble(f); got != (r.Dot || math.Abs(f) >= 1e21) {
			t.Errorf("%v (%s): jsIsDouble %v, JavaScript's String has a dot: %v", f, r.Bits, got, r.Dot)
		}
		if got := jsExponential(f); got != r.Exp {
			t.Errorf("%v (%s): jsExponential %q, toExponential %q", f, r.Bits, got, r.Exp)
		}
		if got := xsdDouble(f); got != r.Exp {
			t.Errorf("%v (%s): xsdDouble %q, toExponential %q (JSON-LD 1.1 API section 8.6)", f, r.Bits, got, r.Exp)
		}
		if f != 0 && strconv.FormatFloat(math.Abs(f), 'E', 15, 64)[:17] != strconv.FormatFloat(math.Abs(f), 'E', 16, 64)[:17] {
			// Rounded half to even, and not up.
			ties++
		}
		lex, dt := numberLiteral(f, "", DialectJSONLDJS)
		want, wantDT := r.Fixed, "http://www.w3.org/2001/XMLSchema#integer"
		if r.Dot || math.Abs(f) >= 1e21 {
			want, wantDT = r.Exp, "http://www.w3.org/2001/XMLSchema#double"
		}
		if lex != want || dt != wantDT {
			t.Errorf("%v (%s): numberLiteral %q %s, jsonld.js %q %s", f, r.Bits, lex, dt, want, wantDT)
		}
	}
	if ties == 0 {
		t.Error("no recorded double is a halfway case, which C's printf would round to even")
	}
	t.Logf("%d doubles, %d halfway cases", len(n.Numbers), ties)
}

// TestJSParseFloat: jsParseFloat reads every recorded string as
// JavaScript's parseFloat does.
func TestJSParseFloat(t *testing.T) {
	for _, r := range readJSNumbers(t).Strings {
		got, want := jsParseFloat(r.S), fromBits(t, r.Bits)
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("parseFloat(%q) = %v, JavaScript %v", r.S, got, want)
		}
		if e := jsExponential(got); e != r.Exp {
			t.Errorf("parseFloat(%q) written %q, jsonld.js %q", r.S, e, r.Exp)
		}
	}
}

// FuzzJSParseFloat: jsParseFloat never panics, and reads back the
// canonical form it gives any finite number it returns.
func FuzzJSParseFloat(f *testing.F) {
	for _, s := range []string{"1.5", " -.5e3x", "Infinity", "1e400", "\u30001", "", "."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := jsParseFloat(s)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return
		}
		if back := jsParseFloat(jsExponential(v)); math.Abs(back-v) > math.Abs(v)*1e-15 {
			t.Errorf("%q: %v written %s reads %v", s, v, jsExponential(v), back)
		}
	})
}

// TestWellFormedLanguage: RFC 5646's Language-Tag production, which the RDF
// step requires of a language tag (the W3C toRdf test wf05 checks only a
// space).
func TestWellFormedLanguage(t *testing.T) {
	for tag, want := range map[string]bool{
		"en": true, "EN-us": true, "zh-Hant-TW": true, "sr-Latn-RS": true, "es-419": true, "de-CH-1901": true,
		"sl-rozaj-biske": true, "ca-valencia": true, "en-a-bbb-x-a-ccc": true, "x-whatever": true, "i-klingon": true,
		"zh-yue-HK": true, "en-GB-oed": true, "qaa-Qaaa-QM-x-southern": true, "de-1996": true, "tlh": true,
		"": false, "a": false, "en-1": false, "en-a": false, "en-x": false, "a b": false, "en_US": false,
		"en-": false, "-en": false, "en--us": false, "abcdefghi": false, "en-US-": false, "x": false,
		"en-a-b": false, "1en": false, "en-123456789": false, "é": false,
	} {
		if got := isWellFormedLanguage(tag); got != want {
			t.Errorf("isWellFormedLanguage(%q) = %v, want %v", tag, got, want)
		}
	}
}
