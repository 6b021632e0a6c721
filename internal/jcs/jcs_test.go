package jcs

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRFC8785Samples checks the worked examples of RFC 8785 sections 3.2.2
// to 3.2.4.
func TestRFC8785Samples(t *testing.T) {
	for _, name := range []string{"sample-3.2.2", "sorting-3.2.3"} {
		t.Run(name, func(t *testing.T) {
			in := readFile(t, "rfc8785/"+name+"-input.json")
			want := readFile(t, "rfc8785/"+name+"-output.json")
			got, err := Transform(in)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("Transform:\n got %s\nwant %s", got, want)
			}
			// The same through encoding/json and Marshal.
			var v any
			if err := json.Unmarshal(in, &v); err != nil {
				t.Fatal(err)
			}
			got, err = Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("Marshal:\n got %s\nwant %s", got, want)
			}
		})
	}
}

// TestAppendixBNumbers checks every row of RFC 8785 Appendix B.
func TestAppendixBNumbers(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "rfc8785", "appendix-b-numbers.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		hexBits, want, ok := strings.Cut(line, " ")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		bits, err := strconv.ParseUint(hexBits, 16, 64)
		if err != nil {
			t.Fatal(err)
		}
		rows++
		v := math.Float64frombits(bits)
		got, err := Marshal(v)
		if want == "N/A" {
			if !errors.Is(err, ErrNumber) {
				t.Errorf("%s: got %q, %v; want ErrNumber", hexBits, got, err)
			}
			continue
		}
		if err != nil || string(got) != want {
			t.Errorf("%s: got %q, %v; want %q", hexBits, got, err, want)
		}
		// The serialization reads back as the same double, and
		// canonicalizing it as JSON text is a fixed point.
		if back, err := strconv.ParseFloat(want, 64); err != nil || back != v {
			t.Errorf("%s: %q reads back as %v, %v", hexBits, want, back, err)
		}
		if got, err := Transform([]byte(want)); err != nil || string(got) != want {
			t.Errorf("Transform(%q) = %q, %v", want, got, err)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if rows != 26 {
		t.Errorf("read %d rows, want the 26 of Appendix B", rows)
	}
}

func TestNumbers(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"-0", "0"},
		{"0.0", "0"},
		{"1", "1"},
		{"1.0", "1"},
		{"-1.5e0", "-1.5"},
		{"100", "100"},
		{"1e20", "100000000000000000000"},
		{"1e21", "1e+21"},
		{"123456789012345678901234567890", "1.2345678901234568e+29"},
		{"0.000001", "0.000001"},
		{"0.0000001", "1e-7"},
		{"1.5E-7", "1.5e-7"},
		{"9007199254740993", "9007199254740992"},
		{"0e-400", "0"},
		{"4.9e-324", "5e-324"},
	} {
		got, err := Transform([]byte(tc.in))
		if err != nil || string(got) != tc.want {
			t.Errorf("Transform(%s) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
		got, err = Marshal(json.Number(tc.in))
		if err != nil || string(got) != tc.want {
			t.Errorf("Marshal(json.Number(%s)) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct {
		in   any
		want string
	}{
		{int(-7), "-7"}, {int8(8), "8"}, {int16(-16), "-16"}, {int32(32), "32"},
		{int64(1<<53 + 1), "9007199254740992"}, {uint(1), "1"}, {uint8(2), "2"},
		{uint16(3), "3"}, {uint32(4), "4"}, {uint64(1 << 63), "9223372036854776000"},
	} {
		got, err := Marshal(tc.in)
		if err != nil || string(got) != tc.want {
			t.Errorf("Marshal(%T %v) = %s, %v; want %s", tc.in, tc.in, got, err, tc.want)
		}
	}
}

// TestPropertyOrder checks sorting by UTF-16 code units, in particular
// that a name above U+FFFF (a surrogate pair, D800–DBFF first) sorts
// before one in U+E000–U+FFFF although UTF-8 byte order says otherwise.
func TestPropertyOrder(t *testing.T) {
	m := map[string]any{
		"\U0001F600": 1, // 😀, UTF-16 D83D DE00
		"\uFFFD":     2,
		"\uE000":     3,
		"\uD7FF":     4,
		"z":          5,
		"":           6,
		"a":          7,
		"aa":         8,
		"\U00010000": 9, // UTF-16 D800 DC00
		"\U0010FFFF": 10,
		"\u00e9":     11,
		"A":          12,
	}
	got, err := Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"":6,"A":12,"a":7,"aa":8,"z":5,"` + "\u00e9" + `":11,"` + "\uD7FF" + `":4,"` +
		"\U00010000" + `":9,"` + "\U0001F600" + `":1,"` + "\U0010FFFF" + `":10,"` +
		"\uE000" + `":3,"` + "\uFFFD" + `":2}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}

	// CompareUTF16 agrees with comparing the UTF-16 encodings.
	keys := []string{"", "a", "ab", "b", "\u00e9", "\uD7FF", "\uE000", "\uFB33", "\uFFFF",
		"\U00010000", "\U0001F600", "\U0001F601", "\U0010FFFF", "a\U0001F600", "a\uFFFF", "\u20ac"}
	for _, a := range keys {
		for _, b := range keys {
			if g, w := sign(CompareUTF16(a, b)), sign(compareEncoded(a, b)); g != w {
				t.Errorf("CompareUTF16(%+q, %+q) = %d, want %d", a, b, g, w)
			}
		}
	}
}

func compareEncoded(a, b string) int {
	ua, ub := utf16Of(a), utf16Of(b)
	for i := 0; i < len(ua) && i < len(ub); i++ {
		if ua[i] != ub[i] {
			return int(ua[i]) - int(ub[i])
		}
	}
	return len(ua) - len(ub)
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

func TestStringEscaping(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", `"plain"`},
		{"\b\f\n\r\t", `"\b\f\n\r\t"`},
		{"\x00\x01\x0b\x0e\x1f", `"\u0000\u0001\u000b\u000e\u001f"`},
		{"\x7f", "\"\x7f\""}, // DEL is not a control character for JSON
		{`"\`, `"\"\\"`},
		{"a/b</script>", `"a/b</script>"`},
		{"é€😀\u2028\u2029\uFEFF", "\"é€😀\u2028\u2029\uFEFF\""},
	} {
		got, err := Marshal(tc.in)
		if err != nil || string(got) != tc.want {
			t.Errorf("Marshal(%+q) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	// Escapes in the input are decoded and only the required ones written.
	in := `"\u0041\u00e9\/\u001F\u001f\u000B\ud83d\ude00\u2028"`
	want := "\"Aé/\\u001f\\u001f\\u000b😀\u2028\""
	if got, err := Transform([]byte(in)); err != nil || string(got) != want {
		t.Errorf("Transform(%s) = %s, %v; want %s", in, got, err, want)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want error
	}{
		{``, ErrSyntax},
		{` `, ErrSyntax},
		{`{`, ErrSyntax},
		{`[1,]`, ErrSyntax},
		{`{"a":1,}`, ErrSyntax},
		{`{} {}`, ErrSyntax},
		{`01`, ErrSyntax},
		{`1.`, ErrSyntax},
		{`.5`, ErrSyntax},
		{`+1`, ErrSyntax},
		{`NaN`, ErrSyntax},
		{`Infinity`, ErrSyntax},
		{`tru`, ErrSyntax},
		{`"a` + "\n" + `"`, ErrSyntax},
		{`"\x"`, ErrSyntax},
		{`"\u12"`, ErrSyntax},
		{`'a'`, ErrSyntax},
		{`1e400`, ErrNumber},
		{`-1e309`, ErrNumber},
		{`1e-400`, ErrNumber}, // would read as 0: I-JSON has no such number
		{`[-2e-324]`, ErrNumber},
		{`{"a":1,"a":2}`, ErrDuplicateKey},
		{`{"a":1,"\u0061":1}`, ErrDuplicateKey},
		{`"\ud800"`, ErrString},
		{`"\udc00\ud800"`, ErrString},
		{`"\ud800\u0041"`, ErrString},
		{`"\ud800x"`, ErrString},
		{"\"\xff\"", ErrString},
		{"\"\xed\xa0\x80\"", ErrString}, // a surrogate encoded as UTF-8
		{"{\"\xc3\":1}", ErrString},
		{"\"a\\n\xc3\"", ErrString},
		{strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1), ErrDepth},
	} {
		got, err := Transform([]byte(tc.in))
		if !errors.Is(err, tc.want) {
			t.Errorf("Transform(%.40q) = %q, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	self := map[string]any{}
	self["self"] = self
	for _, tc := range []struct {
		in   any
		want error
	}{
		{math.NaN(), ErrNumber},
		{math.Inf(1), ErrNumber},
		{math.Inf(-1), ErrNumber},
		{[]any{1.0, math.NaN()}, ErrNumber},
		{json.Number("1e400"), ErrNumber},
		{json.Number("1e-400"), ErrNumber},
		{json.Number("0x10"), ErrNumber},
		{json.Number("Inf"), ErrNumber},
		{json.Number(""), ErrNumber},
		{"\xff", ErrString},
		{"\xed\xa0\x80", ErrString},
		{map[string]any{"\xff": 1}, ErrString},
		{float32(1.5), ErrType},
		{map[string]string{}, ErrType},
		{[]string{}, ErrType},
		{struct{}{}, ErrType},
		{self, ErrDepth},
	} {
		got, err := Marshal(tc.in)
		if !errors.Is(err, tc.want) || got != nil {
			t.Errorf("Marshal(%T) = %q, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

// TestEddsaJCS2022 checks the canonical texts of the eddsa-jcs-2022 test
// vector of W3C vc-di-eddsa (see testdata/SOURCES.md).
func TestEddsaJCS2022(t *testing.T) {
	const dir = "vc-di-eddsa/eddsa-jcs-2022/"
	canonDoc := readFile(t, dir+"canonDocJCS.txt")
	canonProof := readFile(t, dir+"proofCanonJCS.txt")

	check := func(name string, got []byte, err error, want []byte, wantHash string) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if string(got) != string(want) {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want)
		}
		if wantHash != "" {
			sum := sha256.Sum256(got)
			if h := hex.EncodeToString(sum[:]); h != wantHash {
				t.Errorf("%s: SHA-256 %s, want %s", name, h, wantHash)
			}
		}
	}
	docHash := strings.TrimSpace(string(readFile(t, dir+"docHashJCS.txt")))
	proofHash := strings.TrimSpace(string(readFile(t, dir+"proofHashJCS.txt")))
	combined := strings.TrimSpace(string(readFile(t, dir+"combinedHashJCS.txt")))
	if combined != proofHash+docHash {
		t.Errorf("combinedHashJCS.txt is not proofHash||docHash")
	}

	// The unsecured document.
	got, err := Transform(readFile(t, "vc-di-eddsa/unsigned.json"))
	check("unsigned.json", got, err, canonDoc, docHash)

	// The proof configuration as given.
	got, err = Transform(readFile(t, dir+"proofConfigJCS.json"))
	check("proofConfigJCS.json", got, err, canonProof, proofHash)

	// From the signed credential, as a verifier does it: the document is
	// the credential without "proof"; the proof configuration is the proof
	// without "proofValue", with the document's @context set on it.
	var signed map[string]any
	if err := json.Unmarshal(readFile(t, dir+"signedJCS.json"), &signed); err != nil {
		t.Fatal(err)
	}
	proof := signed["proof"].(map[string]any)
	delete(signed, "proof")
	got, err = Marshal(signed)
	check("signedJCS.json without proof", got, err, canonDoc, docHash)

	delete(proof, "proofValue")
	delete(proof, "@context")
	proof["@context"] = signed["@context"]
	got, err = Marshal(proof)
	check("signedJCS.json proof configuration", got, err, canonProof, proofHash)

	// The canonical texts are fixed points.
	for _, c := range [][]byte{canonDoc, canonProof} {
		got, err := Transform(c)
		check("canonical text", got, err, c, "")
	}
}
