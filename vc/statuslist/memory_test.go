package statuslist_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/clrkit/clrkit/vc/statuslist"
	"github.com/clrkit/clrkit/vc/statuslist/storetest"
)

func TestMemoryStore(t *testing.T) {
	storetest.Run(t, func(*testing.T) statuslist.Store { return statuslist.NewMemoryStore(nil) })
}

// TestMemoryStoreOpensNextList: once every entry of a list is handed out,
// the next credential opens the issuer's next list for that purpose.
func TestMemoryStoreOpensNextList(t *testing.T) {
	s := statuslist.NewMemoryStore(nil)
	url := func(n int) string { return "https://example.edu/status/" + strconv.Itoa(n) }
	ctx := context.Background()
	for i := range statuslist.MinEntries {
		e, err := s.Allocate(ctx, "iss", statuslist.PurposeRevocation, "urn:c:"+strconv.Itoa(i), url)
		if err != nil || e.ListCredential != url(1) {
			t.Fatalf("credential %d: %+v, %v", i, e, err)
		}
	}
	e, err := s.Allocate(ctx, "iss", statuslist.PurposeRevocation, "urn:c:next", url)
	if err != nil || e.ListCredential != url(2) {
		t.Fatalf("the first credential past a full list: %+v, %v", e, err)
	}
	l, err := s.List(ctx, url(1))
	if err != nil || l.Allocated != statuslist.MinEntries {
		t.Fatalf("the full list: %v, %v", l, err)
	}
}

func BenchmarkMemoryStore(b *testing.B) {
	storetest.Bench(b, func(*testing.B) statuslist.Store { return statuslist.NewMemoryStore(nil) })
}
