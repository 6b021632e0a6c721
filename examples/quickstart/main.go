// Command quickstart shows clrkit's main job on embedded defaults: it takes a
// bundled Open Badges 3.0 credential, turns it into RDFC-1.0 canonical
// N-Quads in JSON-LD safe mode (the exact bytes an eddsa-rdfc-2022 proof
// signs), and prints them with their SHA-256 hash. No network is used: every
// context comes from the set built into clrkit.
//
// Run it with: go run ./examples/quickstart
//
// As signing and verification land, this program grows into
// issue → sign → verify.
package main

import (
	"context"
	_ "embed"
	"encoding/hex"
	"fmt"
	"os"

	"github.com/clrkit/clrkit/proof/ld"
)

// credential is an OB 3.0 OpenBadgeCredential made with Digital Bazaar's
// JavaScript stack (the interop fixture ob3-basic).
//
//go:embed ob3-basic.json
var credential []byte

func main() {
	canon, err := ld.Default().Canonicalize(context.Background(), credential)
	if err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
	fmt.Printf("Canonical N-Quads of the bundled OpenBadgeCredential (%d statements):\n\n", canon.Quads)
	os.Stdout.Write(canon.NQuads)
	fmt.Printf("\nSHA-256: %s\n", hex.EncodeToString(canon.Digest()))
}
