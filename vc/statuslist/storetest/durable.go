package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/clrkit/clrkit/vc/statuslist"
)

// RunDurable checks that a store closed while allocations and revocations
// are in flight loses nothing it acknowledged: open returns a new store
// and a function that opens the same storage again. Eight goroutines
// allocate and revoke until the store, closed under them after a while,
// refuses; then every allocation and revocation that returned nil is in
// the reopened store, and no entry is held twice.
func RunDurable(t *testing.T, open func(t *testing.T) (statuslist.Store, func() statuslist.Store)) {
	ctx := context.Background()
	s, reopen := open(t)
	var mu sync.Mutex
	acked := map[string]statuslist.Entry{}
	revoked := map[string]bool{}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				id := fmt.Sprintf("urn:c:%d:%d", g, i)
				e, err := s.Allocate(ctx, "iss", statuslist.PurposeRevocation, id, listURL("iss", "revocation"))
				if err != nil {
					return // closed
				}
				mu.Lock()
				acked[id] = e
				mu.Unlock()
				if i%2 == 0 {
					if err := s.SetStatus(ctx, id, statuslist.PurposeRevocation, true); err != nil {
						return
					}
					mu.Lock()
					revoked[id] = true
					mu.Unlock()
				}
			}
		})
	}
	time.Sleep(300 * time.Millisecond)
	if err := s.Close(); err != nil {
		t.Logf("close under load: %v", err)
	}
	wg.Wait()
	if len(acked) == 0 {
		t.Fatal("nothing was acknowledged before the store closed")
	}
	r := reopen()
	defer r.Close()
	held := map[statuslist.Entry]string{}
	for id, want := range acked {
		got, set, err := r.Entry(ctx, id, statuslist.PurposeRevocation)
		if err != nil || got != want {
			t.Fatalf("%s: acknowledged %+v, after reopening %+v, %v", id, want, got, err)
		}
		if revoked[id] && !set {
			t.Fatalf("%s: its acknowledged revocation was lost", id)
		}
		if other, dup := held[got]; dup {
			t.Fatalf("%s and %s hold the same entry", id, other)
		}
		held[got] = id
	}
	t.Logf("%d allocations and %d revocations acknowledged, all kept", len(acked), len(revoked))
}
