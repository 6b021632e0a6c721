package did

import (
	"context"
	"testing"
)

func BenchmarkDecodeMultikey(b *testing.B) {
	for _, c := range []struct{ name, mb string }{
		{"Ed25519", "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"},
		{"P-256", "zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := DecodeMultikey(c.mb); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkResolveDIDKey(b *testing.B) {
	ctx := context.Background()
	const did = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
	for _, c := range []struct {
		name string
		opts KeyOptions
	}{
		{"Ed25519", KeyOptions{}},
		{"Ed25519/NoKeyAgreement", KeyOptions{DisableEncryptionKeyDerivation: true}},
	} {
		b.Run(c.name, func(b *testing.B) {
			r, _ := NewKeyResolver(c.opts)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := r.Resolve(ctx, did); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
