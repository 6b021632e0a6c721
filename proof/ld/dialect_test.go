package ld

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDialectMatchesJSONLDJS: in the jsonld.js dialect, every variant of
// the mutation corpus that clrkit accepts canonicalizes to the N-Quads the
// reference recorded, byte for byte; the only variants that may differ are
// clrkit's safe-mode and I-JSON refusals. And CompareDialects names a
// construct exactly when the two dialects disagree.
func TestDialectMatchesJSONLDJS(t *testing.T) {
	var recs []mutantRecord
	readGzipJSON(t, mutantsFile, &recs)
	verdicts := map[string]jsonldJSVerdict{}
	readGzipJSON(t, jsonldJSFile, &verdicts)
	js := Default().WithDialect(DialectJSONLDJS)
	tally := map[string]int{}
	for _, r := range recs {
		v := verdicts[r.Name]
		res, err := js.Canonicalize(context.Background(), r.Doc)
		switch {
		case err != nil && v.Error != "":
			tally["both refuse"]++
			continue
		case err != nil:
			class := knownJSONLDJSDifference(r.Doc, "", err, v)
			if class == "" {
				t.Errorf("%s: clrkit refuses (%v), jsonld.js does not", r.Name, err)
			}
			tally[class]++
			continue
		case v.Error != "":
			t.Errorf("%s: jsonld.js refuses (%s), clrkit does not", r.Name, v.Error)
			continue
		case string(res.NQuads) != v.NQuads:
			t.Errorf("%s: N-Quads differ\ndocument: %s\nclrkit jsonld-js:\n%s\njsonld.js:\n%s", r.Name, r.Doc, res.NQuads, v.NQuads)
			continue
		}
		tally["same N-Quads"]++
		cmp, err := Default().CompareDialects(context.Background(), r.Doc)
		if err != nil {
			t.Fatalf("%s: %v", r.Name, err)
		}
		if string(cmp.JSONLDJS.NQuads) != v.NQuads {
			t.Errorf("%s: CompareDialects' jsonld.js form differs from the reference's", r.Name)
		}
		if cmp.Differs() != (len(cmp.Constructs) > 0) {
			t.Errorf("%s: differs %v with constructs %v", r.Name, cmp.Differs(), cmp.Constructs)
		}
		if cmp.Differs() {
			tally["dialect-dependent"]++
			for _, c := range cmp.Constructs {
				tally["construct: "+c.Kind.String()]++
			}
		}
	}
	t.Logf("%d variants: %v", len(recs), tally)
}

// TestDialectDocuments: the documents of testdata/dialect canonicalize in
// the jsonld-js dialect to the N-Quads the JavaScript reference wrote, and
// CompareDialects names constructs exactly when the specs' form differs.
func TestDialectDocuments(t *testing.T) {
	files, err := filepath.Glob("testdata/dialect/*.json")
	if err != nil || len(files) < 12 {
		t.Fatalf("%d documents (%v)", len(files), err)
	}
	differ := 0
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		doc, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(strings.TrimSuffix(f, ".json") + ".jsonld-js.nq")
		if err != nil {
			t.Fatal(err)
		}
		got, err := Default().WithDialect(DialectJSONLDJS).Canonicalize(context.Background(), doc)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(got.NQuads, want) {
			t.Errorf("%s: jsonld-js dialect\n%s\nreference\n%s", name, got.NQuads, want)
		}
		cmp, err := Default().CompareDialects(context.Background(), doc)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(cmp.JSONLDJS.NQuads, want) {
			t.Errorf("%s: CompareDialects' jsonld-js form is not the reference's", name)
		}
		// jsonld.js keeps a default direction that the last context
		// object sets, in nodes without a type-scoped context: there the
		// dialects agree.
		wantDiffer := name != "direction-kept"
		if cmp.Differs() != wantDiffer || (len(cmp.Constructs) > 0) != wantDiffer {
			t.Errorf("%s: differs %v, constructs %v, want differs %v", name, cmp.Differs(), cmp.Constructs, wantDiffer)
		}
		for _, c := range cmp.Constructs {
			// A statement of @type repeated as rdf:type has no value to
			// point at.
			if c.Path == "" && c.Kind != KindUTF16Order && name != "type-twice" {
				t.Errorf("%s: %v has no path", name, c)
			}
		}
		if wantDiffer {
			differ++
		}
	}
	if differ < len(files)-1 {
		t.Errorf("only %d documents depend on the dialect", differ)
	}
}

