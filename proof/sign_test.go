package proof

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/clrkit/clrkit/did"
)

func readTestdata(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", path))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func interopKey(t testing.TB, name string) *did.KeyFile {
	t.Helper()
	kf, err := did.ParseKeyFile(readTestdata(t, "interop/keys/"+name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return kf
}

var interopFixtures = []struct{ name, key string }{
	{"ob3-basic", "issuer-ed25519"},
	{"ob3-course", "issuer-ed25519"},
	{"ob3-degree", "issuer-ed25519"},
	{"clr-3creds", "clr-issuer-ed25519"},
}

var interopCreated = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)

// TestSignReproducesInterop signs each unsigned interop credential with its
// key and created time and expects the signed file Digital Bazaar's stack
// wrote, byte for byte.
func TestSignReproducesInterop(t *testing.T) {
	for _, f := range interopFixtures {
		t.Run(f.name, func(t *testing.T) {
			kf := interopKey(t, f.key)
			signer, err := kf.Signer()
			if err != nil {
				t.Fatal(err)
			}
			got, err := Sign(context.Background(), readTestdata(t, "interop/unsigned/"+f.name+".json"), signer,
				SignOptions{VerificationMethod: kf.ID, Created: interopCreated})
			if err != nil {
				t.Fatal(err)
			}
			if want := readTestdata(t, "interop/signed/"+f.name+".signed.json"); string(got) != string(want) {
				t.Fatalf("signed document differs:\n got: %s\nwant: %s", got, want)
			}
		})
	}
}
