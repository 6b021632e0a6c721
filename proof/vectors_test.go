package proof

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/clrkit/clrkit/did"
)

// TestW3CEdDSARDFC2022Vector runs the vc-di-eddsa eddsa-rdfc-2022 vector:
// the hash data, the signature and the proofValue, byte for byte, then the
// signed document.
func TestW3CEdDSARDFC2022Vector(t *testing.T) {
	var kp struct {
		Pub  string `json:"publicKeyMultibase"`
		Priv string `json:"privateKeyMultibase"`
	}
	if err := json.Unmarshal(readTestdata(t, "w3c/keyPair.json"), &kp); err != nil {
		t.Fatal(err)
	}
	signer, err := did.DecodeSecretMultikey(kp.Priv)
	if err != nil {
		t.Fatal(err)
	}
	var cfg map[string]any
	json.Unmarshal(readTestdata(t, "w3c/proofConfigDataInt.json"), &cfg)
	unsigned := readTestdata(t, "w3c/unsigned.json")
	doc, _ := decodeObject(unsigned)

	hd, err := EdDSARDFC2022{}.HashData(context.Background(), doc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := hex.EncodeToString(hd.Data), strings.TrimSpace(string(readTestdata(t, "w3c/combinedHashDataInt.txt"))); got != want {
		t.Fatalf("hash data %s, want %s", got, want)
	}
	sig, err := EdDSARDFC2022{}.Sign(signer, hd.Data)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := hex.EncodeToString(sig), strings.TrimSpace(string(readTestdata(t, "w3c/sigHexDataInt.txt"))); got != want {
		t.Fatalf("signature %s, want %s", got, want)
	}

	created, _ := time.Parse(time.RFC3339, cfg["created"].(string))
	// The vector's issuer is an https URL, its key a did:key: a proof by
	// another party as far as Sign can tell.
	signed, err := Sign(context.Background(), unsigned, signer, SignOptions{VerificationMethod: cfg["verificationMethod"].(string), Created: created, CoSigner: true})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.TrimSpace(string(readTestdata(t, "w3c/sigBTC58DataInt.txt")))
	if !strings.Contains(string(signed), `"proofValue": "`+want+`"`) {
		t.Fatalf("signed document lacks proofValue %s:\n%s", want, signed)
	}

	// The vector's issuer (https://vc.example/issuers/5678) does not control
	// the did:key that signed it: the signature verifies, the binding fails.
	res, err := testVerifier(t, false).Verify(context.Background(), readTestdata(t, "w3c/signedDataInt.json"), Expectations{})
	if !errors.Is(err, ErrIssuerBinding) || hex.EncodeToString(res.Proofs[0].Explain.Data) != hex.EncodeToString(hd.Data) {
		t.Fatalf("err = %v, want a valid signature and ErrIssuerBinding", err)
	}
}

// TestOneEdTechVectors reproduces the proofs of the OB 3.0 and CLR 2.0
// test vectors and verifies the signed credentials, whose verification
// method follows the 1EdTech multibase-fragment convention.
func TestOneEdTechVectors(t *testing.T) {
	for _, name := range []string{"testvector-ob3-eddsa-rdfc-2022", "testvector-clr2-eddsa-rdfc-2022"} {
		t.Run(name, func(t *testing.T) {
			var keys struct {
				Secret string `json:"secretKeyMultibase"`
			}
			json.Unmarshal(readTestdata(t, "1edtech/"+name+".keys-and-hashes.json"), &keys)
			signer, err := did.DecodeSecretMultikey(keys.Secret)
			if err != nil {
				t.Fatal(err)
			}
			var proof map[string]any
			json.Unmarshal(readTestdata(t, "1edtech/"+name+".proof.json"), &proof)
			created, _ := time.Parse(time.RFC3339, proof["created"].(string))
			signed, err := Sign(context.Background(), readTestdata(t, "1edtech/"+name+".unsigned.json"), signer,
				SignOptions{VerificationMethod: proof["verificationMethod"].(string), Created: created})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(signed), `"proofValue": "`+proof["proofValue"].(string)+`"`) {
				t.Fatalf("proofValue differs from the vector's %s", proof["proofValue"])
			}

			doc := readTestdata(t, "1edtech/"+name+".signed.json")
			res, err := testVerifier(t, true).Verify(context.Background(), doc, Expectations{})
			if err != nil {
				t.Fatal(err)
			}
			if p := res.Proofs[0]; p.KeySource != did.SourceMultibaseFragment || p.Controller != "https://example.edu/issuers/565049" {
				t.Errorf("proof %+v", p)
			}
			// Without the unsafe convention the key cannot be found.
			if _, err := testVerifier(t, false).Verify(context.Background(), doc, Expectations{}); err == nil {
				t.Error("verified without a way to retrieve the key")
			}
		})
	}
}
