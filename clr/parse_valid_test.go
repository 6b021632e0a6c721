package clr

import (
	"testing"

	"github.com/clrkit/clrkit/internal/jsonld"
	"github.com/clrkit/clrkit/internal/jsonobj"
	"github.com/clrkit/clrkit/internal/testkit/corpus"
	"github.com/clrkit/clrkit/proof/ld"
)

// TestParseValidAgrees holds parseValid, which reads valid text without
// validating or copying it again, to Parse: the same record, or the same
// error with the same pointer. On every JSON document of the module's test
// data, and on the records among them with the value of every member
// within four levels replaced by values of other JSON types.
func TestParseValidAgrees(t *testing.T) {
	docs, compared, failed := corpus.Agree(t, corpus.TestdataJSON(t, ".."), corpus.Parsers[*ClrCredential]{
		Want: Parse,
		Got:  indexed(parseValid),
		Valid: func(data []byte) (map[string]any, bool) {
			tree, err := ld.DecodeJSON(data, 0)
			m, ok := tree.(map[string]any)
			return m, err == nil && ok
		},
		Mutate: func(m map[string]any, data []byte, _ int) bool {
			subject, ok := m["credentialSubject"].(map[string]any)
			return ok && subject["verifiableCredential"] != nil && len(data) < 16<<10
		},
		Depth: 4,
	})
	if docs < 1000 || compared < 5000 || failed < 1000 || compared-failed < 2000 {
		t.Fatalf("%d documents, %d texts compared, %d refused: too few", docs, compared, failed)
	}
}

// indexed is parse given data's text with the index the verifier builds
// from its decoded tree (the spans of the JSON-LD decoder), as the
// verifier calls it.
func indexed(parse func(*jsonobj.Text, []byte) (*ClrCredential, error)) func([]byte) (*ClrCredential, error) {
	return func(data []byte) (*ClrCredential, error) {
		_, spans, err := jsonld.DecodeJSONSpans(data, 0)
		if err != nil {
			spans = nil
		}
		return parse(jsonobj.NewText(data, spans), data)
	}
}
