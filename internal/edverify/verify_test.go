package edverify

import (
	"compress/gzip"
	"crypto/ed25519"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"os"
	"testing"
)

// readGzipJSON decodes the gzip-compressed JSON file testdata/name into v.
func readGzipJSON(t testing.TB, name string, v any) {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.NewDecoder(zr).Decode(v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// agree fails t unless Verify and crypto/ed25519.Verify give the same
// verdict on the inputs, and returns that verdict.
func agree(t testing.TB, what string, pub, msg, sig []byte) bool {
	t.Helper()
	want := len(pub) == ed25519.PublicKeySize && len(sig) == ed25519.SignatureSize &&
		ed25519.Verify(pub, msg, sig)
	if got := Verify(pub, msg, sig); got != want {
		t.Errorf("%s: Verify = %v, crypto/ed25519.Verify = %v (pub %x, msg %x, sig %x)", what, got, want, pub, msg, sig)
	}
	return want
}

// TestSpeccheck runs the edge cases of "Taming the many EdDSAs". The
// standard library's rules accept cases 0 to 3 (small-order A or R, the
// cofactorless equation holding) and 11 (a non-canonical encoding of A),
// and reject the rest: 4 and 5 hold only in the cofactored equation, 6 and
// 7 have S not canonical, 8 and 9 a non-canonical R, 10 a non-canonical A
// that holds only cofactored.
func TestSpeccheck(t *testing.T) {
	var cases []struct {
		Message   string `json:"message"`
		PubKey    string `json:"pub_key"`
		Signature string `json:"signature"`
	}
	readGzipJSON(t, "speccheck_cases.json.gz", &cases)
	if len(cases) != 12 {
		t.Fatalf("%d cases, want 12", len(cases))
	}
	var accepted []int
	for i, c := range cases {
		if agree(t, "speccheck case "+itoa(i), unhex(t, c.PubKey), unhex(t, c.Message), unhex(t, c.Signature)) {
			accepted = append(accepted, i)
		}
	}
	want := []int{0, 1, 2, 3, 11}
	if len(accepted) != len(want) {
		t.Fatalf("accepted cases %v, want %v", accepted, want)
	}
	for i := range want {
		if accepted[i] != want[i] {
			t.Fatalf("accepted cases %v, want %v", accepted, want)
		}
	}
}

// TestC2SPVectors checks every signature of C2SP's ed25519vectors, which
// combine low-order components and non-canonical encodings of A and R.
func TestC2SPVectors(t *testing.T) {
	var vectors []struct {
		A, R, S, M string
		Flags      []string
	}
	readGzipJSON(t, "ed25519vectors.json.gz", &vectors)
	if len(vectors) != 768 {
		t.Fatalf("%d vectors, want 768", len(vectors))
	}
	valid := 0
	for i, v := range vectors {
		sig := append(unhex(t, v.R), unhex(t, v.S)...)
		if agree(t, "ed25519vectors "+itoa(i), unhex(t, v.A), []byte(v.M), sig) {
			valid++
		}
	}
	// Neither all nor none: the set exercises both verdicts.
	if valid == 0 || valid == len(vectors) {
		t.Fatalf("%d of %d vectors valid", valid, len(vectors))
	}
	t.Logf("%d of %d vectors valid under the standard library's rules", valid, len(vectors))
}

// TestWycheproof checks Wycheproof's EdDSA verification cases against their
// expected results.
func TestWycheproof(t *testing.T) {
	var suite struct {
		NumberOfTests int
		TestGroups    []struct {
			Key struct {
				Curve string
				PK    string
			}
			Tests []struct {
				TcID    int
				Comment string
				Msg     string
				Sig     string
				Result  string
			}
		}
	}
	readGzipJSON(t, "eddsa_test.json.gz", &suite)
	n := 0
	for _, g := range suite.TestGroups {
		if g.Key.Curve != "edwards25519" {
			t.Fatalf("curve %q", g.Key.Curve)
		}
		pub := unhex(t, g.Key.PK)
		for _, tc := range g.Tests {
			n++
			what := "wycheproof tcId " + itoa(tc.TcID) + " (" + tc.Comment + ")"
			got := agree(t, what, pub, unhex(t, tc.Msg), unhex(t, tc.Sig))
			if want := tc.Result == "valid"; got != want {
				t.Errorf("%s: verdict %v, want %s", what, got, tc.Result)
			}
		}
	}
	if n != suite.NumberOfTests || n != 145 {
		t.Fatalf("ran %d cases, the file says %d", n, suite.NumberOfTests)
	}
}

// TestMutations flips every bit of valid signatures, keys and messages, one
// at a time, replaces S by S+L (the same scalar, not canonical), and tries
// the scalars around the group order L with the identity as A and R: the
// equation [S]B = R + [k]A then holds exactly when S is a multiple of L, so
// S = 0 passes and S = L fails on the range check of S alone.
func TestMutations(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for k := range 8 {
		seed := make([]byte, ed25519.SeedSize)
		for i := range seed {
			seed[i] = byte(rng.Uint32())
		}
		priv := ed25519.NewKeyFromSeed(seed)
		pub := priv.Public().(ed25519.PublicKey)
		msg := make([]byte, 1+rng.IntN(100))
		for i := range msg {
			msg[i] = byte(rng.Uint32())
		}
		sig := ed25519.Sign(priv, msg)
		if !agree(t, "valid signature "+itoa(k), pub, msg, sig) {
			t.Fatal("a fresh signature does not verify")
		}
		for bit := range 8 * len(sig) {
			s := append([]byte(nil), sig...)
			s[bit/8] ^= 1 << (bit % 8)
			agree(t, "signature bit "+itoa(bit), pub, msg, s)
		}
		for bit := range 8 * len(pub) {
			p := append(ed25519.PublicKey(nil), pub...)
			p[bit/8] ^= 1 << (bit % 8)
			agree(t, "key bit "+itoa(bit), p, msg, sig)
		}
		for bit := range 8 * len(msg) {
			m := append([]byte(nil), msg...)
			m[bit/8] ^= 1 << (bit % 8)
			agree(t, "message bit "+itoa(bit), pub, m, sig)
		}
		// S + L: the same scalar, not canonical, so invalid for both.
		agree(t, "S+L", pub, msg, append(sig[:32:32], addL(sig[32:])...))
	}
	// The identity point encodes as y = 1: 01 00 ... 00.
	identity := make([]byte, 32)
	identity[0] = 1
	lMinus1 := groupOrder
	lMinus1[0]--
	twoLMinus1 := addL(lMinus1[:])
	lPlus1 := groupOrder
	lPlus1[0]++
	for _, c := range []struct {
		name  string
		s     []byte
		valid bool
	}{
		{"S = 0", make([]byte, 32), true},
		{"S = L-1", lMinus1[:], false},
		{"S = L", groupOrder[:], false},
		{"S = L+1", lPlus1[:], false},
		{"S = 2L-1", twoLMinus1, false},
	} {
		sig := append(append([]byte(nil), identity...), c.s...)
		if got := agree(t, "identity A and R, "+c.name, identity, []byte("m"), sig); got != c.valid {
			t.Errorf("identity A and R, %s: verdict %v, want %v", c.name, got, c.valid)
		}
	}
	agree(t, "short key", make([]byte, 31), nil, make([]byte, 64))
	agree(t, "short signature", make([]byte, 32), nil, make([]byte, 63))
	agree(t, "nil everything", nil, nil, nil)
}

// groupOrder is L = 2^252 + 27742317777372353535851937790883648493,
// little-endian.
var groupOrder = [32]byte{
	0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
}

// addL returns the 32-byte little-endian s + L (s < L, so no overflow).
func addL(s []byte) []byte {
	out := make([]byte, 32)
	carry := 0
	for i := range out {
		v := int(s[i]) + int(groupOrder[i]) + carry
		out[i], carry = byte(v), v>>8
	}
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// FuzzVerify holds Verify to crypto/ed25519.Verify on arbitrary inputs. The
// seeds are valid signatures, so mutations explore the signatures next to
// valid ones, not only random bytes.
func FuzzVerify(f *testing.F) {
	for i := range 4 {
		seed := sha512.Sum512([]byte{byte(i)})
		priv := ed25519.NewKeyFromSeed(seed[:32])
		msg := seed[32 : 32+8*i]
		f.Add([]byte(priv.Public().(ed25519.PublicKey)), msg, ed25519.Sign(priv, msg))
	}
	f.Fuzz(func(t *testing.T, pub, msg, sig []byte) {
		agree(t, "fuzz", pub, msg, sig)
	})
}

// BenchmarkVerify times one check of a valid signature over 64 bytes (the
// two SHA-256 digests eddsa-rdfc-2022 signs) by Verify, with the key's
// expanded point kept, and by crypto/ed25519.
func BenchmarkVerify(b *testing.B) {
	seed := sha512.Sum512([]byte("bench"))
	priv := ed25519.NewKeyFromSeed(seed[:32])
	pub := priv.Public().(ed25519.PublicKey)
	msg := seed[:64]
	sig := ed25519.Sign(priv, msg)
	b.Run(Backend, func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !Verify(pub, msg, sig) {
				b.Fatal("invalid")
			}
		}
	})
	b.Run("crypto-ed25519", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !ed25519.Verify(pub, msg, sig) {
				b.Fatal("invalid")
			}
		}
	})
}
