package openbadges_test

import (
	"testing"

	"github.com/clrkit/clrkit/openbadges"
)

// BenchmarkParseOB parses the signed interop ob3-basic credential.
func BenchmarkParseOB(b *testing.B) {
	data := readFile(b, "testdata/ob3-basic.signed.json")
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := openbadges.Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMarshalOB marshals the parsed signed ob3-basic credential.
func BenchmarkMarshalOB(b *testing.B) {
	c, err := openbadges.Parse(readFile(b, "testdata/ob3-basic.signed.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.MarshalJSON(); err != nil {
			b.Fatal(err)
		}
	}
}
