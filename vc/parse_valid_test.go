package vc

import (
	"testing"

	"github.com/clrkit/clrkit/internal/testkit/corpus"
	"github.com/clrkit/clrkit/proof/ld"
)

// TestParseCredentialInAgrees holds parseCredentialIn, which reads valid
// text without validating it again, to ParseCredential: the same
// credential, or the same error with the same pointer. On every JSON
// document of the module's test data and of the verifier's fuzz corpus,
// and on a third of the credentials among them with the value of every
// member within three levels replaced by values of other JSON types.
func TestParseCredentialInAgrees(t *testing.T) {
	inputs := corpus.TestdataJSON(t, "..")
	inputs = append(inputs, corpus.Inputs(t, "testdata/fuzz/FuzzVerify")...)
	docs, compared, failed := corpus.Agree(t, inputs, corpus.Parsers[*Credential]{
		Want:  ParseCredential,
		Got:   parseCredentialIn,
		Valid: decodesAsObject,
		Mutate: func(m map[string]any, data []byte, n int) bool {
			_, isCred := m["credentialSubject"]
			return isCred && len(data) < 16<<10 && n%3 == 0
		},
		Depth: 3,
	})
	if docs < 1000 || compared < 15000 || failed < 3000 || compared-failed < 10000 {
		t.Fatalf("%d documents, %d texts compared, %d refused: too few", docs, compared, failed)
	}
}

// decodesAsObject decodes data as the verifier does, reporting whether it
// is an object the tree decoder accepts.
func decodesAsObject(data []byte) (map[string]any, bool) {
	tree, err := ld.DecodeJSON(data, 0)
	m, ok := tree.(map[string]any)
	return m, err == nil && ok
}
