package jcs

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func benchInput(b *testing.B) []byte {
	data, err := os.ReadFile(filepath.Join("testdata", "vc-di-eddsa", "eddsa-jcs-2022", "signedJCS.json"))
	if err != nil {
		b.Fatal(err)
	}
	return data
}

func BenchmarkTransform(b *testing.B) {
	data := benchInput(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Transform(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarshal(b *testing.B) {
	var v any
	if err := json.Unmarshal(benchInput(b), &v); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Marshal(v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendNumber(b *testing.B) {
	buf := make([]byte, 0, 32)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = AppendNumber(buf[:0], 333333333.33333325)
	}
}
