package vc

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/internal/jsonobj"
	"github.com/clrkit/clrkit/proof/ld"
)

// corpusInputs reads the []byte and string inputs of the Go fuzz corpus
// files in dir.
func corpusInputs(t *testing.T, dir string) [][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			line := sc.Text()
			for _, p := range []string{"[]byte(", "string("} {
				if q, ok := strings.CutPrefix(line, p); ok {
					if s, err := strconv.Unquote(strings.TrimSuffix(q, ")")); err == nil {
						out = append(out, []byte(s))
					}
				}
			}
		}
	}
	return out
}

// TestDecodeAgreesWithCheck: readCredential lets the tree decoder's
// acceptance stand for jsonobj.Check's (duplicate members, I-JSON, depth).
// On every input of both packages' fuzz corpora, and on the edge cases
// below, what the tree decoder accepts as an object jsonobj.Check accepts.
func TestDecodeAgreesWithCheck(t *testing.T) {
	inputs := corpusInputs(t, "../internal/jsonobj/testdata/fuzz/FuzzCheck")
	inputs = append(inputs, corpusInputs(t, "../internal/jsonobj/testdata/fuzz/FuzzMembers")...)
	inputs = append(inputs, corpusInputs(t, "../internal/jsonld/testdata/fuzz/FuzzDecodeJSON")...)
	if len(inputs) < 100 {
		t.Fatalf("only %d corpus inputs", len(inputs))
	}
	deep := func(n int) []byte {
		return []byte(`{"a":` + strings.Repeat(`[`, n) + strings.Repeat(`]`, n) + `}`)
	}
	inputs = append(inputs, deep(62), deep(63), deep(64), deep(65),
		[]byte(`{"a":1,"a":1}`), []byte(`{"a":{"b":1,"b":2}}`), []byte(`{"a":"\ud800"}`), []byte(`{"a":1e400}`),
		[]byte("{\"a\":\"\xff\"}"), []byte(`{"a":"\u0000"}`), []byte(`{"\u0061":1,"a":2}`), []byte(`{"a":-0}`))
	// Every JSON file of the module's test data: credentials, contexts,
	// vectors, fixtures.
	filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.Contains(path, "testdata") &&
			(strings.HasSuffix(path, ".json") || strings.HasSuffix(path, ".jsonld")) {
			if data, err := os.ReadFile(path); err == nil {
				inputs = append(inputs, data)
			}
		}
		return nil
	})
	accepted := 0
	for _, in := range inputs {
		tree, err := ld.DecodeJSON(in, 0)
		if _, ok := tree.(map[string]any); err != nil || !ok {
			continue
		}
		accepted++
		if err := jsonobj.Check(in); err != nil {
			t.Errorf("the tree decoder accepts %q, jsonobj.Check refuses it: %v", in, err)
		}
	}
	if accepted < 500 {
		t.Fatalf("only %d inputs accepted: the test checks little", accepted)
	}
}
