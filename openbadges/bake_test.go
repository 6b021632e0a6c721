package openbadges_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"io"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/openbadges"
)

var jwsPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$`)

var updateBake = flag.Bool("update-bake", false, "rewrite the images in testdata/bake (badge.png and the baked goldens)")

const bakeDir = "testdata/bake"

// bakeRead reads a file of testdata/bake.
func bakeRead(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(bakeDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// basePNG is testdata/bake/badge.png: a 4x4 RGBA image written with
// image/png. With -update-bake it is regenerated first.
func basePNG(t testing.TB) []byte {
	t.Helper()
	if *updateBake {
		img := image.NewNRGBA(image.Rect(0, 0, 4, 4))
		for y := range 4 {
			for x := range 4 {
				img.Set(x, y, color.NRGBA{uint8(40 * x), uint8(40 * y), 0xdb, 0xff})
			}
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(bakeDir, "badge.png"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return bakeRead(t, "badge.png")
}

// testCredentials are the two forms: a signed credential with an embedded
// proof (pretty-printed, as in the interop bundle) and a VC-JWT.
func testCredentials(t testing.TB) map[string][]byte {
	return map[string][]byte{
		"json": readFile(t, "testdata/ob3-basic.signed.json"),
		"jwt":  bakeRead(t, "ob3-basic.eddsa.jwt"),
	}
}

// compacted is what Unbake must return for a credential baked by this package.
func compacted(t testing.TB, cred []byte) []byte {
	t.Helper()
	cred = bytes.TrimSpace(cred)
	if cred[0] != '{' {
		return cred
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, cred); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// --- PNG construction ---

// chunk returns a whole PNG chunk: length, type, data, CRC.
func chunk(typ string, data []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[4:]))
}

// splitPNG returns the whole chunks of a well-formed PNG.
func splitPNG(t testing.TB, img []byte) [][]byte {
	t.Helper()
	var out [][]byte
	for off := 8; off < len(img); {
		n := int(binary.BigEndian.Uint32(img[off:]))
		out = append(out, img[off:off+12+n])
		off += 12 + n
	}
	return out
}

// withChunks returns the PNG base with extra chunks inserted before IEND.
func withChunks(t testing.TB, base []byte, extra ...[]byte) []byte {
	t.Helper()
	cs := splitPNG(t, base)
	out := []byte("\x89PNG\r\n\x1a\n")
	for _, c := range cs[:len(cs)-1] {
		out = append(out, c...)
	}
	for _, c := range extra {
		out = append(out, c...)
	}
	return append(out, cs[len(cs)-1]...)
}

func itxt(keyword string, compressed byte, lang, translated string, text []byte) []byte {
	d := append([]byte(keyword), 0, compressed, 0)
	d = append(d, lang...)
	d = append(d, 0)
	d = append(d, translated...)
	d = append(d, 0)
	return chunk("iTXt", append(d, text...))
}

func deflate(b []byte) []byte {
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// --- round trips ---

// bakers are BakePNG and BakeSVG with their base image.
func bakers(t testing.TB) []struct {
	name string
	bake func([]byte, []byte) ([]byte, error)
	img  []byte
} {
	return []struct {
		name string
		bake func([]byte, []byte) ([]byte, error)
		img  []byte
	}{
		{"png", openbadges.BakePNG, basePNG(t)},
		{"svg", openbadges.BakeSVG, bakeRead(t, "badge.svg")},
	}
}

// checkStillImage checks that a baked image still reads as its kind: the PNG
// decodes with image/png to the same pixels as before, the SVG parses with
// encoding/xml to the end.
func checkStillImage(t *testing.T, kind string, before, after []byte) {
	t.Helper()
	if kind == "png" {
		a, err := png.Decode(bytes.NewReader(before))
		if err != nil {
			t.Fatal(err)
		}
		b, err := png.Decode(bytes.NewReader(after))
		if err != nil {
			t.Fatalf("baked PNG does not decode: %v", err)
		}
		if a.Bounds() != b.Bounds() {
			t.Fatalf("bounds %v, were %v", b.Bounds(), a.Bounds())
		}
		for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
			for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
				if a.At(x, y) != b.At(x, y) {
					t.Fatalf("pixel (%d,%d) changed", x, y)
				}
			}
		}
		return
	}
	d := xml.NewDecoder(bytes.NewReader(after))
	for {
		if _, err := d.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("baked SVG does not parse: %v\n%s", err, after)
		}
	}
}

func TestBakeUnbakeRoundTrip(t *testing.T) {
	for _, b := range bakers(t) {
		for form, cred := range testCredentials(t) {
			t.Run(b.name+"/"+form, func(t *testing.T) {
				orig := bytes.Clone(b.img)
				baked, err := b.bake(b.img, cred)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(b.img, orig) {
					t.Fatal("the input image was modified")
				}
				got, err := openbadges.Unbake(baked)
				if err != nil {
					t.Fatal(err)
				}
				if want := compacted(t, cred); !bytes.Equal(got, want) {
					t.Fatalf("unbaked\n%s\nwant\n%s", got, want)
				}
				if !openbadges.IsBakedImage(baked) {
					t.Error("IsBakedImage(baked) = false")
				}
				checkStillImage(t, b.name, b.img, baked)
				// The result does not alias the image.
				got[0] ^= 0xff
				if again, _ := openbadges.Unbake(baked); !bytes.Equal(again, compacted(t, cred)) {
					t.Error("the returned credential aliases the image")
				}
				// Baked once only.
				if _, err := b.bake(baked, cred); !errors.Is(err, openbadges.ErrAlreadyBaked) {
					t.Errorf("baking twice: %v, want ErrAlreadyBaked", err)
				}
			})
		}
	}
}

// TestBakeGolden pins the baked bytes (run with -update-bake to rewrite):
// the PNG chunk and the SVG element are exactly as documented.
func TestBakeGolden(t *testing.T) {
	for _, b := range bakers(t) {
		for form, cred := range testCredentials(t) {
			name := fmt.Sprintf("badge.baked-%s.%s", form, b.name)
			baked, err := b.bake(b.img, cred)
			if err != nil {
				t.Fatal(err)
			}
			if *updateBake {
				if err := os.WriteFile(filepath.Join(bakeDir, name), baked, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if want := bakeRead(t, name); !bytes.Equal(baked, want) {
				t.Errorf("%s: baked bytes differ from the golden file", name)
			}
		}
	}
}

// TestBakePNGChunk reads the chunk BakePNG adds field by field (PNG §11.3.4.5).
func TestBakePNGChunk(t *testing.T) {
	base := basePNG(t)
	jws := bytes.TrimSpace(bakeRead(t, "ob3-basic.eddsa.jwt"))
	baked, err := openbadges.BakePNG(base, append([]byte("\n "), append(jws, '\n')...))
	if err != nil {
		t.Fatal(err)
	}
	before, after := splitPNG(t, base), splitPNG(t, baked)
	if len(after) != len(before)+1 {
		t.Fatalf("%d chunks, want %d", len(after), len(before)+1)
	}
	for i := range before[:len(before)-1] {
		if !bytes.Equal(before[i], after[i]) {
			t.Fatalf("chunk %d changed", i)
		}
	}
	if string(after[len(after)-1][4:8]) != "IEND" {
		t.Fatal("IEND is not last")
	}
	c := after[len(after)-2]
	n := binary.BigEndian.Uint32(c)
	want := append([]byte("openbadgecredential\x00\x00\x00\x00\x00"), jws...)
	if string(c[4:8]) != "iTXt" || int(n) != len(want) || !bytes.Equal(c[8:8+n], want) {
		t.Fatalf("chunk before IEND is %q", c)
	}
	if crc := binary.BigEndian.Uint32(c[8+n:]); crc != crc32.ChecksumIEEE(c[4:8+n]) {
		t.Fatal("CRC of the new chunk is wrong")
	}
}

func TestBakeSVGElement(t *testing.T) {
	jws := []byte("aGVhZGVy.cGF5bG9hZA.c2ln")
	baked, err := openbadges.BakeSVG(bakeRead(t, "badge.svg"), jws)
	if err != nil {
		t.Fatal(err)
	}
	wantRoot := `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">` +
		`<openbadges:credential verify="aGVhZGVy.cGF5bG9hZA.c2ln"></openbadges:credential>` + "\n  <circle"
	if !bytes.Contains(baked, []byte(wantRoot)) {
		t.Fatalf("baked SVG:\n%s", baked)
	}
	// "]]>" inside the JSON splits the CDATA section; the character data is
	// still exactly the JSON.
	cred := []byte(`{"name": "a]]>b", "x": "]]]]>"}`)
	baked, err = openbadges.BakeSVG(bakeRead(t, "badge.svg"), cred)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(baked, []byte(`<openbadges:credential><![CDATA[{"name":"a]]]]><![CDATA[>b","x":"]]]]]]><![CDATA[>"}]]></openbadges:credential>`)) {
		t.Fatalf("baked SVG:\n%s", baked)
	}
	if got, err := openbadges.Unbake(baked); err != nil || string(got) != `{"name":"a]]>b","x":"]]]]>"}` {
		t.Fatalf("unbaked %q, %v", got, err)
	}
	checkStillImage(t, "svg", nil, baked)
}

