package proof

import (
	"bytes"
	"context"
	"crypto"
	"encoding/base64"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/did"
)

// TestSDJWTSuiteVerify runs the SD-JWT verification cases (20-26) of the
// W3C VC-JOSE-COSE test suite with the case's key trusted by kid.
func TestSDJWTSuiteVerify(t *testing.T) {
	n := 0
	for _, c := range joseSuite(t) {
		if c.Fn != "verify" || !strings.HasSuffix(c.Feature, "_sdjwt") {
			continue
		}
		n++
		t.Run(c.Name, func(t *testing.T) {
			method, _, kid := joseSuiteKey(t, c.KeyFile)
			v := jwtVerifier(t, JWTVerifierOptions{Keys: map[string]*did.Method{kid: method}, Now: joseSuiteNow, Algorithms: []string{ES256, ES384, ES512, EdDSA}})
			input := jwtRead(t, "jose/input/"+c.InputFile)
			if !IsSDJWT(input) {
				t.Fatal("IsSDJWT false")
			}
			res, err := v.VerifySDJWT(context.Background(), input)
			if c.ExpectedResult == "failure" {
				if err == nil {
					t.Fatal("verified")
				}
				t.Logf("rejected: %v", err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !res.Verified || res.Form != JWTFormSDJWT || res.Issuer != method.Controller {
				t.Fatalf("result %+v", res)
			}
			if strings.Contains(string(res.Credential), `"_sd`) || strings.Contains(string(res.Credential), `"..."`) {
				t.Fatalf("digests left: %s", res.Credential)
			}
			t.Logf("%s", res.Credential)
		})
	}
	if n != 7 {
		t.Fatalf("%d SD-JWT verify cases, want 7", n)
	}
}

// sdDisclosable are the pointers the issuance cases make disclosable.
var sdDisclosable = map[int][]string{
	17: {"/credentialSubject/firstName", "/credentialSubject/lastName"},
	18: {"/credentialSubject/address/street", "/credentialSubject/address/city", "/credentialSubject/address", "/credentialSubject/phoneNumbers/0", "/credentialSubject/salary"},
	19: {"/id"},
}

// TestSDJWTSuiteIssue runs the SD-JWT issuance cases (17-19): the token
// verifies, discloses the input unchanged, and withholding a disclosure
// withholds its claim.
func TestSDJWTSuiteIssue(t *testing.T) {
	n := 0
	for _, c := range joseSuite(t) {
		if c.Fn != "issue" || !strings.HasSuffix(c.Feature, "_sdjwt") {
			continue
		}
		n++
		t.Run(c.Name, func(t *testing.T) {
			method, signer, kid := joseSuiteKey(t, c.KeyFile)
			input := jwtRead(t, "jose/input/"+c.InputFile)
			tok, err := SignSDJWT(input, signer, SDJWTSignOptions{KeyID: kid, Disclosable: sdDisclosable[c.Number]})
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Count(tok, "~"); got != len(sdDisclosable[c.Number])+1 {
				t.Fatalf("%d separators", got)
			}
			v := jwtVerifier(t, JWTVerifierOptions{Keys: map[string]*did.Method{kid: method}, Now: joseSuiteNow, Algorithms: []string{ES256, ES384, ES512, EdDSA}})
			res, err := v.VerifySDJWT(context.Background(), []byte(tok))
			if err != nil {
				t.Fatal(err)
			}
			var want, got any
			json.Unmarshal(input, &want)
			json.Unmarshal(res.Credential, &got)
			if !reflect.DeepEqual(want, got) {
				t.Fatalf("disclosed\n%s\nwant\n%s", res.Credential, input)
			}
			if res.Presentation != (c.Feature == "presentation_sdjwt") {
				t.Fatalf("presentation %v", res.Presentation)
			}
			// Withhold the last disclosure (the outermost pointer).
			parts := strings.Split(tok, "~")
			short := strings.Join(append(parts[:len(parts)-2:len(parts)-2], ""), "~")
			res, err = v.VerifySDJWT(context.Background(), []byte(short))
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(res.Credential), `"_sd`) {
				t.Fatalf("digests left: %s", res.Credential)
			}
			json.Unmarshal(res.Credential, &got)
			if reflect.DeepEqual(want, got) {
				t.Fatal("withheld claim disclosed")
			}
		})
	}
	if n != 3 {
		t.Fatalf("%d SD-JWT issue cases, want 3", n)
	}
}

// TestSDJWTRejects tampers with an own SD-JWT.
func TestSDJWTRejects(t *testing.T) {
	method, signer, kid := joseSuiteKey(t, "vm-p384.json")
	v := jwtVerifier(t, JWTVerifierOptions{Keys: map[string]*did.Method{kid: method}, Now: joseSuiteNow, Algorithms: []string{ES256, ES384, ES512, EdDSA}})
	sign := func(t *testing.T, doc string, ptrs ...string) string {
		t.Helper()
		tok, err := SignSDJWT([]byte(doc), signer, SDJWTSignOptions{KeyID: kid, Disclosable: ptrs})
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	cred := string(jwtRead(t, "jose/input/credential-selective.json"))
	tok := sign(t, cred, "/credentialSubject/firstName", "/credentialSubject/lastName")
	parts := strings.Split(tok, "~")
	other := strings.Split(sign(t, cred, "/credentialSubject/firstName"), "~")[1]
	// A payload with _sd_alg sha-512, signed by hand.
	sdAlg := func(t *testing.T) string {
		hdr := `{"alg":"ES384","cty":"vc","kid":"` + kid + `","typ":"vc+sd-jwt"}`
		payload := strings.Replace(cred, `"issuer"`, `"_sd_alg":"sha-512","issuer"`, 1)
		return sdHandSign(t, signer, hdr, payload) + "~"
	}
	for name, tc := range map[string]struct {
		tok  string
		want error
	}{
		"unreferenced disclosure": {tok + other + "~", ErrSDJWTDisclosure},
		"disclosure twice":        {tok + parts[1] + "~", ErrSDJWTDisclosure},
		"not base64":              {tok + "%%%~", ErrSDJWTDisclosure},
		"key binding JWT":         {tok + parts[0], ErrJWTForm},
		"sd_alg":                  {sdAlg(t), ErrSDJWTDisclosure},
		"plain JWT":               {parts[0], ErrMalformedJWT},
		"bad signature":           {parts[0][:len(parts[0])-4] + "AAAA~", ErrJWTSignature},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := v.VerifySDJWT(context.Background(), []byte(tc.tok)); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
	t.Run("duplicate digest", func(t *testing.T) {
		d := sdDigest(parts[1])
		payload := strings.Replace(cred, `"issuer"`, `"_sd":["`+d+`"],"credentialSubject2":{"_sd":["`+d+`"]},"issuer"`, 1)
		hdr := `{"alg":"ES384","cty":"vc","kid":"` + kid + `","typ":"vc+sd-jwt"}`
		bad := sdHandSign(t, signer, hdr, payload) + "~" + parts[1] + "~"
		if _, err := v.VerifySDJWT(context.Background(), []byte(bad)); !errors.Is(err, ErrSDJWTDisclosure) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("presentation with a bad credential", func(t *testing.T) {
		vp := `{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiablePresentation"],"holder":"https://example.issuer/vc-jose-cose","verifiableCredential":[{"@context":"https://www.w3.org/ns/credentials/v2","id":"bad-credential","type":"EnvelopedVerifiableCredential"}]}`
		if _, err := SignSDJWT([]byte(vp), signer, SDJWTSignOptions{KeyID: kid, Disclosable: []string{"/holder/x"}}); err == nil {
			t.Fatal("pointer below a string accepted")
		}
		if _, err := v.VerifySDJWT(context.Background(), []byte(sign(t, vp))); !errors.Is(err, ErrJWTClaims) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("status and validity stay visible", func(t *testing.T) {
		// A holder could withhold them to escape the status and date checks.
		for _, p := range []string{"/credentialStatus", "/credentialStatus/statusListIndex", "/validUntil", "/validFrom", "/refreshService", "/credentialSchema"} {
			if _, err := SignSDJWT([]byte(cred), signer, SDJWTSignOptions{KeyID: kid, Disclosable: []string{p}}); !errors.Is(err, ErrMalformedDocument) {
				t.Errorf("%s made disclosable: %v", p, err)
			}
		}
	})
	t.Run("wrong cty", func(t *testing.T) {
		hdr := `{"alg":"ES384","cty":"vp","kid":"` + kid + `","typ":"vc+sd-jwt"}`
		if _, err := v.VerifySDJWT(context.Background(), []byte(sdHandSign(t, signer, hdr, cred)+"~")); !errors.Is(err, ErrJWTForm) {
			t.Fatalf("got %v", err)
		}
	})
}

// sdHandSign signs a header and payload given as JSON text.
func sdHandSign(t *testing.T, key crypto.Signer, header, payload string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, []byte(payload)); err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding
	input := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString(buf.Bytes())
	sig, err := jwsSign(key, ES384, []byte(input), nil)
	if err != nil {
		t.Fatal(err)
	}
	return input + "." + enc.EncodeToString(sig)
}

// TestEnvelopedSDJWTs finds the vc+sd-jwt credential of the suite's
// presentation input and verifies it with the suite's P-384 key.
func TestEnvelopedSDJWTs(t *testing.T) {
	got, err := EnvelopedSDJWTs(jwtRead(t, "jose/input/presentation-selective.json"))
	if err != nil || len(got) != 1 || !strings.HasSuffix(got[0], "~") {
		t.Fatalf("%v %v", got, err)
	}
	method, _, kid := joseSuiteKey(t, "vm-p384.json")
	v := jwtVerifier(t, JWTVerifierOptions{Keys: map[string]*did.Method{kid: method}, Now: joseSuiteNow, Algorithms: []string{ES256, ES384, ES512, EdDSA}})
	res, err := v.VerifySDJWT(context.Background(), []byte(got[0]))
	if err != nil || !strings.Contains(string(res.Credential), `"firstName":"Jane"`) {
		t.Fatalf("enveloped: %v (%s)", err, res.Credential)
	}
}

// TestPointerTokens: SD-JWT disclosure pointers follow the reading of RFC
// 6901 of internal/jsonptr ("~" is only "~0" or "~1"; its tests cover array
// indexes).
func TestPointerTokens(t *testing.T) {
	for p, ok := range map[string]bool{"/a/b": true, "/a~1b/~0": true, "/a~2": false, "/a~": false, "": false, "a": false} {
		if _, err := sdPointer(p); (err == nil) != ok {
			t.Errorf("sdPointer(%q): %v", p, err)
		}
	}
	toks, err := sdPointer("/a~1b/~0c")
	if err != nil || len(toks) != 2 || toks[0] != "a/b" || toks[1] != "~c" {
		t.Errorf("sdPointer = %q, %v", toks, err)
	}
	doc := map[string]any{"a": []any{"x", map[string]any{"b": 1}}}
	for _, p := range []string{"/a/+1/b", "/a/01/b", "/a/-1/b"} {
		toks, _ := sdPointer(p)
		if _, err := sdLocate(doc, toks); !errors.Is(err, ErrMalformedDocument) {
			t.Errorf("%s located: %v", p, err)
		}
	}
	toks, _ = sdPointer("/a/1/b")
	if v, err := sdLocate(doc, toks); err != nil || v != 1 {
		t.Errorf("/a/1/b = %v, %v", v, err)
	}
}
