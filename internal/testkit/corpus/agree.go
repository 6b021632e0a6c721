package corpus

import (
	"errors"
	"reflect"
	"testing"
)

// Parsers are two readers of the same JSON that must agree: Want, the
// reference, and Got, a faster one given only text that Valid accepts.
type Parsers[T any] struct {
	Want, Got func(data []byte) (T, error)
	// Valid decodes data as the faster reader's callers have, returning
	// the object, or false for text they would not pass on.
	Valid func(data []byte) (map[string]any, bool)
	// Mutate, when it reports true for a document, adds its Mutations
	// within Depth levels to the texts compared.
	Mutate func(m map[string]any, data []byte, n int) bool
	Depth  int
}

// Agree runs both readers on every input Valid accepts, and on the
// mutations Mutate asks for, and fails the test unless they return equal
// values (reflect.DeepEqual), or errors with the same message and JSON
// pointer (a Pointer method). It returns how many documents it read, how
// many texts it compared and how many of those both readers refused.
func Agree[T any](t testing.TB, inputs [][]byte, p Parsers[T]) (docs, compared, failed int) {
	t.Helper()
	for _, in := range inputs {
		m, ok := p.Valid(in)
		if !ok {
			continue
		}
		docs++
		variants := [][]byte{in}
		if p.Mutate(m, in, docs) {
			variants = append(variants, Mutations(t, m, p.Depth)...)
		}
		for _, data := range variants {
			if _, ok := p.Valid(data); !ok {
				continue
			}
			want, wantErr := p.Want(data)
			got, gotErr := p.Got(data)
			compared++
			if wantErr != nil || gotErr != nil {
				failed++
				if wantErr == nil || gotErr == nil || wantErr.Error() != gotErr.Error() || pointer(wantErr) != pointer(gotErr) {
					t.Fatalf("%.300s:\nwant error %v\ngot error %v", data, wantErr, gotErr)
				}
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%.300s:\nwant %+v\ngot %+v", data, want, got)
			}
		}
	}
	t.Logf("%d documents, %d texts compared, %d refused", docs, compared, failed)
	return docs, compared, failed
}

// pointer is the JSON pointer a decoding error names, "" for none.
func pointer(err error) string {
	var p interface{ Pointer() string }
	if errors.As(err, &p) {
		return p.Pointer()
	}
	return ""
}
