package statuslist_test

import (
	"bytes"
	"testing"

	"github.com/clrkit/clrkit/vc/statuslist"
)

// FuzzDecode: Decode never panics, and what it accepts encodes back to a
// list with the same entries.
func FuzzDecode(f *testing.F) {
	l := statuslist.New(0)
	_ = l.Set(3, true)
	enc, _ := l.Encode()
	f.Add(enc)
	f.Add("u")
	f.Add("uH4sIAAAAAAAA_2JgGAWjYBSMAnoBAAD__w")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := statuslist.Decode(s)
		if err != nil {
			return
		}
		again, err := got.Encode()
		if err != nil {
			t.Fatal(err)
		}
		back, err := statuslist.Decode(again)
		if err != nil {
			t.Fatalf("re-encoded list refused: %v", err)
		}
		if back.Len() != got.Len() {
			t.Fatalf("length %d, was %d", back.Len(), got.Len())
		}
		a, _ := got.Encode()
		b, _ := back.Encode()
		if !bytes.Equal([]byte(a), []byte(b)) {
			t.Fatal("entries changed in a round trip")
		}
	})
}
