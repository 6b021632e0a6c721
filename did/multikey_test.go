package did

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/csv"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/mr-tron/base58"
)

// Keys of the did:key specification, one per type.
var specKeys = map[KeyType]string{
	KeyTypeEd25519:   "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
	KeyTypeX25519:    "z6LSj72tK8brWgZja8NLRwPigth2T9QRiG1uH9oKZuKjdh9p",
	KeyTypeSecp256k1: "zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",
	KeyTypeP256:      "zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv",
	KeyTypeP384:      "z82LkvCwHNreneWpsgPEbV3gu1C6NFJEBg4srfJ5gdxEsMGRJUz2sG9FE42shbn2xkZJh54",
	KeyTypeP521:      "z2J9gaYxrKVpdoG9A4gRnmpnRCcxU6agDtFVVBVdn1JedouoZN7SzcyREXXzWgt3gGiwpoHq7K68X4m32D8HgzG8wv3sY5j7",
}

func TestMultikeyRoundTrip(t *testing.T) {
	for typ, mb := range specKeys {
		pub, err := DecodeMultikey(mb)
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		if got, _ := PublicKeyType(pub); got != typ {
			t.Errorf("%s: decoded a %s key", typ, got)
		}
		if _, err := DecodeMultikeyAs(mb, typ); err != nil {
			t.Errorf("%s: DecodeMultikeyAs: %v", typ, err)
		}
		again, err := EncodeMultikey(pub)
		if err != nil || again != mb {
			t.Errorf("%s: re-encoded to %q, %v", typ, again, err)
		}
	}
}

// offCurve returns a compressed encoding of length n (prefix 02) whose x
// has no point on the curve.
func offCurve(t *testing.T, n int, ok func([]byte) bool) []byte {
	b := make([]byte, n)
	b[0] = 2
	for i := 1; i < 256; i++ {
		b[n-1] = byte(i)
		if !ok(b) {
			return b
		}
	}
	t.Fatal("no off-curve x found")
	return nil
}

