//go:build !clrkit_stdlib_ed25519

package edverify

import (
	"crypto/ed25519"
	"crypto/fips140"
	"crypto/sha512"
	"sync"
	"testing"
)

// TestKeyCache checks that keys are kept up to the bound (none in FIPS 140-3
// mode, where crypto/ed25519 does every check), that a key which decodes to
// no point is not kept, and that verdicts through kept keys stay those of
// crypto/ed25519.
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
		want := maxCachedKeys
		if fips140.Enabled() {
			want = 0 // crypto/ed25519 checks everything: nothing is expanded
		}
		if n := len(keys.m); n != want {
			t.Fatalf("round %d: %d keys kept, want %d", round, n, want)
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
// race detector in CI, with more keys than the cache holds, every key
// shared by all the goroutines (so that they miss on the same key at once
// and evict while others read).
func TestVerifyConcurrent(t *testing.T) {
	type signed struct {
		pub      ed25519.PublicKey
		msg, sig []byte
	}
	all := make([]signed, maxCachedKeys+64)
	for i := range all {
		seed := sha512.Sum512([]byte{'c', byte(i), byte(i >> 8)})
		priv := ed25519.NewKeyFromSeed(seed[:32])
		msg := seed[32:]
		all[i] = signed{priv.Public().(ed25519.PublicKey), msg, ed25519.Sign(priv, msg)}
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for round := range 3 {
				for i := range all {
					s := all[(i*(g+1)+round)%len(all)]
					if !Verify(s.pub, s.msg, s.sig) {
						t.Errorf("goroutine %d: a signature does not verify", g)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	if n := len(keys.m); n > maxCachedKeys {
		t.Fatalf("%d keys kept, more than the bound %d", n, maxCachedKeys)
	}
}
