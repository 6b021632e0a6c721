package proof

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/did"
)

// TestCOSEVectors runs the COSE cases (27-35) of the W3C VC-JOSE-COSE test
// suite mapping and checks each gives the expected outcome.
func TestCOSEVectors(t *testing.T) {
	cases := joseSuite(t)
	ran := 0
	now := joseSuiteNow
	for _, c := range cases {
		if !strings.HasSuffix(c.Feature, "_cose") {
			continue
		}
		ran++
		t.Run(c.Name, func(t *testing.T) {
			method, signer, kid := joseSuiteKey(t, c.KeyFile)
			input := jwtRead(t, "jose/input/"+c.InputFile)
			keys := map[string]*did.Method{kid: method}
			if c.Number == 31 {
				// The vector's holder (did:example:ebfeb1f712ebc6f1c276e12ec21)
				// is not the controller of the suite key that signed it;
				// the caller vouches for the key as the holder's here, as
				// the binding check would otherwise (rightly) fail.
				cp := *method
				cp.Controller = "did:example:ebfeb1f712ebc6f1c276e12ec21"
				keys[kid] = &cp
			}
			v := jwtVerifier(t, JWTVerifierOptions{Keys: keys, Now: now, Algorithms: []string{ES256, ES384, ES512, EdDSA}})
			switch c.Fn {
			case "issue":
				if c.ExpectedResult != "success" {
					t.Fatalf("unexpected issue case %s", c.ExpectedResult)
				}
				text, err := SignCOSE(input, signer, COSESignOptions{KeyID: kid})
				if err != nil {
					t.Fatal(err)
				}
				// The suite's issuer for the did key is the https issuer of
				// the inputs; vouch the key for the input's issuer or holder.
				var doc struct{ Issuer, Holder string }
				json.Unmarshal(input, &doc)
				cp := *method
				cp.Controller = doc.Issuer + doc.Holder
				v := jwtVerifier(t, JWTVerifierOptions{Keys: map[string]*did.Method{kid: &cp}, Now: now})
				res, err := v.VerifyCOSE(context.Background(), []byte(text))
				if err != nil {
					t.Fatalf("own message does not verify: %v", err)
				}
				if res.Presentation != strings.HasPrefix(c.Feature, "presentation") {
					t.Fatalf("presentation %v", res.Presentation)
				}
			case "verify":
				res, err := v.VerifyCOSE(context.Background(), input)
				if c.ExpectedResult == "success" {
					if err != nil {
						t.Fatal(err)
					}
					if !res.Verified || res.Form != JWTFormCOSE || res.Presentation != strings.HasPrefix(c.Feature, "presentation") {
						t.Fatalf("result %+v", res)
					}
					return
				}
				if err == nil {
					t.Fatal("verified")
				}
				t.Logf("rejected: %v", err)
			}
		})
	}
	if ran != 9 {
		t.Fatalf("%d COSE cases", ran)
	}
}

// TestCOSERejections checks specific rejections: a changed payload, the
// wrong key, alg outside the allowlist, raw CBOR in place of base64, and
// trailing bytes.
func TestCOSERejections(t *testing.T) {
	method, signer, kid := joseSuiteKey(t, "vm-p256.json")
	v := jwtVerifier(t, JWTVerifierOptions{Keys: map[string]*did.Method{kid: method}})
	cred := jwtRead(t, "jose/input/credential-minimal.json")
	text, err := SignCOSE(cred, signer, COSESignOptions{KeyID: kid})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := v.VerifyCOSE(ctx, []byte(text)); err != nil {
		t.Fatal(err)
	}
	msg, _ := base64.StdEncoding.DecodeString(text)
	if msg[0] != 0xd2 {
		t.Fatalf("not tagged: %x", msg[0])
	}
	tampered := bytes.Replace(msg, []byte("university.example"), []byte("universitx.example"), 1)
	if _, err := v.VerifyCOSESign1(ctx, tampered); !errors.Is(err, ErrJWTSignature) {
		t.Errorf("tampered payload: %v", err)
	}
	if _, err := v.VerifyCOSESign1(ctx, append(bytes.Clone(msg), 0)); !errors.Is(err, ErrMalformedCOSE) {
		t.Errorf("trailing byte: %v", err)
	}
	if _, err := v.VerifyCOSESign1(ctx, msg[1:]); err != nil {
		t.Errorf("untagged: %v", err)
	}
	if _, err := v.VerifyCOSE(ctx, msg); !errors.Is(err, ErrMalformedCOSE) {
		t.Errorf("raw CBOR as text: %v", err)
	}
	edOnly := jwtVerifier(t, JWTVerifierOptions{Keys: map[string]*did.Method{kid: method}, Algorithms: []string{EdDSA}})
	if _, err := edOnly.VerifyCOSE(ctx, []byte(text)); !errors.Is(err, ErrJWTAlgorithm) {
		t.Errorf("alg not allowed: %v", err)
	}
	other, _, _ := joseSuiteKey(t, "vm-p384.json")
	wrong := jwtVerifier(t, JWTVerifierOptions{Keys: map[string]*did.Method{kid: {Controller: method.Controller, PublicKey: other.PublicKey}}})
	if _, err := wrong.VerifyCOSE(ctx, []byte(text)); !errors.Is(err, ErrJWTAlgorithm) && !errors.Is(err, ErrJWTSignature) {
		t.Errorf("wrong key: %v", err)
	}
	ed, edSigner, edKid := joseSuiteKey(t, "vm-ed25519.json")
	text, err = SignCOSE(cred, edSigner, COSESignOptions{KeyID: edKid})
	if err != nil {
		t.Fatal(err)
	}
	vEd := jwtVerifier(t, JWTVerifierOptions{Keys: map[string]*did.Method{edKid: ed}})
	if _, err := vEd.VerifyCOSE(ctx, []byte(text)); err != nil {
		t.Errorf("EdDSA: %v", err)
	}
}