// TestBakeSVGShapes: roots the baker must handle without re-serialising the
// document.
func TestBakeSVGShapes(t *testing.T) {
	const ns = `xmlns="http://www.w3.org/2000/svg"`
	tests := []struct{ name, in, want string }{
		{"self-closing root", `<svg ` + ns + `/>`,
			`<svg ` + ns + ` xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential verify="a.b.c"></openbadges:credential></svg>`},
		{"self-closing with space", "<svg " + ns + "\n  />",
			"<svg " + ns + "\n   xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"><openbadges:credential verify=\"a.b.c\"></openbadges:credential></svg>"},
		{"prefixed root", `<s:svg xmlns:s="http://www.w3.org/2000/svg"/>`,
			`<s:svg xmlns:s="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential verify="a.b.c"></openbadges:credential></s:svg>`},
		{"OB 2.0 namespace on the root", `<svg xmlns:openbadges="http://openbadges.org"/>`,
			`<svg xmlns:openbadges="http://openbadges.org"><openbadges:credential xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" verify="a.b.c"></openbadges:credential></svg>`},
		{"openbadges bound elsewhere, JSON", `<svg xmlns:openbadges="https://example.org/"></svg>`,
			`<svg xmlns:openbadges="https://example.org/"><openbadges:credential xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><![CDATA[{}]]></openbadges:credential></svg>`},
		{"namespace already declared", `<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><g/></svg>`,
			`<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential verify="a.b.c"></openbadges:credential><g/></svg>`},
		{"BOM, comments, DOCTYPE, no namespace", "\uFEFF<!-- c --><!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg width='1'>x</svg>\n<!-- end -->\n",
			"\uFEFF<!-- c --><!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg width='1' xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"><openbadges:credential verify=\"a.b.c\"></openbadges:credential>x</svg>\n<!-- end -->\n"},
		{"attribute holding >", `<svg title="a>b" ` + ns + `></svg>`,
			`<svg title="a>b" ` + ns + ` xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential verify="a.b.c"></openbadges:credential></svg>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cred := "a.b.c"
			if strings.Contains(tt.want, "CDATA") {
				cred = "{ }"
			}
			got, err := openbadges.BakeSVG([]byte(tt.in), []byte(cred))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Fatalf("got\n%s\nwant\n%s", got, tt.want)
			}
			if back, err := openbadges.Unbake(got); err != nil || string(back) != strings.ReplaceAll(cred, " ", "") {
				t.Fatalf("unbake: %q %v", back, err)
			}
		})
	}
}

// TestUnbakeSpecExamples reads the two baked SVGs of the spec (JSON in an
// indented CDATA section, and a VC-JWT in verify).
func TestUnbakeSpecExamples(t *testing.T) {
	got, err := openbadges.Unbake(bakeRead(t, "spec-example-jwt.svg"))
	if err != nil || string(got) != "header.payload.signature" {
		t.Fatalf("jwt example: %q, %v", got, err)
	}
	got, err = openbadges.Unbake(bakeRead(t, "spec-example-json.svg"))
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		ID   string   `json:"id"`
		Type []string `json:"type"`
	}
	if err := json.Unmarshal(got, &v); err != nil || v.ID != "http://example.edu/credentials/3732" || v.Type[1] != "OpenBadgeCredential" {
		t.Fatalf("json example: %s %v", got, err)
	}
	if got[0] != '{' || got[len(got)-1] != '}' || !bytes.Contains(got, []byte("\n        \"@context\"")) {
		t.Fatalf("the JSON is not returned as written, trimmed: %q", got)
	}
}

func TestUnbakePNGTextChunks(t *testing.T) {
	base := basePNG(t)
	jws := []byte("aGVhZGVy.cGF5bG9hZA.c2ln")
	tests := []struct {
		name    string
		chunks  [][]byte
		want    string // the credential, or "" for an error
		wantErr error
		mention string
	}{
		{"uncompressed iTXt", [][]byte{itxt("openbadgecredential", 0, "", "", jws)}, string(jws), nil, ""},
		{"language tag and translated keyword are ignored", [][]byte{itxt("openbadgecredential", 0, "en", "Open Badge", jws)}, string(jws), nil, ""},
		{"first of other text chunks", [][]byte{chunk("tEXt", []byte("Software\x00clrkit")), itxt("Comment", 0, "", "", []byte("x")), itxt("openbadgecredential", 0, "", "", jws)}, string(jws), nil, ""},
		{"compressed iTXt", [][]byte{itxt("openbadgecredential", 1, "", "", deflate(jws))}, "", openbadges.ErrCredentialForm, "chunk 2 (iTXt \"openbadgecredential\") is compressed"},
		{"two iTXt chunks", [][]byte{itxt("openbadgecredential", 0, "", "", jws), itxt("openbadgecredential", 0, "", "", jws)}, "", openbadges.ErrCredentialForm, "chunks 2 and 3"},
		{"tEXt is not iTXt", [][]byte{chunk("tEXt", append([]byte("openbadgecredential\x00"), jws...))}, "", openbadges.ErrNotBaked, ""},
		{"zTXt is not iTXt", [][]byte{chunk("zTXt", append([]byte("openbadgecredential\x00\x00"), deflate(jws)...))}, "", openbadges.ErrNotBaked, ""},
		{"keyword is case-sensitive", [][]byte{itxt("OpenBadgeCredential", 0, "", "", jws)}, "", openbadges.ErrNotBaked, ""},
		{"OB 2.0 keyword", [][]byte{itxt("openbadges", 0, "", "", []byte(`{"type":"Assertion"}`))}, "", openbadges.ErrNotBaked, "Open Badges 2.0"},
		{"text is neither", [][]byte{itxt("openbadgecredential", 0, "", "", []byte("https://example.edu/badge/1"))}, "", openbadges.ErrCredentialForm, "chunk 2"},
		{"text is a JSON array", [][]byte{itxt("openbadgecredential", 0, "", "", []byte(`[{}]`))}, "", openbadges.ErrCredentialForm, ""},
		{"text is broken JSON", [][]byte{itxt("openbadgecredential", 0, "", "", []byte(`{"a":`))}, "", openbadges.ErrCredentialForm, "not valid JSON"},
		{"text is empty", [][]byte{itxt("openbadgecredential", 0, "", "", nil)}, "", openbadges.ErrCredentialForm, "empty"},
		{"truncated after the keyword", [][]byte{chunk("iTXt", []byte("openbadgecredential\x00\x00"))}, "", openbadges.ErrMalformedImage, "compression flag"},
		{"no NUL after the language tag", [][]byte{chunk("iTXt", []byte("openbadgecredential\x00\x00\x00en"))}, "", openbadges.ErrMalformedImage, "language tag"},
		{"bad compression flag", [][]byte{chunk("iTXt", []byte("openbadgecredential\x00\x02\x00\x00\x00a.b.c"))}, "", openbadges.ErrMalformedImage, "compression flag 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := withChunks(t, base, tt.chunks...)
			if _, err := png.Decode(bytes.NewReader(img)); err != nil {
				t.Fatalf("test image does not decode: %v", err)
			}
			got, err := openbadges.Unbake(img)
			if tt.wantErr == nil {
				if err != nil || string(got) != tt.want {
					t.Fatalf("got %q, %v; want %q", got, err, tt.want)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) || !strings.Contains(fmt.Sprint(err), tt.mention) {
				t.Fatalf("err %v; want %v mentioning %q", err, tt.wantErr, tt.mention)
			}
			// An image that carries a credential chunk of any form is not baked again.
			if tt.wantErr != openbadges.ErrNotBaked || tt.mention != "" {
				if _, err := openbadges.BakePNG(img, jws); !errors.Is(err, openbadges.ErrAlreadyBaked) {
					t.Errorf("BakePNG: %v, want ErrAlreadyBaked", err)
				}
			} else if _, err := openbadges.BakePNG(img, jws); err != nil {
				t.Errorf("BakePNG beside a %s: %v", tt.name, err)
			}
		})
	}
}

func TestMalformedPNG(t *testing.T) {
	base := basePNG(t)
	cs := splitPNG(t, base) // IHDR, IDAT, IEND
	if len(cs) != 3 || string(cs[1][4:8]) != "IDAT" {
		t.Fatalf("badge.png has chunks %q", cs)
	}
	join := func(parts ...[]byte) []byte {
		return bytes.Join(append([][]byte{[]byte("\x89PNG\r\n\x1a\n")}, parts...), nil)
	}
	badCRC := bytes.Clone(cs[1])
	badCRC[10] ^= 1
	badType := bytes.Clone(cs[1])
	copy(badType[4:], "ID@T")
	hugeLen := bytes.Clone(cs[1])
	binary.BigEndian.PutUint32(hugeLen, 0x80000000)
	tests := []struct {
		name    string
		img     []byte
		mention string
	}{
		{"signature only", base[:8], "no IEND"},
		{"truncated in IHDR", base[:20], "chunk 0 (IHDR) at byte 8: truncated"},
		{"truncated in IDAT", base[:len(base)-20], "chunk 1 (IDAT) at byte 33: truncated"},
		{"truncated in IEND", base[:len(base)-1], "chunk 2 at byte"},
		{"no IEND", join(cs[0], cs[1]), "no IEND chunk after chunk 1"},
		{"CRC", join(cs[0], badCRC, cs[2]), "chunk 1 (IDAT) at byte 33: CRC"},
		{"chunk type", join(cs[0], badType, cs[2]), `type "ID@T"`},
		{"length over 2^31-1", join(cs[0], hugeLen, cs[2]), "over 2^31-1"},
		{"IHDR not first", join(cs[1], cs[0], cs[2]), "chunk 0 is IDAT"},
		{"second IHDR", join(cs[0], cs[0], cs[1], cs[2]), "a second IHDR"},
		{"IEND with data", join(cs[0], cs[1], chunk("IEND", []byte("x"))), "IEND"},
		{"data after IEND", append(bytes.Clone(base), 0), "1 bytes after IEND"},
		{"chunk after IEND", join(cs[0], cs[1], cs[2], cs[2]), "after IEND"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for name, f := range map[string]func([]byte) ([]byte, error){
				"Unbake":  openbadges.Unbake,
				"BakePNG": func(img []byte) ([]byte, error) { return openbadges.BakePNG(img, []byte("a.b.c")) },
			} {
				_, err := f(tt.img)
				if !errors.Is(err, openbadges.ErrMalformedImage) || !strings.Contains(err.Error(), tt.mention) {
					t.Errorf("%s: %v; want ErrMalformedImage mentioning %q", name, err, tt.mention)
				}
			}
		})
	}
}

func TestUnbakeSVGErrors(t *testing.T) {
	const head = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">` + "\n"
	tests := []struct {
		name    string
		svg     string
		want    string
		wantErr error
		mention string
	}{
		{"no credential", string(bakeRead(t, "badge.svg")), "", openbadges.ErrNotBaked, "no <openbadges:credential>"},
		{"OB 2.0 assertion", `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">` + "\n" + `<openbadges:assertion verify="https://example.org/a/1"/></svg>`, "", openbadges.ErrNotBaked, "line 2 holds an Open Badges 2.0"},
		{"credential in another namespace", `<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="https://example.org/"><ob:credential verify="a.b.c"/></svg>`, "", openbadges.ErrNotBaked, ""},
		{"other prefix, right namespace", `<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="https://purl.imsglobal.org/ob/v3p0"><ob:credential verify="a.b.c"/></svg>`, "a.b.c", nil, ""},
		{"undeclared openbadges prefix", `<svg xmlns="http://www.w3.org/2000/svg"><openbadges:credential verify="a.b.c"/></svg>`, "a.b.c", nil, ""},
		{"deeper in the document", head + `<g><openbadges:credential verify="a.b.c"/></g></svg>`, "a.b.c", nil, ""},
		{"JSON without CDATA", head + `<openbadges:credential>{&quot;a&quot;: &quot;&lt;b&gt;&quot;}</openbadges:credential></svg>`, `{"a": "<b>"}`, nil, ""},
		{"JSON in pieces of CDATA", head + `<openbadges:credential> <![CDATA[{"a":]]><!-- c --><![CDATA[1}]]> </openbadges:credential></svg>`, `{"a":1}`, nil, ""},
		{"two credentials", head + `<openbadges:credential verify="a.b.c"/>` + "\n" + `<openbadges:credential verify="a.b.c"/></svg>`, "", openbadges.ErrCredentialForm, "lines 2 and 3"},
		{"verify and content", head + `<openbadges:credential verify="a.b.c">{}</openbadges:credential></svg>`, "", openbadges.ErrCredentialForm, "both a verify attribute and content"},
		{"verify holds JSON", head + `<openbadges:credential verify="{}"/></svg>`, "", openbadges.ErrCredentialForm, "not a compact JWS"},
		{"verify holds a URL", head + `<openbadges:credential verify="https://example.org/a"/></svg>`, "", openbadges.ErrCredentialForm, "line 2"},
		{"content is a JWS", head + `<openbadges:credential>a.b.c</openbadges:credential></svg>`, "", openbadges.ErrCredentialForm, "verify attribute"},
		{"empty element", head + `<openbadges:credential/></svg>`, "", openbadges.ErrCredentialForm, "line 2"},
		{"child element", head + "<openbadges:credential>\n<x/>{}</openbadges:credential></svg>", "", openbadges.ErrCredentialForm, "line 3: an element inside"},
		{"unclosed element", head + "<openbadges:credential verify=\"a.b.c\">\n<g></svg>", "", openbadges.ErrMalformedImage, "line 3"},
		{"unclosed root", head + "<g/>\n", "", openbadges.ErrMalformedImage, ""},
		{"undeclared entity", head + "<text>&nbsp;</text></svg>", "", openbadges.ErrMalformedImage, "line 2"},
		{"DOCTYPE entity", "<!DOCTYPE svg [<!ENTITY t 'x'>]>\n<svg>\n<title>&t;</title></svg>", "", openbadges.ErrMalformedImage, "line 3"},
		{"second root", head + "</svg>\n<svg/>", "", openbadges.ErrMalformedImage, "after the root element"},
		{"text after root", head + "</svg>\nx", "", openbadges.ErrMalformedImage, "text outside the root"},
		{"directive in the document", head + "<!DOCTYPE x></svg>", "", openbadges.ErrMalformedImage, "DOCTYPE"},
		{"invalid UTF-8", head + "<text>\xff</text></svg>", "", openbadges.ErrMalformedImage, "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := openbadges.Unbake([]byte(tt.svg))
			if tt.wantErr == nil {
				if err != nil || string(got) != tt.want {
					t.Fatalf("got %q, %v; want %q", got, err, tt.want)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) || !strings.Contains(fmt.Sprint(err), tt.mention) {
				t.Fatalf("err %v; want %v mentioning %q", err, tt.wantErr, tt.mention)
			}
		})
	}
}

func TestBakeErrors(t *testing.T) {
	pngImg, svgImg := basePNG(t), bakeRead(t, "badge.svg")
	bakedPNG, err := openbadges.BakePNG(pngImg, []byte("a.b.c"))
	if err != nil {
		t.Fatal(err)
	}
	big := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, openbadges.MaxImageSize)...)
	bigCred := append(append([]byte(`{"a":"`), bytes.Repeat([]byte("x"), openbadges.MaxImageSize-len(pngImg))...), `"}`...)
	tests := []struct {
		name    string
		bake    func([]byte, []byte) ([]byte, error)
		img     string
		cred    string
		wantErr error
		mention string
	}{
		{"empty credential", openbadges.BakePNG, string(pngImg), " \n", openbadges.ErrCredentialForm, "empty"},
		{"JSON array", openbadges.BakePNG, string(pngImg), `[{}]`, openbadges.ErrCredentialForm, "neither"},
		{"broken JSON", openbadges.BakeSVG, string(svgImg), `{"a":1`, openbadges.ErrCredentialForm, "not valid JSON"},
		{"JSON with invalid UTF-8", openbadges.BakePNG, string(pngImg), "{\"a\":\"\xff\"}", openbadges.ErrCredentialForm, "UTF-8"},
		{"JSON with U+FFFF into SVG", openbadges.BakeSVG, string(svgImg), "{\"a\":\"\uffff\"}", openbadges.ErrCredentialForm, "U+FFFF"},
		{"two-part JWS", openbadges.BakePNG, string(pngImg), "a.b", openbadges.ErrCredentialForm, ""},
		{"four-part JWS", openbadges.BakePNG, string(pngImg), "a.b.c.d", openbadges.ErrCredentialForm, ""},
		{"JWS without header", openbadges.BakePNG, string(pngImg), ".b.c", openbadges.ErrCredentialForm, ""},
		{"JWS without signature", openbadges.BakeSVG, string(svgImg), "a.b.", openbadges.ErrCredentialForm, ""},
		{"JWS with padding", openbadges.BakeSVG, string(svgImg), "a.b=.c", openbadges.ErrCredentialForm, ""},
		{"JWS with a quote", openbadges.BakeSVG, string(svgImg), `a.b".c`, openbadges.ErrCredentialForm, ""},
		{"JWS with inner space", openbadges.BakePNG, string(pngImg), "a. b.c", openbadges.ErrCredentialForm, ""},
		{"credential over the limit", openbadges.BakePNG, string(pngImg), string(bigCred) + strings.Repeat(" ", len(pngImg)+1), openbadges.ErrCredentialForm, "over the"},
		{"baked image over the limit", openbadges.BakePNG, string(pngImg), string(bigCred), openbadges.ErrMalformedImage, "would be"},
		{"image over the limit", openbadges.BakePNG, string(big), "a.b.c", openbadges.ErrMalformedImage, "over the"},
		{"SVG to BakePNG", openbadges.BakePNG, string(svgImg), "a.b.c", openbadges.ErrNotImage, ""},
		{"PNG to BakeSVG", openbadges.BakeSVG, string(pngImg), "a.b.c", openbadges.ErrNotImage, ""},
		{"HTML to BakeSVG", openbadges.BakeSVG, "<html><svg/></html>", "a.b.c", openbadges.ErrNotImage, ""},
		{"Latin-1 SVG", openbadges.BakeSVG, "<?xml version='1.0' encoding='ISO-8859-1'?><svg/>", "a.b.c", openbadges.ErrNotImage, ""},
		{"already baked PNG", openbadges.BakePNG, string(bakedPNG), "a.b.c", openbadges.ErrAlreadyBaked, "chunk 2 (iTXt \"openbadgecredential\")"},
		{"PNG with OB 2.0 assertion", openbadges.BakePNG, string(withChunks(t, pngImg, chunk("tEXt", []byte("openbadges\x00{}")))), "a.b.c", openbadges.ErrAlreadyBaked, "Open Badges 2.0"},
		{"already baked SVG", openbadges.BakeSVG, string(bakeRead(t, "spec-example-jwt.svg")), "a.b.c", openbadges.ErrAlreadyBaked, "line 5"},
		{"SVG with a broken credential", openbadges.BakeSVG, `<svg><openbadges:credential/></svg>`, "a.b.c", openbadges.ErrAlreadyBaked, ""},
		{"SVG with OB 2.0 assertion", openbadges.BakeSVG, `<svg xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="https://example.org/a"/></svg>`, "a.b.c", openbadges.ErrAlreadyBaked, "Open Badges 2.0"},
		{"malformed SVG", openbadges.BakeSVG, "<svg>\n<g></svg>", "a.b.c", openbadges.ErrMalformedImage, "line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := tt.bake([]byte(tt.img), []byte(tt.cred))
			if out != nil || !errors.Is(err, tt.wantErr) || !strings.Contains(fmt.Sprint(err), tt.mention) {
				t.Fatalf("err %v; want %v mentioning %q", err, tt.wantErr, tt.mention)
			}
		})
	}
}