// TestDialectRefusals: where jsonld.js would write an IRI that is not well
// formed (it reads a comma as part of a scheme), the jsonld.js dialect
// refuses the document as safe mode refuses any ill-formed IRI, so that
// CompareDialects, and with it signing, refuses it too.
func TestDialectRefusals(t *testing.T) {
	doc := []byte(`{"@context":{"@vocab":"https://example.org/"},"@id":"https://example.org/s","a,b:c":"v"}`)
	spec, err := Default().Canonicalize(context.Background(), doc)
	if err != nil || !strings.Contains(string(spec.NQuads), "<https://example.org/a,b:c>") {
		t.Fatalf("the specs' form: %v\n%s", err, spec.NQuads)
	}
	if !spec.MayDependOnDialect() {
		t.Error("MayDependOnDialect is false")
	}
	_, err = Default().WithDialect(DialectJSONLDJS).Canonicalize(context.Background(), doc)
	if !errors.Is(err, ErrSafeMode) || !strings.Contains(err.Error(), `"a,b:c"`) {
		t.Errorf("jsonld-js dialect: %v", err)
	}
	if _, err := Default().CompareDialects(context.Background(), doc); !errors.Is(err, ErrSafeMode) {
		t.Errorf("CompareDialects: %v", err)
	}
}

// TestConstructText: every kind has a name, a description that says what
// each dialect does, and a remedy.
func TestConstructText(t *testing.T) {
	for k := KindSmallNumber; k <= KindUTF16Order; k++ {
		c := Construct{Kind: k, Path: "/x", Spec: `"a"`, JSONLDJS: `"b"`}
		if strings.HasPrefix(k.String(), "ConstructKind(") {
			t.Errorf("kind %d has no name", k)
		}
		if c.Remedy() == "" {
			t.Errorf("%v has no remedy", k)
		}
		if !strings.Contains(c.String(), "jsonld.js") || !strings.HasPrefix(c.String(), "/x: "+k.String()) {
			t.Errorf("%v: %q", k, c)
		}
	}
}

// TestDialectNQuadsInput: N-Quads input in the jsonld.js dialect is what
// rdf-canonize makes of an N-Quads string: its parser drops a repeated
// statement, and the lines sort by UTF-16 code unit.
func TestDialectNQuadsInput(t *testing.T) {
	in, err := os.ReadFile("testdata/dialect/nquads-input.nq")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/dialect/nquads-input.jsonld-js.nq")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Default().WithDialect(DialectJSONLDJS).CanonicalizeNQuads(context.Background(), in)
	if err != nil || !bytes.Equal(got.NQuads, want) {
		t.Errorf("%v\n%s\nreference:\n%s", err, got.NQuads, want)
	}
}

// TestRealWorldCredentials: on the signed credentials of other issuers in
// testdata/realworld, clrkit's canonical N-Quads are the JavaScript
// reference's, byte for byte, in both dialects, which agree on every one;
// and clrkit refuses what the reference refuses.
func TestRealWorldCredentials(t *testing.T) {
	var recs []struct {
		Name   string `json:"name"`
		Doc    []byte `json:"doc"`
		NQuads string `json:"nquads"`
		Error  string `json:"error"`
	}
	readGzipJSON(t, "realworld/credentials.json.gz", &recs)
	if len(recs) < 100 {
		t.Fatalf("%d credentials", len(recs))
	}
	same := 0
	for _, r := range recs {
		cmp, err := Default().CompareDialects(context.Background(), r.Doc)
		if r.Error != "" {
			if err == nil {
				t.Errorf("%s: the reference refuses it (%s), clrkit does not", r.Name, r.Error)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", r.Name, err)
			continue
		}
		if string(cmp.Spec.NQuads) != r.NQuads {
			t.Errorf("%s: canonical N-Quads differ from the reference's\nclrkit:\n%s\nreference:\n%s", r.Name, cmp.Spec.NQuads, r.NQuads)
		}
		js, err := Default().WithDialect(DialectJSONLDJS).Canonicalize(context.Background(), r.Doc)
		if err != nil || string(js.NQuads) != r.NQuads || cmp.Differs() {
			t.Errorf("%s: jsonld-js dialect %v, differs %v %v", r.Name, err, cmp.Differs(), cmp.Constructs)
		}
		same++
	}
	t.Logf("%d credentials, %d canonicalized alike by clrkit (both dialects) and the reference", len(recs), same)
}

// TestUTF16Hazard: the word-at-a-time scan finds a character above U+FFFF
// and one in U+E000..U+FFFF wherever they are, as a byte-by-byte scan does.
func TestUTF16Hazard(t *testing.T) {
	byteByByte := func(nq []byte) bool {
		above, high := false, false
		for _, c := range nq {
			above = above || c >= 0xF0
			high = high || c == 0xEE || c == 0xEF
		}
		return above && high
	}
	pieces := []string{"a", "<http://e/p>", "é", "\uE000", "\uFFFD", "😀", "\U0010FFFF", " .\n", "ab", strings.Repeat("x", 29), strings.Repeat("y", 40)}
	rng := rand.New(rand.NewPCG(1, 2))
	found := 0
	for range 20000 {
		var b []byte
		for range rng.IntN(12) {
			b = append(b, pieces[rng.IntN(len(pieces))]...)
		}
		want := byteByByte(b)
		if got := utf16Hazard(b); got != want {
			t.Fatalf("utf16Hazard(%q) = %v, want %v", b, got, want)
		}
		if want {
			found++
		}
	}
	if found < 1000 {
		t.Fatalf("only %d inputs with a hazard", found)
	}
}
