package ld

import (
	"bytes"
	"context"
	"crypto"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", path))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func decodeObject(t testing.TB, data []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// proofConfig builds the proof configuration a Data Integrity suite
// canonicalizes: the proof without proofValue, carrying the document's
// @context.
func proofConfig(proof map[string]any, docContext any) map[string]any {
	cfg := make(map[string]any, len(proof)+1)
	for k, v := range proof {
		if k != "proofValue" {
			cfg[k] = v
		}
	}
	cfg["@context"] = docContext
	return cfg
}

func mustCanonicalizer(t testing.TB, opts Options) *Canonicalizer {
	t.Helper()
	c, err := NewCanonicalizer(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var interopFixtures = []string{"ob3-basic", "ob3-course", "ob3-degree", "clr-3creds"}

// TestInteropDigitalBazaar checks the canonical document and proof
// configuration of every interop credential against the values Digital
// Bazaar's verifier computed, byte for byte, and their SHA-256 hashes.
func TestInteropDigitalBazaar(t *testing.T) {
	c := Default()
	for _, name := range interopFixtures {
		t.Run(name, func(t *testing.T) {
			var explain struct {
				Explain struct {
					CanonicalProofConfig string `json:"canonicalProofConfig"`
					CanonicalDocument    string `json:"canonicalDocument"`
					ProofConfigHashHex   string `json:"proofConfigHashHex"`
					DocumentHashHex      string `json:"documentHashHex"`
				} `json:"explain"`
			}
			if err := json.Unmarshal(readFile(t, "interop/digitalbazaar/explain/"+name+".explain.json"), &explain); err != nil {
				t.Fatal(err)
			}
			want := explain.Explain

			unsigned, err := c.Canonicalize(context.Background(), readFile(t, "interop/digitalbazaar/unsigned/"+name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			if string(unsigned.NQuads) != want.CanonicalDocument {
				t.Fatalf("unsigned canonical document differs:\n got: %s\nwant: %s", unsigned.NQuads, want.CanonicalDocument)
			}
			if got := hex.EncodeToString(unsigned.Digest()); got != want.DocumentHashHex {
				t.Errorf("document hash %s, want %s", got, want.DocumentHashHex)
			}

			signed := decodeObject(t, readFile(t, "interop/digitalbazaar/signed/"+name+".signed.json"))
			proof := signed["proof"].(map[string]any)
			delete(signed, "proof")
			doc, err := c.CanonicalizeValue(context.Background(), signed)
			if err != nil {
				t.Fatal(err)
			}
			if string(doc.NQuads) != want.CanonicalDocument {
				t.Fatalf("signed credential without its proof canonicalizes differently:\n%s", doc.NQuads)
			}
			cfg, err := c.CanonicalizeValue(context.Background(), proofConfig(proof, signed["@context"]))
			if err != nil {
				t.Fatal(err)
			}
			if string(cfg.NQuads) != want.CanonicalProofConfig {
				t.Fatalf("canonical proof configuration differs:\n got: %s\nwant: %s", cfg.NQuads, want.CanonicalProofConfig)
			}
			if got := hex.EncodeToString(cfg.Digest()); got != want.ProofConfigHashHex {
				t.Errorf("proof configuration hash %s, want %s", got, want.ProofConfigHashHex)
			}
		})
	}
}

// TestW3CVCDIEdDSAVector runs the canonicalization steps of the
// vc-di-eddsa eddsa-rdfc-2022 test vector.
func TestW3CVCDIEdDSAVector(t *testing.T) {
	c := Default()
	for _, tc := range []struct{ in, want string }{
		{"w3c-vc-di-eddsa/unsigned.json", "w3c-vc-di-eddsa/canonDocDataInt.txt"},
		{"w3c-vc-di-eddsa/proofConfigDataInt.json", "w3c-vc-di-eddsa/proofCanonDataInt.txt"},
	} {
		got, err := c.Canonicalize(context.Background(), readFile(t, tc.in))
		if err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		if want := readFile(t, tc.want); string(got.NQuads) != string(want) {
			t.Errorf("%s:\n got: %s\nwant: %s", tc.in, got.NQuads, want)
		}
	}
}

// TestOneEdTechVectors runs the canonicalization steps of the OB 3.0 and
// CLR 2.0 eddsa-rdfc-2022 test vectors of the OB implementation guide.
func TestOneEdTechVectors(t *testing.T) {
	c := Default()
	for _, name := range []string{"testvector-ob3-eddsa-rdfc-2022", "testvector-clr2-eddsa-rdfc-2022"} {
		t.Run(name, func(t *testing.T) {
			unsigned := readFile(t, "1edtech/"+name+".unsigned.json")
			doc, err := c.Canonicalize(context.Background(), unsigned)
			if err != nil {
				t.Fatal(err)
			}
			if want := readFile(t, "1edtech/"+name+".document-canon.txt"); string(doc.NQuads) != string(want) {
				t.Fatalf("document:\n got: %s\nwant: %s", doc.NQuads, want)
			}
			proof := decodeObject(t, readFile(t, "1edtech/"+name+".proof.json"))
			cfg, err := c.CanonicalizeValue(context.Background(), proofConfig(proof, decodeObject(t, unsigned)["@context"]))
			if err != nil {
				t.Fatal(err)
			}
			if want := readFile(t, "1edtech/"+name+".proof-canon.txt"); string(cfg.NQuads) != string(want) {
				t.Fatalf("proof configuration:\n got: %s\nwant: %s", cfg.NQuads, want)
			}
		})
	}
}

const obContexts = `["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]`

// credential returns a small OB 3.0 credential with id and extra members
// spliced in.
func credential(id, extra string) []byte {
	return []byte(`{
  "@context": ` + obContexts + `,
  "id": "` + id + `",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "issuer": {"id": "https://example.edu/issuers/1", "type": "Profile", "name": "Example U"},
  "validFrom": "2024-06-01T00:00:00Z",
  "credentialSubject": {"id": "did:example:learner", "type": "AchievementSubject",
    "achievement": {"id": "https://example.edu/a/1", "type": "Achievement", "name": "A",
      "description": "D", "criteria": {"narrative": "N"}}}` + extra + `
}`)
}

func TestSafeModeRejectsDataLoss(t *testing.T) {
	tests := []struct {
		name       string
		doc        []byte
		code, path string
		detail     string
	}{
		{"undefined type without extensions context",
			credential("urn:uuid:1", `, "credentialSchema": [{"id": "https://example.edu/s.json", "type": "1EdTechJsonSchemaValidator2019"}]`),
			"safe mode: relative IRI", "/credentialSchema/0/type", "1EdTechJsonSchemaValidator2019"},
		{"undefined property", credential("urn:uuid:1", `, "favoriteColor": "blue"`),
			"safe mode: dropped property", "/favoriteColor", "favoriteColor"},
		{"relative id", credential("credentials/1", ""),
			"safe mode: relative IRI", "/id", "credentials/1"},
		{"undefined subject type", []byte(strings.Replace(string(credential("urn:uuid:1", "")), `"type": "AchievementSubject"`, `"type": ["AchievementSubject", "Learner"]`, 1)),
			"safe mode: relative IRI", "/credentialSubject/type/1", "Learner"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Default().Canonicalize(context.Background(), tt.doc)
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, ErrSafeMode) {
				t.Fatalf("err = %v, want a safe-mode *Error", err)
			}
			if e.Code != tt.code || e.Path != tt.path || !strings.Contains(e.Detail, tt.detail) {
				t.Fatalf("got code %q path %q detail %q, want %q at %q naming %q", e.Code, e.Path, e.Detail, tt.code, tt.path, tt.detail)
			}
			if !strings.Contains(err.Error(), tt.path) || !strings.Contains(err.Error(), tt.detail) {
				t.Fatalf("message %q does not name the pointer and the term", err)
			}
		})
	}
}

// TestLongAndOddIRIsAreKept checks the json-gold trap the other way round:
// a well-formed http(s) IRI of 2083+ characters, or with a host json-gold's
// regex rejects, is signed data and must appear in the canonical form.
func TestLongAndOddIRIsAreKept(t *testing.T) {
	// "A0:/%" (a bad percent escape, refused by net/url) is kept by jsonld.js too.
	for _, id := range []string{"https://example.edu/" + strings.Repeat("a", 2100), "https://-bad.example/x", "A0:/%"} {
		got, err := Default().Canonicalize(context.Background(), credential(id, ""))
		if err != nil {
			t.Fatalf("%.40s...: %v", id, err)
		}
		if n := strings.Count(string(got.NQuads), "<"+id+">"); n != 5 {
			t.Errorf("%.40s...: appears in %d statements, want 5", id, n)
		}
	}
}

func TestUnknownContext(t *testing.T) {
	doc := []byte(`{"@context": ["https://www.w3.org/ns/credentials/v2", "https://evil.example/ctx.json"], "type": "VerifiableCredential"}`)
	_, err := Default().Canonicalize(context.Background(), doc)
	if !errors.Is(err, ErrUnknownContext) || !strings.Contains(err.Error(), "https://evil.example/ctx.json") {
		t.Fatalf("err = %v, want ErrUnknownContext naming the URL", err)
	}
}

func TestExtensionContext(t *testing.T) {
	loader, err := NewLoader(WithContext(extURL, extDoc))
	if err != nil {
		t.Fatal(err)
	}
	c := mustCanonicalizer(t, Options{Loader: loader})
	doc := []byte(`{"@context": ["https://www.w3.org/ns/credentials/v2", "` + extURL + `"],
		"id": "urn:uuid:1", "type": "VerifiableCredential", "favoriteColor": "blue"}`)
	got, err := c.Canonicalize(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got.NQuads), `<urn:uuid:1> <https://example.edu/vocab#favoriteColor> "blue" .`) {
		t.Fatalf("extension term missing:\n%s", got.NQuads)
	}
}

func TestLimits(t *testing.T) {
	small := mustCanonicalizer(t, Options{Limits: Limits{MaxDocumentBytes: 100, MaxDepth: 3, MaxQuads: 5}})
	tests := []struct {
		name string
		c    *Canonicalizer
		doc  string
		code string
	}{
		{"size", small, `{"a":"` + strings.Repeat("x", 200) + `"}`, CodeDocumentTooLarge},
		{"depth", small, `{"a":{"b":{"c":{"d":1}}}}`, CodeMaxDepth},
		{"quads", mustCanonicalizer(t, Options{Limits: Limits{MaxQuads: 5}}), string(credential("urn:uuid:1", "")), "max quads exceeded"},
		{"term definitions", mustCanonicalizer(t, Options{Limits: Limits{MaxTermDefinitions: 50}}), string(credential("urn:uuid:1", "")), "max term definitions exceeded"},
		// Node types whose scoped contexts apply in every pairing: 100
		// types of 100 terms give 9,900 distinct contexts of 100 terms
		// each, work that grows faster than the document; the default
		// limit stops it.
		{"scoped context pairs", Default(), scopedPairs(100), "max term definitions exceeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.c.Canonicalize(context.Background(), []byte(tt.doc))
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, ErrLimit) || e.Code != tt.code {
				t.Fatalf("err = %v, want ErrLimit with code %q", err, tt.code)
			}
		})
	}
}