func TestIsBakedImage(t *testing.T) {
	for _, tt := range []struct {
		data string
		want bool
	}{
		{string(basePNG(t)), true},
		{"\x89PNG\r\n\x1a\n", true}, // a sniff: the signature is enough
		{string(bakeRead(t, "badge.svg")), true},
		{"\uFEFF <!-- x --> <svg xmlns='http://www.w3.org/2000/svg'>", true},
		{"<svg", false},
		{"<s:svg xmlns:s='http://www.w3.org/2000/svg'/>", true},
		{"<svg xmlns='http://example.org/'/>", false},
		{"<html/>", false},
		{"x<svg/>", false},
		{"", false},
		{"\x89PNG", false},
		{`{"@context": []}`, false},
		{"eyJhbGciOiJFZERTQSJ9.e30.c2ln", false},
	} {
		if got := openbadges.IsBakedImage([]byte(tt.data)); got != tt.want {
			t.Errorf("IsBakedImage(%.40q) = %v", tt.data, got)
		}
	}
	// Unbake says ErrNotImage exactly where the sniff says no.
	for _, s := range []string{"", "hello", "<html/>", "\x89PN", `{"a":1}`} {
		if _, err := openbadges.Unbake([]byte(s)); !errors.Is(err, openbadges.ErrNotImage) {
			t.Errorf("Unbake(%q): %v, want ErrNotImage", s, err)
		}
	}
	if _, err := openbadges.Unbake(append(basePNG(t), make([]byte, openbadges.MaxImageSize)...)); !errors.Is(err, openbadges.ErrMalformedImage) || !strings.Contains(err.Error(), "over the") {
		t.Errorf("oversized PNG: %v", err)
	}
}

