package proof

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"slices"
	"strconv"
	"testing"

	"github.com/clrkit/clrkit/internal/edverify"
)

// BenchmarkEdDSARDFC2022 signs and verifies the interop fixtures with
// eddsa-rdfc-2022 (two canonicalizations, two SHA-256, one Ed25519
// operation, and for verify a did:key retrieval), contexts warm.
func BenchmarkEdDSARDFC2022(b *testing.B) {
	v := testVerifier(b, false)
	for _, f := range []struct{ name, key string }{{"ob3-basic", "issuer-ed25519"}, {"clr-3creds", "clr-issuer-ed25519"}} {
		kf := interopKey(b, f.key)
		signer, err := kf.Signer()
		if err != nil {
			b.Fatal(err)
		}
		unsigned := readTestdata(b, "interop/unsigned/"+f.name+".json")
		signed := readTestdata(b, "interop/signed/"+f.name+".signed.json")
		opts := SignOptions{VerificationMethod: kf.ID, Created: interopCreated}
		b.Run(f.name+"/sign", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Sign(context.Background(), unsigned, signer, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(f.name+"/verify", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v.Verify(context.Background(), signed, Expectations{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerifyProofSet verifies a credential (the clr-3creds fixture)
// carrying a set of two eddsa-rdfc-2022 proofs, neither chained, by the
// issuer's key.
func BenchmarkVerifyProofSet(b *testing.B) {
	v := testVerifier(b, false)
	kf := interopKey(b, "clr-issuer-ed25519")
	signer, err := kf.Signer()
	if err != nil {
		b.Fatal(err)
	}
	doc := readTestdata(b, "interop/unsigned/clr-3creds.json")
	for _, id := range []string{"urn:uuid:p1", "urn:uuid:p2"} {
		if doc, err = Sign(context.Background(), doc, signer, SignOptions{ID: id, VerificationMethod: kf.ID, Created: interopCreated}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		res, err := v.Verify(context.Background(), doc, Expectations{})
		if err != nil || len(res.Proofs) != 2 {
			b.Fatal(err, res)
		}
	}
}

// chainedDoc signs ob3-basic n times, each proof naming every earlier one
// in previousProof: the costliest chain a verifier can be sent within
// MaxProofs, n canonicalizations of the document with up to n-1 proofs.
func chainedDoc(tb testing.TB, n int) []byte {
	var proofs []SignOptions
	var ids []string
	for i := range n {
		id := "urn:uuid:p" + strconv.Itoa(i)
		proofs = append(proofs, SignOptions{ID: id, PreviousProof: slices.Clone(ids)})
		ids = append(ids, id)
	}
	return signInTurn(tb, proofs...)
}

// BenchmarkVerifyProofChainScaling verifies chains of 2, 8 and 32 proofs,
// each proof chained to all before it: the cost grows with the square of
// the number of proofs (each signs the proofs before it), which
// DefaultMaxProofs bounds.
func BenchmarkVerifyProofChainScaling(b *testing.B) {
	v := testVerifier(b, false)
	for _, n := range []int{2, 8, DefaultMaxProofs} {
		doc := chainedDoc(b, n)
		b.Run("proofs="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				res, err := v.Verify(context.Background(), doc, Expectations{})
				if err != nil || len(res.Proofs) != n {
					b.Fatal(err, res)
				}
			}
		})
	}
}

// BenchmarkFloor is the least any eddsa-rdfc-2022 verification can cost:
// one Ed25519 verification over the 64 bytes of two SHA-256 hashes, with
// the hashes of a document the size of ob3-basic's canonical form
// (about 9 KB) and of a proof configuration, the signature checked as
// verification checks it (internal/edverify). The README compares the whole
// operations with it.
func BenchmarkFloor(b *testing.B) {
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		b.Fatal(err)
	}
	doc, cfg := make([]byte, 9000), make([]byte, 600)
	d1, d2 := sha256.Sum256(cfg), sha256.Sum256(doc)
	sig := ed25519.Sign(priv, append(d1[:], d2[:]...))
	b.ReportAllocs()
	for b.Loop() {
		h1, h2 := sha256.Sum256(cfg), sha256.Sum256(doc)
		if !edverify.Verify(pub, append(h1[:], h2[:]...), sig) {
			b.Fatal("no")
		}
	}
}
