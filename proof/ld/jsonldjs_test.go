package ld

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The mutation corpus: variants of the OB/CLR fixtures (mutate_test.go)
// with the verdict of the JavaScript reference (jsonld.js 9.0.0 in safe mode
// with the i18n-datatype rdfDirection, rdf-canonize 5.0.0: the
// canonicalization of @digitalbazaar/eddsa-rdfc-2022-cryptosuite) on each,
// recorded once by testdata/mutations/record.mjs. Regenerate the variants
// with
//
//	go test ./proof/ld -run TestMutationsAgainstJSONLDJS -update-mutants
//
// and record the reference's verdicts again (see
// testdata/mutations/README.md).
var updateMutants = flag.Bool("update-mutants", false, "write testdata/mutations/mutants.json.gz from the mutator")

const (
	mutantsFile  = "mutations/mutants.json.gz"
	jsonldJSFile = "mutations/jsonld-js.json.gz"
	mutantCount  = 600
)

// mutantRecord is one variant: its name and exact bytes.
type mutantRecord struct {
	Name string `json:"name"`
	Doc  []byte `json:"doc"` // base64 in the file: variants may hold bytes that are not UTF-8
}

// jsonldJSVerdict is what the reference made of a variant: canonical
// N-Quads, or the name and message of the error it threw.
type jsonldJSVerdict struct {
	NQuads string `json:"nquads,omitempty"`
	Error  string `json:"error,omitempty"`
}

func writeMutants(t *testing.T) {
	fixtures := readMutationFixtures(t)
	rng := rand.New(rand.NewPCG(2026, 12))
	var recs []mutantRecord
	for i := range mutantCount {
		choices := make([]byte, 48)
		for j := range choices {
			choices[j] = byte(rng.IntN(256))
		}
		recs = append(recs, mutantRecord{Name: fmt.Sprintf("m%04d", i), Doc: mutant(t, fixtures, choices)})
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := json.NewEncoder(zw).Encode(recs); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", mutantsFile), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readGzipJSON(t testing.TB, name string, v any) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.NewDecoder(zr).Decode(v); err != nil {
		t.Fatal(err)
	}
}

// TestMutationsAgainstJSONLDJS canonicalizes every recorded variant and
// compares the result with the reference's: the same N-Quads, or both a
// refusal. Every other outcome must be one of the differences that
// knownJSONLDJSDifference explains, each decided by the specifications.
func TestMutationsAgainstJSONLDJS(t *testing.T) {
	if *updateMutants {
		writeMutants(t)
	}
	var recs []mutantRecord
	readGzipJSON(t, mutantsFile, &recs)
	verdicts := map[string]jsonldJSVerdict{}
	readGzipJSON(t, jsonldJSFile, &verdicts)
	if len(recs) != mutantCount {
		t.Fatalf("%d variants, want %d", len(recs), mutantCount)
	}
	tally := map[string]int{}
	for _, r := range recs {
		js, ok := verdicts[r.Name]
		if !ok {
			t.Fatalf("%s: no verdict of the reference recorded: record again", r.Name)
		}
		res, err := Default().Canonicalize(context.Background(), r.Doc)
		var ours string
		if err == nil {
			ours = string(res.NQuads)
		}
		switch {
		case err == nil && js.Error == "" && ours == js.NQuads:
			tally["same N-Quads"]++
		case err != nil && js.Error != "":
			tally["both refuse"]++
		default:
			class := knownJSONLDJSDifference(r.Doc, ours, err, js)
			if class == "" {
				t.Errorf("%s: unexplained difference\ndocument: %s\nclrkit: %v\n%s\njsonld.js: %s\n%s", r.Name, r.Doc, err, ours, js.Error, js.NQuads)
				continue
			}
			tally[class]++
		}
	}
	t.Logf("%d variants: %v", len(recs), tally)
	if tally["same N-Quads"] < mutantCount/4 {
		t.Errorf("only %d variants canonicalize alike in both", tally["same N-Quads"])
	}
	for _, d := range jsonldJSDifferences {
		if tally[d.name] == 0 {
			t.Errorf("no variant shows %q: the corpus no longer tests that explanation", d.name)
		}
	}
}

// TestJSONLDJSDifferencesAreSpecific: no explanation accepts a difference
// it does not describe. Each variant on which both agree is given a
// verdict of the reference with one literal changed, or a refusal.
func TestJSONLDJSDifferencesAreSpecific(t *testing.T) {
	var recs []mutantRecord
	readGzipJSON(t, mutantsFile, &recs)
	verdicts := map[string]jsonldJSVerdict{}
	readGzipJSON(t, jsonldJSFile, &verdicts)
	checked := 0
	for _, r := range recs {
		js := verdicts[r.Name]
		res, err := Default().Canonicalize(context.Background(), r.Doc)
		if err != nil || js.NQuads != string(res.NQuads) {
			continue
		}
		i := strings.Index(js.NQuads, "\" .")
		if i < 0 {
			continue
		}
		altered := jsonldJSVerdict{NQuads: js.NQuads[:i] + "x" + js.NQuads[i:]}
		if class := knownJSONLDJSDifference(r.Doc, js.NQuads, nil, altered); class != "" {
			t.Errorf("%s: %q explains a changed literal", r.Name, class)
		}
		if class := knownJSONLDJSDifference(r.Doc, js.NQuads, nil, jsonldJSVerdict{Error: "jsonld.ValidationError"}); class != "" {
			t.Errorf("%s: %q explains a refusal by jsonld.js alone", r.Name, class)
		}
		checked++
	}
	if checked < 100 {
		t.Fatalf("only %d variants checked", checked)
	}
}