// TestCBORStrict checks the decoder's refusals and an encode/decode round
// trip.
func TestCBORStrict(t *testing.T) {
	bad := map[string][]byte{
		"indefinite array":  {0x9f, 0x01, 0xff},
		"indefinite bytes":  {0x5f, 0x41, 0x00, 0xff},
		"trailing":          {0x01, 0x02},
		"length too long":   {0x43, 0x01},
		"huge length":       {0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
		"huge array":        {0x9b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
		"reserved ai":       {0x1c},
		"float":             {0xf9, 0x3c, 0x00},
		"undefined":         {0xf7},
		"nested tag":        {0x81, 0xc1, 0x01},
		"duplicate key":     {0xa2, 0x01, 0x01, 0x01, 0x02},
		"bad utf-8":         {0x61, 0xff},
		"empty":             {},
		"uint out of range": {0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
		"deep":              append(bytes.Repeat([]byte{0x81}, cborMaxDepth+2), 0x01),
		"array key":         {0xa1, 0x80, 0x01},
	}
	for name, b := range bad {
		if _, _, err := cborDecode(b, -1); !errors.Is(err, ErrCBOR) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, _, err := cborDecode([]byte{0xd2, 0x80}, -1); err == nil {
		t.Error("tag accepted when none is allowed")
	}
	if _, _, err := cborDecode([]byte{0xd3, 0x80}, coseTagSign1); err == nil {
		t.Error("wrong tag accepted")
	}
	in := []any{int64(-300), int64(70000), int64(1) << 40, "Signature1", []byte{1, 2}, cborMap{{int64(1), int64(-7)}, {"x", true}}, nil, false, []any{}}
	enc, err := cborAppend(nil, in)
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := cborDecode(enc, -1)
	if err != nil {
		t.Fatal(err)
	}
	re, _ := cborAppend(nil, out)
	if !bytes.Equal(enc, re) {
		t.Fatalf("round trip: %x != %x", enc, re)
	}
}

// FuzzCBOR checks that the decoder never panics and that whatever it
// accepts re-encodes to something it decodes to the same encoding.
func FuzzCBOR(f *testing.F) {
	for _, name := range []string{"credential-cose-minimal.txt", "presentation-cose-single.txt"} {
		b, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(strings.TrimSpace(string(jwtRead(f, "jose/input/"+name))), "="))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{0xa2, 0x01, 0x26, 0x04, 0x42, 0x01, 0x02})
	f.Add([]byte{0x9f, 0xff})
	f.Add([]byte{0x84, 0x40, 0xa0, 0xf6, 0x40})
	f.Fuzz(func(t *testing.T, data []byte) {
		v, tagged, err := cborDecode(data, coseTagSign1)
		if err != nil {
			return
		}
		enc, err := cborAppend(nil, v)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		v2, _, err := cborDecode(enc, -1)
		if err != nil {
			t.Fatalf("decode of re-encoding: %v", err)
		}
		enc2, _ := cborAppend(nil, v2)
		if !bytes.Equal(enc, enc2) {
			t.Fatal("unstable re-encoding")
		}
		_ = tagged
	})
}
