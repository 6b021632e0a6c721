package did

import (
	"context"
	"encoding/base64"
	"errors"
	"testing"
)

func TestDIDJWK(t *testing.T) {
	enc := func(s string) string { return "did:jwk:" + base64.RawURLEncoding.EncodeToString([]byte(s)) }
	const ed = `{"kty":"OKP","crv":"Ed25519","x":"Lm_M42cB3HkUiODQsXRcweM6TByfzEHGO9ND274JcOY"`
	ctx := context.Background()
	for _, c := range []struct {
		did  string
		rels int
		code string
	}{
		{enc(ed + `}`), 5, ""},
		{enc(ed + `,"use":"sig"}`), 4, ""},
		{enc(ed + `,"use":"enc"}`), 1, ""},
		{enc(`{"kty":"OKP","crv":"X25519","x":"bl_3kgKpz9jgsg350CNuHa_kQL3B60Gi-98WmdQW2h8"}`), 1, ""},
		{enc(ed + `,"use":"other"}`), 0, CodeInvalidDID},
		{enc(ed + `,"d":"Lm_M42cB3HkUiODQsXRcweM6TByfzEHGO9ND274JcOY"}`), 0, CodeInvalidDID},
		{enc(`{"kty":"OKP","crv":"Ed25519","x":"AAAA"}`), 0, CodeInvalidPublicKeyLength},
		{enc(`{"kty":"XYZ"}`), 0, CodeUnsupportedPublicKeyType},
		{"did:jwk:!!", 0, CodeInvalidDID},
		{"did:jwk:eyJ", 0, CodeInvalidDID},
		{"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", 0, CodeMethodNotSupported},
	} {
		res, err := JWKResolver{}.Resolve(ctx, c.did)
		if c.code != "" {
			var re *ResolutionError
			if !errors.As(err, &re) || re.Code != c.code {
				t.Errorf("%s: %v, want %s", c.did, err, c.code)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.did, err)
			continue
		}
		vm := res.Document.VerificationMethod[0]
		if vm.ID != c.did+"#0" || len(res.Document.Relationships) != c.rels {
			t.Errorf("%s: %+v", c.did, res.Document)
		}
		if _, err := vm.PublicKey(); err != nil {
			t.Errorf("%s: %v", c.did, err)
		}
	}
	pub, _ := DecodeMultikey(specKeys[KeyTypeEd25519])
	d, err := DIDJWK(pub)
	if err != nil || d != enc(`{"crv":"Ed25519","kty":"OKP","x":"Lm_M42cB3HkUiODQsXRcweM6TByfzEHGO9ND274JcOY"}`) {
		t.Errorf("DIDJWK = %s, %v", d, err)
	}
}
