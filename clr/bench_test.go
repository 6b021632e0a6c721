package clr_test

import (
	"testing"

	"github.com/clrkit/clrkit/clr"
)

// BenchmarkParseCLR parses the signed interop CLR of three credentials.
func BenchmarkParseCLR(b *testing.B) {
	data := readFile(b, "testdata/clr-3creds.signed.json")
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := clr.Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMarshalCLR marshals the parsed signed CLR.
func BenchmarkMarshalCLR(b *testing.B) {
	c, err := clr.Parse(readFile(b, "testdata/clr-3creds.signed.json"))
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
