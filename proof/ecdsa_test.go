package proof

import (
	"crypto"
	"testing"

	"github.com/clrkit/clrkit/did"
)

func p256Key(t testing.TB) crypto.Signer {
	t.Helper()
	kf, err := did.ParseKeyFile(readTestdata(t, "interop-p256/issuer-p256.json"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := kf.Signer()
	if err != nil {
		t.Fatal(err)
	}
	return s
}
