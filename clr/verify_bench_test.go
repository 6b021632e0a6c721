package clr_test

import (
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/clrkit/clrkit/internal/testkit"
	"github.com/clrkit/clrkit/vc"
)

// BenchmarkVerifyOB verifies the interop bundle's signed ob3-basic end to
// end, from bytes, with the CLR verifier (which also runs the OB checks).
func BenchmarkVerifyOB(b *testing.B) {
	data, err := os.ReadFile("testdata/ob3-basic.signed.json")
	if err != nil {
		b.Fatal(err)
	}
	v := clrVerifier(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(context.Background(), data, vc.Expectations{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyCLR3Creds verifies the interop bundle's signed
// clr-3creds (a CLR holding three signed OB credentials) end to end, the
// fixture clrkit bench and the JavaScript reference's bench.mjs compare on,
// one nested credential at a time.
func BenchmarkVerifyCLR3Creds(b *testing.B) {
	data, err := os.ReadFile("testdata/clr-3creds.signed.json")
	if err != nil {
		b.Fatal(err)
	}
	v := clrVerifier(b, func(o *vc.VerifierOptions) { o.Limits.Concurrency = 1 })
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(context.Background(), data, vc.Expectations{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyCLR verifies signed records holding 1, 5 and 20 signed
// credentials, verifying the nested credentials one at a time (conc=1) and
// two at a time (conc=2).
func BenchmarkVerifyCLR(b *testing.B) {
	k := testkit.NewKey(b, 1)
	for _, n := range []int{1, 5, 20} {
		var creds []any
		for i := range n {
			creds = append(creds, k.Sign(b, kitBadge(b, k, "https://example.edu/a/"+strconv.Itoa(i))))
		}
		doc := record(b, k, creds)
		b.Run("nested="+strconv.Itoa(n), func(b *testing.B) {
			for _, conc := range []int{1, 2} {
				b.Run("conc="+strconv.Itoa(conc), func(b *testing.B) {
					v := clrVerifier(b, func(o *vc.VerifierOptions) { o.Limits.Concurrency = conc })
					if _, err := v.Verify(context.Background(), doc, vc.Expectations{}); err != nil {
						b.Fatal(err)
					}
					b.ReportAllocs()
					b.SetBytes(int64(len(doc)))
					for b.Loop() {
						if _, err := v.Verify(context.Background(), doc, vc.Expectations{}); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// BenchmarkVerifyOBParallel verifies ob3-basic from GOMAXPROCS goroutines
// sharing one Verifier (run with -cpu 1,2 to see how throughput scales with
// cores): a verifier service's load.
func BenchmarkVerifyOBParallel(b *testing.B) {
	data, err := os.ReadFile("testdata/ob3-basic.signed.json")
	if err != nil {
		b.Fatal(err)
	}
	v := clrVerifier(b)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := v.Verify(context.Background(), data, vc.Expectations{}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