// FuzzUnbake: Unbake never panics and returns one of the package's errors
// or a credential in an accepted form; IsBakedImage agrees with it; and an
// image Unbake finds well formed but not baked can be baked, and reads back.
// Seeds: testdata/fuzz/FuzzUnbake and testdata/bake.
func FuzzUnbake(f *testing.F) {
	for _, name := range []string{"badge.png", "badge.svg", "badge.baked-json.png", "badge.baked-jwt.svg", "spec-example-json.svg", "spec-example-jwt.svg"} {
		f.Add(bakeRead(f, name))
	}
	sentinels := []error{openbadges.ErrNotImage, openbadges.ErrNotBaked, openbadges.ErrMalformedImage, openbadges.ErrCredentialForm}
	f.Fuzz(func(t *testing.T, data []byte) {
		cred, err := openbadges.Unbake(data)
		if (err == nil || !errors.Is(err, openbadges.ErrNotImage)) != openbadges.IsBakedImage(data) {
			t.Fatalf("IsBakedImage disagrees with Unbake error %v", err)
		}
		isPNG := bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n"))
		bake := openbadges.BakeSVG
		if isPNG {
			bake = openbadges.BakePNG
		}
		if err == nil {
			if !(len(cred) > 0 && cred[0] == '{' && json.Valid(cred) || jwsPattern.Match(cred)) {
				t.Fatalf("accepted credential %q", cred)
			}
			if _, err := bake(data, []byte("a.b.c")); !errors.Is(err, openbadges.ErrAlreadyBaked) {
				t.Fatalf("baking a baked image: %v", err)
			}
			return
		}
		known := false
		for _, s := range sentinels {
			known = known || errors.Is(err, s)
		}
		if !known {
			t.Fatalf("error outside the package's sentinels: %v", err)
		}
		if errors.Is(err, openbadges.ErrCredentialForm) {
			if _, err := bake(data, []byte("a.b.c")); !errors.Is(err, openbadges.ErrAlreadyBaked) {
				t.Fatalf("baking over a malformed credential: %v", err)
			}
			return
		}
		if !errors.Is(err, openbadges.ErrNotBaked) || strings.Contains(err.Error(), "2.0") {
			return
		}
		for _, c := range []string{"a.b.c", `{"a":"]]>\u00e9"}`} {
			baked, err := bake(data, []byte(c))
			if err != nil {
				t.Fatalf("baking %q into a well-formed image: %v", c, err)
			}
			got, err := openbadges.Unbake(baked)
			if err != nil || string(got) != c {
				t.Fatalf("baked %q, unbaked %q, %v", c, got, err)
			}
			if isPNG {
				if _, derr := png.Decode(bytes.NewReader(data)); derr == nil {
					if _, err := png.Decode(bytes.NewReader(baked)); err != nil {
						t.Fatalf("the image decoded before baking, not after: %v", err)
					}
				}
			}
		}
	})
}

// ExampleBakePNG bakes a credential with an embedded proof into a PNG and
// reads it back: the JSON comes back compacted, which leaves the proof valid
// (it signs the canonical form, not the text).
func ExampleBakePNG() {
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		log.Fatal(err)
	}
	credential := []byte(`{
  "id": "urn:uuid:4b7e5c1a-0000-4000-8000-000000000001",
  "type": ["VerifiableCredential", "OpenBadgeCredential"]
}`)
	baked, err := openbadges.BakePNG(img.Bytes(), credential)
	if err != nil {
		log.Fatal(err)
	}
	got, err := openbadges.Unbake(baked)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(openbadges.IsBakedImage(baked))
	fmt.Printf("%s\n", got)
	_, err = openbadges.BakePNG(baked, credential)
	fmt.Println(err)
	// Output:
	// true
	// {"id":"urn:uuid:4b7e5c1a-0000-4000-8000-000000000001","type":["VerifiableCredential","OpenBadgeCredential"]}
	// openbadges: image already holds a baked credential: chunk 2 (iTXt "openbadgecredential") holds an Open Badges 3.0 credential
}
