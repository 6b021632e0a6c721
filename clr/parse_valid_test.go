package clr

import (
	"errors"
	"reflect"
	"testing"

	"github.com/clrkit/clrkit/internal/testkit/corpus"
	"github.com/clrkit/clrkit/proof/ld"
)

// TestParseValidAgrees holds parseValid, which reads valid text without
// validating or copying it again, to Parse: the same record, or the same
// error with the same pointer. On every JSON document of the module's test
// data, and on the records among them with the value of every member
// within four levels replaced by values of other JSON types.
func TestParseValidAgrees(t *testing.T) {
	docs, compared, failed := 0, 0, 0
	for _, in := range corpus.TestdataJSON(t, "..") {
		tree, err := ld.DecodeJSON(in, 0)
		m, ok := tree.(map[string]any)
		if err != nil || !ok {
			continue
		}
		docs++
		variants := [][]byte{in}
		if subject, ok := m["credentialSubject"].(map[string]any); ok && subject["verifiableCredential"] != nil && len(in) < 16<<10 {
			variants = append(variants, corpus.Mutations(t, m, 4)...)
		}
		for _, data := range variants {
			if _, err := ld.DecodeJSON(data, 0); err != nil {
				continue // parseValid is only given text the decoder accepts
			}
			want, wantErr := Parse(data)
			got, gotErr := parseValid(data)
			compared++
			if wantErr != nil || gotErr != nil {
				failed++
				if wantErr == nil || gotErr == nil || wantErr.Error() != gotErr.Error() || pointer(wantErr) != pointer(gotErr) {
					t.Fatalf("%.300s:\nParse: %v\nparseValid: %v", data, wantErr, gotErr)
				}
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%.300s:\nParse: %+v\nparseValid: %+v", data, want, got)
			}
		}
	}
	t.Logf("%d documents, %d texts compared, %d failing", docs, compared, failed)
	if docs < 1000 || compared < 5000 || failed < 1000 || compared-failed < 2000 {
		t.Fatalf("%d documents, %d texts compared, %d failing: too few", docs, compared, failed)
	}
}

// pointer is the JSON pointer a decoding error names, "" for none.
func pointer(err error) string {
	var p interface{ Pointer() string }
	if errors.As(err, &p) {
		return p.Pointer()
	}
	return ""
}