func TestDecodeMultikeyErrors(t *testing.T) {
	mk := func(code uint64, key []byte) string { return encodeMultibase(appendVarint(nil, code), key) }
	p256Off := offCurve(t, 33, func(b []byte) bool { x, _ := elliptic.UnmarshalCompressed(elliptic.P256(), b); return x != nil })
	p384Off := offCurve(t, 49, func(b []byte) bool { x, _ := elliptic.UnmarshalCompressed(elliptic.P384(), b); return x != nil })
	k1Off := offCurve(t, 33, func(b []byte) bool { _, err := secp256k1.ParsePubKey(b); return err == nil })
	ed := make([]byte, 32)
	cases := []struct {
		name string
		in   string
		want error
	}{
		{"empty", "", ErrMultibaseEncoding},
		{"base64url prefix", "u7QEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ErrMultibaseEncoding},
		{"base58flickr prefix", "Z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", ErrMultibaseEncoding},
		{"no prefix", "6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", ErrMultibaseEncoding},
		{"only prefix", "z", ErrBase58},
		{"bad base58 char 0", "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2do0", ErrBase58},
		{"bad base58 char l", "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2dol", ErrBase58},
		{"truncated varint", "z" + base58.Encode([]byte{0x80}), ErrVarint},
		{"non-minimal varint", mkRaw([]byte{0xed, 0x81, 0x00}, ed), ErrVarint},
		{"overlong varint", "z" + base58.Encode(bytes.Repeat([]byte{0xff}, 10)), ErrVarint},
		{"unknown codec", mk(0x55, ed), ErrUnknownMulticodec},
		{"bls12381 g2", mk(0xeb, make([]byte, 96)), ErrUnsupportedKeyType},
		{"secret key", mk(0x1300, ed), ErrKeyTypeMismatch},
		{"ed25519 short", mk(0xed, ed[:31]), ErrKeyLength},
		{"ed25519 long", mk(0xed, append(ed, 0)), ErrKeyLength},
		{"x25519 short", mk(0xec, ed[:31]), ErrKeyLength},
		{"p256 uncompressed", mk(0x1200, make([]byte, 65)), ErrKeyLength},
		{"p256 short", mk(0x1200, p256Off[:32]), ErrKeyLength},
		{"p384 short", mk(0x1201, p384Off[:48]), ErrKeyLength},
		{"secp256k1 short", mk(0xe7, k1Off[:32]), ErrKeyLength},
		{"p256 off curve", mk(0x1200, p256Off), ErrPointNotOnCurve},
		{"p384 off curve", mk(0x1201, p384Off), ErrPointNotOnCurve},
		{"secp256k1 off curve", mk(0xe7, k1Off), ErrPointNotOnCurve},
		{"p256 bad prefix byte", mk(0x1200, append([]byte{5}, p256Off[1:]...)), ErrPointNotOnCurve},
		{"secp256k1 bad prefix byte", mk(0xe7, append([]byte{4}, k1Off[1:]...)), ErrPointNotOnCurve},
		{"rsa not DER", mk(0x1205, []byte{1, 2, 3}), ErrInvalidKey},
		{"too long", "z" + strings.Repeat("2", maxMultibaseLen), ErrKeyLength},
	}
	for _, c := range cases {
		_, err := DecodeMultikey(c.in)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
	if _, err := DecodeMultikeyAs(specKeys[KeyTypeX25519], KeyTypeEd25519); !errors.Is(err, ErrKeyTypeMismatch) {
		t.Errorf("DecodeMultikeyAs X25519 as Ed25519: %v", err)
	}
	if _, err := DecodeMultikeyAs(specKeys[KeyTypeEd25519], ""); !errors.Is(err, ErrKeyTypeMismatch) {
		t.Errorf("DecodeMultikeyAs with no type: %v", err)
	}
}

func mkRaw(prefix, key []byte) string { return encodeMultibase(prefix, key) }

func TestPublicKeyErrorCode(t *testing.T) {
	for err, want := range map[error]string{
		ErrKeyLength:          CodeInvalidPublicKeyLength,
		ErrPointNotOnCurve:    CodeInvalidPublicKey,
		ErrUnknownMulticodec:  CodeUnsupportedPublicKeyType,
		ErrUnsupportedKeyType: CodeUnsupportedPublicKeyType,
		ErrKeyTypeMismatch:    CodeInvalidPublicKeyType,
		ErrPrivateJWKMember:   CodeInvalidPublicKey,
		errors.New("other"):   CodeInternalError,
	} {
		if got := PublicKeyErrorCode(errors.Join(errors.New("ctx"), err)); got != want {
			t.Errorf("%v: %s, want %s", err, got, want)
		}
	}
}

// TestMultibaseVectors checks the base58btc rows of the multibase vectors,
// leading zeros included.
func TestMultibaseVectors(t *testing.T) {
	for _, f := range []string{"basic.csv", "leading_zero.csv", "two_leading_zeros.csv", "case_insensitivity.csv"} {
		data, err := os.ReadFile("testdata/multibase/" + f)
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(bytes.NewReader(data))
		r.TrimLeadingSpace = true
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatal(f, err)
		}
		input := []byte(strings.ReplaceAll(strings.TrimSpace(rows[0][1]), `\x00`, "\x00"))
		n := 0
		for _, row := range rows[1:] {
			enc, val := strings.TrimSpace(row[0]), strings.TrimSpace(row[1])
			if enc == "base58btc" {
				n++
				got, err := decodeMultibase(nil, val)
				if err != nil || !bytes.Equal(got, input) {
					t.Errorf("%s: decode %q = %q, %v; want %q", f, val, got, err, input)
				}
				if f != "case_insensitivity.csv" {
					if enc := encodeMultibase(input, nil); enc != val {
						t.Errorf("%s: encode %q = %q, want %q", f, input, enc, val)
					}
				}
				continue
			}
			if _, err := decodeMultibase(nil, val); !errors.Is(err, ErrMultibaseEncoding) && !(val != "" && val[0] == 'z') {
				t.Errorf("%s: %s value %q accepted or wrong error: %v", f, enc, val, err)
			}
		}
		if n == 0 && f != "case_insensitivity.csv" {
			t.Errorf("%s: no base58btc row", f)
		}
	}
}

// TestBase58AgainstReference compares the package's base58btc with
// github.com/mr-tron/base58 on random inputs with leading zeros.
func TestBase58AgainstReference(t *testing.T) {
	for i := 0; i < 2000; i++ {
		in := make([]byte, i%90)
		rand.Read(in)
		for j := 0; j < len(in) && j < i%4; j++ {
			in[j] = 0
		}
		want := "z" + base58.Encode(in)
		if got := encodeMultibase(in[:len(in)/2], in[len(in)/2:]); got != want && len(in) > 0 {
			t.Fatalf("encode %x = %s, want %s", in, got, want)
		}
		if len(in) == 0 {
			continue
		}
		got, err := decodeMultibase(nil, want)
		if err != nil || !bytes.Equal(got, in) {
			t.Fatalf("decode %s = %x, %v; want %x", want, got, err, in)
		}
	}
}

func TestSecretMultikey(t *testing.T) {
	_, edPriv, _ := ed25519.GenerateKey(rand.Reader)
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	for name, priv := range map[string]crypto.Signer{"Ed25519": edPriv, "P-256": p256, "P-384": p384} {
		s, err := EncodeSecretMultikey(priv)
		if err != nil {
			t.Fatal(name, err)
		}
		back, err := DecodeSecretMultikey(s)
		if err != nil {
			t.Fatal(name, err)
		}
		if !publicKeysEqual(back.Public(), priv.Public()) {
			t.Errorf("%s: round trip changed the key", name)
		}
	}
	if !strings.HasPrefix(must(EncodeSecretMultikey(edPriv)), "z3u2") {
		t.Error("Ed25519 secret Multikey does not start with z3u2")
	}
	p521, _ := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	x, _ := ecdh.X25519().GenerateKey(rand.Reader)
	for name, priv := range map[string]any{"P-521": p521, "X25519": x} {
		if _, err := EncodeSecretMultikey(priv); !errors.Is(err, ErrUnsupportedKeyType) {
			t.Errorf("%s: %v", name, err)
		}
	}
	zero := make([]byte, 32)
	for _, c := range []struct {
		name string
		in   string
		want error
	}{
		{"public key", specKeys[KeyTypeEd25519], ErrKeyTypeMismatch},
		{"not z", "u" + specKeys[KeyTypeEd25519][1:], ErrMultibaseEncoding},
		{"ed25519 seed short", encodeMultibase([]byte{0x80, 0x26}, zero[:31]), ErrKeyLength},
		{"p256 zero scalar", encodeMultibase(appendVarint(nil, 0x1306), zero), ErrPointNotOnCurve},
		{"p256 scalar too big", encodeMultibase(appendVarint(nil, 0x1306), bytes.Repeat([]byte{0xff}, 32)), ErrPointNotOnCurve},
		{"p384 short", encodeMultibase(appendVarint(nil, 0x1307), zero), ErrKeyLength},
		{"secp256k1 secret", encodeMultibase(appendVarint(nil, 0x1301), zero), ErrUnsupportedKeyType},
		{"unknown codec", encodeMultibase(appendVarint(nil, 0x77), zero), ErrUnknownMulticodec},
	} {
		if _, err := DecodeSecretMultikey(c.in); !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func FuzzDecodeMultikey(f *testing.F) {
	for _, mb := range specKeys {
		f.Add(mb)
	}
	f.Add("z")
	f.Add("z1111")
	f.Add("u7QE")
	f.Fuzz(func(t *testing.T, s string) {
		pub, err := DecodeMultikey(s)
		if err != nil {
			if PublicKeyErrorCode(err) == CodeInternalError {
				t.Fatalf("unclassified error %v", err)
			}
			return
		}
		again, err := EncodeMultikey(pub)
		if err != nil {
			t.Fatalf("decoded key does not encode: %v", err)
		}
		if again != s {
			t.Fatalf("decode/encode changed %q to %q", s, again)
		}
	})
}
