package proof

import (
	"context"
	"testing"
)

// BenchmarkECDSASD2023 measures, on ob3-basic with a P-256 issuer
// (mandatory: issuer, validFrom), SignSD, Derive of four values, and
// Verify of the derived credential.
func BenchmarkECDSASD2023(b *testing.B) {
	ctx := context.Background()
	mandatory := []string{"/issuer", "/validFrom"}
	selective := []string{"/name", "/credentialSubject/achievement/name", "/credentialSubject/achievement/criteria", "/credentialSubject/result/0/value"}
	base := sdSign(b, "ob3-basic", mandatory)
	derived, err := Derive(ctx, base, selective, DeriveOptions{})
	if err != nil {
		b.Fatal(err)
	}
	v := testVerifier(b, false)
	b.Run("sign", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sdSign(b, "ob3-basic", mandatory)
		}
	})
	b.Run("derive", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Derive(ctx, base, selective, DeriveOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("verify", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.Verify(ctx, derived, Expectations{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