// scopedPairs returns a document whose context defines n node types with
// scoped contexts of n terms each, and n² nodes, one for each ordered
// pair of types: every pair makes a context of its own.
func scopedPairs(n int) string {
	ctx := map[string]any{"@vocab": "https://example.org/"}
	for i := range n {
		scoped := map[string]any{}
		for j := range n {
			scoped["t"+strconv.Itoa(i)+"_"+strconv.Itoa(j)] = "https://example.org/t" + strconv.Itoa(j)
		}
		ctx["T"+strconv.Itoa(i)] = map[string]any{"@id": "https://example.org/T" + strconv.Itoa(i), "@context": scoped}
	}
	var nodes []any
	for i := range n {
		for j := range n {
			if i != j {
				nodes = append(nodes, map[string]any{"@type": []any{"T" + strconv.Itoa(i), "T" + strconv.Itoa(j)}, "v": 1})
			}
		}
	}
	out, _ := json.Marshal(map[string]any{"@context": ctx, "@id": "urn:x", "nodes": nodes})
	return string(out)
}

// poisonClique is a 10-node blank-node clique: every node points at every
// other, the shape of the W3C negative test rdfc10/test074.
func poisonClique() []byte {
	var b strings.Builder
	for i := range 10 {
		for j := range 10 {
			if i != j {
				b.WriteString("_:n" + string(rune('0'+i)) + " <urn:p> _:n" + string(rune('0'+j)) + " .\n")
			}
		}
	}
	return []byte(b.String())
}

