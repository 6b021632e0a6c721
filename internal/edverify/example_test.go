package edverify_test

import (
	"crypto/ed25519"
	"fmt"

	"github.com/clrkit/clrkit/internal/edverify"
)

func ExampleVerify() {
	// RFC 8032 section 7.1, TEST 2: a one-byte message.
	seed := []byte{
		0x4c, 0xcd, 0x08, 0x9b, 0x28, 0xff, 0x96, 0xda, 0x9d, 0xb6, 0xc3, 0x46, 0xec, 0x11, 0x4e, 0x0f,
		0x5b, 0x8a, 0x31, 0x9f, 0x35, 0xab, 0xa6, 0x24, 0xda, 0x8c, 0xf6, 0xed, 0x4f, 0xb8, 0xa6, 0xfb,
	}
	key := ed25519.NewKeyFromSeed(seed)
	pub := key.Public().(ed25519.PublicKey)
	msg := []byte{0x72}
	sig := ed25519.Sign(key, msg)

	fmt.Printf("%x\n", pub)
	fmt.Println(edverify.Verify(pub, msg, sig))
	fmt.Println(edverify.Verify(pub, []byte{0x73}, sig))
	fmt.Println(edverify.Verify(pub[:31], msg, sig)) // wrong length: invalid, no panic
	// Output:
	// 3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c
	// true
	// false
	// false
}
