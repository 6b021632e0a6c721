// Package corpus reads the seed corpora of Go fuzz tests
// (testdata/fuzz/FuzzXxx, "go test fuzz v1" files) so that other tests can
// run over the inputs fuzzing found. It imports nothing of clrkit, so that
// the tests of every package, the lowest included, may use it.
package corpus

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Inputs returns the []byte and string values of every file in dir, a
// corpus directory, in file name order. A directory with no files fails
// the test: a moved corpus must not make a test check nothing.
func Inputs(t testing.TB, dir string) [][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("corpus %s: %d files, %v", dir, len(files), err)
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
			for _, p := range []string{"[]byte(", "string("} {
				if q, ok := strings.CutPrefix(sc.Text(), p); ok {
					if s, err := strconv.Unquote(strings.TrimSuffix(q, ")")); err == nil {
						out = append(out, []byte(s))
					}
				}
			}
		}
		if err := sc.Err(); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	return out
}

// TestdataJSON returns every JSON file (.json, .jsonld) under a testdata
// directory of the module whose root is root ("..", from a package
// directory): credentials, contexts, vectors, fixtures. A read error, or
// no file at all, fails the test.
func TestdataJSON(t testing.TB, root string) [][]byte {
	t.Helper()
	var out [][]byte
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.Contains(path, "testdata") &&
			(strings.HasSuffix(path, ".json") || strings.HasSuffix(path, ".jsonld")) {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			out = append(out, data)
		}
		return nil
	})
	if err != nil || len(out) == 0 {
		t.Fatalf("reading the test data under %s: %d files, %v", root, len(out), err)
	}
	return out
}
