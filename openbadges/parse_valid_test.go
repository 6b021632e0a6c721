package openbadges

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/clrkit/clrkit/internal/jsonld"
	"github.com/clrkit/clrkit/internal/jsonobj"
	"github.com/clrkit/clrkit/internal/testkit/corpus"
)

// TestParseValidAgrees holds parseValid, which reads valid text without
// checking or copying it again (with the index of its text the verifier
// builds), to Parse: the same credential, or the same error with the same
// pointer. On every JSON document of the module's test data, and on the
// credentials among them with the value of every member within four
// levels replaced by values of other JSON types.
func TestParseValidAgrees(t *testing.T) {
	docs, compared, failed := corpus.Agree(t, corpus.TestdataJSON(t, ".."), corpus.Parsers[*AchievementCredential]{
		Want:  Parse,
		Got:   indexed(parseValid),
		Valid: decodesAsObject,
		Mutate: func(m map[string]any, data []byte, n int) bool {
			_, isCred := m["credentialSubject"]
			return isCred && len(data) < 16<<10 && n%4 == 0
		},
		Depth: 4,
	})
	if docs < 1000 || compared < 15000 || failed < 3000 || compared-failed < 5000 {
		t.Fatalf("%d documents, %d texts compared, %d refused: too few", docs, compared, failed)
	}
}

// TestParseEndorsementValidAgrees is TestParseValidAgrees for the
// endorsement view's reading of valid text.
func TestParseEndorsementValidAgrees(t *testing.T) {
	docs, compared, failed := corpus.Agree(t, corpus.TestdataJSON(t, ".."), corpus.Parsers[*EndorsementCredential]{
		Want: ParseEndorsement,
		Got: indexed(func(text *jsonobj.Text, data []byte) (*EndorsementCredential, error) {
			var e EndorsementCredential
			if err := e.read(jsonobj.ValidReader(text), data); err != nil {
				return nil, err
			}
			return &e, nil
		}),
		Valid: decodesAsObject,
		Mutate: func(m map[string]any, data []byte, n int) bool {
			_, isCred := m["credentialSubject"]
			return isCred && len(data) < 16<<10 && n%5 == 0
		},
		Depth: 3,
	})
	if docs < 1000 || compared < 5000 || failed < 1000 {
		t.Fatalf("%d documents, %d texts compared, %d refused: too few", docs, compared, failed)
	}
}

func decodesAsObject(data []byte) (map[string]any, bool) {
	tree, err := jsonld.DecodeJSON(data, 0)
	m, ok := tree.(map[string]any)
	return m, err == nil && ok
}

// indexed is parse given data's text with the index the verifier builds
// from its decoded tree (the spans of the JSON-LD decoder), as the
// verifier calls it.
func indexed[T any](parse func(*jsonobj.Text, []byte) (T, error)) func([]byte) (T, error) {
	return func(data []byte) (T, error) {
		_, spans, err := jsonld.DecodeJSONSpans(data, 0)
		if err != nil {
			spans = nil
		}
		return parse(jsonobj.NewText(data, spans), data)
	}
}

// FuzzParseValid: on every text the verifier's tree decoder accepts,
// parseValid (with the verifier's index) decodes what Parse decodes, or
// fails with the same error. Seeds: the OB fixtures and
// testdata/fuzz/FuzzParseValid.
func FuzzParseValid(f *testing.F) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
	valid := indexed(parseValid)
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, ok := decodesAsObject(data); !ok {
			return
		}
		want, wantErr := Parse(data)
		got, gotErr := valid(data)
		if (wantErr == nil) != (gotErr == nil) || wantErr != nil && wantErr.Error() != gotErr.Error() {
			t.Fatalf("%q: Parse error %v, parseValid error %v", data, wantErr, gotErr)
		}
		if wantErr == nil && !reflect.DeepEqual(want, got) {
			t.Fatalf("%q: Parse and parseValid decode differently", data)
		}
	})
}