func TestPoisonGraphFailsFast(t *testing.T) {
	start := time.Now()
	_, err := Default().CanonicalizeNQuads(context.Background(), poisonClique())
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, ErrLimit) || e.Code != CodeWorkLimit {
		t.Fatalf("err = %v, want the work limit", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %v", d)
	}
}

func TestCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c := mustCanonicalizer(t, Options{Limits: Limits{MaxWork: 1 << 30}})
	if _, err := c.CanonicalizeNQuads(ctx, poisonClique()); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestInvalidInput(t *testing.T) {
	tests := []struct {
		name, doc, code string
		nquads          bool
	}{
		{"not JSON", `{"@context":`, CodeJSONSyntax, false},
		{"trailing data", `{} {}`, CodeJSONSyntax, false},
		{"bad N-Quads", `<urn:s> <urn:p> .`, CodeNQuadsSyntax, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.nquads {
				_, err = Default().CanonicalizeNQuads(context.Background(), []byte(tt.doc))
			} else {
				_, err = Default().Canonicalize(context.Background(), []byte(tt.doc))
			}
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, ErrInvalid) || e.Code != tt.code {
				t.Fatalf("err = %v, want ErrInvalid with code %q", err, tt.code)
			}
		})
	}
}

func TestSHA384AndLabels(t *testing.T) {
	c := mustCanonicalizer(t, Options{})
	c384 := mustCanonicalizer(t, Options{Hash: crypto.SHA384})
	in := []byte("_:x <urn:p> \"v\" .\n_:y <urn:p> _:x .\n")
	a, err := c.CanonicalizeNQuads(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	b, err := c384.CanonicalizeNQuads(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Digest()) != 32 || len(b.Digest()) != 48 {
		t.Fatalf("digest sizes %d and %d", len(a.Digest()), len(b.Digest()))
	}
	if a.Labels["x"] == "" || a.Labels["y"] == "" || len(a.Labels) != 2 {
		t.Fatalf("labels %v", a.Labels)
	}
	if _, err := NewCanonicalizer(Options{Hash: crypto.SHA1}); err == nil {
		t.Fatal("SHA-1 accepted")
	}
}

// TestWithoutLabelsNQuads: a Canonicalizer without labels gives none for
// N-Quads input either, and the same document.
func TestWithoutLabelsNQuads(t *testing.T) {
	nq := []byte("_:a <http://e/p> _:b .\n_:b <http://e/p> \"x\" .\n")
	c := mustCanonicalizer(t, Options{})
	full, err := c.CanonicalizeNQuads(context.Background(), nq)
	if err != nil {
		t.Fatal(err)
	}
	bare, err := c.WithoutLabels().CanonicalizeNQuads(context.Background(), nq)
	if err != nil {
		t.Fatal(err)
	}
	if len(full.Labels) != 2 || bare.Labels != nil || !bytes.Equal(bare.NQuads, full.NQuads) {
		t.Fatalf("labelled %v %q, without labels %v %q", full.Labels, full.NQuads, bare.Labels, bare.NQuads)
	}
}

// TestDigestOnly: a Canonicalizer made by DigestOnly keeps, instead of the
// N-Quads, their hash with the function asked for, and finds the same
// dependence on the dialect; a comparison of the dialects that starts from
// its result is the one that starts from the N-Quads. On the interop
// fixtures and every document of the dialect set, in both dialects.
func TestDigestOnly(t *testing.T) {
	files, err := filepath.Glob("testdata/dialect/*.json")
	if err != nil || len(files) < 12 {
		t.Fatalf("%d documents (%v)", len(files), err)
	}
	files = append(files, "testdata/interop/digitalbazaar/unsigned/ob3-basic.json", "testdata/interop/digitalbazaar/unsigned/clr-3creds.json")
	ctx := context.Background()
	mayDepend := 0
	for _, f := range files {
		doc, err := DecodeJSON(readFile(t, strings.TrimPrefix(f, "testdata/")), 0)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, dialect := range []Dialect{DialectSpec, DialectJSONLDJS} {
			c := Default().WithDialect(dialect).WithoutLabels()
			text, err := c.CanonicalizeValue(ctx, doc)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			for _, h := range []crypto.Hash{0, crypto.SHA256, crypto.SHA384} {
				dc, err := c.DigestOnly(h)
				if err != nil {
					t.Fatal(err)
				}
				got, err := dc.CanonicalizeValue(ctx, doc)
				if err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				want := h
				if h == 0 {
					want = crypto.SHA256
				}
				other := crypto.SHA384
				if want == other {
					other = crypto.SHA256
				}
				if got.NQuads != nil || !bytes.Equal(got.DigestWith(want), text.DigestWith(want)) || got.DigestWith(other) != nil ||
					got.Quads != text.Quads || got.MayDependOnDialect() != text.MayDependOnDialect() {
					t.Fatalf("%s, %v, %v: digest only %+v, from the text %+v", f, dialect, want, got, text)
				}
				if want == crypto.SHA256 && !bytes.Equal(got.Digest(), text.Digest()) {
					t.Fatalf("%s: Digest differs", f)
				}
				fromText, err := Default().CompareDialectsValue(ctx, doc, text)
				if err != nil {
					t.Fatal(err)
				}
				fromDigest, err := dc.CompareDialectsValue(ctx, doc, got)
				if err != nil {
					t.Fatal(err)
				}
				if fromDigest.Differs() != fromText.Differs() || !slices.Equal(fromDigest.Constructs, fromText.Constructs) {
					t.Fatalf("%s, %v: comparison from the digest %+v, from the text %+v", f, dialect, fromDigest, fromText)
				}
				if text.MayDependOnDialect() &&
					(!bytes.Equal(fromDigest.Spec.NQuads, fromText.Spec.NQuads) || !bytes.Equal(fromDigest.JSONLDJS.NQuads, fromText.JSONLDJS.NQuads)) {
					t.Fatalf("%s, %v: compared forms differ", f, dialect)
				}
			}
			if text.MayDependOnDialect() {
				mayDepend++
			}
		}
	}
	if mayDepend < len(files) {
		t.Errorf("only %d canonicalizations may depend on the dialect", mayDepend)
	}
	if _, err := Default().DigestOnly(crypto.MD5); err == nil {
		t.Error("DigestOnly accepted MD5")
	}
}
