package proof

import (
	"context"
	"crypto"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/clrkit/clrkit/did"
)

// sdSuiteCase is one row of the VC-JOSE-COSE test-suite mapping.
type sdSuiteCase struct {
	Name           string `json:"name"`
	Number         int    `json:"number"`
	InputFile      string `json:"input_file"`
	KeyFile        string `json:"key_file"`
	Fn             string `json:"fn"`
	Feature        string `json:"feature"`
	ExpectedResult string `json:"expected_result"`
}

func sdSuite(t *testing.T) []sdSuiteCase {
	t.Helper()
	var cases []sdSuiteCase
	if err := json.Unmarshal(jwtRead(t, "jose/test-mapping.json"), &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

// sdSuiteKey loads a vm-*.json key of the suite: the method (trusted by
// its kid), the signer and the kid.
func sdSuiteKey(t *testing.T, name string) (*did.Method, crypto.Signer, string) {
	t.Helper()
	var k struct {
		ID, Controller string
		PublicKeyJwk   json.RawMessage
		SecretKeyJwk   json.RawMessage
	}
	if err := json.Unmarshal(jwtRead(t, "jose/input/"+name), &k); err != nil {
		t.Fatal(err)
	}
	pub, err := did.ParsePublicJWK(k.PublicKeyJwk)
	if err != nil {
		t.Fatal(err)
	}
	priv, err := did.ParsePrivateJWK(k.SecretKeyJwk)
	if err != nil {
		t.Fatal(err)
	}
	var kid struct{ Kid string }
	if err := json.Unmarshal(k.PublicKeyJwk, &kid); err != nil {
		t.Fatal(err)
	}
	return &did.Method{ID: k.ID, Controller: k.Controller, PublicKey: pub}, priv, kid.Kid
}

// sdSuiteNow is a time inside the validity of the suite's vectors.
func sdSuiteNow() time.Time { return time.Unix(1734311050+60, 0) }

// TestSDJWTSuiteVerify runs the SD-JWT verification cases (20-26) of the
// W3C VC-JOSE-COSE test suite with the case's key trusted by kid.
func TestSDJWTSuiteVerify(t *testing.T) {
	n := 0
	for _, c := range sdSuite(t) {
		if c.Fn != "verify" || !strings.HasSuffix(c.Feature, "_sdjwt") {
			continue
		}
		n++
		t.Run(c.Name, func(t *testing.T) {
			method, _, kid := sdSuiteKey(t, c.KeyFile)
			v := jwtVerifier(t, JWTVerifierOptions{Keys: map[string]*did.Method{kid: method}, Now: sdSuiteNow, Algorithms: []string{ES256, ES384, ES512, EdDSA}})
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
