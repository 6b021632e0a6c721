package vc

import (
	"reflect"
	"testing"

	"github.com/clrkit/clrkit/internal/testkit/corpus"
	"github.com/clrkit/clrkit/proof/ld"
)

// TestParseCredentialInAgrees holds parseCredentialIn, which reads valid
// text without validating it again, to ParseCredential: the same
// credential, or the same error with the same pointer. On every JSON
// document of the module's test data and of the verifier's fuzz corpus,
// and on each of them with the value of every member within three levels
// replaced by values of other JSON types.
func TestParseCredentialInAgrees(t *testing.T) {
	inputs := corpus.TestdataJSON(t, "..")
	inputs = append(inputs, corpus.Inputs(t, "testdata/fuzz/FuzzVerify")...)
	docs, compared, failed := 0, 0, 0
	for _, in := range inputs {
		tree, err := ld.DecodeJSON(in, 0)
		m, ok := tree.(map[string]any)
		if err != nil || !ok {
			continue
		}
		docs++
		variants := [][]byte{in}
		if _, isCred := m["credentialSubject"]; isCred && len(in) < 16<<10 && docs%3 == 0 {
			variants = append(variants, corpus.Mutations(t, m, 3)...)
		}
		for _, data := range variants {
			if _, err := ld.DecodeJSON(data, 0); err != nil {
				continue // parseCredentialIn is only given text the decoder accepts
			}
			want, wantErr := ParseCredential(data)
			got, gotErr := parseCredentialIn(data)
			compared++
			if wantErr != nil || gotErr != nil {
				failed++
				if wantErr == nil || gotErr == nil || wantErr.Error() != gotErr.Error() || pointerOf(wantErr) != pointerOf(gotErr) {
					t.Fatalf("%.300s:\nParseCredential: %v\nparseCredentialIn: %v", data, wantErr, gotErr)
				}
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%.300s:\nParseCredential: %+v\nparseCredentialIn: %+v", data, want, got)
			}
		}
	}
	t.Logf("%d documents, %d texts compared, %d failing", docs, compared, failed)
	if docs < 1000 || compared < 15000 || failed < 3000 || compared-failed < 10000 {
		t.Fatalf("%d documents, %d texts compared, %d failing: too few", docs, compared, failed)
	}
}
