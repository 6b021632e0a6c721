//go:build !clrkit_stdlib_ed25519

package edverify

import (
	"crypto/ed25519"
	"crypto/sha512"
	"sync"
	"testing"
)

// TestKeyCache checks that keys are kept up to the bound, that a key which
// decodes to no point is not kept, and that verdicts through kept keys stay
// those of crypto/ed25519.
func TestKeyCache(t *testing.T) {
	keys.mu.Lock()
	keys.m = nil
	keys.mu.Unlock()

	type signed struct {
		pub ed25519.PublicKey
		msg []byte
		sig []byte
	}
	var all []signed
	for i := range maxCachedKeys + 44 {
		seed := sha512.Sum512([]byte{byte(i), byte(i >> 8)})
		priv := ed25519.NewKeyFromSeed(seed[:32])
		msg := seed[32:]
		all = append(all, signed{priv.Public().(ed25519.PublicKey), msg, ed25519.Sign(priv, msg)})
	}
	for round := range 2 {
		for i, s := range all {
			if !agree(t, "cached key", s.pub, s.msg, s.sig) {
				t.Fatalf("round %d: signature %d does not verify", round, i)
			}
			other := all[(i+1)%len(all)]
			if agree(t, "another key's signature", s.pub, s.msg, other.sig) {
				t.Fatalf("round %d: signature %d verifies under key %d", round, (i+1)%len(all), i)
			}
		}
		if n := len(keys.m); n != maxCachedKeys {
			t.Fatalf("round %d: %d keys kept, want the bound %d", round, n, maxCachedKeys)
		}
	}

	// y = 2 is not the y-coordinate of any curve point.
	bad := make([]byte, 32)
	bad[0] = 2
	if keys.get(bad) != nil {
		t.Fatal("a key that decodes to no point was expanded")
	}
	keys.mu.RLock()
	_, kept := keys.m[[32]byte(bad)]
	keys.mu.RUnlock()
	if kept {
		t.Fatal("a key that decodes to no point was kept")
	}
	agree(t, "undecodable key", bad, all[0].msg, all[0].sig)
}

// TestVerifyConcurrent verifies from several goroutines at once, under the
// race detector in CI, with more keys than the cache holds.
func TestVerifyConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 2 * maxCachedKeys / 4 {
				seed := sha512.Sum512([]byte{byte(g), byte(i), byte(i >> 8)})
				priv := ed25519.NewKeyFromSeed(seed[:32])
				msg := seed[32:]
				sig := ed25519.Sign(priv, msg)
				if !Verify(priv.Public().(ed25519.PublicKey), msg, sig) {
					t.Errorf("goroutine %d: signature %d does not verify", g, i)
					return
				}
			}
		})
	}
	wg.Wait()
}
